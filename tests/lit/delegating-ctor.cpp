// A delegating constructor's C1 calls the C1 of its target constructor,
// which counts: the delegating one must not count again, whether it is
// defined in the class or (the usual case) out of line.
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

class Conn {
public:
  explicit Conn(int Fd);
  Conn();
  explicit Conn(const char *) : Conn(-2) {}
  ~Conn();

private:
  Resource R;
  int Fd;
};

Conn::Conn(int Fd) : Fd(Fd) {}
Conn::Conn() : Conn(-1) {}
Conn::~Conn() {}

Conn *makeNamed() { return new Conn("stdin"); }

// CHECK: @__leaktrace_type._ZTS4Conn = linkonce_odr hidden global

// A count is the runtime's fast path inline (inline-fast-path.cpp pins it
// whole): the descriptor's slot, the insts counter (offset 0) changed by the
// delta, and the hook with the same descriptor as the fallback.
// O0-LABEL: define dso_local void @_ZN4ConnC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4ConnC1Ei(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4ConnC2Ei(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS4Conn monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS4Conn, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define dso_local void @_ZN4ConnC2Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4ConnC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4ConnC1Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4ConnC1Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4ConnD2Ev(
// O0-LABEL: define linkonce_odr dso_local void @_ZN4ConnC1EPKc(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4ConnC1Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// At -O2 the target's C1 is inlined into the delegating C1: exactly one
// count (one hook call), on return.
// O2-LABEL: define dso_local void @_ZN4ConnC1Ei(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS4Conn monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS4Conn, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret void
// O2-LABEL: define dso_local void @_ZN4ConnC2Ev(
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_ZN4ConnC1Ev(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS4Conn monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS4Conn, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret void
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_ZN4ConnD2Ev(
// O2-LABEL: define {{.*}}@_Z9makeNamedv(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS4Conn monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS4Conn, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)
