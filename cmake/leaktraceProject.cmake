# Instruments a CMake project without a change to its files:
#
#   cmake -S <project> -B <build> -DCMAKE_CXX_COMPILER=clang++-19 \
#         -DCMAKE_PROJECT_INCLUDE=<leaktrace>/lib/cmake/leaktrace/leaktraceProject.cmake
#
# (in a build tree of leaktrace: build/leaktraceProject.cmake). Every target
# of the project is compiled with the plugin and linked with the counting
# runtime (leaktrace::instrument). Every executable that links GoogleTest,
# directly or through a library of the project's (fmt's test-main), also
# links leaktrace::gtest_runner; every one with a file that implements
# doctest (DOCTEST_CONFIG_IMPLEMENT[_WITH_MAIN]) links leaktrace's doctest
# runner, compiled against the very doctest.h that file includes (a vendored
# copy: -DLEAKTRACE_DOCTEST_HEADER=<path> when it cannot be found). Both keep
# the program's main: `leaktrace -N 4 -r -- <build>/tests` runs its layers.
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

# Whether the link item \p item names GoogleTest or gMock: a target
# (GTest::gtest, gtest, gmock_main), a file (libgtest.a) or a flag
# (-lgtest_main).
function(_leaktrace_is_gtest item out)
  set(found FALSE)
  if(item MATCHES "^GTest::" OR
     item MATCHES "(^|/|^-l)(lib)?g(test|mock)(_main)?(\\.a|\\.so[.0-9]*)?$")
    set(found TRUE)
  endif()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# Whether target \p t links GoogleTest, directly or through the targets it
# links; \p seen holds the targets already looked at.
function(_leaktrace_links_gtest t out)
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
    _leaktrace_is_gtest("${item}" found)
    if(found)
      set(${out} TRUE PARENT_SCOPE)
      return()
    endif()
    if(TARGET ${item})
      _leaktrace_links_gtest(${item} found)
      if(found)
        set(${out} TRUE PARENT_SCOPE)
        return()
      endif()
    endif()
  endforeach()
endfunction()

# The runner for a program that keeps its own doctest main, compiled against
# \p header (one archive per distinct copy of doctest.h), in \p out.
function(_leaktrace_doctest_runner header out)
  get_property(made GLOBAL PROPERTY _leaktrace_doctest_runners)
  list(FIND made "${header}" index)
  if(index EQUAL -1)
    list(LENGTH made index)
    set_property(GLOBAL APPEND PROPERTY _leaktrace_doctest_runners "${header}")
    _leaktrace_runner_link_options(doctest options)
    _leaktrace_add_runner_library(leaktrace_doctest_runner_${index}
      doctest/doctest_adapter.cpp doctest/doctest_runner.cpp
      DEFINITIONS "LEAKTRACE_DOCTEST_HEADER=\"${header}\""
      LINK_OPTIONS ${options})
  endif()
  set(${out} leaktrace_doctest_runner_${index} PARENT_SCOPE)
endfunction()

# The doctest.h an executable's files implement doctest from (or the one
# LEAKTRACE_DOCTEST_HEADER names), empty when none does.
function(_leaktrace_doctest_of t out)
  set(${out} "" PARENT_SCOPE)
  _leaktrace_source_files(${t} files)
  foreach(src IN LISTS files)
    if(LEAKTRACE_DOCTEST_HEADER)
      # Named by the user: whether this file implements doctest is all
      # that is asked of it.
      _leaktrace_implements_doctest("${src}" implements)
      if(implements)
        set(${out} "${LEAKTRACE_DOCTEST_HEADER}" PARENT_SCOPE)
        return()
      endif()
      continue()
    endif()
    _leaktrace_doctest_header(${t} "${src}" header)
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
    set_property(GLOBAL PROPERTY _leaktrace_seen "")
    _leaktrace_links_gtest(${t} found)
    if(NOT found)
      _leaktrace_doctest_of(${t} header)
      if(header)
        _leaktrace_doctest_runner("${header}" runner)
        set_property(TARGET ${t} APPEND PROPERTY LINK_LIBRARIES ${runner})
        list(APPEND linked ${t})
      endif()
      continue()
    endif()
    if(NOT TARGET leaktrace::gtest_runner)
      message(FATAL_ERROR "leaktrace: ${t} links GoogleTest, but neither "
        "this project nor the system has a GoogleTest package or target "
        "to compile leaktrace's runner with")
    endif()
    # The property, not target_link_libraries(): that would refuse a
    # target whose project used the signature without PRIVATE.
    set_property(TARGET ${t} APPEND PROPERTY LINK_LIBRARIES
      leaktrace::gtest_runner)
    list(APPEND linked ${t})
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
