# expect(VALUE KEYS...) and expect_length(N KEYS...) on the JSON text in J,
# for scripts that check what `leaktrace --json` wrote.
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
