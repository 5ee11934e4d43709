// The plugin emits the runtime's fast path inline: a relaxed load of the
// descriptor's slot, a load of the thread's cell block pointer (the
// executable's initial-exec TLS), and when both are set, a relaxed load +
// store of the cell's counter; otherwise (first count of the type, or on this
// thread) a call to the hook. The same in position-independent code for
// shared libraries: they reach the executable's TLS through a TPOFF
// relocation (tests/runtime's dlopen tests run such a library).
//
// The whole sequence, once, exactly, at -O0. Without options clang compiles
// for an executable (PIE on Debian, and upstream since clang 15).
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=INLINE
// RUN: %clangxx -fplugin=%plugin -fPIE -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=INLINE,PIE
// RUN: %clangxx -fplugin=%plugin -fno-pic -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=INLINE,NOPIC
// -fno-pie comes last and turns -fPIC off too: still an executable's code.
// RUN: %clangxx -fplugin=%plugin -fPIC -fno-pie -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=INLINE,NOPIC
//
// PIC without PIE (what shared libraries are compiled with): inline too.
// RUN: %clangxx -fplugin=%plugin -fPIC -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=INLINE,PIC -DPIC=2
// RUN: %clangxx -fplugin=%plugin -fpic -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=INLINE,PIC -DPIC=1
//
// At -O2 the counter offset folds away (insts is at offset 0 of the cell).
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=O2
//
// Executables built from this file count exactly, compiled as PIE or as PIC.
// The hooks are wrapped (ld --wrap) to count how often the inline code falls
// back to them: once per type and thread.
// RUN: %clangxx -fplugin=%plugin -isystem %rt_include -DWITH_MAIN -O2 -pthread \
// RUN:   -Wl,--wrap=__leaktrace_construct -Wl,--wrap=__leaktrace_destruct \
// RUN:   -o %t.inline %s %rt
// RUN: %t.inline | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -fplugin=%plugin -isystem %rt_include -DWITH_MAIN -O2 -pthread -fPIC \
// RUN:   -Wl,--wrap=__leaktrace_construct -Wl,--wrap=__leaktrace_destruct \
// RUN:   -o %t.pic %s %rt
// RUN: %t.pic | FileCheck %s --check-prefix=EXEC

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

// INLINE:      @__leaktrace_cells = external thread_local(initialexec) global ptr
// INLINE:      @__leaktrace_type._ZTS6Widget = linkonce_odr hidden global %struct.__leaktrace_type

// +1 just before the constructor returns: the fast path is the likely branch,
// the hook the other, and both join at the `ret`.
// INLINE-LABEL: define {{(dso_local )?}}void @_ZN6WidgetC1Ev(
// INLINE-SAME:  ptr {{.*}}[[OBJ:%[0-9]+]])
// INLINE-NOT:   __leaktrace
// INLINE:       call void @_ZN6WidgetC2Ev(
// INLINE-NEXT:  [[SLOT:%[0-9]+]] = load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic, align 8
// INLINE-NEXT:  [[TLS:%[0-9]+]] = call ptr @llvm.threadlocal.address.p0(ptr @__leaktrace_cells)
// INLINE-NEXT:  [[CELLS:%[0-9]+]] = load ptr, ptr [[TLS]], align 8
// INLINE-NEXT:  [[HAS_SLOT:%[0-9]+]] = icmp ne i32 [[SLOT]], 0
// INLINE-NEXT:  [[HAS_CELLS:%[0-9]+]] = icmp ne ptr [[CELLS]], null
// INLINE-NEXT:  [[READY:%[0-9]+]] = and i1 [[HAS_SLOT]], [[HAS_CELLS]]
// INLINE-NEXT:  br i1 [[READY]], label %[[FAST:[0-9]+]], label %[[SLOW:[0-9]+]], !prof ![[LIKELY:[0-9]+]]
// INLINE-EMPTY:
// INLINE-NEXT:  {{^}}[[FAST]]:
// INLINE-NEXT:  [[WIDE:%[0-9]+]] = zext i32 [[SLOT]] to i64
// INLINE-NEXT:  [[CELL:%[0-9]+]] = shl i64 [[WIDE]], 4
// INLINE-NEXT:  [[OFFSET:%[0-9]+]] = add i64 [[CELL]], 0
// INLINE-NEXT:  [[COUNTER:%[0-9]+]] = getelementptr inbounds i8, ptr [[CELLS]], i64 [[OFFSET]]
// INLINE-NEXT:  [[OLD:%[0-9]+]] = load atomic i64, ptr [[COUNTER]] monotonic, align 8
// INLINE-NEXT:  [[NEW:%[0-9]+]] = add i64 [[OLD]], 1
// INLINE-NEXT:  store atomic i64 [[NEW]], ptr [[COUNTER]] monotonic, align 8
// INLINE-NEXT:  br label %[[JOIN:[0-9]+]]
// INLINE-EMPTY:
// INLINE-NEXT:  {{^}}[[SLOW]]:
// INLINE-NEXT:  call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS6Widget, ptr [[OBJ]])
// INLINE-NEXT:  br label %[[JOIN]]
// INLINE-EMPTY:
// INLINE-NEXT:  {{^}}[[JOIN]]:
// INLINE-NEXT:  ret void
// INLINE-NEXT:  }

