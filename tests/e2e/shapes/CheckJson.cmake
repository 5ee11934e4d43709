# Runs `leaktrace -N3 -r --json OUT -- PROGRAM` on the shapes suite and
# checks what the JSON says: five types leak, and every class of the program
# is counted (shapes::Pair, Span and Record by their objects made with new).
include(${CMAKE_CURRENT_LIST_DIR}/../../JsonFacts.cmake)
leaktrace_json(-N3 -r)
expect("leak" verdict)
expect(0 uncounted_classes)
expect_length(0 left_out)
expect_length(5 layers 0 leaks)
expect("shapes::Box<int>" layers 0 leaks 0 type)
expect("shapes::Counter" layers 0 leaks 1 type)
expect("shapes::Fd" layers 0 leaks 2 type)
expect("shapes::Record" layers 0 leaks 3 type)
expect("shapes::Span" layers 0 leaks 4 type)
