// A class with a trivial destructor is destroyed without any call: counting
// its constructions alone would only ever go up. Its constructors are left
// alone.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS6NoDtor
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS6NoDtor
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:

struct Resource {
  Resource();
  Resource(const Resource &);
  ~Resource();
};

class Counted {
public:
  Counted();
  ~Counted();

private:
  Resource R;
};
Counted::Counted() {}
Counted::~Counted() {}

// REMARK: not-counted-trivial-dtor.cpp:[[@LINE+1]]:7: remark: leaktrace: 'NoDtor' is not counted: its destructor is trivial, so destruction emits no call to count, and this file allocates objects of it with new
class NoDtor {
public:
  NoDtor();
  NoDtor(const NoDtor &);

private:
  int N;
};
NoDtor::NoDtor() : N(1) {}
NoDtor::NoDtor(const NoDtor &O) : N(O.N) {}

NoDtor *makeNoDtor() { return new NoDtor; }
Counted *makeCounted() { return new Counted; }

// CHECK: @__leaktrace_type._ZTS7Counted = linkonce_odr hidden global

// O0-LABEL: define dso_local void @_ZN7CountedC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Counted)
// O0-LABEL: define dso_local void @_ZN6NoDtorC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN6NoDtorC1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN6NoDtorC2ERKS_(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN6NoDtorC1ERKS_(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local noundef ptr @_Z10makeNoDtorv(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local noundef ptr @_Z11makeCountedv(

// O2-LABEL: define dso_local void @_ZN6NoDtorC1Ev(
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z10makeNoDtorv(
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z11makeCountedv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Counted)

// Counted: Resource, Counted. Left out: NoDtor.
// REMARK: remark: leaktrace: this file counts 2 classes and leaves out 1
