// The plugin switches clang's constructor aliases off so that a counted class
// has a complete-object constructor and destructor (C1, D1) of its own to
// count in. A class that is not counted gets back what clang makes of it
// without the plugin: an inline C1 or D1 that only calls C2 or D2 is
// replaced by it (calls, vtables and atexit registrations name C2 or D2, and
// no C1 or D1 is emitted); an external one becomes an alias. Where C1 is more
// than that call it stays: with virtual bases, as without the plugin; a
// variadic constructor's C1 (clang gives C1 and C2 one body, the plugin's
// clang gives C1 a body of its own) behaves the same either way.
//
// RUN: %clangxx -fplugin=%plugin -I %rt_include -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,PLUGIN \
// RUN:       --implicit-check-not=_ZN6InlineC1 --implicit-check-not=_ZN6InlineD1
// The same code without the plugin, for comparison: the same C1 and D1 are
// missing or aliases.
// RUN: %clangxx -I %rt_include -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,PLAIN \
// RUN:       --implicit-check-not=_ZN6InlineC1 --implicit-check-not=_ZN6InlineD1
// RUN: %clangxx -fplugin=%plugin -I %rt_include -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=O2 \
// RUN:       --implicit-check-not=_ZN6InlineC1 --implicit-check-not=_ZN6InlineD1

#include "leaktrace/leaktrace.h"

struct Arg {
  int A, B;
};

// Left out, with inline special members, one of which takes its arguments
// by value (spilled to the stack and reloaded before the call to C2).
struct LEAKTRACE_IGNORE Inline {
  Inline() {}
  Inline(int N, Arg A, double D) : N(N + A.A + A.B + int(D)) {}
  virtual ~Inline() {}
  int N = 0;
};

// Left out, defined out of line: C1 and D1 become aliases.
struct LEAKTRACE_IGNORE OutOfLine {
  OutOfLine(int);
  ~OutOfLine();
  int N;
};
OutOfLine::OutOfLine(int N) : N(N) {}
OutOfLine::~OutOfLine() {}

// Left out, with a virtual base: C1 builds the base, C2 does not.
struct Base {
  virtual ~Base();
};
struct LEAKTRACE_IGNORE WithVirtualBase : virtual Base {
  WithVirtualBase() {}
  ~WithVirtualBase() {}
};

// Left out, variadic: C1 cannot pass the arguments on, so it has the body.
struct LEAKTRACE_IGNORE Variadic {
  Variadic(int N, ...) : N(N) {}
  int N;
};

// Counted: C1 and D1 count, so they stay.
struct Counted {
  Counted() {}
  ~Counted() {}
};

Inline Global;

void use() {
  Inline I;
  Inline J(1, Arg{2, 3}, 4.0);
  OutOfLine O(1);
  WithVirtualBase W;
  Variadic V(1, 2, 3);
  Counted C;
}

// CHECK-DAG: @_ZTV6Inline = {{.*}} ptr @_ZN6InlineD2Ev, ptr @_ZN6InlineD0Ev
// CHECK-DAG: @_ZN9OutOfLineC1Ei = dso_local unnamed_addr alias void (ptr, i32), ptr @_ZN9OutOfLineC2Ei
// CHECK-DAG: @_ZN9OutOfLineD1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN9OutOfLineD2Ev

// CHECK:       call i32 @__cxa_atexit(ptr @_ZN6InlineD2Ev, ptr @Global,
// CHECK-LABEL: define dso_local void @_Z3usev(
// CHECK:       call void @_ZN6InlineC2Ev(
// CHECK:       {{call|invoke}} void @_ZN6InlineC2Ei3Argd(
// CHECK:       {{call|invoke}} void @_ZN9OutOfLineC1Ei(
// CHECK:       {{call|invoke}} void @_ZN15WithVirtualBaseC1Ev(
// PLUGIN:      {{call|invoke}} void (ptr, i32, ...) @_ZN8VariadicC1Eiz(
// PLAIN:       {{call|invoke}} void (ptr, i32, ...) @_ZN8VariadicC2Eiz(
// PLUGIN:      {{call|invoke}} void @_ZN7CountedC1Ev(
// PLUGIN:      call void @_ZN7CountedD1Ev(
// PLAIN:       call void @_ZN7CountedD2Ev(
// CHECK:       call void @_ZN15WithVirtualBaseD1Ev(
// CHECK:       call void @_ZN9OutOfLineD1Ev(
// CHECK:       call void @_ZN6InlineD2Ev(
// CHECK:       call void @_ZN6InlineD2Ev(
// CHECK:       ret void

// CHECK-DAG:  define linkonce_odr dso_local void @_ZN15WithVirtualBaseC1Ev(
// CHECK-DAG:  define linkonce_odr dso_local void @_ZN15WithVirtualBaseD1Ev(
// A variadic C1 is a body of its own (clang's alias made it C2 without the
// plugin), so it stays.
// PLUGIN-DAG: define linkonce_odr dso_local void @_ZN8VariadicC1Eiz(
// PLUGIN-DAG: define linkonce_odr dso_local void @_ZN7CountedC1Ev(
// PLUGIN-DAG: define linkonce_odr dso_local void @_ZN7CountedD1Ev(

// O2-DAG: @_ZN9OutOfLineC1Ei = dso_local unnamed_addr alias void (ptr, i32), ptr @_ZN9OutOfLineC2Ei
// O2-DAG: @_ZN9OutOfLineD1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN9OutOfLineD2Ev
