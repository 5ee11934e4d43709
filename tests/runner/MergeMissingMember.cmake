# A shard's --json with a member taken out (a file cut short, or edited by
# hand): `leaktrace merge` refuses it, naming the file and the member with
# its path, with a usage error (2); it read 0 in its place before.
#   cmake -DTOOL=... -DPROGRAM=... -DWORK_DIR=... -P MergeMissingMember.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${TOOL} -N2 --json ${WORK_DIR}/run.json -- ${PROGRAM}
  OUTPUT_QUIET ERROR_QUIET)
file(READ ${WORK_DIR}/run.json json)
# The first iteration's "ran" of the first layer.
string(REGEX REPLACE "\"ran\": [0-9]+,\n *" "" cut "${json}")
string(LENGTH "${json}" before)
string(LENGTH "${cut}" after)
if(before EQUAL after)
  message(FATAL_ERROR "no \"ran\" member in ${WORK_DIR}/run.json")
endif()
file(WRITE ${WORK_DIR}/cut.json "${cut}")
execute_process(COMMAND ${TOOL} merge ${WORK_DIR}/cut.json
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err STREQUAL
   "leaktrace: error: ${WORK_DIR}/cut.json: missing value at run.layers[0].iterations[0].ran\n")
  message(FATAL_ERROR "merge of a shard without \"ran\": status ${rc}:\n${err}")
endif()
# The whole file merges.
execute_process(COMMAND ${TOOL} merge ${WORK_DIR}/run.json
  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(rc EQUAL 2)
  message(FATAL_ERROR "merge of the whole file refused:\n${err}")
endif()
