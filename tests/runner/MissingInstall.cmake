# The tool in a prefix that holds nothing else (an installation half
# removed): asked for flags, it names the missing file and the fix, and ends
# with exit status 4, not 1 ("test failures").
#   cmake -DTOOL=... -DWORK_DIR=... -P MissingInstall.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/bin)
file(COPY ${TOOL} DESTINATION ${WORK_DIR}/bin)
foreach(flags --cxxflags --ldflags --gtest-runner-ldflags)
  execute_process(COMMAND ${WORK_DIR}/bin/leaktrace ${flags}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 4)
    message(FATAL_ERROR "leaktrace ${flags} exited with ${rc}, not 4:\n${err}")
  endif()
  if(NOT err MATCHES "^leaktrace: error: ${WORK_DIR}/(lib|include)/[^ ]+ is missing: build leaktrace completely \\(make\\) or reinstall it\n$")
    message(FATAL_ERROR "leaktrace ${flags} said:\n${err}")
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "leaktrace ${flags} printed flags anyway: ${out}")
  endif()
endforeach()
