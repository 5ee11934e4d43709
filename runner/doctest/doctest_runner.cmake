# The link options of doctest_runner.cpp, for this project's archive
# (runner/CMakeLists.txt) and the consumer's build
# (cmake/leaktraceRunners.cmake). LEAKTRACE_HEADER is the runtime's
# leaktrace/leaktrace.h, which names the hook the plugin calls.
#
# The plugin's reference to the hook is weak, which brings no archive member
# in: --undefined does.
file(STRINGS "${LEAKTRACE_HEADER}" _leaktrace_hook
  REGEX "^#define LEAKTRACE_TAKE_OVER_RUN_SYMBOL \"[^\"]+\"")
string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" _leaktrace_hook
  "${_leaktrace_hook}")
if(NOT _leaktrace_hook)
  message(FATAL_ERROR "leaktrace: ${LEAKTRACE_HEADER} defines no "
    "LEAKTRACE_TAKE_OVER_RUN_SYMBOL: the runtime's header and the runner's "
    "sources are from different versions of leaktrace; reinstall it")
endif()
set(LEAKTRACE_DOCTEST_RUNNER_LINK_OPTIONS
  "LINKER:--undefined=${_leaktrace_hook}")
unset(_leaktrace_hook)
