// A class whose destructor is not trivial but whose default, copy or move
// constructor is would be built without a call: a trivial default
// constructor emits nothing, a trivial copy or move a memcpy. The plugin
// makes such constructors emit calls (CallableSpecialMembers), so each
// complete object is counted by its C1 like any other. The class's own
// flags stay: it is still not trivially copyable (its destructor), and it
// is passed the same way; the constructor's own triviality, which
// is_trivially_copy_constructible asks, is what changes.
//
// RUN: %clangxx -std=c++17 -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -std=c++17 -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2
// Without the plugin the same code has no such calls (the memcpy is there).
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=PLAIN
// No remark but the summary: they are counted.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -fplugin-arg-leaktrace-remarks \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=REMARK \
// RUN:   --implicit-check-not=remark:
// REMARK: remark: leaktrace: this file counts 3 classes and leaves out 0

#include <type_traits>

// The rule-of-three slip: a destructor, the implicit copy constructor.
struct Fd {
  explicit Fd(int F) : F(F) {}
  ~Fd();
  int F;
};
Fd::~Fd() {}

class TrivDefault {
public:
  TrivDefault() = default;
  ~TrivDefault();

private:
  int N;
};
TrivDefault::~TrivDefault() {}

class TrivMove {
public:
  TrivMove();
  TrivMove(const TrivMove &);
  TrivMove(TrivMove &&) = default;
  ~TrivMove();

private:
  int *P;
};
TrivMove::TrivMove() : P(nullptr) {}
TrivMove::TrivMove(const TrivMove &O) : P(O.P) {}
TrivMove::~TrivMove() {}

// Layout, passing and copyability are the class's own.
static_assert(sizeof(Fd) == sizeof(int), "same layout");
static_assert(!std::is_trivially_copyable_v<Fd>, "its destructor");
static_assert(std::is_standard_layout_v<Fd>, "same layout class");

Fd *copyFd(const Fd &A) { return new Fd(A); }
TrivDefault *makeDefault() { return new TrivDefault; }
TrivMove *moveIt(TrivMove &M) { return new TrivMove(static_cast<TrivMove &&>(M)); }

// CHECK-DAG: @__leaktrace_type._ZTS2Fd = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS11TrivDefault = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS8TrivMove = linkonce_odr hidden global

// Each caller calls the complete-object constructor, which counts.
// O0-LABEL: define dso_local noundef ptr @_Z6copyFdRK2Fd(
// O0:       call void @_ZN2FdC1ERKS_(
// A copy or move names its source too (the runtime's creation sites follow
// copies): the constructor's second parameter.
// O0-LABEL: define linkonce_odr dso_local void @_ZN2FdC1ERKS_(
// O0-SAME:  ptr {{.*}}[[THIS:%[0-9]+]], ptr {{.*}}[[FROM:%[0-9]+]])
// O0:       call void @__leaktrace_construct_copy(ptr @__leaktrace_type._ZTS2Fd, ptr [[THIS]], ptr [[FROM]])
// O0-LABEL: define dso_local noundef ptr @_Z11makeDefaultv(
// O0:       call void @_ZN11TrivDefaultC1Ev(
// O0-LABEL: define linkonce_odr dso_local void @_ZN11TrivDefaultC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS11TrivDefault, ptr {{[^)]*}})
// O0-LABEL: define dso_local noundef ptr @_Z6moveItR8TrivMove(
// O0:       call void @_ZN8TrivMoveC1EOS_(
// O0-LABEL: define linkonce_odr dso_local void @_ZN8TrivMoveC1EOS_(
// O0-SAME:  ptr {{.*}}[[THIS:%[0-9]+]], ptr {{.*}}[[FROM:%[0-9]+]])
// O0:       call void @__leaktrace_construct_copy(ptr @__leaktrace_type._ZTS8TrivMove, ptr [[THIS]], ptr [[FROM]])

// O2-LABEL: define {{.*}}@_Z6copyFdRK2Fd(
// O2:       call void @__leaktrace_construct_copy(ptr nonnull @__leaktrace_type._ZTS2Fd, ptr {{.*}})
// O2-LABEL: define {{.*}}@_Z11makeDefaultv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS11TrivDefault, ptr {{[^)]*}})
// O2-LABEL: define {{.*}}@_Z6moveItR8TrivMove(
// O2:       call void @__leaktrace_construct_copy(ptr nonnull @__leaktrace_type._ZTS8TrivMove, ptr {{.*}})

// PLAIN-LABEL: define dso_local noundef ptr @_Z6copyFdRK2Fd(
// PLAIN-NOT:   call void @_ZN2FdC
// PLAIN:       call void @llvm.memcpy
// PLAIN-LABEL: define dso_local noundef ptr @_Z6moveItR8TrivMove(
// PLAIN-NOT:   call void @_ZN8TrivMoveC
// PLAIN:       call void @llvm.memcpy
