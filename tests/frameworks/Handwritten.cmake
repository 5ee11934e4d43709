# The framework scenario built by hand, as a Makefile would: compiled with
# `leaktrace --cxxflags`, linked with `--catch2-ldflags` / `--doctest-ldflags`
# (the prebuilt runners), and once with the runner compiled from
# `--runner-sources=doctest`; each binary's report must be EXPECTED.
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(flags var)
  execute_process(COMMAND ${TOOL} ${ARGN} RESULT_VARIABLE rc
    OUTPUT_VARIABLE out OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "leaktrace ${ARGN} failed (${rc}): ${err}")
  endif()
  separate_arguments(out UNIX_COMMAND "${out}")
  set(${var} ${out} PARENT_SCOPE)
endfunction()
function(build name)
  execute_process(COMMAND ${CXX} -std=c++17 -O1 ${ARGN} -o ${WORK_DIR}/${name}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building ${name} failed:\n${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -DPROGRAM=${TOOL}
      "-DARGS=-N4|-r|-v|--|${WORK_DIR}/${name}" -DMASK_SECONDS=ON
      -DEXPECTED_STDOUT=${EXPECTED} -P ${COMPARE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} reports otherwise:\n${out}${err}")
  endif()
endfunction()

flags(cxxflags --cxxflags)
flags(ldflags --ldflags)
foreach(fw catch2 doctest)
  flags(main_ldflags --${fw}-ldflags)
  build(${fw}-ldflags ${cxxflags} ${SUITE_DIR}/${fw}_suite.cpp ${main_ldflags})
endforeach()

# The runner's sources, compiled with the program's flags against a copy of
# the framework of its own (here doctest's header, wherever it is).
flags(sources --runner-sources=doctest)
build(doctest-sources ${cxxflags} -I${DOCTEST_INCLUDE_DIR}
  ${SUITE_DIR}/doctest_suite.cpp ${sources} ${ldflags})
