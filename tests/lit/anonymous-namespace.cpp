// A class in an anonymous namespace is a different type in every translation
// unit: its descriptor is internal (no comdat to merge it with another
// file's) and flagged LEAKTRACE_TYPE_LOCAL (1), so the runtime gives it a slot
// of its own even when another file has a class of the same name.
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

namespace {
class Impl {
public:
  Impl();
  ~Impl();

private:
  Resource R;
};
Impl::Impl() {}
Impl::~Impl() {}
} // namespace

void *makeImpl() { return new Impl; }
void dropImpl(void *P) { delete static_cast<Impl *>(P); }

// The descriptor of Resource is there for the record of the constructor
// Impl's calls (RecordCountedCode): it is merged across files as usual.
// Impl's is not.
// CHECK-NOT: $__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE = comdat
// CHECK:     [[NAME:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [28 x i8] c"(anonymous namespace)::Impl\00"
// CHECK:     @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE = internal global %struct.__leaktrace_type { i32 0, i32 1, ptr [[NAME]], i64 1 }, align 8

// Each count is the runtime's fast path inline (inline-fast-path.cpp pins
// it whole): the descriptor's slot, the insts counter (offset 0) changed by
// the delta, and the hook with the same descriptor as the fallback.
// O0-LABEL: define internal void @_ZN12_GLOBAL__N_14ImplC1Ev(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN12_GLOBAL__N_14ImplC2Ev(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define internal void @_ZN12_GLOBAL__N_14ImplD1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0-LABEL: define internal void @_ZN12_GLOBAL__N_14ImplC2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define internal void @_ZN12_GLOBAL__N_14ImplD2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// At -O2 the internal constructor and destructor are inlined and deleted;
// the counts live on in the callers and keep the descriptor alive.
// O2-LABEL: define {{.*}}@_Z8makeImplv(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_Z8dropImplPv(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTSN12_GLOBAL__N_14ImplE, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)
