// A class with a trivial destructor is destroyed without any call: counting
// its constructions would only ever go up. Its constructors count nothing;
// its objects made with new are counted, and so is their delete. Not
// counted: placement new (the memory has another owner) and arrays (delete[]
// of a trivially destructible class does not know how many objects end).
//
// RUN: %clangxx -std=c++17 -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 \
// RUN:       --implicit-check-not=__leaktrace_new --implicit-check-not=__leaktrace_delete
// RUN: %clangxx -std=c++17 -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 \
// RUN:       --implicit-check-not=__leaktrace_new --implicit-check-not=__leaktrace_delete
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-leaktrace-remarks -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:

#include <memory>
#include <new>

// REMARK: heap-objects-trivial-dtor.cpp:[[@LINE+1]]:7: remark: leaktrace: only the objects of 'NoDtor' made with new are counted: its destructor is trivial, so destruction emits no call to count
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
// A non-throwing allocation function reports failure with null: +1 only
// for a pointer that is not null.
NoDtor *tryMakeNoDtor() { return new (std::nothrow) NoDtor; }
void dropNoDtor(NoDtor *P) { delete P; }
NoDtor *inPlace(void *Where) { return new (Where) NoDtor; }
// REMARK: heap-objects-trivial-dtor.cpp:[[@LINE+1]]:40: remark: leaktrace: arrays of 'NoDtor' made with new[] are not counted: delete[] of them does not say how many objects end
NoDtor *makeArray(unsigned N) { return new NoDtor[N]; }
void dropArray(NoDtor *P) { delete[] P; }
// std::make_unique's new and std::default_delete's delete are counted in
// their instantiations.
std::unique_ptr<NoDtor> makeUnique() { return std::make_unique<NoDtor>(); }
void resetUnique(std::unique_ptr<NoDtor> &P) { P.reset(); }

// A constructor that may throw: the new-expression's cleanup frees the
// memory and takes the +1 back.
// REMARK: heap-objects-trivial-dtor.cpp:[[@LINE+1]]:8: remark: leaktrace: only the objects of 'MayThrow' made with new are counted: its destructor is trivial, so destruction emits no call to count
struct MayThrow {
  explicit MayThrow(int);
  int V;
};
MayThrow *makeMayThrow() { return new MayThrow(1); }
MayThrow *tryMakeMayThrow() { return new (std::nothrow) MayThrow(2); }

// A class with allocation functions of its own (a pool's, an arena's) is
// left out, visibly.
// REMARK: heap-objects-trivial-dtor.cpp:[[@LINE+1]]:8: remark: leaktrace: 'Pooled' is not counted: its destructor is trivial, so destruction emits no call to count, and its own operator new or delete may serve memory the program manages itself, so its heap objects are not counted either
struct Pooled {
  static void *operator new(std::size_t);
  static void operator delete(void *);
  int X;
};
Pooled *makePooled() { return new Pooled; }
void dropPooled(Pooled *P) { delete P; }

// CHECK-DAG: @__leaktrace_type.new._ZTS6NoDtor = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type.new._ZTS8MayThrow = linkonce_odr hidden global

