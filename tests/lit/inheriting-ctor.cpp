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

// O0-LABEL: define dso_local void @_ZN4BaseC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4BaseC1Ei(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4BaseC2Ei(
// O0-NEXT:  call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS4Base)
// O0-NEXT:  ret void
// O0-LABEL: define dso_local noundef ptr @_Z11makeDerivedi(
// O0-NOT:   __leaktrace
// O0:       invoke void @_ZN7DerivedCI14BaseEi(
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN7DerivedCI14BaseEi(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN7DerivedCI24BaseEi(
// O0-NEXT:  call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Derived)
// O0-NEXT:  ret void
// O0-LABEL: define linkonce_odr dso_local void @_ZN7DerivedCI24BaseEi(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4BaseC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr)

// At -O2 CI1 and CI2 are inlined into the caller: one Derived, no Base.
// O2-LABEL: define {{.*}}@_Z11makeDerivedi(
// O2-NOT:   __leaktrace
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Derived)
// O2-NEXT:  ret ptr
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr)
