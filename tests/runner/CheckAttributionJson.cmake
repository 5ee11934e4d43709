# The facts of "which test leaks" in --json: attribution_test.cpp under
# `leaktrace -N4 -r`. Leaks are sorted by type, their tests by name.
include(${CMAKE_CURRENT_LIST_DIR}/../JsonFacts.cmake)
leaktrace_json(-N4 -r)
expect("leaktrace-run/2" schema)
expect("leak" verdict)
expect_length(3 layers 0 leaks)
# The fixture's SetUpTestSuite: outside every test, no test to blame.
expect("orders::Ledger" layers 0 leaks 0 type)
expect_length(0 layers 0 leaks 0 tests)
expect(1 layers 0 leaks 0 outside_tests insts 0)
expect(1 layers 0 leaks 0 outside_tests insts 2)
expect("orders::Order" layers 0 leaks 1 type)
expect_length(1 layers 0 leaks 1 tests)
expect("Orders.LeaksOrder" layers 0 leaks 1 tests 0 name)
expect(1 layers 0 leaks 1 tests 0 insts 2)
expect(0 layers 0 leaks 1 tests 0 refs 0)
expect("orders::Session" layers 0 leaks 2 type)
expect_length(1 layers 0 leaks 2 tests)
expect("Orders.LeaksSession" layers 0 leaks 2 tests 0 name)
expect(1 layers 0 leaks 2 tests 0 insts 0)
expect(1 layers 0 leaks 2 tests 0 refs 2)
# Nothing of Order grew outside the tests.
string(JSON missing ERROR_VARIABLE none GET "${J}" layers 0 leaks 1 outside_tests)
if(NOT none)
  message(FATAL_ERROR "outside_tests where nothing grew outside the tests")
endif()
# Iteration 1: the warming test built the catalog and its three orders; in
# iteration 2 it changes nothing, so only the two leaking tests appear.
expect_length(3 layers 0 iterations 0 tests)
expect("Orders.WarmsCatalog" layers 0 iterations 0 tests 2 name)
expect_length(2 layers 0 iterations 1 tests)
expect("Orders.LeaksOrder" layers 0 iterations 1 tests 0 name)
expect("Orders.LeaksSession" layers 0 iterations 1 tests 1 name)
# Where the leaked objects were made (the second run): one site each, every
# frame of its stack, innermost first; those the summary shows are the
# maker and the test's frame, in attribution_test.cpp, and what is between
# them (the standard library's) and past the test's (GoogleTest's, the
# runner's, main, libc) is hidden.
expect("" creation_sites failure)
expect_length(1 layers 0 leaks 1 sites)
expect(1 layers 0 leaks 1 sites 0 objects)
expect("orders::Order::Order(int)" layers 0 leaks 1 sites 0 frames 0 function)
expect(18 layers 0 leaks 1 sites 0 frames 0 line)
expect("line" layers 0 leaks 1 sites 0 frames 0 shown)
string(JSON file GET "${J}" layers 0 leaks 1 sites 0 frames 0 file)
if(NOT file MATCHES "/tests/runner/attribution_test.cpp$")
  message(FATAL_ERROR "creation site in ${file}, not attribution_test.cpp")
endif()
string(JSON count LENGTH "${J}" layers 0 leaks 1 sites 0 frames)
math(EXPR last "${count} - 1")
string(JSON outermost GET "${J}" layers 0 leaks 1 sites 0 frames ${last} function)
if(NOT outermost STREQUAL "_start")
  message(FATAL_ERROR "the frames end at ${outermost}, not at _start")
endif()
function(expect_shown expected)
  shown_frames(shown ${ARGN})
  if(NOT shown STREQUAL expected)
    message(FATAL_ERROR "${ARGN}: shown ${shown}, not ${expected}")
  endif()
endfunction()
expect_shown("line:orders::Ledger::Ledger():31;line:(anonymous namespace)::Books::SetUpTestSuite():70"
  layers 0 leaks 0 sites 0)
expect_shown("line:orders::Order::Order(int):18;line:Orders_LeaksOrder_Test::TestBody():79"
  layers 0 leaks 1 sites 0)
expect_shown("line:orders::Session::Session():25;line:Orders_LeaksSession_Test::TestBody():84"
  layers 0 leaks 2 sites 0)

# With the known growth accepted: no leak in the verdict, the reasons given.
leaktrace_json(-N4 -r --baseline ${BASELINE})
expect("ok" verdict)
expect("one ledger per run of the suite" layers 0 leaks 0 baseline)
expect("the order history is kept on purpose" layers 0 leaks 1 baseline)
expect("" layers 0 leaks 2 baseline)
