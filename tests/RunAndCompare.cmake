# Runs PROGRAM and compares its whole standard output and standard error with
# the files EXPECTED_STDOUT and EXPECTED_STDERR (an unset one must be empty),
# and its exit status with EXPECTED_STATUS (default 0). The environment comes
# from the test's ENVIRONMENT property.
#   cmake -DPROGRAM=... [-DEXPECTED_STDOUT=file] [-DEXPECTED_STDERR=file]
#         -P RunAndCompare.cmake
cmake_minimum_required(VERSION 3.20)
if(NOT DEFINED PROGRAM)
  message(FATAL_ERROR "RunAndCompare.cmake: PROGRAM is not set")
endif()
execute_process(COMMAND ${PROGRAM}
  RESULT_VARIABLE Status OUTPUT_VARIABLE Stdout ERROR_VARIABLE Stderr)

# Durations differ from run to run: MASK_SECONDS=ON writes every
# "seconds":<number> of the standard output as "seconds":N.NNN.
if(MASK_SECONDS)
  string(REGEX REPLACE "\"seconds\":[0-9]+\\.[0-9]+" "\"seconds\":N.NNN"
    Stdout "${Stdout}")
endif()

set(Failed FALSE)
function(compare Actual ExpectedFile What)
  set(Expected "")
  if(ExpectedFile)
    file(READ "${ExpectedFile}" Expected)
  else()
    set(ExpectedFile "(nothing)")
  endif()
  if(NOT Actual STREQUAL Expected)
    message("${What} differs from ${ExpectedFile}\n"
      "--- expected\n${Expected}--- actual\n${Actual}---")
    set(Failed TRUE PARENT_SCOPE)
  endif()
endfunction()
compare("${Stdout}" "${EXPECTED_STDOUT}" "standard output")
compare("${Stderr}" "${EXPECTED_STDERR}" "standard error")
if(NOT DEFINED EXPECTED_STATUS)
  set(EXPECTED_STATUS 0)
endif()
if(NOT Status STREQUAL "${EXPECTED_STATUS}")
  message("${PROGRAM} exited with ${Status}, not ${EXPECTED_STATUS}")
  set(Failed TRUE)
endif()
if(Failed)
  message(FATAL_ERROR "${PROGRAM}: output or exit status not as expected")
endif()
