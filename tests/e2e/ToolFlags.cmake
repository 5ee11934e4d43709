# Sets cxxflags and ldflags to what `${TOOL} --cxxflags` and `--ldflags`
# print (strings, as a build system's variable holds them), and
# cxxflags_list and ldflags_list to the same as argument lists.
foreach(what cxxflags ldflags)
  execute_process(COMMAND ${TOOL} --${what} RESULT_VARIABLE rc
    OUTPUT_VARIABLE ${what} OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "leaktrace --${what} failed (${rc})")
  endif()
  separate_arguments(${what}_list UNIX_COMMAND "${${what}}")
endforeach()
