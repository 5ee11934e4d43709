# Runs `TOOL ARGS... --junit OUT -- PROGRAM` (ARGS '|'-separated), which must
# exit with STATUS, and compares OUT whole with EXPECTED, MASK_PATH (when
# set) written as <path>.
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${TOOL} ${args} --junit ${OUT} -- ${PROGRAM}
  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL STATUS)
  message(FATAL_ERROR "leaktrace exited with ${rc}, not ${STATUS}: ${err}")
endif()
file(READ ${OUT} actual)
if(MASK_PATH)
  string(REPLACE "${MASK_PATH}" "<path>" actual "${actual}")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "${OUT} differs from ${EXPECTED}:\n--- expected\n"
    "${expected}--- actual\n${actual}---")
endif()