// -1 on entry, after the allocas (which must stay in the entry block), before
// the destructor's own code.
// INLINE-LABEL: define {{(dso_local )?}}void @_ZN6WidgetD1Ev(
// INLINE-SAME:  ptr {{.*}}[[OBJ:%[0-9]+]])
// INLINE-NEXT:  [[THIS:%[0-9]+]] = alloca ptr, align 8
// INLINE-NEXT:  [[SLOT:%[0-9]+]] = load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic, align 8
// INLINE-NEXT:  [[TLS:%[0-9]+]] = call ptr @llvm.threadlocal.address.p0(ptr @__leaktrace_cells)
// INLINE-NEXT:  [[CELLS:%[0-9]+]] = load ptr, ptr [[TLS]], align 8
// INLINE-NEXT:  [[HAS_SLOT:%[0-9]+]] = icmp ne i32 [[SLOT]], 0
// INLINE-NEXT:  [[HAS_CELLS:%[0-9]+]] = icmp ne ptr [[CELLS]], null
// INLINE-NEXT:  [[READY:%[0-9]+]] = and i1 [[HAS_SLOT]], [[HAS_CELLS]]
// INLINE-NEXT:  br i1 [[READY]], label %[[FAST:[0-9]+]], label %[[SLOW:[0-9]+]], !prof ![[LIKELY]]
// INLINE-EMPTY:
// INLINE-NEXT:  {{^}}[[FAST]]:
// INLINE-NEXT:  [[WIDE:%[0-9]+]] = zext i32 [[SLOT]] to i64
// INLINE-NEXT:  [[CELL:%[0-9]+]] = shl i64 [[WIDE]], 4
// INLINE-NEXT:  [[OFFSET:%[0-9]+]] = add i64 [[CELL]], 0
// INLINE-NEXT:  [[COUNTER:%[0-9]+]] = getelementptr inbounds i8, ptr [[CELLS]], i64 [[OFFSET]]
// INLINE-NEXT:  [[OLD:%[0-9]+]] = load atomic i64, ptr [[COUNTER]] monotonic, align 8
// INLINE-NEXT:  [[NEW:%[0-9]+]] = add i64 [[OLD]], -1
// INLINE-NEXT:  store atomic i64 [[NEW]], ptr [[COUNTER]] monotonic, align 8
// INLINE-NEXT:  br label %[[JOIN:[0-9]+]]
// INLINE-EMPTY:
// INLINE-NEXT:  {{^}}[[SLOW]]:
// INLINE-NEXT:  call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS6Widget, ptr [[OBJ]])
// INLINE-NEXT:  br label %[[JOIN]]
// INLINE-EMPTY:
// INLINE-NEXT:  {{^}}[[JOIN]]:
// INLINE-NEXT:  store ptr %0, ptr [[THIS]], align 8
// INLINE-NOT:   __leaktrace
// INLINE:       ret void

// INLINE:       declare void @__leaktrace_construct(ptr, ptr) #[[HOOK:[0-9]+]]
// INLINE:       declare void @__leaktrace_destruct(ptr, ptr) #[[HOOK]]
// INLINE:       attributes #[[HOOK]] = { nounwind }
// PIE:          !{i32 7, !"PIE Level", i32 2}
// NOPIC-NOT:    !"PI{{[CE]}} Level"
// PIC:          !{i32 8, !"PIC Level", i32 [[PIC]]}
// PIC-NOT:      !"PIE Level"
// INLINE:       !{i32 7, !"leaktrace.instrumented", i32 1}
// Likely: a large weight for the fast path against 1 for the hook.
// INLINE:       ![[LIKELY]] = !{!"branch_weights", {{(!"expected", )?}}i32 {{[0-9][0-9][0-9][0-9]+}}, i32 1}

