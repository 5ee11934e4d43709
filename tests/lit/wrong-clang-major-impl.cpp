// The real plugin, leaktrace-clangN.so, sits beside leaktrace.so and can be
// named by -fplugin= as well (by mistake, or by a build that globs lib/).
// Loaded into a clang of another major it must stop with the same kind of
// error as leaktrace.so rather than crash.
//
// REQUIRES: other-clang
// RUN: not %other_clangxx -fplugin=%plugin_impl -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s -DBUILT=%llvm_major -DRUNNING=%other_major \
// RUN:       --implicit-check-not='Stack dump' --implicit-check-not='PLEASE submit'
//
// The matching clang loads it fine.
// RUN: %clangxx -fplugin=%plugin_impl -fsyntax-only %s 2>&1 | count 0

// CHECK: error: {{.*}}built for clang [[BUILT]], this is clang [[RUNNING]]

class Widget {
public:
  Widget();
  ~Widget();
};
