# The link options of catch2_runner.cpp, for this project's archive
# (runner/CMakeLists.txt) and the consumer's build
# (cmake/leaktraceRunners.cmake). LEAKTRACE_HEADER is the runtime's
# leaktrace/leaktrace.h, which names Catch::Session::run() (the function the
# plugin makes offer its run, and the one the link wraps) and the hook.
#
# --wrap sends calls of Session::run() from outside the object that defines
# it (v3's prebuilt Catch2WithMain) to the runner; --undefined brings the
# runner's object in wherever the archive lands on the link line (the
# plugin's reference to the hook is weak and would not).
file(STRINGS "${LEAKTRACE_HEADER}" _leaktrace_run
  REGEX "X\\(LEAKTRACE_FRAMEWORK_CATCH2, \"[^\"]+\"\\)")
string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" _leaktrace_run
  "${_leaktrace_run}")
if(NOT _leaktrace_run)
  message(FATAL_ERROR "leaktrace: ${LEAKTRACE_HEADER} names no Catch2 run "
    "function (LEAKTRACE_TEST_RUN_FUNCTIONS): the runtime's header and the "
    "runner's sources are from different versions of leaktrace; reinstall it")
endif()
set(LEAKTRACE_CATCH2_RUN_SYMBOL ${_leaktrace_run})
set(LEAKTRACE_CATCH2_RUNNER_LINK_OPTIONS
  "LINKER:--wrap=${_leaktrace_run}"
  "LINKER:--undefined=__wrap_${_leaktrace_run}")
unset(_leaktrace_run)
