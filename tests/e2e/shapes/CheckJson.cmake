# Runs `leaktrace -N3 -r --json OUT -- PROGRAM` on the shapes suite and
# checks what the JSON says: three types leak, and one class of the program
# (shapes::Pair, an aggregate) is not counted.
include(${CMAKE_CURRENT_LIST_DIR}/../../JsonFacts.cmake)
leaktrace_json(-N3 -r)
expect("leak" verdict)
expect(1 uncounted_classes)
expect_length(0 left_out)
expect_length(3 layers 0 leaks)
expect("shapes::Box<int>" layers 0 leaks 0 type)
expect("shapes::Counter" layers 0 leaks 1 type)
expect("shapes::Fd" layers 0 leaks 2 type)
