// Aggregates are built by aggregate initialisation, which calls no
// constructor of theirs, yet destroyed through D1: counting them there would
// only ever go down. Their constructors and D1 count nothing; their objects
// made with new are counted instead: +1 when the allocation function returns,
// -1 in the new-expression's cleanup if initialisation throws, -1 at
// `delete` of a non-null pointer. A counted class next to them shows the
// ordinary counting is unchanged.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 \
// RUN:       --implicit-check-not=__leaktrace_new --implicit-check-not=__leaktrace_delete
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=ATTR
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 \
// RUN:       --implicit-check-not=__leaktrace_new --implicit-check-not=__leaktrace_delete
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
// REMARK: heap-objects-aggregate.cpp:[[@LINE+1]]:8: remark: leaktrace: only the objects of 'Agg' made with new are counted: it is an aggregate, so aggregate initialisation builds objects without a constructor call
struct Agg {
  Resource R;
  int N;
  ~Agg();
};
Agg::~Agg() {}

// Since C++17 a class with a public base is an aggregate too; its base
// subobject is built through the base-object constructor C2, which does not
// count either.
// REMARK: heap-objects-aggregate.cpp:[[@LINE+1]]:8: remark: leaktrace: only the objects of 'AggDerived' made with new are counted: it is an aggregate, so aggregate initialisation builds objects without a constructor call
struct AggDerived : Counted {
  int Extra;
};

Agg *makeAgg() { return new Agg{}; }
void dropAgg(const Agg *A) { delete A; }
// Stack objects are not counted: no update at all.
int onStack() { return Agg{{}, 3}.N; }
AggDerived *makeAggDerived() { return new AggDerived{}; }
void dropAggDerived(AggDerived *A) { delete A; }
Counted *makeCounted() { return new Counted; }

// CHECK-DAG: @__leaktrace_type._ZTS7Counted = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type.new._ZTS3Agg = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type.new._ZTS10AggDerived = linkonce_odr hidden global

// Agg's D1 counts nothing, so it is what clang makes it without the plugin:
// an alias of D2.
// O0:       @_ZN3AggD1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN3AggD2Ev
// O0-LABEL: define dso_local void @_ZN7CountedC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Counted, ptr {{[^)]*}})
// O0-LABEL: define dso_local void @_ZN3AggD2Ev(
// O0-NOT:   __leaktrace
// O0:       ret void
// O0-LABEL: define dso_local noundef ptr @_Z7makeAggv(
// O0:       %[[A:[0-9]+]] = call noalias noundef nonnull ptr @_Znwm(i64 noundef 8)
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type.new._ZTS3Agg monotonic
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type.new._ZTS3Agg, ptr {{[^)]*}})
// O0:       invoke void @_ZN8ResourceC1Ev(ptr {{.*}}%[[A]])
// O0:       landingpad
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type.new._ZTS3Agg, ptr {{[^)]*}})
// O0:       call void @_ZdlPvm(ptr noundef %[[A]], i64 noundef 8)
// O0-LABEL: define dso_local void @_Z7dropAggPK3Agg(
// O0:       %[[P:[0-9]+]] = load ptr, ptr
// O0-NEXT:  %[[NN:[0-9]+]] = icmp ne ptr %[[P]], null
// O0-NEXT:  %[[ONE:[0-9]+]] = zext i1 %[[NN]] to i64
// O0-NEXT:  %[[MINUS:[0-9]+]] = sub i64 0, %[[ONE]]
// O0:       add i64 %{{[0-9]+}}, %[[MINUS]]
// O0:       call void @__leaktrace_insts_add(ptr @__leaktrace_type.new._ZTS3Agg, i64 %[[MINUS]], ptr {{[^)]*}})
// O0:       icmp eq ptr %[[P]], null
// O0:       call void @_ZN3AggD1Ev(ptr {{.*}}%[[P]])
// O0:       call void @_ZdlPvm(ptr noundef %[[P]], i64 noundef 8)
// O0-LABEL: define dso_local noundef i32 @_Z7onStackv(
// O0-NOT:   __leaktrace
// O0:       ret i32
// O0-LABEL: define dso_local noundef ptr @_Z14makeAggDerivedv(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type.new._ZTS10AggDerived, ptr {{[^)]*}})
// O0:       invoke void @_ZN7CountedC2Ev(
// O0-LABEL: define dso_local void @_Z14dropAggDerivedP10AggDerived(
// O0:       call void @__leaktrace_insts_add(ptr @__leaktrace_type.new._ZTS10AggDerived,
// Its inline D1 counts nothing and only calls D2: as without the plugin,
// delete calls D2 and no D1 is emitted.
// O0:       call void @_ZN10AggDerivedD2Ev(
// O0-LABEL: define linkonce_odr dso_local void @_ZN10AggDerivedD2Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN7CountedD2Ev(
// O0-NOT:   __leaktrace
// O0:       ret void
// As clang does: the declarations are nobuiltin, calls from new and delete
// builtin.
// ATTR:     define dso_local noundef ptr @_Z7makeAggv(
// ATTR:     call noalias noundef nonnull ptr @_Znwm(i64 noundef 8) #[[NEW:[0-9]+]]
// ATTR:     call void @_ZdlPvm(ptr noundef %{{[0-9]+}}, i64 noundef 8) #[[DEL:[0-9]+]]
// ATTR:     declare noundef nonnull ptr @_Znwm(i64 noundef) #[[NOBUILTIN:[0-9]+]]
// ATTR-DAG: attributes #[[NOBUILTIN]] = { nobuiltin
// ATTR-DAG: attributes #[[NEW]] = { builtin allocsize(0) }
// ATTR-DAG: attributes #[[DEL]] = { builtin nounwind }

// O2-LABEL: define {{.*}}@_Z7makeAggv(
// O2:       tail call noalias noundef nonnull dereferenceable(8) ptr @_Znwm(
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type.new._ZTS3Agg, ptr {{[^)]*}})
// O2:       landingpad
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type.new._ZTS3Agg, ptr {{[^)]*}})
// O2:       call void @_ZdlPvm(
// O2-LABEL: define dso_local void @_Z7dropAggPK3Agg(
// O2:       %[[NN:[0-9]+]] = icmp ne ptr %0, null
// O2-NEXT:  %[[MINUS:[0-9]+]] = sext i1 %[[NN]] to i64
// O2:       add i64 %{{[0-9]+}}, %[[MINUS]]
// O2:       call void @__leaktrace_insts_add(ptr nonnull @__leaktrace_type.new._ZTS3Agg, i64 %[[MINUS]], ptr {{[^)]*}})
// O2:       call void @_ZdlPvm(
// O2-LABEL: define {{.*}}i32 @_Z7onStackv(
// O2-NOT:   __leaktrace
// O2:       ret i32
// O2-LABEL: define {{.*}}@_Z11makeCountedv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Counted, ptr {{[^)]*}})

// Counted: Resource, Counted; Agg, AggDerived by their objects made with new.
// REMARK: remark: leaktrace: this file counts 4 classes (2 only by their objects made with new) and leaves out 0
