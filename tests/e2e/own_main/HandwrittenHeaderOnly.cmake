# A Catch2 v2 or doctest suite (FRAMEWORK: catch2 or doctest) built by hand,
# the way a Makefile user would: compiled with `leaktrace --cxxflags` (the
# file that implements the framework goes through the plugin), linked with
# `leaktrace --FRAMEWORK-runner-ldflags` put first (where LDFLAGS go),
# keeping the framework's main or its own (-DOWN_MAIN); then the tool on
# each, whose report must be EXPECTED.
#   cmake -DTOOL=... -DCXX=... -DFRAMEWORK=... -DSOURCE=... -DWORK_DIR=...
#         -DEXPECTED=... -DCOMPARE=... -P HandwrittenHeaderOnly.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(what cxxflags ${FRAMEWORK}-runner-ldflags)
  execute_process(COMMAND ${TOOL} --${what} RESULT_VARIABLE rc
    OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "leaktrace --${what} failed (${rc})")
  endif()
  separate_arguments(${what} UNIX_COMMAND "${flags}")
endforeach()
foreach(main framework own)
  set(define)
  if(main STREQUAL own)
    set(define -DOWN_MAIN)
  endif()
  execute_process(COMMAND ${CXX} -O2 ${${FRAMEWORK}-runner-ldflags}
      ${cxxflags} ${define} ${SOURCE} -o ${WORK_DIR}/${main}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building with the ${main} main by hand failed:\n${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -DPROGRAM=${TOOL}
      "-DARGS=-N3|-r|-v|--|${WORK_DIR}/${main}"
      -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${EXPECTED} -P ${COMPARE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the suite with the ${main} main, built by hand, "
      "reports otherwise:\n${out}${err}")
  endif()
endforeach()
