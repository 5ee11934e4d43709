# Instruments a CMake project without a change to its files:
#
#   cmake -S <project> -B <build> -DCMAKE_CXX_COMPILER=clang++-19 \
#         -DCMAKE_PROJECT_INCLUDE=<leaktrace>/lib/cmake/leaktrace/leaktraceProject.cmake
#
# (in a build tree of leaktrace: build/leaktraceProject.cmake). Every target
# of the project is compiled with the plugin and linked with the counting
# runtime (leaktrace::instrument). Every executable that links GoogleTest,
# directly or through a library of the project's (fmt's test-main), also
# links leaktrace::gtest_runner, and every one that links Catch2
# (Catch2::Catch2WithMain, Catch2::Catch2) leaktrace::catch2_runner. Every
# one with a file that implements doctest (DOCTEST_CONFIG_IMPLEMENT
# [_WITH_MAIN]) or Catch2 from a header (CATCH_CONFIG_MAIN/RUNNER with a
# catch.hpp, or catch_amalgamated.cpp) links leaktrace's runner compiled
# against the very header that file includes (a vendored copy:
# -DLEAKTRACE_DOCTEST_HEADER=<path> or -DLEAKTRACE_CATCH2_HEADER=<path> when
# it cannot be found). All keep the program's main:
# `leaktrace -N 4 -r -- <build>/tests` runs its layers.
#
# CMake includes this file after every project() call, the sub-projects'
# too (a vendored googletest has one): the first, top-level one does the
# work.
get_property(_leaktrace_project_done GLOBAL PROPERTY _leaktrace_project_done)
if(_leaktrace_project_done)
  return()
endif()
set_property(GLOBAL PROPERTY _leaktrace_project_done TRUE)
unset(_leaktrace_project_done)

find_package(leaktrace CONFIG REQUIRED
  PATHS "${CMAKE_CURRENT_LIST_DIR}" NO_DEFAULT_PATH)
# Every target made from here on, in every directory below.
link_libraries(leaktrace::instrument)

# Whether the link item \p item names \p framework's library: GoogleTest or
# gMock (GTest::gtest, gtest, gmock_main, libgtest.a, -lgtest_main), or
# Catch2 (Catch2::Catch2WithMain, Catch2, libCatch2Main.a, -lCatch2).
function(_leaktrace_is_framework_item framework item out)
  set(found FALSE)
  if(framework STREQUAL "gtest")
    if(item MATCHES "^GTest::" OR
       item MATCHES "(^|/|^-l)(lib)?g(test|mock)(_main)?(\\.a|\\.so[.0-9]*)?$")
      set(found TRUE)
    endif()
  elseif(item MATCHES "^Catch2::" OR
         item MATCHES "(^|/|^-l)(lib)?Catch2(Main|WithMain)?(\\.a|\\.so[.0-9]*)?$")
    set(found TRUE)
  endif()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# Whether target \p t links \p framework's library (gtest or catch2),
# directly or through the targets it links; the global property
# _leaktrace_seen holds the targets already looked at.
function(_leaktrace_links framework t out)
  set(${out} FALSE PARENT_SCOPE)
  get_property(seen GLOBAL PROPERTY _leaktrace_seen)
  if(t IN_LIST seen)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY _leaktrace_seen ${t})
  get_target_property(type ${t} TYPE)
  set(items)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct ${t} LINK_LIBRARIES)
    if(direct)
      list(APPEND items ${direct})
    endif()
  endif()
  get_target_property(interface ${t} INTERFACE_LINK_LIBRARIES)
  if(interface)
    list(APPEND items ${interface})
  endif()
  foreach(item IN LISTS items)
    # $<LINK_ONLY:x> and the like: the item inside.
    string(REGEX REPLACE "^\\$<[A-Z_]+:(.*)>$" "\\1" item "${item}")
    _leaktrace_is_framework_item(${framework} "${item}" found)
    if(found)
      set(${out} TRUE PARENT_SCOPE)
      return()
    endif()
    if(TARGET ${item})
      _leaktrace_links(${framework} ${item} found)
      if(found)
        set(${out} TRUE PARENT_SCOPE)
        return()
      endif()
    endif()
  endforeach()
endfunction()

