# Compiles SOURCE as C with C_COMPILER and links it with the runtime archive
# RUNTIME and only -pthread (no C++ standard library), then runs it like
# RunAndCompare.cmake (its variables apply). The link is the check: an
# undefined symbol of libstdc++ or libc++ (std::*, operator new, __cxa_*) in
# the archive fails it, and the linker names the symbol.
#   cmake -DC_COMPILER=... -DINCLUDE_DIR=... -DRUNTIME=... -DSOURCE=...
#         -DPROGRAM=... [RunAndCompare.cmake's variables] -P LinkWithoutCxx.cmake
cmake_minimum_required(VERSION 3.20)
foreach(var C_COMPILER INCLUDE_DIR RUNTIME SOURCE PROGRAM)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "LinkWithoutCxx.cmake: ${var} is not set")
  endif()
endforeach()

execute_process(
  COMMAND ${C_COMPILER} -std=c11 -Wall -Wextra -I${INCLUDE_DIR}
    -c ${SOURCE} -o ${PROGRAM}.o
  RESULT_VARIABLE Status OUTPUT_VARIABLE Output ERROR_VARIABLE Output)
if(NOT Status EQUAL 0)
  message(FATAL_ERROR "compiling ${SOURCE} failed:\n${Output}")
endif()
if(Output)
  message("${Output}") # compiler warnings: shown, not fatal
endif()

execute_process(
  COMMAND ${C_COMPILER} ${PROGRAM}.o ${RUNTIME} -pthread -o ${PROGRAM}
  RESULT_VARIABLE Status OUTPUT_VARIABLE Output ERROR_VARIABLE Output)
if(NOT Status EQUAL 0)
  message(FATAL_ERROR
    "linking ${RUNTIME} into a C program with only libc and libpthread "
    "failed (does the runtime need a C++ library?):\n${Output}")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/../RunAndCompare.cmake)
