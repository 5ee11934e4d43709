// Aggregates are built by aggregate initialisation, which calls no
// constructor of theirs, yet destroyed through D1: counting them would only
// ever go down. They are left out, D1 included. A counted class next to them
// shows the plugin did run.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS3Agg \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS10AggDerived
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS3Agg \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS10AggDerived
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

// A user-provided destructor does not stop a class from being an aggregate.
// REMARK: not-counted-aggregate.cpp:[[@LINE+1]]:8: remark: leaktrace: 'Agg' is not counted: it is an aggregate, so aggregate initialisation builds objects without a constructor call
struct Agg {
  Resource R;
  int N;
  ~Agg();
};
Agg::~Agg() {}

// Since C++17 a class with a public base is an aggregate too; its base
// subobject is built through the base-object constructor C2, which does not
// count either.
// REMARK: not-counted-aggregate.cpp:[[@LINE+1]]:8: remark: leaktrace: 'AggDerived' is not counted: it is an aggregate, so aggregate initialisation builds objects without a constructor call
struct AggDerived : Counted {
  int Extra;
};

Agg *makeAgg() { return new Agg{}; }
void dropAgg(Agg *A) { delete A; }
AggDerived *makeAggDerived() { return new AggDerived{}; }
void dropAggDerived(AggDerived *A) { delete A; }
Counted *makeCounted() { return new Counted; }

// CHECK: @__leaktrace_type._ZTS7Counted = linkonce_odr hidden global

// O0-LABEL: define dso_local void @_ZN7CountedC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Counted)
// O0-LABEL: define dso_local void @_ZN3AggD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local noundef ptr @_Z14makeAggDerivedv(
// O0-NOT:   __leaktrace
// O0:       invoke void @_ZN7CountedC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN10AggDerivedD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN10AggDerivedD2Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN7CountedD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr)

// O2-LABEL: define {{.*}}@_Z7makeAggv(
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_Z7dropAggP3Agg(
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z14makeAggDerivedv(
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_Z14dropAggDerivedP10AggDerived(
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z11makeCountedv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Counted)

// Counted: Resource, Counted. Left out: Agg, AggDerived.
// REMARK: remark: leaktrace: this file counts 2 classes and leaves out 2
