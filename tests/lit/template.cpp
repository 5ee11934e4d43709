// Class template specialisations are counted per specialisation, under
// their qualified name with template arguments. Their constructors and
// destructors are linkonce_odr like the descriptors: every translation unit
// that instantiates them instruments them the same way.
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

namespace ns {
template <typename T> class Box {
public:
  explicit Box(T V) : Value(V) {}
  ~Box() {}

private:
  T Value;
  Resource R;
};
} // namespace ns

ns::Box<int> *makeBox(int V) { return new ns::Box<int>(V); }
void dropBox(ns::Box<int> *B) { delete B; }
ns::Box<ns::Box<int> *> *makeNested(ns::Box<int> *B) {
  return new ns::Box<ns::Box<int> *>(B);
}

// CHECK: $__leaktrace_type._ZTSN2ns3BoxIiEE = comdat any
// CHECK: $__leaktrace_type._ZTSN2ns3BoxIPNS0_IiEEEE = comdat any
// CHECK: [[INT:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [13 x i8] c"ns::Box<int>\00"
// CHECK: @__leaktrace_type._ZTSN2ns3BoxIiEE = linkonce_odr hidden global %struct.__leaktrace_type { i32 0, i32 0, ptr [[INT]], i64 8 }, comdat, align 8
// CHECK: [[NESTED:@__leaktrace_name[.0-9]*]] = private unnamed_addr constant [24 x i8] c"ns::Box<ns::Box<int> *>\00"
// CHECK: @__leaktrace_type._ZTSN2ns3BoxIPNS0_IiEEEE = linkonce_odr hidden global %struct.__leaktrace_type { i32 0, i32 0, ptr [[NESTED]], i64 16 }, comdat, align 8

// A count is the runtime's fast path inline (inline-fast-path.cpp pins it
// whole): the descriptor's slot, the insts counter (offset 0) changed by the
// delta, and the hook with the same descriptor as the fallback.
// O0-LABEL: define linkonce_odr dso_local void @_ZN2ns3BoxIiEC1Ei(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN2ns3BoxIiEC2Ei(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTSN2ns3BoxIiEE monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSN2ns3BoxIiEE, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define linkonce_odr dso_local void @_ZN2ns3BoxIiED1Ev(
// O0-NEXT:  alloca
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTSN2ns3BoxIiEE monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, -1{{$}}
// O0:       call void @__leaktrace_destruct(ptr @__leaktrace_type._ZTSN2ns3BoxIiEE, ptr {{[^)]*}})
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN2ns3BoxIPNS0_IiEEEC1ES2_(
// O0-NOT:   __leaktrace
// O0:       call void @_ZN2ns3BoxIPNS0_IiEEEC2ES2_(
// O0-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTSN2ns3BoxIPNS0_IiEEEE monotonic
// O0:       add i64 %{{[0-9]+}}, 0{{$}}
// O0:       add i64 %{{[0-9]+}}, 1{{$}}
// O0:       call void @__leaktrace_construct(ptr @__leaktrace_type._ZTSN2ns3BoxIPNS0_IiEEEE, ptr {{[^)]*}})
// O0-NEXT:  br label %[[RET:[0-9]+]]
// O0-EMPTY:
// O0-NEXT:  {{^}}[[RET]]:
// O0-NEXT:  ret void
// O0-LABEL: define linkonce_odr dso_local void @_ZN2ns3BoxIiEC2Ei(
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN2ns3BoxIiED2Ev(
// O0-NOT:   __leaktrace
// O0-LABEL: define linkonce_odr dso_local void @_ZN2ns3BoxIPNS0_IiEEEC2ES2_(
// O0-NOT:   __leaktrace
// O0-LABEL: declare void @__leaktrace_construct(ptr, ptr)

// O2-LABEL: define {{.*}}@_Z7makeBoxi(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTSN2ns3BoxIiEE monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSN2ns3BoxIiEE, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2-NOT:   __leaktrace
// O2-LABEL: define dso_local void @_Z7dropBoxPN2ns3BoxIiEE(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTSN2ns3BoxIiEE monotonic
// O2:       add i64 %{{[0-9]+}}, -1{{$}}
// O2:       call void @__leaktrace_destruct(ptr nonnull @__leaktrace_type._ZTSN2ns3BoxIiEE, ptr {{[^)]*}})
// O2-NOT:   __leaktrace
// O2-LABEL: define {{.*}}@_Z10makeNestedPN2ns3BoxIiEE(
// O2-NOT:   __leaktrace
// O2:       load atomic i32, ptr @__leaktrace_type._ZTSN2ns3BoxIPNS0_IiEEEE monotonic
// O2:       add i64 %{{[0-9]+}}, 1{{$}}
// O2:       call void @__leaktrace_construct(ptr nonnull @__leaktrace_type._ZTSN2ns3BoxIPNS0_IiEEEE, ptr {{[^)]*}})
// O2-NEXT:  br label %[[RET:[0-9]+]]
// O2-EMPTY:
// O2-NEXT:  {{^}}[[RET]]:
// O2-NEXT:  ret ptr
// O2-NOT:   __leaktrace
// O2-LABEL: declare void @__leaktrace_construct(ptr, ptr)
