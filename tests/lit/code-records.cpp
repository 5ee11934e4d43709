// What RecordCountedCode emits for the runtime's link check (see
// __leaktrace_code_def in leaktrace/leaktrace.h): a def for every function
// (and vtable) with external linkage that counts, in its own comdat when it
// has one; a use, per counted type, for every such function this module
// refers to whose copy the linker may take from elsewhere, for the counted
// constructors and destructors defined elsewhere, and (weak) for the
// destructor of every class whose objects are built here; nothing for
// internal code; one registration per module, in comdats. At -O2 the records
// describe what survives: an inline constructor inlined everywhere has none.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2
// No counted class, no records and no registration.
// RUN: %clangxx -fplugin=%plugin -DNOTHING -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=NONE

#ifndef NOTHING
struct Res {
  Res();
  Res(const Res &);
  ~Res();
};
struct Strong {
  Strong();
  ~Strong();
  Res R;
};
Strong::Strong() {}
struct Inline {
  Inline() {}
  ~Inline() {}
  Res R;
};
struct Declared {
  Declared();
  ~Declared();
  Res R;
};
struct BuiltOnly {
  BuiltOnly() {}
  ~BuiltOnly();
  Res R;
};
struct Poly {
  Poly() {}
  virtual ~Poly() {}
  Res R;
};
namespace {
struct Local {
  Local() {}
  ~Local() {}
  Res R;
};
} // namespace
void useInline() { Inline I; }
void dropDeclared(Declared *D) { delete D; }
BuiltOnly *build() { return new BuiltOnly; }
Poly *poly() { return new Poly; }
void *local() { return new Local; }
#endif

// CHECK-DAG: $__leaktrace_register_code_module = comdat any
// CHECK-DAG: $__leaktrace_unregister_code_module = comdat any
// A strong definition: a def without comdat, no use.
// CHECK-DAG: @[[D1:__leaktrace_code[.0-9]*]] = private global { ptr } { ptr @__leaktrace_self._ZN6StrongC1Ev }, section "__leaktrace_defs", align 8
// Inline constructors and destructors called here: def in their comdat, use.
// O0-DAG:    @{{__leaktrace_code[.0-9]*}} = private global { ptr } { ptr @__leaktrace_self._ZN6InlineC1Ev }, section "__leaktrace_defs", comdat($_ZN6InlineC1Ev), align 8
// O0-DAG:    @{{__leaktrace_code[.0-9]*}} = private global { ptr, ptr, ptr } { ptr @_ZN6InlineC1Ev, ptr @__leaktrace_type._ZTS6Inline, ptr @{{__leaktrace_symbol[.0-9]*}} }, section "__leaktrace_uses", align 8
// O2-NOT:    __leaktrace_self._ZN6InlineC1Ev
// Callers that count (the inlined code, at -O2) have defs too.
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr } { ptr @__leaktrace_self._Z9useInlinev }, section "__leaktrace_defs", align 8
// A destructor defined elsewhere that this module calls: a use.
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr, ptr, ptr } { ptr @_ZN8DeclaredD1Ev, ptr @__leaktrace_type._ZTS8Declared, ptr @{{__leaktrace_symbol[.0-9]*}} }, section "__leaktrace_uses", align 8
// The destructors of classes built here, never named here: weak uses.
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr, ptr, ptr } { ptr @_ZN9BuiltOnlyD1Ev, ptr @__leaktrace_type._ZTS9BuiltOnly, ptr @{{__leaktrace_symbol[.0-9]*}} }, section "__leaktrace_uses", align 8
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr, ptr, ptr } { ptr @_ZN6StrongD1Ev, ptr @__leaktrace_type._ZTS6Strong, ptr @{{__leaktrace_symbol[.0-9]*}} }, section "__leaktrace_uses", align 8
// CHECK-DAG: declare extern_weak void @_ZN9BuiltOnlyD1Ev(ptr)
// CHECK-DAG: declare extern_weak void @_ZN6StrongD1Ev(ptr)
// A polymorphic inline class: its deleting destructor and its vtable build
// and end objects through counted code, and another object may bring copies
// that do not: defs in their comdats and uses.
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr } { ptr @__leaktrace_self._ZN4PolyD0Ev }, section "__leaktrace_defs", comdat($_ZN4PolyD0Ev), align 8
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr, ptr, ptr } { ptr @_ZN4PolyD0Ev, ptr @__leaktrace_type._ZTS4Poly, ptr @{{__leaktrace_symbol[.0-9]*}} }, section "__leaktrace_uses", align 8
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr } { ptr @__leaktrace_self._ZTV4Poly }, section "__leaktrace_defs", comdat($_ZTV4Poly), align 8
// CHECK-DAG: @{{__leaktrace_code[.0-9]*}} = private global { ptr, ptr, ptr } { ptr @_ZTV4Poly, ptr @__leaktrace_type._ZTS4Poly, ptr @{{__leaktrace_symbol[.0-9]*}} }, section "__leaktrace_uses", align 8
// The private aliases are the very copies.
// CHECK-DAG: @__leaktrace_self._ZN6StrongC1Ev = private alias void (ptr), ptr @_ZN6StrongC1Ev
// CHECK-DAG: @__leaktrace_self._ZTV4Poly = private alias { [4 x ptr] }, ptr @_ZTV4Poly
// Registered once per module, when it is loaded and unloaded.
// CHECK-DAG: @__start___leaktrace_defs = extern_weak hidden global i8
// CHECK-DAG: @__stop___leaktrace_uses = extern_weak hidden global i8
// CHECK-DAG: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @__leaktrace_register_code_module, ptr @__leaktrace_register_code_module }]
// CHECK-DAG: @llvm.global_dtors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @__leaktrace_unregister_code_module, ptr @__leaktrace_unregister_code_module }]
// CHECK-DAG: call void @__leaktrace_register_code(ptr @__start___leaktrace_defs, ptr @__stop___leaktrace_defs, ptr @__start___leaktrace_uses, ptr @__stop___leaktrace_uses)
// Nothing for code with internal linkage: no other copy can replace it.
// CHECK-NOT: __leaktrace_self._ZN12_GLOBAL__N_1
// CHECK-NOT: ptr @_ZN12_GLOBAL__N_15LocalC1Ev, ptr @__leaktrace_type

// NONE-NOT: __leaktrace_code
// NONE-NOT: __leaktrace_register
