# many_sites_test.cpp in --json: the summary shows ten sites of the twelve,
# the JSON has all twelve, most objects first, the last with one object.
include(${CMAKE_CURRENT_LIST_DIR}/../JsonFacts.cmake)
leaktrace_json(-N4 -r)
expect("many::Widget" layers 0 leaks 0 type)
expect_length(12 layers 0 leaks 0 sites)
expect(12 layers 0 leaks 0 sites 0 objects)
expect(1 layers 0 leaks 0 sites 11 objects)
shown_frames(shown layers 0 leaks 0 sites 11)
list(GET shown 0 maker)
if(NOT maker MATCHES "^line:void many::makeAt<1>\\(\\):")
  message(FATAL_ERROR "the last site's first line is ${maker}, not makeAt<1>()")
endif()