// O2-LABEL: define dso_local void @_ZN6WidgetC1Ev(
// O2-NOT:   __leaktrace
// O2:       [[SLOT:%[0-9]+]] = load atomic i32, ptr @__leaktrace_type._ZTS6Widget monotonic, align 8
// O2:       br i1 %{{[0-9]+}}, label %[[FAST:[0-9]+]], label %[[SLOW:[0-9]+]], !prof
// O2-EMPTY:
// O2-NEXT:  {{^}}[[FAST]]:
// O2-NEXT:  [[WIDE:%[0-9]+]] = zext i32 [[SLOT]] to i64
// O2-NEXT:  [[CELL:%[0-9]+]] = shl {{.*}}i64 [[WIDE]], 4
// O2-NEXT:  [[COUNTER:%[0-9]+]] = getelementptr inbounds {{.*}}i8, ptr %{{[0-9]+}}, i64 [[CELL]]
// O2-NEXT:  [[OLD:%[0-9]+]] = load atomic i64, ptr [[COUNTER]] monotonic, align 8
// O2-NEXT:  [[NEW:%[0-9]+]] = add i64 [[OLD]], 1
// O2-NEXT:  store atomic i64 [[NEW]], ptr [[COUNTER]] monotonic, align 8
// O2:       {{^}}[[SLOW]]:
// O2-NEXT:  call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS6Widget, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2:       ret void

#ifdef WITH_MAIN
#include <leaktrace/leaktrace.h>

#include <cstdio>
#include <cstring>
#include <thread>

// How often the instrumented code called each hook.
static int ConstructCalls, DestructCalls;

extern "C" {
void __real___leaktrace_construct(struct __leaktrace_type *Type,
                                  const void *Object);
void __real___leaktrace_destruct(struct __leaktrace_type *Type,
                                 const void *Object);
void __wrap___leaktrace_construct(struct __leaktrace_type *Type,
                                  const void *Object) {
  ++ConstructCalls;
  __real___leaktrace_construct(Type, Object);
}
void __wrap___leaktrace_destruct(struct __leaktrace_type *Type,
                                 const void *Object) {
  ++DestructCalls;
  __real___leaktrace_destruct(Type, Object);
}
}

static long long liveWidgets() {
  leaktrace_type_count Counts[16];
  size_t N = leaktrace_snapshot(Counts, 16);
  for (size_t I = 0; I < N && I < 16; ++I)
    if (std::strcmp(Counts[I].name, "Widget") == 0)
      return Counts[I].insts;
  return -1;
}

static void report(const char *When) {
  std::printf("%s: %lld live, hook calls %d construct %d destruct\n", When,
              liveWidgets(), ConstructCalls, DestructCalls);
}

// noinline: the counts are updated in these, not folded into main.
__attribute__((noinline)) Widget *make() { return new Widget; }
__attribute__((noinline)) void drop(Widget *W) { delete W; }

int main() {
  Widget *Kept[3];
  for (Widget *&W : Kept)
    W = make();
  report("after 3 new");
  for (int I = 0; I < 100; ++I) {
    Widget Local;
    drop(make());
  }
  report("after 200 more, destroyed");

  // A new thread has no cells yet: its first update takes the slow path. It
  // destroys first (an object of the main thread), then constructs.
  std::thread T([&] {
    drop(Kept[0]);
    Widget *W[5];
    for (Widget *&X : W)
      X = make();
    for (int I = 0; I < 4; ++I)
      drop(W[I]);
  });
  T.join();
  report("after the thread");

  drop(Kept[1]);
  drop(Kept[2]);
  report("at the end");
}
#endif

// The main thread's first construction registers the type and the thread,
// and the second thread's first update (a destruction) sets up its cells:
// every other update stays inline.
// EXEC:      after 3 new: 3 live, hook calls 1 construct 0 destruct
// EXEC-NEXT: after 200 more, destroyed: 3 live, hook calls 1 construct 0 destruct
// EXEC-NEXT: after the thread: 3 live, hook calls 1 construct 1 destruct
// EXEC-NEXT: at the end: 1 live, hook calls 1 construct 1 destruct
// EXEC-NOT:  {{.}}
