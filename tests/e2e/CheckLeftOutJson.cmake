# Runs `leaktrace -N3 -r --json OUT -- PROGRAM` on the suite with an
# uninstrumented file and checks what the JSON says of the type left out.
include(${CMAKE_CURRENT_LIST_DIR}/../JsonFacts.cmake)
leaktrace_json(-N3 -r)
expect("leak" verdict)
expect(0 uncounted_classes) # BuiltElsewhere and Leaked are counted
expect_length(1 left_out)
expect("mixed::BuiltElsewhere" left_out 0 type)
expect("leaktrace.layer.UnitTests" left_out 0 layer)
expect(1 left_out 0 iteration)
expect(-1 left_out 0 insts)
expect(0 left_out 0 refs)
expect("below zero: objects ended that no counted constructor made" left_out 0 reason)
# Out of the totals and the changes: only mixed::Leaked is there.
expect(2 layers 0 iterations 1 sys_refcount)
expect_length(1 layers 0 iterations 1 changes)
expect("mixed::Leaked" layers 0 iterations 1 changes 0 type)
expect_length(1 layers 0 leaks)
expect("mixed::Leaked" layers 0 leaks 0 type)
