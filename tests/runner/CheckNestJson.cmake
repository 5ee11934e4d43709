# The creation sites of nest_test.cpp in --json: every frame recorded, each
# with how the summary shows it. Leaks are sorted by type: nest::Anchor,
# nest::Node, nest::Ref.
include(${CMAKE_CURRENT_LIST_DIR}/../JsonFacts.cmake)
leaktrace_json(-N4 -r)
expect("nest::Ref" layers 0 leaks 2 type)
expect_length(1 layers 0 leaks 2 sites)
expect(1 layers 0 leaks 2 sites 0 objects)
# The Ref's site: the maker on a line; Node's constructor, Memory::
# createNode(), MemoryHolder::createNode() and Document::add() in lib/
# collapsed; the test's helper and TestBody on lines. The Node's
# constructor is two frames of one line, the base object's constructor
# called by the complete object's: the second is hidden, it adds nothing.
shown_frames(shown layers 0 leaks 2 sites 0)
set(expected
  "line:nest::Ref::Ref():8"
  "collapsed:nest::Node::Node():11"
  "collapsed:nest::Memory::createNode():19"
  "collapsed:nest::MemoryHolder::createNode():26"
  "collapsed:nest::Document::add():40"
  "line:(anonymous namespace)::addNode(nest::Document&):14"
  "line:Nest_LeaksNodes_Test::TestBody():22")
if(NOT shown STREQUAL expected)
  message(FATAL_ERROR "shown frames: ${shown}\nexpected: ${expected}")
endif()
expect("hidden" layers 0 leaks 2 sites 0 frames 2 shown)
string(JSON function GET "${J}" layers 0 leaks 2 sites 0 frames 2 function)
if(NOT function STREQUAL "nest::Node::Node()")
  message(FATAL_ERROR "frame 2 is ${function}, not the Node's constructor")
endif()
# Hidden but there: std::make_unique's frame between the Node's
# constructors and Memory::createNode(), and past TestBody GoogleTest's
# frames, the runner's, main and libc's, to _start.
expect("hidden" layers 0 leaks 2 sites 0 frames 3 shown)
string(JSON function GET "${J}" layers 0 leaks 2 sites 0 frames 3 function)
if(NOT function MATCHES "std::make_unique<nest::Node>")
  message(FATAL_ERROR "frame 3 is ${function}, not std::make_unique's")
endif()
expect("hidden" layers 0 leaks 2 sites 0 frames 9 shown)
string(JSON function GET "${J}" layers 0 leaks 2 sites 0 frames 9 function)
if(NOT function MATCHES "testing::")
  message(FATAL_ERROR "frame 9, TestBody's caller, is ${function}, not GoogleTest's")
endif()
string(JSON count LENGTH "${J}" layers 0 leaks 2 sites 0 frames)
math(EXPR last "${count} - 1")
expect("_start" layers 0 leaks 2 sites 0 frames ${last} function)
