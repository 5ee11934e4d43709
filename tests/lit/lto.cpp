// With -flto and -flto=thin the object files are bitcode: the instrumentation
// must already be in it (the pass runs in the pre-link pipeline), and must
// survive the link-time optimisation into a program that counts right.
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -fplugin=%plugin -I %rt_include -flto -O0 -c -o %t.dir/full-O0.o %s
// RUN: llvm-dis -o - %t.dir/full-O0.o | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -fplugin=%plugin -I %rt_include -flto -O2 -c -o %t.dir/full-O2.o %s
// RUN: llvm-dis -o - %t.dir/full-O2.o | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %clangxx -fplugin=%plugin -I %rt_include -flto=thin -O0 -c -o %t.dir/thin-O0.o %s
// RUN: llvm-dis -o - %t.dir/thin-O0.o | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clangxx -fplugin=%plugin -I %rt_include -flto=thin -O2 -c -o %t.dir/thin-O2.o %s
// RUN: llvm-dis -o - %t.dir/thin-O2.o | FileCheck %s --check-prefixes=CHECK,O2
//
// Linked with lld (the LTO linker of this LLVM) and run.
// RUN: %clangxx -fuse-ld=lld -flto -O2 -o %t.dir/full %t.dir/full-O2.o %rt
// RUN: %t.dir/full | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -fuse-ld=lld -flto=thin -O2 -o %t.dir/thin %t.dir/thin-O2.o %rt
// RUN: %t.dir/thin | FileCheck %s --check-prefix=EXEC

#include <leaktrace/leaktrace.h>

#include <cstdio>
#include <cstring>

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

// noinline: main must see the functions the checks below look at.
__attribute__((noinline)) Widget *makeWidget() { return new Widget; }
__attribute__((noinline)) void dropWidget(Widget *W) { delete W; }

static long long liveWidgets() {
  leaktrace_type_count Counts[16];
  size_t N = leaktrace_snapshot(Counts, 16);
  for (size_t I = 0; I < N && I < 16; ++I)
    if (std::strcmp(Counts[I].name, "Widget") == 0)
      return Counts[I].insts;
  return 0;
}

int main() {
  Widget *A = makeWidget();
  Widget *B = makeWidget();
  std::printf("after 2 new: %lld\n", liveWidgets());
  dropWidget(A);
  std::printf("after 1 delete: %lld\n", liveWidgets());
  {
    Widget Local;
    std::printf("with a local: %lld\n", liveWidgets());
  }
  dropWidget(B);
  std::printf("at the end: %lld\n", liveWidgets());
}

// The bitcode holds the inline fast path (inline-fast-path.cpp pins it
// whole) and the thread-local cells it reads, initial-exec for the link.
// CHECK: @__leaktrace_cells = external thread_local(initialexec) {{.*}}global ptr
// CHECK: @__leaktrace_type._ZTS6Widget = linkonce_odr hidden global %struct.__leaktrace_type { i32 0, i32 0, ptr @__leaktrace_name{{.*}} }, comdat, align 8

// Each count: the descriptor's slot, the insts counter (offset 0) changed by
// the delta, and the hook with the same descriptor as the fallback.
// O0-LABEL: define dso_local void @_ZN6WidgetC1Ev(
// O0-NOT:   __leaktrace
// O0:       load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
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

// O2-LABEL: define {{.*}}@_Z10makeWidgetv(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z10dropWidgetP6Widget(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@main(

// CHECK: !{i32 7, !"leaktrace.instrumented", i32 1}

// EXEC:      after 2 new: 2
// EXEC-NEXT: after 1 delete: 1
// EXEC-NEXT: with a local: 2
// EXEC-NEXT: at the end: 0
