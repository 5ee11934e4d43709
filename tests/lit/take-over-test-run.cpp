// A header-only framework's "run the tests" function defined in a file the
// plugin compiles (doctest's Context::run(), Catch2's Session::run()) first
// offers the run to the layer runner through a weak reference to
// __leaktrace_take_over_run (leaktrace/leaktrace.h): framework 1 is doctest,
// 2 Catch2, `this` is passed, and the function returns the runner's status
// when it answers nonzero. A function of another name, or of another shape,
// is left alone; so is a declaration.
//
// RUN: %clangxx -fplugin=%plugin -I %rt_include -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s
// RUN: %clangxx -fplugin=%plugin -I %rt_include -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=O2

namespace doctest {
struct Context {
  int run();
  int runs = 0;
};
int Context::run() { return ++runs; }
} // namespace doctest

namespace Catch {
struct Session {
  int run();
  int run(int argc, const char *const *argv); // another shape: left alone
};
int Session::run() { return 3; }
int Session::run(int, const char *const *) { return 4; }
} // namespace Catch

namespace other {
struct Context {
  int run();
};
int Context::run() { return 5; }
} // namespace other

// CHECK-LABEL: define {{.*}}i32 @_ZN7doctest7Context3runEv(ptr
// CHECK: icmp ne ptr @__leaktrace_take_over_run, null
// CHECK: call i32 @__leaktrace_take_over_run(i32 1, ptr
// CHECK-LABEL: define {{.*}}i32 @_ZN5Catch7Session3runEv(ptr
// CHECK: call i32 @__leaktrace_take_over_run(i32 2, ptr
// CHECK-LABEL: define {{.*}}i32 @_ZN5Catch7Session3runEiPKPKc(
// CHECK-NOT: __leaktrace_take_over_run
// CHECK-LABEL: define {{.*}}i32 @_ZN5other7Context3runEv(
// CHECK-NOT: __leaktrace_take_over_run
// CHECK: declare extern_weak i32 @__leaktrace_take_over_run(i32, ptr, ptr)

// At -O2 the offer survives (the weak reference may be null: the check
// stays), and the function still returns the runner's status when taken.
// O2-LABEL: define {{.*}}i32 @_ZN7doctest7Context3runEv(ptr
// O2: call i32 @__leaktrace_take_over_run(i32 1, ptr
// O2: declare extern_weak i32 @__leaktrace_take_over_run(i32, ptr, ptr)
