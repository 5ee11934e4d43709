# Runs PROGRAM and compares its whole standard output and standard error with
# the files EXPECTED_STDOUT and EXPECTED_STDERR (an unset one must be empty),
# and its exit status with EXPECTED_STATUS (default 0). The environment comes
# from the test's ENVIRONMENT property.
# ARGS are the program's arguments separated by '|' (a CMake list would be
# split on its way through add_test). MASK_PATH: a path written as <path> in
# both streams, for messages that name a build-dependent file.
#   cmake -DPROGRAM=... [-DARGS=a|b] [-DEXPECTED_STDOUT=file]
#         [-DEXPECTED_STDERR=file] [-DEXPECTED_STATUS=n] [-DMASK_SECONDS=ON]
#         [-DMASK_PATH=path] [-DIGNORE_STDOUT=ON] [-DSITES=ON] [-DRETENTION=ON]
#         -P RunAndCompare.cmake
#
# With LEAKTRACE_UPDATE_GOLDENS=1 in the environment (`make update-goldens`),
# an expected file that differs is rewritten with what the program printed
# (masked as above), and the test passes on it, but for the files listed in
# tests/hand-worked-goldens.txt (or HAND_WORKED), whose numbers were worked
# out by hand: those still fail. The exit status is never rewritten.
cmake_minimum_required(VERSION 3.20)
if(NOT DEFINED PROGRAM)
  message(FATAL_ERROR "RunAndCompare.cmake: PROGRAM is not set")
endif()
string(REPLACE "|" ";" Args "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${Args}
  RESULT_VARIABLE Status OUTPUT_VARIABLE Stdout ERROR_VARIABLE Stderr)
if(MASK_PATH)
  string(REPLACE "${MASK_PATH}" "<path>" Stdout "${Stdout}")
  string(REPLACE "${MASK_PATH}" "<path>" Stderr "${Stderr}")
endif()

# Durations differ from run to run: MASK_SECONDS=ON writes every
# "seconds":<number> and every "in <number> seconds" of the standard output
# as N.NNN.
if(MASK_SECONDS)
  string(REGEX REPLACE "\"seconds\":[0-9]+\\.[0-9]+" "\"seconds\":N.NNN"
    Stdout "${Stdout}")
  string(REGEX REPLACE " in [0-9]+\\.[0-9]+ seconds" " in N.NNN seconds"
    Stdout "${Stdout}")
endif()

# The second run's findings under each leaking type name source lines,
# sizes and addresses of the build: they are compared only by the tests of
# them. RETENTION=ON keeps what became of the objects and their retention
# paths ("one more run left", "kept alive by:", "reached by no root:"
# blocks, "Retention paths:" lines); SITES=ON keeps the creation sites
# ("created at" blocks, "Creation sites" lines); other tests drop both (the
# blocks' lines are indented by 6, then 8 spaces).
if(NOT RETENTION)
  string(REGEX REPLACE
    "      (kept alive by|reached by no root):\n(        [^\n]*\n)*" ""
    Stdout "${Stdout}")
  string(REGEX REPLACE
    "      (one more run left |and [0-9]+ more on )[^\n]*\n" ""
    Stdout "${Stdout}")
  string(REGEX REPLACE "Retention paths: [^\n]*\n" "" Stdout "${Stdout}")
endif()
if(NOT SITES)
  string(REGEX REPLACE "      created at[^\n]*\n(        [^\n]*\n)*" ""
    Stdout "${Stdout}")
  string(REGEX REPLACE "Creation sites[^\n]*\n" "" Stdout "${Stdout}")
endif()

set(Failed FALSE)
if(NOT HAND_WORKED)
  set(HAND_WORKED ${CMAKE_CURRENT_LIST_DIR}/hand-worked-goldens.txt)
endif()
get_filename_component(Repository ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
# Whether \p File is one whose numbers were worked out by hand.
function(hand_worked File Out)
  file(STRINGS ${HAND_WORKED} Listed REGEX "^[^#]")
  file(RELATIVE_PATH Relative ${Repository} ${File})
  if(Relative IN_LIST Listed)
    set(${Out} TRUE PARENT_SCOPE)
  else()
    set(${Out} FALSE PARENT_SCOPE)
  endif()
endfunction()
function(compare Actual ExpectedFile What)
  set(Expected "")
  if(ExpectedFile)
    file(READ "${ExpectedFile}" Expected)
  else()
    set(ExpectedFile "(nothing)")
  endif()
  if(NOT Actual STREQUAL Expected AND "$ENV{LEAKTRACE_UPDATE_GOLDENS}" AND
     NOT ExpectedFile STREQUAL "(nothing)")
    hand_worked(${ExpectedFile} ByHand)
    if(ByHand)
      message("${ExpectedFile} was worked out by hand "
        "(tests/hand-worked-goldens.txt): not rewritten. Work it out again "
        "from the test program, or mend what changed its output.")
    else()
      file(WRITE ${ExpectedFile} "${Actual}")
      message("updated ${ExpectedFile}")
      return()
    endif()
  endif()
  if(NOT Actual STREQUAL Expected)
    message("${What} differs from ${ExpectedFile}\n"
      "--- expected\n${Expected}--- actual\n${Actual}---")
    set(Failed TRUE PARENT_SCOPE)
  endif()
endfunction()
# IGNORE_STDOUT=ON: the program's output is its own business (a test
# framework's, with timings).
if(NOT IGNORE_STDOUT)
  compare("${Stdout}" "${EXPECTED_STDOUT}" "standard output")
endif()
# EXPECTED_STDERR_REGEX: for messages worded by a library (LLVM's command
# line parser), a regular expression the standard error must match instead.
if(DEFINED EXPECTED_STDERR_REGEX)
  if(NOT Stderr MATCHES "${EXPECTED_STDERR_REGEX}")
    message("standard error does not match ${EXPECTED_STDERR_REGEX}:\n${Stderr}")
    set(Failed TRUE)
  endif()
else()
  compare("${Stderr}" "${EXPECTED_STDERR}" "standard error")
endif()
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