// Its constructors count nothing, so they are what clang makes them without
// the plugin: C1 is an alias of C2.
// O0:       @_ZN6NoDtorC1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN6NoDtorC2Ev
// O0-LABEL: define dso_local void @_ZN6NoDtorC2Ev(
// O0-NOT:   __leaktrace
// O0:       ret void
// O0-LABEL: define dso_local noundef ptr @_Z10makeNoDtorv(
// O0:       %[[N:[0-9]+]] = call noalias noundef nonnull ptr @_Znwm(i64 noundef 4)
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type.new._ZTS6NoDtor, ptr %[[N]])
// O0:       call void @_ZN6NoDtorC1Ev(
// O0-LABEL: define dso_local noundef ptr @_Z13tryMakeNoDtorv(
// O0:       %[[P:[0-9]+]] = call noalias noundef ptr @_ZnwmRKSt9nothrow_t(i64 noundef 4, ptr noundef nonnull align 1 dereferenceable(1) @_ZSt7nothrow)
// O0-NEXT:  %[[NN:[0-9]+]] = icmp ne ptr %[[P]], null
// O0-NEXT:  %[[ONE:[0-9]+]] = zext i1 %[[NN]] to i64
// O0:       call void @__leaktrace_insts_add(ptr @__leaktrace_type.new._ZTS6NoDtor, i64 %[[ONE]], ptr %[[P]])
// O0:       call void @_ZN6NoDtorC1Ev(
// O0-LABEL: define dso_local void @_Z10dropNoDtorP6NoDtor(
// O0:       call void @__leaktrace_insts_add(ptr @__leaktrace_type.new._ZTS6NoDtor,
// O0:       call void @_ZdlPvm(
// O0-LABEL: define dso_local noundef ptr @_Z7inPlacePv(
// O0-NOT:   __leaktrace
// O0:       ret ptr
// O0-LABEL: define dso_local noundef ptr @_Z9makeArrayj(
// O0-NOT:   __leaktrace
// O0:       ret ptr
// O0-LABEL: define dso_local void @_Z9dropArrayP6NoDtor(
// O0-NOT:   __leaktrace
// O0:       ret void
// O0-LABEL: define linkonce_odr dso_local void @_ZSt11make_uniqueI6NoDtorJEE{{.*}}(
// O0:       call noalias noundef nonnull ptr @_Znwm(i64 noundef 4)
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type.new._ZTS6NoDtor, ptr {{[^)]*}})
// O0-LABEL: define dso_local noundef ptr @_Z12makeMayThrowv(
// O0:       %[[M:[0-9]+]] = call noalias noundef nonnull ptr @_Znwm(i64 noundef 4)
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type.new._ZTS8MayThrow, ptr %[[M]])
// O0:       invoke void @_ZN8MayThrowC1Ei(ptr {{.*}}%[[M]], i32 noundef 1)
// O0:       landingpad
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type.new._ZTS8MayThrow, ptr %[[M]])
// O0-NEXT:  br label
// O0:       call void @_ZdlPvm(ptr noundef %[[M]], i64 noundef 4)
// O0-LABEL: define dso_local noundef ptr @_Z15tryMakeMayThrowv(
// O0:       call void @__leaktrace_insts_add(ptr @__leaktrace_type.new._ZTS8MayThrow,
// O0:       invoke void @_ZN8MayThrowC1Ei(
// O0:       landingpad
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type.new._ZTS8MayThrow, ptr {{[^)]*}})
// O0:       call void @_ZdlPvRKSt9nothrow_t(
// O0-LABEL: define dso_local noundef ptr @_Z10makePooledv(
// O0-NOT:   __leaktrace
// O0:       ret ptr
// O0-LABEL: define dso_local void @_Z10dropPooledP6Pooled(
// O0-NOT:   __leaktrace
// O0:       ret void
// O0-LABEL: define linkonce_odr dso_local void @_ZNKSt14default_deleteI6NoDtorEclEPS0_(
// O0:       call void @__leaktrace_insts_add(ptr @__leaktrace_type.new._ZTS6NoDtor,
// O0:       call void @_ZdlPvm(

// O2:       @_ZN6NoDtorC1Ev = dso_local unnamed_addr alias void (ptr), ptr @_ZN6NoDtorC2Ev
// O2-LABEL: define dso_local void @_ZN6NoDtorC2Ev(
// O2-NOT:   __leaktrace
// O2:       ret void
// O2-LABEL: define {{.*}}@_Z10makeNoDtorv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type.new._ZTS6NoDtor, ptr {{[^)]*}})
// O2-LABEL: define {{.*}}@_Z7inPlacePv(
// O2-NOT:   __leaktrace
// O2:       ret ptr
// O2-LABEL: define {{.*}}@_Z9makeArrayj(
// O2-NOT:   __leaktrace
// O2:       ret ptr

// Counted: NoDtor and MayThrow, by their objects made with new. Left out:
// Pooled.
// REMARK: remark: leaktrace: this file counts 2 classes (2 only by their objects made with new) and leaves out 1