# The runner for a program that keeps its own main with \p framework
# (doctest or catch2), compiled against \p header (one archive per distinct
# copy of the framework's header), in \p out.
function(_leaktrace_header_runner framework header out)
  get_property(made GLOBAL PROPERTY _leaktrace_${framework}_runners)
  list(FIND made "${header}" index)
  if(index EQUAL -1)
    list(LENGTH made index)
    set_property(GLOBAL APPEND PROPERTY _leaktrace_${framework}_runners
      "${header}")
    _leaktrace_runner_link_options(${framework} options)
    string(TOUPPER ${framework} upper)
    _leaktrace_add_runner_library(leaktrace_${framework}_runner_${index}
      ${framework}/${framework}_adapter.cpp ${framework}/${framework}_runner.cpp
      DEFINITIONS "LEAKTRACE_${upper}_HEADER=\"${header}\""
      LINK_OPTIONS ${options})
  endif()
  set(${out} leaktrace_${framework}_runner_${index} PARENT_SCOPE)
endfunction()

# The header of \p framework (doctest or catch2) an executable's files
# implement it from (or the one LEAKTRACE_DOCTEST_HEADER /
# LEAKTRACE_CATCH2_HEADER names), empty when none does.
function(_leaktrace_header_of framework t out)
  set(${out} "" PARENT_SCOPE)
  string(TOUPPER ${framework} upper)
  set(named "${LEAKTRACE_${upper}_HEADER}")
  _leaktrace_source_files(${t} files)
  foreach(src IN LISTS files)
    if(named)
      # Named by the user: whether this file implements the framework is
      # all that is asked of it.
      _leaktrace_implements(${framework} "${src}" implements)
      if(implements)
        set(${out} "${named}" PARENT_SCOPE)
        return()
      endif()
      continue()
    endif()
    _leaktrace_framework_header(${framework} ${t} "${src}" header)
    if(header)
      set(${out} "${header}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# Whether target \p t is built for 32-bit x86 (-m32 among its flags, as
# cereal's portability variants): leaktrace's runtime and runners are
# 64-bit archives and cannot be linked into it.
function(_leaktrace_is_32_bit t out)
  set(flags)
  foreach(property COMPILE_FLAGS COMPILE_OPTIONS LINK_FLAGS LINK_OPTIONS)
    get_target_property(value ${t} ${property})
    if(value)
      list(APPEND flags ${value})
    endif()
  endforeach()
  if("-m32" IN_LIST flags OR flags MATCHES "(^| )-m32( |$)")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

function(_leaktrace_link_runners)
  _leaktrace_targets(${CMAKE_SOURCE_DIR} targets)
  set(linked)
  set(left)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(type STREQUAL "INTERFACE_LIBRARY")
      continue()
    endif()
    _leaktrace_is_32_bit(${t} m32)
    if(m32)
      get_target_property(libs ${t} LINK_LIBRARIES)
      if(libs)
        list(REMOVE_ITEM libs leaktrace::instrument)
        set_property(TARGET ${t} PROPERTY LINK_LIBRARIES "${libs}")
      endif()
      list(APPEND left ${t})
      continue()
    endif()
    if(NOT type STREQUAL "EXECUTABLE")
      continue()
    endif()
    # GoogleTest and a linked Catch2 (a target or library) get the runner
    # made with the project's (or the system's) package; doctest and a
    # Catch2 implemented in the project's files from a header (vendored
    # catch.hpp, catch_amalgamated.hpp) one compiled against that header.
    set(runner "")
    foreach(framework gtest catch2)
      set_property(GLOBAL PROPERTY _leaktrace_seen "")
      _leaktrace_links(${framework} ${t} found)
      if(found)
        if(NOT TARGET leaktrace::${framework}_runner)
          message(FATAL_ERROR "leaktrace: ${t} links ${framework}, but "
            "neither this project nor the system has a package or target "
            "of it to compile leaktrace's runner with")
        endif()
        set(runner leaktrace::${framework}_runner)
        break()
      endif()
    endforeach()
    foreach(framework catch2 doctest)
      if(NOT runner)
        _leaktrace_header_of(${framework} ${t} header)
        if(header)
          _leaktrace_header_runner(${framework} "${header}" runner)
        endif()
      endif()
    endforeach()
    if(runner)
      # The property, not target_link_libraries(): that would refuse a
      # target whose project used the signature without PRIVATE.
      set_property(TARGET ${t} APPEND PROPERTY LINK_LIBRARIES ${runner})
      list(APPEND linked ${t})
    endif()
  endforeach()
  if(left)
    list(JOIN left ", " left)
    message(STATUS "leaktrace: left uninstrumented, being 32-bit (-m32): "
      "${left}")
  endif()
  if(linked)
    list(JOIN linked ", " linked)
    message(STATUS "leaktrace: test binaries that run their layers under "
      "the tool: ${linked}")
  endif()
endfunction()

# After the project's last line, and after leaktraceRunners.cmake made the
# runners (its call was deferred first, by find_package above).
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR}
  CALL _leaktrace_link_runners)
