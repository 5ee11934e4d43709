# Builds PROJECT (tests/e2e/vendored_gtest or catch2_v3; MODE build-tree or
# install), checks with CHECK_GTEST_LINK that its runner uses the project's
# GoogleTest alone, that the tool's report is the scenario's (EXPECTED), and
# that leaktrace_add_test's tests judge by the tool's exit status.
file(REMOVE_RECURSE ${WORK_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/Run.cmake)

set(args -DCMAKE_CXX_COMPILER=${CXX} -DSUITE_DIR=${SUITE_DIR} -G Ninja
  ${PROJECT_ARGS})
if(MODE STREQUAL "build-tree")
  list(APPEND args -Dleaktrace_DIR=${BUILD_DIR})
elseif(MODE STREQUAL "install")
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
  list(APPEND args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
set(build ${WORK_DIR}/build)
run(${CMAKE_COMMAND} -S ${PROJECT} -B ${build} ${args})
run(${CMAKE_COMMAND} --build ${build})

if(CHECK_GTEST_LINK)
# One GoogleTest: the project's. The system's package was never looked for,
# and the link line names the project's archive only.
file(STRINGS ${build}/CMakeCache.txt found REGEX "^GTest_DIR:")
if(found)
  message(FATAL_ERROR "the system's GoogleTest package was looked for: ${found}")
endif()
execute_process(COMMAND ninja -C ${build} -t commands tests
  OUTPUT_VARIABLE commands)
string(REGEX MATCH "[^\n]*-o tests [^\n]*" link "${commands}")
# (GoogleTest's own CMake puts its archives in the project's lib/.)
if(NOT link MATCHES " lib/libgtest\\.a" OR
   link MATCHES "/usr/lib[^ ]*libgtest")
  message(FATAL_ERROR "the test binary is not linked with the project's "
    "GoogleTest alone:\n${link}")
endif()
endif()

# (catch2_v3 also builds tests_keeps_main: the same suite with Catch2's own
# main, Catch2::Catch2WithMain, and leaktrace::catch2_runner.)
foreach(binary tests tests_keeps_main)
  if(binary STREQUAL "tests" OR EXISTS ${build}/${binary})
    run(${CMAKE_COMMAND} -DPROGRAM=${TOOL}
      "-DARGS=-N4|-r|-v|--|${build}/${binary}"
      -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${EXPECTED} -P ${COMPARE})
  endif()
endforeach()

# leaktrace_add_test: "leaks" fails (status 3), "clean" passes.
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${build}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT out MATCHES "leaks [.]+\\*\\*\\*Failed" OR NOT out MATCHES "clean [.]+ +Passed")
  message(FATAL_ERROR "ctest: expected 'leaks' to fail and 'clean' to pass:\n${out}")
endif()
