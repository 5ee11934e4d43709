# expect(VALUE KEYS...) and expect_length(N KEYS...) on the JSON text in J,
# for scripts that check what `leaktrace --json` wrote;
# leaktrace_json(OPTIONS...) runs `TOOL OPTIONS... --json OUT -- PROGRAM`,
# which must exit 0, and reads OUT into J.
function(leaktrace_json)
  execute_process(COMMAND ${TOOL} ${ARGN} --json ${OUT} -- ${PROGRAM}
    RESULT_VARIABLE rc OUTPUT_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "leaktrace exited with ${rc}")
  endif()
  file(READ ${OUT} text)
  set(J "${text}" PARENT_SCOPE)
endfunction()
function(expect value)
  string(JSON actual GET "${J}" ${ARGN})
  if(NOT actual STREQUAL value)
    message(FATAL_ERROR "${ARGN}: expected '${value}', got '${actual}'")
  endif()
endfunction()
function(expect_length value)
  string(JSON actual LENGTH "${J}" ${ARGN})
  if(NOT actual STREQUAL value)
    message(FATAL_ERROR "length of ${ARGN}: expected ${value}, got ${actual}")
  endif()
endfunction()
