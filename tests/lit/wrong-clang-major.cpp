// leaktrace.so built for one clang major, loaded into a clang of another,
// stops with an error that says what to do. It must never crash or load the
// real plugin: `not` (without --crash) fails on a crash, and no stack dump
// may appear.
//
// REQUIRES: other-clang
// RUN: not %other_clangxx -fplugin=%plugin -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s -DBUILT=%llvm_major -DRUNNING=%other_major \
// RUN:       --implicit-check-not='Stack dump' --implicit-check-not='PLEASE submit'
// RUN: not %other_clangxx -fplugin=%plugin -O2 -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s -DBUILT=%llvm_major -DRUNNING=%other_major \
// RUN:       --implicit-check-not='Stack dump' --implicit-check-not='PLEASE submit'
//
// The matching clang loads it fine.
// RUN: %clangxx -fplugin=%plugin -fsyntax-only %s 2>&1 | count 0

// CHECK: error: leaktrace.so was built for clang [[BUILT]], this is clang [[RUNNING]]: rebuild it with `make LLVM=[[RUNNING]]` or cmake -DLLVM_DIR=/usr/lib/llvm-[[RUNNING]]/lib/cmake/llvm, or compile with clang-[[BUILT]]

class Widget {
public:
  Widget();
  ~Widget();
};
