// A class with a constexpr constructor can be constant-initialised: a global
// of it is built at compile time, with no constructor call, yet destroyed at
// exit through D1. Left out, destructor included.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS8Registry \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS7Defaults
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS8Registry \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS7Defaults
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

// REMARK: not-counted-constexpr.cpp:[[@LINE+1]]:7: remark: leaktrace: 'Registry' is not counted: it has a constexpr constructor, so constant-initialised objects are built without a call
class Registry {
public:
  constexpr Registry() : Head(nullptr) {}
  Registry(const Registry &);
  ~Registry();

private:
  int *Head;
};
Registry::Registry(const Registry &O) : Head(O.Head) {}
Registry::~Registry() {}

// The implicit default constructor is constexpr here (default member
// initialisers only): the same holds.
// REMARK: not-counted-constexpr.cpp:[[@LINE+1]]:7: remark: leaktrace: 'Defaults' is not counted: it has a constexpr constructor, so constant-initialised objects are built without a call
class Defaults {
public:
  Defaults() = default;
  Defaults(const Defaults &);
  ~Defaults();

private:
  int *Head = nullptr;
};
Defaults::Defaults(const Defaults &O) : Head(O.Head) {}
Defaults::~Defaults() {}

// Constant-initialised: no constructor call anywhere, only the destructor
// registered with __cxa_atexit.
Registry GlobalRegistry;
Defaults GlobalDefaults;
Counted GlobalCounted;

// CHECK: @__leaktrace_type._ZTS7Counted = linkonce_odr hidden global

// Counted counts (inline, as inline-fast-path.cpp shows in full: its slot,
// its insts counter at offset 0, +1, the hook as the fallback) ...
// O0-LABEL: define dso_local void @_ZN7CountedC1Ev(
// O0:       load atomic i32, ptr @__leaktrace_type._ZTS7Counted monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Counted)
// ... the constexpr-constructible classes do not.
// O0-LABEL: define dso_local void @_ZN8RegistryC1ERKS_(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8RegistryD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN8DefaultsD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define internal void @__cxx_global_var_init(
// O0-NOT:   __leaktrace
// O0:       call i32 @__cxa_atexit(ptr @_ZN8RegistryD1Ev, ptr @GlobalRegistry,

// The constructor of GlobalCounted is inlined into the static initialiser.
// O2-LABEL: define dso_local void @_ZN8RegistryD1Ev(
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_ZN8DefaultsD1Ev(
// O2-NOT:   __leaktrace
// O2-LABEL: define internal void @_GLOBAL__sub_I_not_counted_constexpr.cpp(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS7Counted monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Counted)
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr)
