// The classes a file does not count are recorded for the runtime, which
// says how many the program has (leaktrace_uncounted_classes): one record
// per class in section __leaktrace_uncounted, with its name and the
// remark's reason, merged across files by a comdat named after the class
// (an anonymous-namespace class is the file's own: private, no comdat).
// One string per reason. The module registers its records from a
// constructor; the runtime copies the names, so nothing unregisters them. Classes with no
// objects that could leak on their own are not recorded, nor counted ones,
// nor those counted by their objects made with new (Heap).
//
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clangxx -fplugin=%plugin -O2 -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clangxx -fplugin=%plugin -O0 -S -emit-llvm -o %t.ll %s
// RUN: not grep -E '__leaktrace_uncounted\._ZTS(7Counted|5Trait|9Interface|4Heap)' %t.ll
// RUN: not grep -E 'unregister_uncounted|global_dtors.*uncounted' %t.ll
// RUN: grep -c '^@__leaktrace_reason' %t.ll | FileCheck %s --check-prefix=ONE
// ONE: {{^}}1{{$}}

#include <string>

struct [[clang::annotate("leaktrace::ignore")]] Agg {
  std::string S;
  int N;
};
namespace {
struct [[clang::annotate("leaktrace::ignore")]] Local {
  std::string S;
};
} // namespace
struct Heap {
  std::string S;
};
struct Counted {
  Counted();
  ~Counted();
  std::string S;
};
struct Trait {
  static constexpr bool value = true;
};
class Interface {
public:
  virtual ~Interface();
  virtual void run() = 0;
};

Agg A{"a", 1};
Local L{"l"};
static_assert(Trait::value);
Heap *makeHeap() { return new Heap{"h"}; }

// CHECK-DAG: $__leaktrace_uncounted._ZTS3Agg = comdat any
// CHECK-DAG: @[[AGG:__leaktrace_name[.0-9]*]] = private unnamed_addr constant [4 x i8] c"Agg\00"
// CHECK-DAG: @[[LOCAL:__leaktrace_name[.0-9]*]] = private unnamed_addr constant [29 x i8] c"(anonymous namespace)::Local\00"
// CHECK-DAG: @[[WHY:__leaktrace_reason]] = private unnamed_addr constant [28 x i8] c"annotated leaktrace::ignore\00"
// CHECK-DAG: @__leaktrace_uncounted._ZTS3Agg = linkonce_odr hidden global { ptr, ptr } { ptr @[[AGG]], ptr @[[WHY]] }, section "__leaktrace_uncounted", comdat, align 8
// CHECK-DAG: @__leaktrace_uncounted._ZTSN12_GLOBAL__N_15LocalE = private global { ptr, ptr } { ptr @[[LOCAL]], ptr @[[WHY]] }, section "__leaktrace_uncounted", align 8
// CHECK-DAG: @llvm.global_ctors = {{.*}}{ i32 65535, ptr @__leaktrace_register_uncounted_module, ptr @__leaktrace_register_uncounted_module }
// CHECK:     define linkonce_odr hidden void @__leaktrace_register_uncounted_module() {{.*}}comdat {
// CHECK-NEXT:   call void @__leaktrace_register_uncounted(ptr @__start___leaktrace_uncounted, ptr @__stop___leaktrace_uncounted)
