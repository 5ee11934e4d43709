# A project that links leaktrace::RUNNER (doctest_main, catch2_runner:
# compiled against the system's framework) while its test file includes the
# framework's header of its own (HEADER copied as doctest.h or catch.hpp), a
# copy that differs from the system's: configuring must stop and say what
# fits, rather than link two versions of the framework's internals. A
# byte-for-byte copy is the same framework and is accepted.
#   cmake -DBUILD_DIR=... -DCXX=... -DWORK_DIR=... -DFRAMEWORK=...
#         -DRUNNER=... -DHEADER=... -P MainRefusesOtherCopy.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/src)
get_filename_component(name ${HEADER} NAME)
get_filename_component(system ${HEADER} DIRECTORY)
get_filename_component(system ${system} NAME)
file(WRITE ${WORK_DIR}/src/suite.cpp "#include \"${name}\"\nTEST_CASE(\"x\") {}\n")
file(WRITE ${WORK_DIR}/src/CMakeLists.txt "
cmake_minimum_required(VERSION 3.20)
project(main_refused LANGUAGES CXX)
find_package(leaktrace CONFIG REQUIRED)
add_executable(tests suite.cpp)
target_link_libraries(tests PRIVATE leaktrace::${RUNNER})
")
foreach(copy same other)
  file(READ ${HEADER} text)
  if(copy STREQUAL other)
    string(APPEND text "// a vendored copy, changed\n")
  endif()
  file(WRITE ${WORK_DIR}/src/${name} "${text}")
  file(REMOVE_RECURSE ${WORK_DIR}/build-${copy})
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/src
      -B ${WORK_DIR}/build-${copy} -G Ninja -DCMAKE_CXX_COMPILER=${CXX}
      -Dleaktrace_DIR=${BUILD_DIR}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX REPLACE "[ \n]+" " " err "${err}")
  if(copy STREQUAL same AND NOT rc EQUAL 0)
    message(FATAL_ERROR "a byte-for-byte copy was refused:\n${err}")
  endif()
  if(copy STREQUAL other)
    if(rc EQUAL 0)
      message(FATAL_ERROR "configuring with a different ${name} succeeded")
    endif()
    if(NOT err MATCHES "leaktrace: tests links leaktrace::${RUNNER}, which is compiled against .*${system}/${name}, but .*suite.cpp includes .*src/${name}: two copies of ${FRAMEWORK} would be linked. Configure the project with -DCMAKE_PROJECT_INCLUDE=")
      message(FATAL_ERROR "refused without the expected message:\n${err}")
    endif()
  endif()
endforeach()
