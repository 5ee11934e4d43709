# Every exit status of a run and of `leaktrace merge` of its --json, with and
# without --fail-on-leak (--help lists them): 0 clean, 1 test failures, 3 a
# leak with --fail-on-leak (0 without), 5 both with --fail-on-leak (1
# without), 4 a run that did not finish. runner_layers' leak.testleak keeps
# one more object each run; fail.whenAsked fails under LEAKTRACE_TEST_FAIL;
# crash.segfault dies under LEAKTRACE_TEST_CRASH.
#   cmake -DTOOL=... -DPROGRAM=... -DWORK_DIR=... -P ExitStatuses.cmake
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

set(failed "")
# status(NAME ENV STATUS STATUS_FAIL_ON_LEAK TOOL_ARGS...)
function(status name env expected expected_fol)
  set(json ${WORK_DIR}/${name}.json)
  foreach(fol OFF ON)
    set(extra "")
    set(want ${expected})
    if(fol)
      set(extra --fail-on-leak)
      set(want ${expected_fol})
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E env ${env}
        ${TOOL} ${ARGN} ${extra} --json ${json} -- ${PROGRAM}
      RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc STREQUAL want)
      string(APPEND failed "${name}${extra}: run exited ${rc}, not ${want}: ${err}\n")
    endif()
    execute_process(COMMAND ${TOOL} merge ${extra} ${json}
      RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    if(NOT rc STREQUAL want)
      string(APPEND failed "${name}${extra}: merge exited ${rc}, not ${want}: ${err}\n")
    endif()
  endforeach()
  set(failed "${failed}" PARENT_SCOPE)
endfunction()

status(clean "LEAKTRACE_NONE=1" 0 0 -t plain -N2)
status(leak "LEAKTRACE_NONE=1" 0 3 -t leak -N3)
status(failures LEAKTRACE_TEST_FAIL=1 1 1 -t fail -N2)
status(failures_and_leak LEAKTRACE_TEST_FAIL=1 1 5 -t leak -t fail -N3)
status(crash LEAKTRACE_TEST_CRASH=1 4 4 -t crash -N2)

if(failed)
  message(FATAL_ERROR "${failed}")
endif()
