// A constructor whose body is a function-try-block rethrows from its
// handler: only the normal return counts. The destructor's function-try-block
// does not move the count from the entry.
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
int check(int);
void log();

class Guarded {
public:
  explicit Guarded(int N);
  ~Guarded();

private:
  Resource R;
  int N;
};

Guarded::Guarded(int N) try : N(check(N)) {
  check(this->N);
} catch (...) {
  log();
}

Guarded::~Guarded() try {
  check(N);
} catch (...) {
  log();
}

Guarded *makeGuarded(int N) { return new Guarded(N); }

// CHECK: @__leaktrace_type._ZTS7Guarded = linkonce_odr hidden global

// The handlers (landingpad ... __cxa_rethrow) live in C2 and D2.
// CHECK-LABEL: define dso_local void @_ZN7GuardedC2Ei(
// CHECK-NOT:   __leaktrace
// CHECK:       landingpad
// CHECK-NOT:   __leaktrace
// CHECK:       invoke void @__cxa_rethrow()
// CHECK-NOT:   __leaktrace
// A count is the runtime's fast path inline (inline-fast-path.cpp pins it
// whole): the descriptor's slot, the insts counter (offset 0, folded away at
// -O2) changed by the delta, and the hook with the same descriptor as the
// fallback, joining where the update was placed.
// CHECK-LABEL: define dso_local void @_ZN7GuardedC1Ei(
// CHECK-NOT:   __leaktrace
// CHECK:       call void @_ZN7GuardedC2Ei(
// CHECK-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS7Guarded monotonic
// O0:          add i64 %{{[0-9]+}}, 0{{$}}
// CHECK:       add i64 %{{[0-9]+}}, 1{{$}}
// CHECK:       call void @__leaktrace_construct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS7Guarded, ptr {{[^)]*}})
// CHECK-NEXT:  br label %[[RET:[0-9]+]]
// CHECK-EMPTY:
// CHECK-NEXT:  {{^}}[[RET]]:
// CHECK-NEXT:  ret void
// CHECK-NEXT:  }
// CHECK-LABEL: define dso_local void @_ZN7GuardedD2Ev(
// CHECK-NOT:   __leaktrace
// On entry, after the allocas of the handler's state (none left at -O2).
// CHECK-LABEL: define dso_local void @_ZN7GuardedD1Ev(
// O0-COUNT-3:  alloca
// O0-NEXT:     load atomic i32, ptr @__leaktrace_type._ZTS7Guarded monotonic
// O2-NEXT:     load atomic i32, ptr @__leaktrace_type._ZTS7Guarded monotonic
// O0:          add i64 %{{[0-9]+}}, 0{{$}}
// CHECK:       add i64 %{{[0-9]+}}, -1{{$}}
// CHECK:       call void @__leaktrace_destruct(ptr {{(nonnull )?}}@__leaktrace_type._ZTS7Guarded, ptr {{[^)]*}})
// CHECK-NOT:   __leaktrace

// O0-LABEL: define dso_local noundef ptr @_Z11makeGuardedi(
// O0-NOT:   __leaktrace
// O0:       invoke void @_ZN7GuardedC1Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// At -O2 C1 is inlined into the caller: the count stays on the path that
// returns the object, and the unwind path counts nothing.
// O2-LABEL: define {{.*}}@_Z11makeGuardedi(
// O2-NOT:   __leaktrace
// O2:       invoke void @_ZN7GuardedC2Ei(
// O2-NEXT:  to label %[[OK:[0-9]+]] unwind label %[[EH:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[OK]]:
// O2-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS7Guarded monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Guarded, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2-EMPTY:
// O2-NEXT:  {{^}}[[EH]]:
// O2-NOT:   __leaktrace
// O2:       resume
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)
