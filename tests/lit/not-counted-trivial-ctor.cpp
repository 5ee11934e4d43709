// A class whose destructor is not trivial but which can be built without a
// call (a trivial default, copy or move constructor) would be counted on
// destruction only and drift negative. Such classes are left out, destructor
// included.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS11TrivDefault \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS8TrivCopy \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS8TrivMove
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS11TrivDefault \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS8TrivCopy \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS8TrivMove
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

// REMARK: not-counted-trivial-ctor.cpp:[[@LINE+1]]:7: remark: leaktrace: 'TrivDefault' is not counted: its default constructor is trivial, so default construction emits no call
class TrivDefault {
public:
  TrivDefault() = default;
  explicit TrivDefault(int N);
  TrivDefault(const TrivDefault &);
  ~TrivDefault();

private:
  int N;
};
TrivDefault::TrivDefault(int N) : N(N) {}
TrivDefault::TrivDefault(const TrivDefault &O) : N(O.N) {}
TrivDefault::~TrivDefault() {}

// The copy constructor is implicit (and trivial) despite the destructor.
// REMARK: not-counted-trivial-ctor.cpp:[[@LINE+1]]:7: remark: leaktrace: 'TrivCopy' is not counted: its copy constructor is trivial, so copies are made without a call
class TrivCopy {
public:
  explicit TrivCopy(int N);
  ~TrivCopy();

private:
  int N;
};
TrivCopy::TrivCopy(int N) : N(N) {}
TrivCopy::~TrivCopy() {}

// REMARK: not-counted-trivial-ctor.cpp:[[@LINE+1]]:7: remark: leaktrace: 'TrivMove' is not counted: its move constructor is trivial, so moves are made without a call
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

TrivDefault *makeTrivDefault() { return new TrivDefault(1); }
void dropTrivDefault(TrivDefault *T) { delete T; }
TrivCopy *makeTrivCopy() { return new TrivCopy(1); }
void dropTrivCopy(TrivCopy *T) { delete T; }
TrivMove *makeTrivMove() { return new TrivMove; }
void dropTrivMove(TrivMove *T) { delete T; }
Counted *makeCounted() { return new Counted; }

// CHECK: @__leaktrace_type._ZTS7Counted = linkonce_odr hidden global

// O0-LABEL: define dso_local void @_ZN7CountedC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Counted)
// O0-LABEL: define dso_local void @_ZN11TrivDefaultC1Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN11TrivDefaultC1ERKS_(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN11TrivDefaultD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8TrivCopyC1Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8TrivCopyD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8TrivMoveC1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8TrivMoveC1ERKS_(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8TrivMoveD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local noundef ptr @_Z15makeTrivDefaultv(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local noundef ptr @_Z11makeCountedv(

// O2-LABEL: define {{.*}}@_Z15makeTrivDefaultv(
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z11makeCountedv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Counted)
