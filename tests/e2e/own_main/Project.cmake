# Configures tests/e2e/own_main/project with
# -DCMAKE_PROJECT_INCLUDE=<leaktrace build>/leaktraceProject.cmake, builds
# it, and checks that exactly its GoogleTest binaries got the runner (which
# the tool then runs: EXPECTED_GTEST_MAIN, EXPECTED_OWN) and that the other
# program was instrumented and left alone (EXPECTED_APP_STDOUT/STDERR, its
# at-exit report with LEAKTRACE_REPORT=exit).
#   cmake -DBUILD_DIR=... -DCXX=... -DTOOL=... -DWORK_DIR=... -DCOMPARE=...
#         -DEXPECTED_OWN=... -DEXPECTED_GTEST_MAIN=...
#         -DEXPECTED_APP_STDOUT=... -DEXPECTED_APP_STDERR=... -P Project.cmake
file(REMOVE_RECURSE ${WORK_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/../Run.cmake)
run(${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/project -B ${WORK_DIR}
  -G Ninja -DCMAKE_CXX_COMPILER=${CXX}
  -DCMAKE_PROJECT_INCLUDE=${BUILD_DIR}/leaktraceProject.cmake)
set(said "-- leaktrace: test binaries that run their layers under the "
  "tool: with_gtest_main, with_own_main\n")
string(CONCAT said ${said})
string(FIND "${out}" "${said}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "configuring did not say which binaries got the "
    "runner (${said}):\n${out}")
endif()
string(FIND "${out}"
  "-- leaktrace: left uninstrumented, being 32-bit (-m32): app32\n" at)
if(at EQUAL -1)
  message(FATAL_ERROR "configuring did not leave app32 (-m32) "
    "uninstrumented:\n${out}")
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR})
foreach(pair with_gtest_main:${EXPECTED_GTEST_MAIN} with_own_main:${EXPECTED_OWN})
  string(REPLACE ":" ";" pair ${pair})
  list(GET pair 0 binary)
  list(GET pair 1 expected)
  run(${CMAKE_COMMAND} -E env --unset=LEAKTRACE_REPORT
    ${CMAKE_COMMAND} -DPROGRAM=${TOOL}
    "-DARGS=-N3|-r|-v|--|${WORK_DIR}/${binary}|--own-flag"
    -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${expected} -P ${COMPARE})
endforeach()
run(${CMAKE_COMMAND} -E env LEAKTRACE_REPORT=exit
  ${CMAKE_COMMAND} -DPROGRAM=${WORK_DIR}/app
  -DEXPECTED_STDOUT=${EXPECTED_APP_STDOUT}
  -DEXPECTED_STDERR=${EXPECTED_APP_STDERR} -P ${COMPARE})
