# The layer runners and CTest support of the leaktrace package; included by
# leaktraceConfig.cmake, which sets the global properties leaktrace_RUNNER_DIR
# (the runner's sources) and leaktrace_TOOL.
#
#   leaktrace::gtest_runner  link with the program's own main, or with
#                            gtest_main: its RUN_ALL_TESTS() runs the layers
#                            under the tool (a link-time --wrap)
#   leaktrace::gtest_main    link instead of gtest_main
#   leaktrace::catch2_runner  with the program's own main: Catch2's
#                            (CATCH_CONFIG_MAIN, Catch2::Catch2WithMain) or
#                            one with a Catch::Session; v2 implemented in a
#                            file compiled with the plugin
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

# Every target of directory \p dir and the directories below, in \p out.
function(_leaktrace_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _leaktrace_targets(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The source files of target \p t that are files on disk (generator
# expressions and generated files left out), as absolute paths, in \p out.
function(_leaktrace_source_files t out)
  get_target_property(srcs ${t} SOURCES)
  get_target_property(srcdir ${t} SOURCE_DIR)
  set(files)
  foreach(src IN LISTS srcs)
    if(src MATCHES "\\$<")
      continue()
    endif()
    if(NOT IS_ABSOLUTE "${src}")
      set(src "${srcdir}/${src}")
    endif()
    if(EXISTS "${src}" AND NOT IS_DIRECTORY "${src}")
      list(APPEND files "${src}")
    endif()
  endforeach()
  set(${out} "${files}" PARENT_SCOPE)
endfunction()

# The patterns that tell a header-only framework (doctest or catch2) apart:
# the file name of its header, and the #define of the file that implements
# it (Catch2 v3's amalgamated catch_amalgamated.cpp implements it by its
# name alone).
# (A function, not variables: the functions below run deferred, in the
# top-level directory, whichever directory found the package.)
function(_leaktrace_framework_regex framework kind out)
  if(framework STREQUAL "doctest" AND kind STREQUAL "header")
    set(${out} "[\"</]doctest\\.h[\">]" PARENT_SCOPE)
  elseif(framework STREQUAL "doctest")
    set(${out} "^[ \t]*#[ \t]*define[ \t]+DOCTEST_CONFIG_IMPLEMENT"
      PARENT_SCOPE)
  elseif(kind STREQUAL "header")
    set(${out} "[\"</](catch\\.hpp|catch_amalgamated\\.hpp)[\">]"
      PARENT_SCOPE)
  else()
    set(${out}
      "^[ \t]*#[ \t]*define[ \t]+CATCH_CONFIG_(MAIN|RUNNER)([ \t]|$)"
      PARENT_SCOPE)
  endif()
endfunction()

# Whether the file \p src implements \p framework (doctest: it defines
# DOCTEST_CONFIG_IMPLEMENT, with or without _WITH_MAIN; catch2:
# CATCH_CONFIG_MAIN or CATCH_CONFIG_RUNNER, or it is catch_amalgamated.cpp),
# in \p out.
function(_leaktrace_implements framework src out)
  set(${out} FALSE PARENT_SCOPE)
  get_filename_component(name "${src}" NAME)
  if(framework STREQUAL "catch2" AND name STREQUAL "catch_amalgamated.cpp")
    set(${out} TRUE PARENT_SCOPE)
    return()
  endif()
  _leaktrace_framework_regex(${framework} implements regex)
  file(STRINGS "${src}" defines REGEX "${regex}")
  if(defines)
    set(${out} TRUE PARENT_SCOPE)
  endif()
endfunction()

# The file that `#include` line \p line of \p file names, searched as the
# compiler would (next to \p file for a quoted name, then \p dirs), in
# \p out; empty when it is none of those (a system header).
function(_leaktrace_resolve_include file line dirs out)
  string(REGEX REPLACE "^[^\"<]*[\"<]([^\">]+)[\">].*" "\\1" name "${line}")
  get_filename_component(here "${file}" DIRECTORY)
  set(search ${dirs})
  if(line MATCHES "\"")
    list(PREPEND search "${here}")
  endif()
  foreach(dir IN LISTS search)
    if(EXISTS "${dir}/${name}" AND NOT IS_DIRECTORY "${dir}/${name}")
      get_filename_component(found "${dir}/${name}" REALPATH)
      set(${out} "${found}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# The header of \p framework that \p file includes, itself or through the
# headers it includes (cereal's test files reach doctest.h through two of
# them), in \p out. The search follows the headers found in \p dirs or next
# to the includer, not the system's, as deep as \p depth.
function(_leaktrace_find_header framework file dirs depth out)
  set(${out} "" PARENT_SCOPE)
  get_property(seen GLOBAL PROPERTY _leaktrace_includes_seen)
  if("${file}" IN_LIST seen OR depth GREATER 8)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY _leaktrace_includes_seen "${file}")
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
  _leaktrace_framework_regex(${framework} header header_regex)
  foreach(line IN LISTS lines)
    _leaktrace_resolve_include("${file}" "${line}" "${dirs}" found)
    if(line MATCHES "${header_regex}")
      if(NOT found)
        # doctest-dev's <doctest/doctest.h>, catch2's <catch2/catch.hpp>,
        # as the compiler finds them.
        _leaktrace_resolve_include("${file}" "${line}"
          "${CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES}" found)
      endif()
      if(NOT found)
        string(REGEX REPLACE "^[ \t]*" "" line "${line}")
        set(${out} "NOTFOUND:${line}" PARENT_SCOPE)
        return()
      endif()
      set(${out} "${found}" PARENT_SCOPE)
      return()
    endif()
    if(found)
      math(EXPR deeper "${depth} + 1")
      _leaktrace_find_header(${framework} "${found}" "${dirs}" ${deeper}
        header)
      if(header)
        set(${out} "${header}" PARENT_SCOPE)
        return()
      endif()
    endif()
  endforeach()
endfunction()

# The header of \p framework that the file \p src of target \p t uses,
# itself or through the headers it includes, in \p out: a path,
# "NOTFOUND:<the #include line>" when the line names a header leaktrace
# cannot find, or empty when the file includes none.
function(_leaktrace_included_header framework t src out)
  get_target_property(target_dirs ${t} INCLUDE_DIRECTORIES)
  get_target_property(target_source_dir ${t} SOURCE_DIR)
  set(dirs)
  foreach(dir IN LISTS target_dirs)
    if(NOT dir MATCHES "\\$<")
      if(NOT IS_ABSOLUTE "${dir}")
        set(dir "${target_source_dir}/${dir}")
      endif()
      list(APPEND dirs ${dir})
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY _leaktrace_includes_seen "")
  _leaktrace_find_header(${framework} "${src}" "${dirs}" 0 header)
  set(${out} "${header}" PARENT_SCOPE)
endfunction()

# The header of \p framework (doctest or catch2) that the file \p src of
# target \p t implements the framework from, in \p out; empty when it
# implements none. Configuration stops when the file implements it from a
# header leaktrace cannot find.
function(_leaktrace_framework_header framework t src out)
  set(${out} "" PARENT_SCOPE)
  _leaktrace_implements(${framework} "${src}" implements)
  if(NOT implements)
    return()
  endif()
  _leaktrace_included_header(${framework} ${t} "${src}" header)
  if(NOT header AND framework STREQUAL "catch2")
    # catch_amalgamated.cpp includes its header by a name next to it.
    get_filename_component(dir "${src}" DIRECTORY)
    if(EXISTS "${dir}/catch_amalgamated.hpp")
      set(header "${dir}/catch_amalgamated.hpp")
    endif()
  endif()
  if(NOT header OR header MATCHES "^NOTFOUND:")
    string(REGEX REPLACE "^NOTFOUND:" "" line "${header}")
    string(TOUPPER ${framework} upper)
    set(names "doctest.h")
    if(framework STREQUAL "catch2")
      set(names "catch.hpp or catch_amalgamated.hpp")
    endif()
    if(NOT line)
      set(line "no ${names} among the headers leaktrace could follow")
    endif()
    message(FATAL_ERROR "leaktrace: ${src} (target ${t}) implements "
      "${framework}, but leaktrace cannot find the ${names} it uses "
      "(${line}): configure with -DLEAKTRACE_${upper}_HEADER=<the path of "
      "that header>, so that the runner is compiled against the very copy "
      "the tests use")
  endif()
  set(${out} "${header}" PARENT_SCOPE)
endfunction()

# A target linked with leaktrace's runner for \p framework (doctest or catch2:
# its _main or _runner) whose files include a header of the framework other
# than \p header, the one that runner is compiled against (a vendored copy,
# as cereal's unittests/doctest.h), would link two versions of the
# framework's internals: configuration stops, naming what fits.
function(_leaktrace_check_runner_header framework header target)
  get_filename_component(header "${header}" REALPATH)
  _leaktrace_targets(${CMAKE_SOURCE_DIR} targets)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(NOT type STREQUAL "EXECUTABLE")
      continue()
    endif()
    get_target_property(libs ${t} LINK_LIBRARIES)
    set(runner "")
    foreach(name ${framework}_main ${framework}_runner)
      if(libs AND ("leaktrace::${name}" IN_LIST libs OR
                   "leaktrace_${name}" IN_LIST libs))
        set(runner leaktrace::${name})
      endif()
    endforeach()
    if(NOT runner)
      continue()
    endif()
    _leaktrace_source_files(${t} files)
    foreach(src IN LISTS files)
      _leaktrace_included_header(${framework} ${t} "${src}" used)
      if(used AND NOT used MATCHES "^NOTFOUND:" AND NOT used STREQUAL header)
        # A byte-for-byte copy is the same framework.
        file(SHA256 "${used}" used_hash)
        file(SHA256 "${header}" header_hash)
        if(used_hash STREQUAL header_hash)
          continue()
        endif()
        message(FATAL_ERROR "leaktrace: ${t} links ${runner}, which is "
          "compiled against ${header}, but ${src} includes ${used}: two "
          "copies of ${framework} would be linked. Configure the project "
          "with -DCMAKE_PROJECT_INCLUDE=<leaktrace>/lib/cmake/leaktrace/"
          "leaktraceProject.cmake instead of linking ${runner} (it compiles "
          "a runner against ${used} and keeps the file that implements "
          "${framework}), or make the ${target} target the project's copy")
      endif()
    endforeach()
  endforeach()
endfunction()

# Whether this project's C++ library may differ from the one leaktrace's
# prebuilt runner core was compiled with (libstdc++, its C++11 ABI, no debug
# mode): the core's interface passes std::string and std::vector, so it is
# then compiled here, from source, in \p out. LEAKTRACE_RUNNER_CORE_FROM_SOURCE
# (ON/OFF) decides instead.
function(_leaktrace_core_from_source out)
  if(DEFINED LEAKTRACE_RUNNER_CORE_FROM_SOURCE)
    set(${out} ${LEAKTRACE_RUNNER_CORE_FROM_SOURCE} PARENT_SCOPE)
    return()
  endif()
  get_property(options DIRECTORY ${CMAKE_SOURCE_DIR} PROPERTY COMPILE_OPTIONS)
  get_property(defs DIRECTORY ${CMAKE_SOURCE_DIR} PROPERTY COMPILE_DEFINITIONS)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  set(flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${config}} ${options} ${defs}")
  if(flags MATCHES "-stdlib=libc\\+\\+|_GLIBCXX_USE_CXX11_ABI=0|_GLIBCXX_DEBUG")
    set(${out} ON PARENT_SCOPE)
  else()
    set(${out} OFF PARENT_SCOPE)
  endif()
endfunction()

# _leaktrace_add_runner_library(TARGET SOURCES... [LINK TARGETS...]
#                               [DEFINITIONS DEFS...] [LINK_OPTIONS OPTS...])
# A runner archive compiled in this project: SOURCES (paths under the
# runner's sources, an adapter and its entry point), with the
# instrumentation, linked with leaktrace's prebuilt core (or the core
# compiled here too, see _leaktrace_core_from_source). The core holds
# <regex> and most of the runner's code: compiled once with leaktrace, it
# costs the project nothing.
function(_leaktrace_add_runner_library target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "LINK;DEFINITIONS;LINK_OPTIONS")
  get_property(dir GLOBAL PROPERTY leaktrace_RUNNER_DIR)
  list(TRANSFORM ARG_UNPARSED_ARGUMENTS PREPEND ${dir}/)
  _leaktrace_core_from_source(from_source)
  set(core leaktrace::runner_core)
  if(from_source)
    list(PREPEND ARG_UNPARSED_ARGUMENTS ${dir}/core/Runner.cpp)
    set(core "")
  endif()
  add_library(${target} STATIC EXCLUDE_FROM_ALL ${ARG_UNPARSED_ARGUMENTS})
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_link_libraries(${target} PUBLIC leaktrace::instrument ${core}
    ${ARG_LINK})
  if(ARG_DEFINITIONS)
    target_compile_definitions(${target} PRIVATE ${ARG_DEFINITIONS})
  endif()
  if(ARG_LINK_OPTIONS)
    target_link_options(${target} INTERFACE ${ARG_LINK_OPTIONS})
  endif()
endfunction()

# The link options of the runner that keeps the program's main for
# \p framework (gtest, catch2 or doctest), from the runner's own sources, in
# \p out.
function(_leaktrace_runner_link_options framework out)
  get_property(dir GLOBAL PROPERTY leaktrace_RUNNER_DIR)
  get_target_property(include_dir leaktrace::runtime
    INTERFACE_INCLUDE_DIRECTORIES)
  set(LEAKTRACE_HEADER ${include_dir}/leaktrace/leaktrace.h)
  include(${dir}/${framework}/${framework}_runner.cmake)
  string(TOUPPER ${framework} upper)
  set(${out} ${LEAKTRACE_${upper}_RUNNER_LINK_OPTIONS} PARENT_SCOPE)
endfunction()

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
  _leaktrace_add_runner_library(leaktrace_${name} ${ARG_UNPARSED_ARGUMENTS}
    LINK ${use} LINK_OPTIONS ${ARG_LINK_OPTIONS})
  add_library(leaktrace::${name} ALIAS leaktrace_${name})
endfunction()

function(_leaktrace_make_runners)
  set(gtest_candidates "GTest::gtest;gtest")
  _leaktrace_make_runner(gtest_main "${gtest_candidates}" GTest GTest::gtest
    gtest/gtest_adapter.cpp gtest/gtest_main.cpp)
  _leaktrace_runner_link_options(gtest options)
  _leaktrace_make_runner(gtest_runner "${gtest_candidates}" GTest GTest::gtest
    gtest/gtest_adapter.cpp gtest/gtest_runner.cpp LINK_OPTIONS ${options})
  _leaktrace_make_runner(catch2_main "Catch2::Catch2;Catch2" Catch2
    Catch2::Catch2 catch2/catch2_adapter.cpp catch2/catch2_main.cpp)
  _leaktrace_runner_link_options(catch2 options)
  _leaktrace_make_runner(catch2_runner "Catch2::Catch2;Catch2" Catch2
    Catch2::Catch2 catch2/catch2_adapter.cpp catch2/catch2_runner.cpp
    LINK_OPTIONS ${options})
  _leaktrace_make_runner(doctest_main "doctest::doctest" doctest
    doctest::doctest doctest/doctest_adapter.cpp doctest/doctest_main.cpp)
  _leaktrace_runner_link_options(doctest options)
  _leaktrace_make_runner(doctest_runner "doctest::doctest" doctest
    doctest::doctest doctest/doctest_adapter.cpp doctest/doctest_runner.cpp
    LINK_OPTIONS ${options})
  # The header the runners are compiled against: <doctest/doctest.h>,
  # <catch2/catch.hpp> (v2), as found through the target they were made
  # with. (v3's tests include other headers than its amalgamated one.)
  foreach(triple "doctest|doctest::doctest|doctest/doctest.h"
                 "catch2|Catch2::Catch2|catch2/catch.hpp"
                 "catch2|Catch2|catch2/catch.hpp")
    string(REPLACE "|" ";" triple "${triple}")
    list(GET triple 0 framework)
    list(GET triple 1 target)
    list(GET triple 2 file)
    if(NOT TARGET leaktrace::${framework}_main OR NOT TARGET ${target} OR
       checked_${framework})
      continue()
    endif()
    set(checked_${framework} TRUE)
    get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
    foreach(dir IN LISTS dirs)
      if(EXISTS "${dir}/${file}")
        _leaktrace_check_runner_header(${framework} "${dir}/${file}" ${target})
        break()
      endif()
    endforeach()
  endforeach()
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
