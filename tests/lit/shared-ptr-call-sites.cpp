// std::shared_ptr operations are counted where code outside the smart-pointer
// implementation calls them: the control-block pointer of each handle the
// call can change is read before and after it, and the difference goes to
// refs of the handle's element type. Inside the implementation nothing is
// counted (its calls are steps of the operation counted at the call site).
// A destructor registered with __cxa_atexit goes through a counted wrapper.
// The same for libstdc++ (control block at _M_refcount._M_pi, offset 8) and
// libc++ (__cntrl_, offset 8).
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clangxx -stdlib=libc++ -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s
//
// Nothing counted inside the implementation: the copy constructor's and the
// destructor's own definitions have no update.
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=INSIDE
// RUN: %clangxx -stdlib=libc++ -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=INSIDE
//
// A move that changes no count once inlined leaves no update at -O2.
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=O2

#include <memory>

struct W {
  int X;
};

// std::shared_ptr's C1 and D1 only call its C2 and D2, so the calls go to
// those, as they do without the plugin (clang's constructor aliases); the
// wrapper keeps the name of the destructor it replaces.
// CHECK: call i32 @__cxa_atexit(ptr @__leaktrace_counted.[[DTOR1:_ZNSt[^(,]*shared_ptrI1WED1[^(,]*Ev]], ptr @Global
std::shared_ptr<W> Global;

// CHECK-LABEL: define {{.*}}void @_Z11copyAndDrop{{.*}}(
// The copy: its control-block pointer after the call, +1 when it owns.
// CHECK:       call void @[[COPY:_ZNSt[^(]*shared_ptrI1WEC2[^(]*RKS[0-9]_]](ptr {{.*}}[[Q:%[0-9]+]], ptr
// CHECK-NEXT:  [[QCB:%[0-9]+]] = getelementptr inbounds i8, ptr [[Q]], i64 8
// CHECK-NEXT:  [[QC:%[0-9]+]] = load ptr, ptr [[QCB]]
// CHECK-NEXT:  [[QOWNS:%[0-9]+]] = icmp ne ptr [[QC]], null
// CHECK-NEXT:  [[PLUS:%[0-9]+]] = zext i1 [[QOWNS]] to i64
// Only a change is counted: an update of 0 (a move, a copy of an empty
// handle) is skipped, and folds away where the optimiser proves it.
// CHECK-NEXT:  [[CHANGED:%[0-9]+]] = icmp ne i64 [[PLUS]], 0
// CHECK-NEXT:  br i1 [[CHANGED]], label %[[UPDATE:[0-9]+]], label %[[DONE:[0-9]+]]
// CHECK-EMPTY:
// CHECK-NEXT:  [[UPDATE]]:
// CHECK-NEXT:  load atomic i32, ptr @__leaktrace_type._ZTS1W monotonic
// CHECK:       [[OLD:%[0-9]+]] = load atomic i64, ptr [[CELL:%[0-9]+]] monotonic
// CHECK-NEXT:  [[NEW:%[0-9]+]] = add i64 [[OLD]], [[PLUS]]
// CHECK-NEXT:  store atomic i64 [[NEW]], ptr [[CELL]] monotonic
// CHECK:       call void @__leaktrace_refs_add(ptr @__leaktrace_type._ZTS1W, i64 [[PLUS]])
// Its destruction: read before the call, -1 when it owned.
// CHECK:       [[DCB:%[0-9]+]] = getelementptr inbounds i8, ptr [[Q]], i64 8
// CHECK-NEXT:  [[DC:%[0-9]+]] = load ptr, ptr [[DCB]]
// CHECK-NEXT:  [[DOWNS:%[0-9]+]] = icmp ne ptr [[DC]], null
// CHECK-NEXT:  [[WAS:%[0-9]+]] = zext i1 [[DOWNS]] to i64
// CHECK-NEXT:  call void @[[DTOR:_ZNSt[^(,]*shared_ptrI1WED2[^(,]*Ev]](ptr {{.*}}[[Q]])
// CHECK-NEXT:  [[MINUS:%[0-9]+]] = sub i64 0, [[WAS]]
// CHECK:       call void @__leaktrace_refs_add(ptr @__leaktrace_type._ZTS1W, i64 [[MINUS]])
// CHECK:       ret void
void copyAndDrop(const std::shared_ptr<W> &P) { std::shared_ptr<W> Q(P); }

// A move changes two handles of one type: one update with their sum.
// CHECK-LABEL: define {{.*}}void @_Z4move{{.*}}(
// CHECK:       [[SRCCB:%[0-9]+]] = getelementptr inbounds i8, ptr [[SRC:%[0-9]+]], i64 8
// CHECK-NEXT:  load ptr, ptr [[SRCCB]]
// CHECK:       call void @_ZNSt{{[^(]*}}shared_ptrI1WEC2{{[^(]*}}OS{{[0-9]}}_(ptr {{.*}}[[DST:%[0-9]+]], ptr {{.*}}[[SRC]])
// CHECK-NEXT:  getelementptr inbounds i8, ptr [[DST]], i64 8
// CHECK:       getelementptr inbounds i8, ptr [[SRC]], i64 8
// CHECK:       [[SUM:%[0-9]+]] = sub i64
// CHECK:       call void @__leaktrace_refs_add(ptr @__leaktrace_type._ZTS1W, i64 [[SUM]])
void move(std::shared_ptr<W> &&P) { std::shared_ptr<W> Q(std::move(P)); }

// O2-LABEL: define {{.*}}void @_Z7forwardOSt10shared_ptrI1WE(
// O2-NOT:   __leaktrace
// O2:       ret void
std::shared_ptr<W> forward(std::shared_ptr<W> &&P) { return std::move(P); }

// The wrapper __cxa_atexit calls instead of the destructor, counted.
// CHECK:       define internal void @__leaktrace_counted.[[DTOR1]](ptr
// CHECK:       call void @[[DTOR]](ptr
// CHECK:       call void @__leaktrace_refs_add(ptr @__leaktrace_type._ZTS1W

// INSIDE:     define linkonce_odr {{.*}}void @_ZNSt{{[^(]*}}shared_ptrI1WED2{{[^(]*}}Ev(
// INSIDE-NOT: __leaktrace_refs_add
// INSIDE:     ret void
