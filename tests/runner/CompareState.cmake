# What each test of a header-only framework's suite sees of its process
# (header_only_state_test.cpp) is the same with leaktrace's runner as
# without leaktrace: PLAIN (the file built without leaktrace) run directly,
# RUNNER run directly, and RUNNER under the tool for three iterations (each
# test's view three times).
#   cmake -DPLAIN=... -DRUNNER=... -DTOOL=... -DWORK_DIR=... -P CompareState.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(run plain direct tool)
  set(command ${RUNNER})
  if(run STREQUAL plain)
    set(command ${PLAIN})
  elseif(run STREQUAL tool)
    set(command ${TOOL} -N3 -- ${RUNNER})
  endif()
  # One file name for every run: the environment the tests see is the same.
  file(REMOVE ${WORK_DIR}/state)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env
      STATE_OUT=${WORK_DIR}/state ${command}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${run} run failed (${rc}):\n${out}${err}")
  endif()
  file(RENAME ${WORK_DIR}/state ${WORK_DIR}/${run}.state)
  file(READ ${WORK_DIR}/${run}.state ${run})
endforeach()
if(NOT plain MATCHES "== first\n.*== second\n")
  message(FATAL_ERROR "the plain run recorded no state of both tests:\n${plain}")
endif()
if(NOT direct STREQUAL plain)
  message(FATAL_ERROR "run directly, the tests see another process:\n"
    "--- with the runner:\n${direct}\n--- without leaktrace:\n${plain}")
endif()
if(NOT tool STREQUAL "${plain}${plain}${plain}")
  message(FATAL_ERROR "under the tool, the tests see another process:\n"
    "--- with the runner, three iterations:\n${tool}\n"
    "--- without leaktrace, once:\n${plain}")
endif()
