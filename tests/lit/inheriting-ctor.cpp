// An inheriting constructor (`using Base::Base;`) builds a Derived through
// the complete-object inheriting constructor CI1: it counts one Derived. The
// Base subobject it builds through Base's C2 counts nothing, and CI2 (the
// base-object variant) counts nothing either.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2

struct Resource {
  Resource();
  Resource(const Resource &);
  ~Resource();
};

class Base {
public:
  explicit Base(int N);
  ~Base();

private:
  Resource R;
  int N;
};

class Derived : public Base {
public:
  using Base::Base;
  ~Derived();

private:
  Resource Extra;
};

Base::Base(int N) : N(N) {}
Base::~Base() {}
Derived::~Derived() {}

Base *makeBase(int N) { return new Base(N); }
Derived *makeDerived(int N) { return new Derived(N); }

// CHECK-DAG: @__leaktrace_type._ZTS4Base = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS7Derived = linkonce_odr hidden global

// A count is the runtime's fast path inline (inline-fast-path.cpp pins it
// whole): the descriptor's slot, the insts counter (offset 0) changed by the
// delta, and the hook with the same descriptor as the fallback.
// O0-LABEL: define dso_local void @_ZN4BaseC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4BaseC1Ei(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4BaseC2Ei(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS4Base monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS4Base, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define dso_local noundef ptr @_Z11makeDerivedi(
// O0-NOT:   __leaktrace
// O0:       invoke void @_ZN7DerivedCI14BaseEi(
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN7DerivedCI14BaseEi(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN7DerivedCI24BaseEi(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS7Derived monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Derived, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define linkonce_odr dso_local void @_ZN7DerivedCI24BaseEi(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4BaseC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// At -O2 CI1 and CI2 are inlined into the caller: one Derived (one hook
// call), no Base.
// O2-LABEL: define {{.*}}@_Z11makeDerivedi(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS7Derived monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Derived, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)
