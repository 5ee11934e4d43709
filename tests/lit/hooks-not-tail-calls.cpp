// The runtime's hooks are never tail calls: the runtime takes a hook's
// return address for the code that counted, where a creation site starts.
// Each function below ends with a hook call at -O2 (the constructor or
// destructor inlined, the counted call last): as a tail call, the hook
// would return to the function's caller and the function, with what was
// inlined into it, would be missing from the stack (a site of a TEST's
// `new Orphan()` named GoogleTest's frames, not Orphan() and the test).
//
// Every hook call is `notail`, at -O0 and -O2, and the -O2 assembly calls
// each hook and jumps to none.
// RUN: %clangxx -std=c++17 -fplugin=%plugin -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --implicit-check-not='{{^ *(tail |musttail )?call void @__leaktrace_(construct|destruct|insts_add|refs_add)}}'
// RUN: %clangxx -std=c++17 -fplugin=%plugin -O2 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --implicit-check-not='{{^ *(tail |musttail )?call void @__leaktrace_(construct|destruct|insts_add|refs_add)}}'
// RUN: %clangxx -std=c++17 -fplugin=%plugin -O2 -S -o - %s \
// RUN:   | FileCheck %s --check-prefix=ASM --implicit-check-not='{{jmp.*__leaktrace_(construct|destruct|insts_add|refs_add)}}'

#include <memory>
#include <new>

// Counted by its constructors and destructor.
class Orphan {
public:
  Orphan() {}
  ~Orphan() {}
};

// Its destructor is trivial: counted by its objects made with new. Made
// default-initialised, so that nothing is stored after the count.
struct Stray {
  int Id;
};

// CHECK-LABEL: define {{.*}}void @_Z10makeOrphanv(
// CHECK:       notail call void @__leaktrace_construct(ptr {{.*}}@__leaktrace_type._ZTS6Orphan,
// ASM-LABEL:   _Z10makeOrphanv:
// ASM:         call{{q?}} __leaktrace_construct
void makeOrphan() { new Orphan(); }

// CHECK-LABEL: define {{.*}}void @_Z10copyOrphanRK6Orphan(
// CHECK:       notail call void @__leaktrace_construct_copy(ptr {{.*}}@__leaktrace_type._ZTS6Orphan,
// ASM-LABEL:   _Z10copyOrphanRK6Orphan:
// ASM:         call{{q?}} __leaktrace_construct_copy
void copyOrphan(const Orphan &O) { new Orphan(O); }

// CHECK-LABEL: define {{.*}}void @_Z9endOrphanP6Orphan(
// CHECK:       notail call void @__leaktrace_destruct(ptr {{.*}}@__leaktrace_type._ZTS6Orphan,
// ASM-LABEL:   _Z9endOrphanP6Orphan:
// ASM:         call{{q?}} __leaktrace_destruct
void endOrphan(Orphan *O) { O->~Orphan(); }

// CHECK-LABEL: define {{.*}}void @_Z9makeStrayv(
// CHECK:       notail call void @__leaktrace_construct(ptr {{.*}}@__leaktrace_type.new._ZTS5Stray,
// ASM-LABEL:   _Z9makeStrayv:
// ASM:         call{{q?}} __leaktrace_construct
void makeStray() { new Stray; }

// A non-throwing new counts 1 or 0: the hook that takes a count.
// CHECK-LABEL: define {{.*}}void @_Z10maybeStrayv(
// CHECK:       notail call void @__leaktrace_insts_add(ptr {{.*}}@__leaktrace_type.new._ZTS5Stray,
// ASM-LABEL:   _Z10maybeStrayv:
// ASM:         call{{q?}} __leaktrace_insts_add
void maybeStray() { new (std::nothrow) Stray; }

// A handle's change, counted after the call that made it.
// CHECK-LABEL: define {{.*}}void @_Z10dropHandleRSt10shared_ptrI6OrphanE(
// CHECK:       notail call void @__leaktrace_refs_add(ptr {{.*}}@__leaktrace_type._ZTS6Orphan,
// ASM-LABEL:   _Z10dropHandleRSt10shared_ptrI6OrphanE:
// ASM:         call{{q?}} __leaktrace_refs_add
void dropHandle(std::shared_ptr<Orphan> &P) { P.reset(); }
