// Classes that come from a precompiled header never reach the consumer's
// HandleTagDeclDefinition; the plugin must find them anyway. Whether the PCH
// was built with the plugin or without it does not matter, and the
// leaktrace::ignore annotation survives the PCH.
//
// A PCH must be used at the optimisation level it was built at.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -O0 -x c++-header -o %t.dir/plain-O0.pch %S/Inputs/pch-types.h
// RUN: %clangxx -O2 -x c++-header -o %t.dir/plain-O2.pch %S/Inputs/pch-types.h
// RUN: %clangxx -fplugin=%plugin -O0 -x c++-header -o %t.dir/plugin-O0.pch %S/Inputs/pch-types.h
// RUN: %clangxx -fplugin=%plugin -O2 -x c++-header -o %t.dir/plugin-O2.pch %S/Inputs/pch-types.h
//
// RUN: %clangxx -fplugin=%plugin -include-pch %t.dir/plain-O0.pch -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 --implicit-check-not=__leaktrace_type._ZTS4Pool
// RUN: %clangxx -fplugin=%plugin -include-pch %t.dir/plugin-O0.pch -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0 --implicit-check-not=__leaktrace_type._ZTS4Pool
// RUN: %clangxx -fplugin=%plugin -include-pch %t.dir/plain-O2.pch -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 --implicit-check-not=__leaktrace_type._ZTS4Pool
// RUN: %clangxx -fplugin=%plugin -include-pch %t.dir/plugin-O2.pch -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O2 --implicit-check-not=__leaktrace_type._ZTS4Pool
//
// The new- and delete-expressions of the PCH's inline functions are counted
// by the file that generates them, whether the PCH was built with the plugin
// or without it.
// RUN: %clangxx -fplugin=%plugin -include-pch %t.dir/plain-O0.pch -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=HEAP --implicit-check-not=__leaktrace_new --implicit-check-not=__leaktrace_delete
// RUN: %clangxx -fplugin=%plugin -include-pch %t.dir/plugin-O0.pch -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=HEAP --implicit-check-not=__leaktrace_new --implicit-check-not=__leaktrace_delete
// HEAP-LABEL: define linkonce_odr {{.*}}void @_Z9dropPointP5Point(
// HEAP:       call void @__leaktrace_insts_add(ptr @__leaktrace_type.new._ZTS5Point,
// HEAP-LABEL: define linkonce_odr {{.*}}ptr @_Z9makePointv(
// HEAP:       call void @__leaktrace_construct(ptr @__leaktrace_type.new._ZTS5Point, ptr {{[^)]*}})
//
// Remarks come for the classes of the PCH too, once.
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -include-pch %t.dir/plain-O0.pch \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// REMARK: pch-types.h:15:48: remark: leaktrace: 'Pool' is not counted: annotated leaktrace::ignore
// REMARK: pch-types.h:27:8: remark: leaktrace: only the objects of 'Point' made with new are counted: its destructor is trivial, so destruction emits no call to count
// Counted: Session; Point by its objects made with new. Left out: Pool.
// REMARK: remark: leaktrace: this file counts 2 classes (1 only by its objects made with new) and leaves out 1

Session *makeSession() { return new Session; }
void dropSession(Session *S) { delete S; }
Pool *makePool() { return new Pool; }
void dropPool(Pool *P) { delete P; }
Point *usePoints() {
  dropPoint(makePoint());
  return makePoint();
}

// CHECK: @__leaktrace_type._ZTS7Session = linkonce_odr hidden global

// A count is the runtime's fast path inline (inline-fast-path.cpp pins it
// whole): the descriptor's slot, the insts counter (offset 0) changed by the
// delta, and the hook with the same descriptor as the fallback.
// O0-LABEL: define linkonce_odr dso_local void @_ZN7SessionC1Ev(
// O0-NOT:   __leaktrace
// O0:       load atomic i32, ptr @__leaktrace_type._ZTS7Session monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTS7Session, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define linkonce_odr dso_local void @_ZN7SessionD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS7Session monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTS7Session, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0-LABEL: define dso_local noundef ptr @_Z9usePointsv(
// Pool is left out: built and destroyed through C2 and D2 (its C1 and D1
// replaced, as clang's constructor aliases replace them), which count nothing.
// O0-LABEL: define linkonce_odr dso_local void @_ZN4PoolC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN4PoolD2Ev(
// O0-NOT:   __leaktrace
// O0:       {{^}}}{{$}}
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// O2-LABEL: define {{.*}}@_Z11makeSessionv(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS7Session monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTS7Session, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z11dropSessionP7Session(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTS7Session monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTS7Session, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z8makePoolv(
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z8dropPoolP4Pool(
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z9usePointsv(
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)
