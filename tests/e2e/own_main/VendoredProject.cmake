# A project that vendors its header-only framework (FRAMEWORK: doctest or
# catch2): this suite and a copy of the system's header (HEADER: doctest.h,
# catch.hpp) side by side in WORK_DIR/src (the test file includes it by its
# name, with VENDORED_DOCTEST / VENDORED_CATCH2 defined, and implements the
# framework with its main), a CMakeLists.txt that knows nothing of
# leaktrace, configured with
# -DCMAKE_PROJECT_INCLUDE=<leaktrace build>/leaktraceProject.cmake. The
# runner must be compiled against that copy, and the tool's report must be
# EXPECTED.
#   cmake -DBUILD_DIR=... -DCXX=... -DTOOL=... -DWORK_DIR=... -DSUITE=...
#         -DFRAMEWORK=... -DHEADER=... -DEXPECTED=... -DCOMPARE=...
#         -P VendoredProject.cmake
include(${CMAKE_CURRENT_LIST_DIR}/../Run.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/src)
file(COPY ${SUITE} ${HEADER} DESTINATION ${WORK_DIR}/src)
get_filename_component(header_name ${HEADER} NAME)
string(TOUPPER ${FRAMEWORK} upper)
get_filename_component(suite_name ${SUITE} NAME)
file(WRITE ${WORK_DIR}/src/CMakeLists.txt "
cmake_minimum_required(VERSION 3.20)
project(vendored_${FRAMEWORK} LANGUAGES CXX)
add_executable(vendored_tests ${suite_name})
target_compile_definitions(vendored_tests PRIVATE VENDORED_${upper})
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
string(FIND "${ninja}"
  "LEAKTRACE_${upper}_HEADER=\\\"${WORK_DIR}/src/${header_name}\\\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the runner is not compiled against "
    "${WORK_DIR}/src/${header_name}")
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${CMAKE_COMMAND} -E env --unset=LEAKTRACE_REPORT
  ${CMAKE_COMMAND} -DPROGRAM=${TOOL}
  "-DARGS=-N3|-r|-v|--|${WORK_DIR}/build/vendored_tests"
  -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${EXPECTED} -P ${COMPARE})
