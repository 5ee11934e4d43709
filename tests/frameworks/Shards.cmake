# Runs PROGRAM under TOOL unsharded and as 3 shards (WAY: "options" for
# --shard-count/--shard-index, "gtest" or "bazel" for those environment
# variables, "catch2" for Catch2's own arguments), merges each with
# `leaktrace merge -r -v`, and demands the same report and verdict of both,
# and that report to be EXPECTED (seconds masked).
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(tool)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  set(rc ${rc} PARENT_SCOPE)
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

tool(${TOOL} -N4 -r --json ${WORK_DIR}/all.json -- ${PROGRAM})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "unsharded run failed (${rc}):\n${out}\n${err}")
endif()
set(shards "")
foreach(i 0 1 2)
  set(json ${WORK_DIR}/shard-${i}.json)
  if(WAY STREQUAL "options")
    tool(${TOOL} -N4 -r --shard-count 3 --shard-index ${i} --json ${json}
      -- ${PROGRAM})
  elseif(WAY STREQUAL "gtest")
    tool(${CMAKE_COMMAND} -E env GTEST_TOTAL_SHARDS=3 GTEST_SHARD_INDEX=${i}
      ${TOOL} -N4 -r --json ${json} -- ${PROGRAM})
  elseif(WAY STREQUAL "bazel")
    tool(${CMAKE_COMMAND} -E env TEST_TOTAL_SHARDS=3 TEST_SHARD_INDEX=${i}
      TEST_SHARD_STATUS_FILE=${WORK_DIR}/status-${i}
      ${TOOL} -N4 -r --json ${json} -- ${PROGRAM})
    if(NOT EXISTS ${WORK_DIR}/status-${i})
      message(FATAL_ERROR "shard ${i} did not touch TEST_SHARD_STATUS_FILE")
    endif()
  elseif(WAY STREQUAL "catch2")
    tool(${TOOL} -N4 -r --json ${json} -- ${PROGRAM} --shard-count 3
      --shard-index ${i})
  else()
    message(FATAL_ERROR "unknown WAY '${WAY}'")
  endif()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "shard ${i} failed (${rc}):\n${out}\n${err}")
  endif()
  list(APPEND shards ${json})
endforeach()

function(merged var status)
  tool(${TOOL} merge -r -v --fail-on-leak ${ARGN})
  if(NOT rc EQUAL ${status})
    message(FATAL_ERROR "merge ${ARGN}: status ${rc}, not ${status}:\n${err}")
  endif()
  string(REGEX REPLACE " in [0-9]+\\.[0-9]+ seconds" " in N.NNN seconds"
    out "${out}")
  string(REPLACE "Merged 3 shards.\n" "" out "${out}")
  set(${var} "${out}" PARENT_SCOPE)
endfunction()
merged(one 3 ${WORK_DIR}/all.json)
merged(three 3 ${shards})
file(READ ${EXPECTED} expected)
if(NOT one STREQUAL expected)
  message(FATAL_ERROR "the unsharded run merged:\n${one}\nnot as expected:\n${expected}")
endif()
if(NOT three STREQUAL one)
  message(FATAL_ERROR "3 shards merged:\n${three}\nnot as the unsharded run:\n${one}")
endif()

# A shard missing, or given twice, or a run that is no shard of these, is an
# error, not another report.
list(GET shards 0 first)
list(REMOVE_AT shards 1)
tool(${TOOL} merge -r ${shards})
if(NOT rc EQUAL 2 OR NOT err MATCHES "shard 2 of 3 is missing")
  message(FATAL_ERROR "merge without shard 2: status ${rc}:\n${err}")
endif()
tool(${TOOL} merge -r ${shards} ${first})
if(NOT rc EQUAL 2 OR NOT err MATCHES "shard 1 of 3 is given twice")
  message(FATAL_ERROR "merge with shard 1 twice: status ${rc}:\n${err}")
endif()
tool(${TOOL} merge -r ${shards} ${WORK_DIR}/all.json)
if(NOT rc EQUAL 2 OR NOT err MATCHES "all.json is shard 1 of 1, .* one of 3: merge the shards of one run")
  message(FATAL_ERROR "merge with an unsharded run: status ${rc}:\n${err}")
endif()
