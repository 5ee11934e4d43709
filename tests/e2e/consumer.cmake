# Builds tests/e2e/consumer against leaktrace with find_package() and checks
# its at-exit report. MODE: build-tree, install, wrong-compiler, or flags (a
# project without find_package, instrumented through CMAKE_CXX_FLAGS and
# CMAKE_EXE_LINKER_FLAGS).
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

include(${CMAKE_CURRENT_LIST_DIR}/Run.cmake)

if(MODE STREQUAL "wrong-compiler")
  find_program(GXX g++ REQUIRED)
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK_DIR}/build
      -DCMAKE_CXX_COMPILER=${GXX} -Dleaktrace_DIR=${BUILD_DIR}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "configuring with g++ succeeded; it must be refused")
  endif()
  string(REGEX REPLACE "[ \n]+" " " err "${err}")
  if(NOT err MATCHES "leaktrace's plugin was built for clang [0-9]+, but this project's CXX compiler is GNU")
    message(FATAL_ERROR "refused without the expected message:\n${err}")
  endif()
  return()
endif()

if(MODE STREQUAL "flags")
  # CONSUMER is a project without find_package(leaktrace): the flags come
  # from the command line, as CMAKE_CXX_FLAGS and CMAKE_EXE_LINKER_FLAGS.
  include(${CMAKE_CURRENT_LIST_DIR}/ToolFlags.cmake)
  run(${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK_DIR}/build
    -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${cxxflags}"
    "-DCMAKE_EXE_LINKER_FLAGS=${ldflags}")
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
  run(${CMAKE_COMMAND} -DPROGRAM=${WORK_DIR}/build/app
    -DEXPECTED_STDOUT=${EXPECTED_STDOUT} -DEXPECTED_STDERR=${EXPECTED_STDERR}
    -P ${COMPARE})
  return()
endif()

set(args -DCMAKE_CXX_COMPILER=${CXX})
if(MODE STREQUAL "build-tree")
  list(APPEND args -Dleaktrace_DIR=${BUILD_DIR})
elseif(MODE STREQUAL "install")
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
  list(APPEND args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
run(${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK_DIR}/build ${args})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${CMAKE_COMMAND} -DPROGRAM=${WORK_DIR}/build/app
  -DEXPECTED_STDOUT=${EXPECTED_STDOUT} -DEXPECTED_STDERR=${EXPECTED_STDERR}
  -P ${COMPARE})
# The layer runner through the package: leaktrace::gtest_main, run by the tool.
run(${CMAKE_COMMAND} -E env --unset=LEAKTRACE_REPORT
  ${CMAKE_COMMAND} -DPROGRAM=${TOOL} "-DARGS=-N3|-r|--|${WORK_DIR}/build/layers_tests"
  -DMASK_SECONDS=ON -DEXPECTED_STDOUT=${LAYERS_EXPECTED} -P ${COMPARE})
