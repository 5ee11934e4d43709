# A project that links leaktrace::doctest_main (compiled against the
# system's doctest) while its test file includes a doctest.h of its own, a
# copy that differs from the system's: configuring must stop and say what
# fits, rather than link two versions of doctest's internals. A
# byte-for-byte copy is the same doctest and is accepted.
#   cmake -DBUILD_DIR=... -DCXX=... -DWORK_DIR=... -DDOCTEST_HEADER=...
#         -P DoctestMainRefused.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/src)
file(WRITE ${WORK_DIR}/src/suite.cpp "#include \"doctest.h\"\nTEST_CASE(\"x\") {}\n")
file(WRITE ${WORK_DIR}/src/CMakeLists.txt "
cmake_minimum_required(VERSION 3.20)
project(doctest_main_refused LANGUAGES CXX)
find_package(leaktrace CONFIG REQUIRED)
add_executable(tests suite.cpp)
target_link_libraries(tests PRIVATE leaktrace::doctest_main)
")
foreach(copy same other)
  file(READ ${DOCTEST_HEADER} text)
  if(copy STREQUAL other)
    string(APPEND text "// a vendored copy, changed\n")
  endif()
  file(WRITE ${WORK_DIR}/src/doctest.h "${text}")
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
      message(FATAL_ERROR "configuring with a different doctest.h succeeded")
    endif()
    if(NOT err MATCHES "leaktrace: tests links leaktrace::doctest_main, which is compiled against .*doctest/doctest.h, but .*suite.cpp includes .*src/doctest.h: two copies of doctest would be linked. Configure the project with -DCMAKE_PROJECT_INCLUDE=")
      message(FATAL_ERROR "refused without the expected message:\n${err}")
    endif()
  endif()
endforeach()
