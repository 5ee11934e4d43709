# The layer runners and CTest support of the leaktrace package; included by
# leaktraceConfig.cmake, which sets the global properties leaktrace_RUNNER_DIR
# (the runner's sources) and leaktrace_TOOL.
#
#   leaktrace::gtest_runner  link with the program's own main, or with
#                            gtest_main: its RUN_ALL_TESTS() runs the layers
#                            under the tool (a link-time --wrap)
#   leaktrace::gtest_main    link instead of gtest_main
#   leaktrace::catch2_main   instead of Catch2::Catch2WithMain (v3) or the
#                            file that defines CATCH_CONFIG_MAIN (v2)
#   leaktrace::doctest_runner  with the program's own main: doctest's
#                            (DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN) or one with a
#                            doctest::Context, in a file compiled with the
#                            plugin, whose Context::run() the runner takes over
#   leaktrace::doctest_main  instead of the file that defines
#                            DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
# Each brings the instrumentation along. Each is compiled in this project,
# against the project's own framework: the target the project made
# (add_subdirectory, FetchContent) when there is one, the installed package
# otherwise; never a second copy.

# _leaktrace_make_runner(NAME CANDIDATES PACKAGE IMPORTED SOURCES...
#                        [LINK_OPTIONS OPTIONS...])
# The targets are made at the end of the top-level directory: a project
# usually calls find_package(leaktrace) before it adds its framework.
function(_leaktrace_make_runner name candidates package imported)
  cmake_parse_arguments(PARSE_ARGV 4 ARG "" "" "LINK_OPTIONS")
  set(use "")
  foreach(t IN LISTS candidates)
    if(TARGET ${t})
      set(use ${t})
      break()
    endif()
  endforeach()
  if(NOT use)
    find_package(${package} QUIET)
    if(TARGET ${imported})
      set(use ${imported})
    endif()
  endif()
  if(NOT use)
    # Linking leaktrace::${name} then fails with CMake's "target not
    # found"; the README names what each runner needs.
    return()
  endif()
  get_property(dir GLOBAL PROPERTY leaktrace_RUNNER_DIR)
  set(target leaktrace_${name})
  list(TRANSFORM ARG_UNPARSED_ARGUMENTS PREPEND ${dir}/)
  add_library(${target} STATIC EXCLUDE_FROM_ALL
    ${dir}/core/Runner.cpp ${ARG_UNPARSED_ARGUMENTS})
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_link_libraries(${target} PUBLIC leaktrace::instrument ${use})
  if(ARG_LINK_OPTIONS)
    target_link_options(${target} INTERFACE ${ARG_LINK_OPTIONS})
  endif()
  add_library(leaktrace::${name} ALIAS ${target})
endfunction()

function(_leaktrace_make_runners)
  set(gtest_candidates "GTest::gtest;gtest")
  _leaktrace_make_runner(gtest_main "${gtest_candidates}" GTest GTest::gtest
    gtest/gtest_adapter.cpp gtest/gtest_main.cpp)
  get_property(dir GLOBAL PROPERTY leaktrace_RUNNER_DIR)
  include(${dir}/gtest/gtest_runner.cmake)
  _leaktrace_make_runner(gtest_runner "${gtest_candidates}" GTest GTest::gtest
    gtest/gtest_adapter.cpp gtest/gtest_runner.cpp
    LINK_OPTIONS ${LEAKTRACE_GTEST_RUNNER_LINK_OPTIONS})
  _leaktrace_make_runner(catch2_main "Catch2::Catch2;Catch2" Catch2
    Catch2::Catch2 catch2/catch2_main.cpp)
  _leaktrace_make_runner(doctest_main "doctest::doctest" doctest
    doctest::doctest doctest/doctest_adapter.cpp doctest/doctest_main.cpp)
  get_target_property(LEAKTRACE_HEADER leaktrace::runtime
    INTERFACE_INCLUDE_DIRECTORIES)
  set(LEAKTRACE_HEADER ${LEAKTRACE_HEADER}/leaktrace/leaktrace.h)
  include(${dir}/doctest/doctest_runner.cmake)
  _leaktrace_make_runner(doctest_runner "doctest::doctest" doctest
    doctest::doctest doctest/doctest_adapter.cpp doctest/doctest_runner.cpp
    LINK_OPTIONS ${LEAKTRACE_DOCTEST_RUNNER_LINK_OPTIONS})
endfunction()

get_property(_leaktrace_deferred GLOBAL PROPERTY _leaktrace_runners_deferred)
if(NOT _leaktrace_deferred)
  set_property(GLOBAL PROPERTY _leaktrace_runners_deferred TRUE)
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR}
    CALL _leaktrace_make_runners)
endif()
unset(_leaktrace_deferred)

# leaktrace_add_test(NAME name [TARGET target] [ARGS tool-args...]
#                    [TEST_ARGS program-args...])
# Registers `leaktrace ARGS -- $<TARGET_FILE:target> TEST_ARGS` as the CTest
# test NAME: the tool's exit status is the verdict (with --fail-on-leak, a
# leak fails it). TARGET defaults to NAME.
function(leaktrace_add_test)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "NAME;TARGET" "ARGS;TEST_ARGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "leaktrace_add_test: unknown arguments "
      "'${ARG_UNPARSED_ARGUMENTS}': it takes NAME, TARGET, ARGS and TEST_ARGS")
  endif()
  if(NOT ARG_NAME)
    message(FATAL_ERROR "leaktrace_add_test: NAME is missing: "
      "leaktrace_add_test(NAME tests ARGS -N 4 -r --fail-on-leak)")
  endif()
  if(NOT ARG_TARGET)
    set(ARG_TARGET ${ARG_NAME})
  endif()
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "leaktrace_add_test: there is no target "
      "'${ARG_TARGET}' (yet): call it after add_executable(${ARG_TARGET} ...), "
      "or name the test binary with TARGET")
  endif()
  get_property(tool GLOBAL PROPERTY leaktrace_TOOL)
  add_test(NAME ${ARG_NAME}
    COMMAND ${tool} ${ARG_ARGS} -- $<TARGET_FILE:${ARG_TARGET}>
      ${ARG_TEST_ARGS})
endfunction()
