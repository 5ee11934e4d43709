// With virtual bases the most-derived class's C1 builds the virtual base
// through its base-object constructor (C2) and the direct bases through
// their C2 with a VTT: constructing a Diamond counts one Diamond and nothing
// else. Each class still counts when it is itself the complete object.
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

struct Top {
  Top();
  ~Top();
  Resource R;
};
struct Left : virtual Top {
  Left();
  ~Left();
};
struct Right : virtual Top {
  Right();
  ~Right();
};
struct Diamond : Left, Right {
  Diamond();
  ~Diamond();
};

Top::Top() {}
Top::~Top() {}
Left::Left() {}
Left::~Left() {}
Right::Right() {}
Right::~Right() {}
Diamond::Diamond() {}
Diamond::~Diamond() {}

Diamond *makeDiamond() { return new Diamond; }
void dropDiamond(Diamond *D) { delete D; }

// CHECK-DAG: @__leaktrace_type._ZTS3Top = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS4Left = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS5Right = linkonce_odr hidden global
// CHECK-DAG: @__leaktrace_type._ZTS7Diamond = linkonce_odr hidden global

// A count is the runtime's fast path inline (inline-fast-path.cpp pins it
// whole): the descriptor's slot, the insts counter (offset 0) changed by the
// delta, and the hook with the same descriptor as the fallback.
// O0-LABEL: define dso_local void @_ZN3TopC1Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN3TopC2Ev(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS3Top monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS3Top, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define dso_local void @_ZN3TopD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS3Top monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS3Top, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4LeftC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4LeftC1Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN3TopC2Ev(
// O0-NOT:   __leaktrace
// O0:       load atomic i32, ptr @__leaktrace_type._ZTS4Left monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS4Left, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define dso_local void @_ZN4LeftD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN4LeftD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS4Left monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS4Left, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0:       call void @_ZN3TopD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN5RightC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN5RightC1Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN3TopC2Ev(
// O0-NOT:   __leaktrace
// O0:       load atomic i32, ptr @__leaktrace_type._ZTS5Right monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS5Right, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define dso_local void @_ZN5RightD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN5RightD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS5Right monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS5Right, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0:       call void @_ZN3TopD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN7DiamondC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN7DiamondC1Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN3TopC2Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN4LeftC2Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN5RightC2Ev(
// O0-NOT:   __leaktrace
// O0:       load atomic i32, ptr @__leaktrace_type._ZTS7Diamond monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Diamond, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define dso_local void @_ZN7DiamondD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local void @_ZN7DiamondD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS7Diamond monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS7Diamond, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0:       call void @_ZN3TopD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// At -O2 everything is inlined into the callers: still one Diamond only (one
// hook call each).
// O2-LABEL: define {{.*}}@_Z11makeDiamondv(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS7Diamond monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Diamond, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_Z11dropDiamondP7Diamond(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS7Diamond monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTS7Diamond, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)
