# `make update-goldens` in small: RunAndCompare.cmake with
# LEAKTRACE_UPDATE_GOLDENS=1 rewrites an expected file that differs, passes
# on it, and leaves a hand-worked one (listed in HAND_WORKED) as it was,
# failing. Without the variable, nothing is rewritten.
#   cmake -DWORK_DIR=... -P UpdateGoldensTest.cmake
set(compare ${CMAKE_CURRENT_LIST_DIR}/RunAndCompare.cmake)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
get_filename_component(repository ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
file(RELATIVE_PATH by_hand_relative ${repository} ${WORK_DIR}/by-hand.out)
file(WRITE ${WORK_DIR}/hand-worked.txt "# a list\n${by_hand_relative}\n")

function(run_compare expected update out_rc out_text)
  # (Unset otherwise: `make update-goldens` runs this test in update mode.)
  set(env --unset=LEAKTRACE_UPDATE_GOLDENS)
  if(update)
    set(env LEAKTRACE_UPDATE_GOLDENS=1)
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${env}
      ${CMAKE_COMMAND} -DPROGRAM=${CMAKE_COMMAND} "-DARGS=-E|echo|new output"
      -DEXPECTED_STDOUT=${expected} -DHAND_WORKED=${WORK_DIR}/hand-worked.txt
      -P ${compare}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${out_rc} ${rc} PARENT_SCOPE)
  set(${out_text} "${out}${err}" PARENT_SCOPE)
endfunction()

foreach(name captured.out by-hand.out)
  file(WRITE ${WORK_DIR}/${name} "old output\n")
endforeach()

# Not in update mode: a difference fails and nothing is written.
run_compare(${WORK_DIR}/captured.out OFF rc text)
file(READ ${WORK_DIR}/captured.out now)
if(rc EQUAL 0 OR NOT now STREQUAL "old output\n")
  message(FATAL_ERROR "without LEAKTRACE_UPDATE_GOLDENS: rc ${rc}, file now "
    "'${now}':\n${text}")
endif()
# Update mode: rewritten, passes, says so.
run_compare(${WORK_DIR}/captured.out ON rc text)
file(READ ${WORK_DIR}/captured.out now)
if(NOT rc EQUAL 0 OR NOT now STREQUAL "new output\n" OR
   NOT text MATCHES "updated .*captured.out")
  message(FATAL_ERROR "update mode: rc ${rc}, file now '${now}':\n${text}")
endif()
# A hand-worked file: kept, fails, says why.
run_compare(${WORK_DIR}/by-hand.out ON rc text)
file(READ ${WORK_DIR}/by-hand.out now)
if(rc EQUAL 0 OR NOT now STREQUAL "old output\n" OR
   NOT text MATCHES "was worked out by hand")
  message(FATAL_ERROR "hand-worked file: rc ${rc}, file now '${now}':\n${text}")
endif()

# The real list names files that exist: a renamed golden must not slip out
# of it unnoticed.
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/hand-worked-goldens.txt listed
  REGEX "^[^#]")
foreach(f IN LISTS listed)
  if(NOT EXISTS ${repository}/${f})
    message(FATAL_ERROR "tests/hand-worked-goldens.txt names ${f}, which "
      "does not exist")
  endif()
endforeach()
