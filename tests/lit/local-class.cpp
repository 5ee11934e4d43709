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

// Wherever in code a class is defined: in a lambda, in nested statements,
// in an instantiated function template, in a lambda of a default argument.
void *inLambda() {
  auto Make = [] {
    struct InLambda {
      InLambda() {}
      ~InLambda() {}
      Resource R;
    };
    return static_cast<void *>(new InLambda);
  };
  return Make();
}
void *inStatements(bool B) {
  if (B)
    for (int I = 0; I < 1; ++I) {
      struct Nested {
        Nested() {}
        ~Nested() {}
        Resource R;
      };
      return new Nested;
    }
  return nullptr;
}
template <class T> void *inTemplate() {
  struct InTemplate {
    InTemplate() {}
    ~InTemplate() {}
    T R;
  };
  return new InTemplate;
}
void *useTemplate() { return inTemplate<Resource>(); }
void *inDefault(void *P = [] {
  struct InDefault {
    InDefault() {}
    ~InDefault() {}
    Resource R;
  };
  return static_cast<void *>(new InDefault);
}()) {
  return P;
}
void *useDefault() { return inDefault(); }

// The local class of a non-inline function exists in this translation unit
// only (internal descriptor, flagged LEAKTRACE_TYPE_LOCAL); that of an inline
// function is one type program-wide.
// CHECK-DAG: [[FIRST:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [19 x i8] c"makeFirst()::Local\00"
// CHECK-DAG: @__leaktrace_type._ZTSZ9makeFirstvE5Local = internal global %struct.__leaktrace_type { i32 0, i32 1, ptr [[FIRST]], i64 1 }
// CHECK-DAG: [[SECOND:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [20 x i8] c"makeSecond()::Local\00"
// CHECK-DAG: @__leaktrace_type._ZTSZ10makeSecondvE5Local = linkonce_odr hidden global %struct.__leaktrace_type { i32 0, i32 0, ptr [[SECOND]], i64 1 }, comdat

// CHECK-DAG: @"__leaktrace_type.{{[^ ]*}}8InLambda" = internal global
// CHECK-DAG: @__leaktrace_type._ZTSZ12inStatementsbE6Nested = internal global
// CHECK-DAG: @__leaktrace_type._ZTSZ10inTemplateI8ResourceEPvvE10InTemplate = linkonce_odr hidden global
// CHECK-DAG: @"__leaktrace_type.{{[^ ]*}}9InDefault" = internal global

// O0-LABEL: define internal void @_ZZ9makeFirstvEN5LocalC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSZ9makeFirstvE5Local, ptr {{[^)]*}})
// O0-LABEL: define linkonce_odr dso_local void @_ZZ10makeSecondvEN5LocalC1Ev(
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSZ10makeSecondvE5Local, ptr {{[^)]*}})

// O2-LABEL: define {{.*}}@_Z9makeFirstv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSZ9makeFirstvE5Local, ptr {{[^)]*}})
// O2-LABEL: define {{.*}}@_Z9useSecondv(
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSZ10makeSecondvE5Local, ptr {{[^)]*}})
