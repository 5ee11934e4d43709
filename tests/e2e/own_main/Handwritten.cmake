# The suite built by hand, the way a Makefile user would: compiled with
# `leaktrace --cxxflags`, linked with `leaktrace --gtest-runner-ldflags` put
# first (where LDFLAGS go), keeping its own main (-DOWN_MAIN) or linking
# -lgtest_main; then the tool on each, whose report must be EXPECTED_OWN
# and EXPECTED_GTEST_MAIN.
#   cmake -DTOOL=... -DCXX=... -DSOURCE=... -DWORK_DIR=... -DEXPECTED_OWN=...
#         -DEXPECTED_GTEST_MAIN=... -DCOMPARE=... -P Handwritten.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(what cxxflags gtest-runner-ldflags)
  execute_process(COMMAND ${TOOL} --${what} RESULT_VARIABLE rc
    OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "leaktrace --${what} failed (${rc})")
  endif()
  separate_arguments(${what} UNIX_COMMAND "${flags}")
endforeach()
foreach(main own gtest_main)
  if(main STREQUAL own)
    set(define -DOWN_MAIN)
    set(libs -lgmock -lgtest)
    set(expected ${EXPECTED_OWN})
  else()
    set(define)
    set(libs -lgmock -lgtest_main -lgtest)
    set(expected ${EXPECTED_GTEST_MAIN})
  endif()
  execute_process(COMMAND ${CXX} -O2 ${gtest-runner-ldflags} ${cxxflags}
      ${define} ${SOURCE} ${libs} -o ${WORK_DIR}/${main}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building with ${main} main by hand failed:\n${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -DPROGRAM=${TOOL}
      "-DARGS=-N3|-r|-v|--|${WORK_DIR}/${main}|--own-flag"
      -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${expected} -P ${COMPARE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the suite with ${main} main, built by hand, "
      "reports otherwise:\n${out}${err}")
  endif()
endforeach()
