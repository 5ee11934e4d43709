// Classes defined inside a function are counted like any other, under a name
// that says which function they belong to: two functions' `struct Local` are
// different types and must not share a name (the runtime merges descriptors
// by name).
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

void *makeFirst() {
  struct Local {
    Local() {}
    ~Local() {}
    Resource R;
  };
  return new Local;
}

inline void *makeSecond() {
  struct Local {
    Local() {}
    ~Local() {}
    Resource R;
  };
  return new Local;
}
void *useSecond() { return makeSecond(); }

// The local class of a non-inline function exists in this translation unit
// only (internal descriptor, flagged LEAKTRACE_TYPE_LOCAL); that of an inline
// function is one type program-wide.
// CHECK-DAG: [[FIRST:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [19 x i8] c"makeFirst()::Local\00"
// CHECK-DAG: @__leaktrace_type._ZTSZ9makeFirstvE5Local = internal global %struct.__leaktrace_type { i32 0, i32 1, ptr [[FIRST]] }
// CHECK-DAG: [[SECOND:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [20 x i8] c"makeSecond()::Local\00"
// CHECK-DAG: @__leaktrace_type._ZTSZ10makeSecondvE5Local = linkonce_odr hidden global %struct.__leaktrace_type { i32 0, i32 0, ptr [[SECOND]] }, comdat

// O0-LABEL: define internal void @_ZZ9makeFirstvEN5LocalC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSZ9makeFirstvE5Local)
// O0-LABEL: define linkonce_odr dso_local void @_ZZ10makeSecondvEN5LocalC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSZ10makeSecondvE5Local)

// O2-LABEL: define {{.*}}@_Z9makeFirstv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSZ9makeFirstvE5Local)
// O2-LABEL: define {{.*}}@_Z9useSecondv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSZ10makeSecondvE5Local)
