# Run directly (not under the tool), a binary linked with leaktrace's runner
# for its own main behaves exactly as the same suite built without
# leaktrace: the same standard output (GoogleTest's, durations masked), the
# same standard error, the same exit status, with the same arguments.
#   cmake -DRUNNER=... -DPLAIN=... [-DARGS=a|b] -P CompareDirect.cmake
string(REPLACE "|" ";" Args "${ARGS}")
foreach(which RUNNER PLAIN)
  execute_process(COMMAND ${${which}} ${Args}
    RESULT_VARIABLE status_${which} OUTPUT_VARIABLE out_${which}
    ERROR_VARIABLE err_${which})
  string(REGEX REPLACE "\\([0-9]+ ms" "(N ms" out_${which} "${out_${which}}")
endforeach()
if(NOT out_RUNNER STREQUAL out_PLAIN)
  message(FATAL_ERROR "standard output differs:\n--- with the runner:\n"
    "${out_RUNNER}\n--- without leaktrace:\n${out_PLAIN}")
endif()
if(NOT err_RUNNER STREQUAL err_PLAIN)
  message(FATAL_ERROR "standard error differs:\n--- with the runner:\n"
    "${err_RUNNER}\n--- without leaktrace:\n${err_PLAIN}")
endif()
if(NOT status_RUNNER STREQUAL status_PLAIN)
  message(FATAL_ERROR "exit status ${status_RUNNER} with the runner, "
    "${status_PLAIN} without leaktrace")
endif()
