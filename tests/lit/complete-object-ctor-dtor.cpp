// Only the complete-object constructors (C1) count +1, just before they
// return, and only the complete-object destructor (D1) counts -1, on entry.
// Base-object variants (C2, D2) would count base subobjects, and the deleting
// destructor (D0) calls D1, so they must stay untouched.
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2

// Declared only: a member with a user-provided copy constructor and
// destructor makes Widget's own special members non-trivial.
struct Resource {
  Resource();
  Resource(const Resource &);
  ~Resource();
};

class Widget {
public:
  Widget();
  Widget(int N);
  virtual ~Widget();

private:
  Resource R;
  int N = 0;
};

Widget::Widget() {}
// Two returns in the source: the count must still happen exactly once.
Widget::Widget(int N) : N(N) {
  if (N < 0)
    return;
  this->N = N * 2;
}
Widget::~Widget() {}

Widget *makeWidget() { return new Widget; }
void dropWidget(Widget *W) { delete W; }

// The descriptor: linkonce_odr so that every translation unit's copy merges
// into one, named by the qualified class name.
// CHECK: $__leaktrace_type._ZTS6Widget = comdat any
// CHECK: [[NAME:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [7 x i8] c"Widget\00"
// CHECK: @__leaktrace_type._ZTS6Widget = linkonce_odr hidden global %struct.__leaktrace_type { i32 0, i32 0, ptr [[NAME]], i64 16 }, comdat, align 8

// A count is the runtime's fast path inline (inline-fast-path.cpp pins it
// whole): a relaxed load of the descriptor's slot, then either the update of
// the cell's counter at offset 0 (insts) by the delta, or the hook with the
// same descriptor; both branches join where the update was placed.
// O0-LABEL: define dso_local void @_ZN6WidgetC2Ev(
// O0-NOT:   __leaktrace
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
// O0-NEXT:  }
// O0-LABEL: define dso_local void @_ZN6WidgetC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN6WidgetC1Ei(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN6WidgetC2Ei(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-NEXT:  }
// O0-LABEL: define dso_local void @_ZN6WidgetD2Ev(
// O0-NOT:   __leaktrace
// The destructor counts on entry: right after its allocas.
// O0-LABEL: define dso_local void @_ZN6WidgetD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0:       call void @_ZN6WidgetD2Ev(
// O0-LABEL: define dso_local void @_ZN6WidgetD0Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN6WidgetD1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local noundef ptr @_Z10makeWidgetv(
// O0-NOT:   __leaktrace
// O0:       invoke void @_ZN6WidgetC1Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_Z10dropWidgetP6Widget(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// At -O2 the instrumentation happened before inlining: C1 has C2's body
// followed by the count, D0 has D1's body with its count, and the caller of
// `new Widget` counts on its normal path only. Each keeps one update: one
// hook call.
// O2-LABEL: define dso_local void @_ZN6WidgetC2Ev(
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_ZN6WidgetC1Ev(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret void
// O2-NEXT:  }
// O2-LABEL: define dso_local void @_ZN6WidgetC2Ei(
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_ZN6WidgetC1Ei(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret void
// O2-NEXT:  }
// O2-LABEL: define dso_local void @_ZN6WidgetD2Ev(
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_ZN6WidgetD1Ev(
// O2-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_ZN6WidgetD0Ev(
// O2-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2:       call void @_ZdlPvm(
// O2-LABEL: define {{.*}}@_Z10makeWidgetv(
// O2-NOT:   __leaktrace
// O2:       invoke void @_ZN8ResourceC1Ev(
// O2-NEXT:  to label %[[OK:[0-9]+]] unwind label %[[EH:[0-9]+]]
// O2:       {{^}}[[OK]]:
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2:       {{^}}[[EH]]:
// O2-NOT:   __leaktrace
// O2:       resume
// O2-LABEL: define dso_local void @_Z10dropWidgetP6Widget(
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// CHECK: declare void @__leaktrace_destruct(ptr, ptr)
