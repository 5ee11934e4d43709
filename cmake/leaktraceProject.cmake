# Instruments a CMake project without a change to its files:
#
#   cmake -S <project> -B <build> -DCMAKE_CXX_COMPILER=clang++-19 \
#         -DCMAKE_PROJECT_INCLUDE=<leaktrace>/lib/cmake/leaktrace/leaktraceProject.cmake
#
# (in a build tree of leaktrace: build/leaktraceProject.cmake). Every target
# of the project is compiled with the plugin and linked with the counting
# runtime (leaktrace::instrument), and every executable that links
# GoogleTest, directly or through a library of the project's (fmt's
# test-main), also links leaktrace::gtest_runner, which keeps the program's
# main: `leaktrace -N 4 -r -- <build>/tests` then runs its layers.
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

function(_leaktrace_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _leaktrace_targets(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(_leaktrace_link_gtest_runner)
  _leaktrace_targets(${CMAKE_SOURCE_DIR} targets)
  set(linked)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(NOT type STREQUAL "EXECUTABLE")
      continue()
    endif()
    set_property(GLOBAL PROPERTY _leaktrace_seen "")
    _leaktrace_links_gtest(${t} found)
    if(NOT found)
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
  if(linked)
    list(JOIN linked ", " linked)
    message(STATUS "leaktrace: GoogleTest binaries that run their layers "
      "under the tool: ${linked}")
  endif()
endfunction()

# After the project's last line, and after leaktraceRunners.cmake made the
# runners (its call was deferred first, by find_package above).
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR}
  CALL _leaktrace_link_gtest_runner)
