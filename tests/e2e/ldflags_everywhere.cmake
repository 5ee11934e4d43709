# `leaktrace --ldflags` where a Makefile puts LDFLAGS: before the objects,
# and on the link of a shared library as well as on the executable's. The
# library then holds a copy of the runtime too; the counts must still be
# one set, reported once.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/ToolFlags.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/Run.cmake)
run(${CXX} -O2 -fPIC ${cxxflags_list} -c ${SRC_DIR}/shared.cpp -o ${WORK_DIR}/shared.o)
run(${CXX} -shared ${ldflags_list} ${WORK_DIR}/shared.o -o ${WORK_DIR}/libshared.so)
run(${CXX} -O2 ${cxxflags_list} -c ${SRC_DIR}/main.cpp -o ${WORK_DIR}/main.o)
run(${CXX} ${ldflags_list} ${WORK_DIR}/main.o -L${WORK_DIR} -lshared
  -Wl,-rpath,${WORK_DIR} -o ${WORK_DIR}/app)
execute_process(COMMAND ${CMAKE_COMMAND} -E env LEAKTRACE_REPORT=exit
    ${CMAKE_COMMAND} -DPROGRAM=${WORK_DIR}/app
    -DEXPECTED_STDERR=${SRC_DIR}/expected.txt -P ${COMPARE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the program reports otherwise:\n${out}${err}")
endif()
