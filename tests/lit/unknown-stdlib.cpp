// A standard library whose std::shared_ptr leaktrace does not know is not
// counted wrongly: the plugin says it cannot count its references, once,
// and emits no reference counting.
//
// RUN: %clangxx -fplugin=%plugin -nostdinc++ -isystem %S/Inputs/unknown-stdlib \
// RUN:   -O0 -S -emit-llvm -o %t.ll %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: FileCheck %s --check-prefix=IR < %t.ll
//
// WARN:     warning: leaktrace: cannot count std::shared_ptr references with this standard library ('std::shared_ptr<W>' has neither libstdc++'s _M_refcount nor libc++'s __cntrl_); the refs column stays 0. Build with libstdc++ or libc++ (-stdlib=libc++) to count them
// WARN-NOT: warning:
// IR-NOT:   __leaktrace_refs_add

#include <memory>

struct W {
  int X;
};
struct V {
  int Y;
};

void copies(const std::shared_ptr<W> &P, const std::shared_ptr<V> &Q) {
  std::shared_ptr<W> A(P);
  std::shared_ptr<V> B(Q);
}
