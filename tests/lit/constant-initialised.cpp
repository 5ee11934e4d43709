// A class with a constexpr constructor is counted like any other: its objects
// are built by calls, except those constant-initialised with static or
// thread storage, which are built at compile time and destroyed through
// D1. Those are counted where their destruction is registered
// (__cxa_atexit, __cxa_thread_atexit): once per object, per thread for a
// thread_local, N for an array, and for the counted members of a
// constant-initialised object. A variable built at run time is counted by
// its constructor only. A consteval constructor builds every object at
// compile time: such a class is left out.
//
// RUN: %clangxx -std=c++20 -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s
// RUN: %clangxx -std=c++20 -fplugin=%plugin -fplugin-arg-leaktrace-remarks \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=REMARK \
// RUN:   --implicit-check-not=remark:

class Registry {
public:
  constexpr Registry() : Head(nullptr) {}
  explicit Registry(int *H);
  ~Registry();

private:
  int *Head;
};
Registry::Registry(int *H) : Head(H) {}
Registry::~Registry() {}

// An aggregate is counted only by its objects made with new, and this file
// makes none: it has no remark. Its Registry members are counted.
struct Pair {
  Registry A, B;
};

Registry Constant;
Registry Array[3];
Pair Members;
int Value;
Registry Dynamic(&Value);
thread_local Registry PerThread;

// A consteval constructor builds at compile time: Immediate is counted only
// by its objects made with new, none here.
class Immediate {
public:
  consteval Immediate(int V) : V(V) {}
  ~Immediate() {}

private:
  int V;
};
Immediate Built(1);

Registry *touch() { return &PerThread; }

// CHECK-LABEL: define internal void @__cxx_global_var_init()
// CHECK:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS8Registry, ptr @Constant)
// CHECK:       call i32 @__cxa_atexit(ptr @_ZN8RegistryD1Ev, ptr @Constant,
// CHECK-LABEL: define internal void @__cxx_global_var_init.1()
// CHECK:       add i64 %{{[0-9]+}}, 3{{$}}
// CHECK:       call void @__leaktrace_insts_add(ptr @__leaktrace_type._ZTS8Registry, i64 3, ptr @Array)
// CHECK:       call i32 @__cxa_atexit(ptr @__cxx_global_array_dtor, ptr null,
// CHECK-LABEL: define internal void @__cxx_global_var_init.2()
// CHECK:       call void @__leaktrace_insts_add(ptr @__leaktrace_type._ZTS8Registry, i64 2, ptr @Members)
// Pair is not counted (an aggregate, and not made with new here): its D1
// only calls D2, so the registration names D2, as it does without the plugin.
// CHECK:       call i32 @__cxa_atexit(ptr @_ZN4PairD2Ev, ptr @Members,
// Built by its constructor, which counts: nothing more where it is registered.
// CHECK-LABEL: define internal void @__cxx_global_var_init.3()
// CHECK-NOT:   __leaktrace
// CHECK:       call void @_ZN8RegistryC1EPi(ptr {{.*}}@Dynamic,
// CHECK-NOT:   __leaktrace
// CHECK:       call i32 @__cxa_atexit(ptr @_ZN8RegistryD1Ev, ptr @Dynamic,
// CHECK-NOT:   __leaktrace
// CHECK:       ret void
// CHECK-LABEL: define internal void @__cxx_global_var_init.4()
// CHECK:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS8Registry, ptr {{[^)]*}})
// CHECK:       call i32 @__cxa_thread_atexit(ptr @_ZN8RegistryD1Ev, ptr {{.*}}PerThread

// Counted: Registry. Left out: Pair, Immediate.
// REMARK: remark: leaktrace: this file counts 1 class and leaves out 0
