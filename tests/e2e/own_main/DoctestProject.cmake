# A project that vendors doctest: this suite and a copy of the system's
# doctest.h side by side in WORK_DIR/src (the test file includes "doctest.h"
# and implements doctest with its main), a CMakeLists.txt that knows nothing
# of leaktrace, configured with
# -DCMAKE_PROJECT_INCLUDE=<leaktrace build>/leaktraceProject.cmake. The
# runner must be compiled against that copy, and the tool's report must be
# EXPECTED.
#   cmake -DBUILD_DIR=... -DCXX=... -DTOOL=... -DWORK_DIR=... -DSUITE=...
#         -DDOCTEST_HEADER=... -DEXPECTED=... -DCOMPARE=... -P DoctestProject.cmake
include(${CMAKE_CURRENT_LIST_DIR}/../Run.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/src)
file(COPY ${SUITE} ${DOCTEST_HEADER} DESTINATION ${WORK_DIR}/src)
get_filename_component(suite_name ${SUITE} NAME)
file(WRITE ${WORK_DIR}/src/CMakeLists.txt "
cmake_minimum_required(VERSION 3.20)
project(vendored_doctest LANGUAGES CXX)
add_executable(vendored_tests ${suite_name})
target_compile_definitions(vendored_tests PRIVATE VENDORED_DOCTEST)
")
run(${CMAKE_COMMAND} -S ${WORK_DIR}/src -B ${WORK_DIR}/build -G Ninja
  -DCMAKE_CXX_COMPILER=${CXX}
  -DCMAKE_PROJECT_INCLUDE=${BUILD_DIR}/leaktraceProject.cmake)
string(FIND "${out}"
  "-- leaktrace: test binaries that run their layers under the tool: vendored_tests\n"
  at)
if(at EQUAL -1)
  message(FATAL_ERROR "configuring did not name vendored_tests:\n${out}")
endif()
# The runner's files are compiled with the copy.
file(READ ${WORK_DIR}/build/build.ninja ninja)
string(FIND "${ninja}" "LEAKTRACE_DOCTEST_HEADER=\\\"${WORK_DIR}/src/doctest.h\\\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the runner is not compiled against "
    "${WORK_DIR}/src/doctest.h")
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${CMAKE_COMMAND} -E env --unset=LEAKTRACE_REPORT
  ${CMAKE_COMMAND} -DPROGRAM=${TOOL}
  "-DARGS=-N3|-r|-v|--|${WORK_DIR}/build/vendored_tests"
  -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${EXPECTED} -P ${COMPARE})
