// If the instrumentation pass is registered twice in one compilation (say an
// installed copy of the plugin and a build tree's, both named by -fplugin),
// the second run must see the module flag the first one set and leave the
// module alone: each constructor counts once, and the flag exists once.
//
// A copy of both plugin files in another directory registers the plugin a
// second time: the loader copy loads the implementation beside it.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: cp %plugin %plugin_impl %t.dir/
//
// -fdebug-pass-manager shows that the pass does run twice.
// RUN: %clangxx -fplugin=%plugin -fplugin=%t.dir/leaktrace.so -Xclang -fdebug-pass-manager \
// RUN:   -O0 -S -emit-llvm -o %t.O0.ll %s 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t.O0.ll
// RUN: %clangxx -fplugin=%plugin -fplugin=%t.dir/leaktrace.so -Xclang -fdebug-pass-manager \
// RUN:   -O2 -S -emit-llvm -o %t.O2.ll %s 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: FileCheck %s --check-prefixes=CHECK,O2 < %t.O2.ll
//
// The same file named twice is loaded once and registers once.
// RUN: %clangxx -fplugin=%plugin -fplugin=%plugin -Xclang -fdebug-pass-manager \
// RUN:   -O0 -S -emit-llvm -o %t.same.ll %s 2>&1 | FileCheck %s --check-prefix=ONCE
// RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t.same.ll

// TWICE:     Running pass: leaktrace::InstrumentLifetimesPass on [module]
// TWICE:     Running pass: leaktrace::InstrumentLifetimesPass on [module]
// TWICE-NOT: leaktrace::InstrumentLifetimesPass
// ONCE:      Running pass: leaktrace::InstrumentLifetimesPass on [module]
// ONCE-NOT:  leaktrace::InstrumentLifetimesPass

class Widget {
public:
  Widget();
  Widget(const Widget &) = delete;
  ~Widget();

private:
  int *Data;
};
Widget::Widget() : Data(new int(0)) {}
Widget::~Widget() { delete Data; }

// CHECK-NOT: @__leaktrace_cells{{.*}} =
// CHECK:     @__leaktrace_cells = external thread_local(initialexec) {{.*}}global ptr
// CHECK-NOT: @__leaktrace_cells{{.*}} =
// CHECK-NOT: @__leaktrace_type._ZTS6Widget.{{[0-9]+}}
// CHECK:     @__leaktrace_type._ZTS6Widget = linkonce_odr hidden global
// CHECK-NOT: @__leaktrace_type._ZTS6Widget.{{[0-9]+}}

// One update per function, not two: each has one slot load, one counter
// update (insts, offset 0) and one hook call to fall back to.
// O0-LABEL: define dso_local void @_ZN6WidgetC1Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN6WidgetC2Ev(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define dso_local void @_ZN6WidgetD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0:       ret void

// O2-LABEL: define dso_local void @_ZN6WidgetC1Ev(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret void
// O2-LABEL: define dso_local void @_ZN6WidgetD1Ev(
// O2-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2:       ret void

// CHECK:     !llvm.module.flags = !{
// CHECK-NOT: leaktrace.instrumented
// CHECK:     !{i32 7, !"leaktrace.instrumented", i32 1}
// CHECK-NOT: leaktrace.instrumented
