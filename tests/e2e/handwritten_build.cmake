# Builds examples/samplelayers by hand with the flags the tool prints, the way
# a Makefile user would, and checks the at-exit report.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/ToolFlags.cmake)
set(objs)
foreach(src main.cpp samplelayers.cpp)
  execute_process(COMMAND ${CXX} -O2 ${cxxflags_list} -c ${SRC_DIR}/${src} -o ${WORK_DIR}/${src}.o
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling ${src} failed:\n${err}")
  endif()
  list(APPEND objs ${WORK_DIR}/${src}.o)
endforeach()
# The flags after the objects, and before them, where build systems put
# LDFLAGS and CMAKE_EXE_LINKER_FLAGS.
foreach(order after before)
  if(order STREQUAL after)
    set(link ${objs} ${ldflags_list})
  else()
    set(link ${ldflags_list} ${objs})
  endif()
  execute_process(COMMAND ${CXX} ${link} -o ${WORK_DIR}/app-${order}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "linking with the flags ${order} the objects failed:\n${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -DPROGRAM=${WORK_DIR}/app-${order}
      -DEXPECTED_STDOUT=${EXPECTED_STDOUT} -DEXPECTED_STDERR=${EXPECTED_STDERR}
      -P ${COMPARE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the program linked with the flags ${order} the "
      "objects reports otherwise:\n${out}${err}")
  endif()
endforeach()

# The GoogleTest layers by hand: --cxxflags to compile, --gtest-ldflags to
# link, then the tool on them.
execute_process(COMMAND ${TOOL} --gtest-ldflags RESULT_VARIABLE rc
  OUTPUT_VARIABLE gtest_ldflags OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "leaktrace --gtest-ldflags failed (${rc})")
endif()
separate_arguments(gtest_ldflags UNIX_COMMAND "${gtest_ldflags}")
# The link flags first, as LDFLAGS would put them.
execute_process(COMMAND ${CXX} -O2 ${cxxflags_list} ${gtest_ldflags}
    ${SRC_DIR}/samplelayers_test.cpp ${WORK_DIR}/samplelayers.cpp.o
    -o ${WORK_DIR}/layers
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the layers by hand failed:\n${err}")
endif()
# A Makefile whose global LDFLAGS hold --ldflags links its test binary with
# both: the runtime must come in once, not twice.
execute_process(COMMAND ${CXX} -O2 ${cxxflags_list} ${ldflags_list}
    ${SRC_DIR}/samplelayers_test.cpp ${WORK_DIR}/samplelayers.cpp.o
    ${gtest_ldflags} -o ${WORK_DIR}/layers-both
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "linking the layers with the global --ldflags and "
    "--gtest-ldflags failed:\n${err}")
endif()
foreach(layers layers layers-both)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=LEAKTRACE_REPORT
      ${CMAKE_COMMAND} -DPROGRAM=${TOOL}
      "-DARGS=--tests-pattern|leak|-N4|-r|--|${WORK_DIR}/${layers}"
      -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${LAYERS_EXPECTED} -P ${COMPARE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the hand-built ${layers}' report differs:\n${out}${err}")
  endif()
endforeach()
