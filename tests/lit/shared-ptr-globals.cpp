// Global std::shared_ptr handles in two translation units: each object gets
// its own counted wrapper for the destructor __cxa_atexit runs (a wrapper
// discarded with another object's comdat would leave a dangling reference),
// and the references of both are released after main: nothing is left.
//
// RUN: %clangxx -fplugin=%plugin -isystem %rt_include -O0 -c -o %t.first.o %s
// RUN: %clangxx -fplugin=%plugin -isystem %rt_include -O2 -DSECOND -c -o %t.second.o %s
// RUN: %clangxx -pthread -o %t %t.first.o %t.second.o %rt
// RUN: env LEAKTRACE_REPORT=exit %t 2>&1 | FileCheck %s
//
// CHECK:     refs during main: 2
// CHECK-NOT: Widget
// CHECK:     total {{ *}}0 {{ *}}0

#include <cstdio>
#include <cstring>
#include <memory>

#include "leaktrace/leaktrace.h"

struct Widget {
  int X;
};

#ifndef SECOND
std::shared_ptr<Widget> First = std::make_shared<Widget>();
#else
std::shared_ptr<Widget> Second = std::make_shared<Widget>();

int main() {
  leaktrace_type_count Rows[64];
  size_t N = leaktrace_snapshot(Rows, 64);
  long Refs = 0;
  for (size_t I = 0; I < N && I < 64; ++I)
    if (std::strcmp(Rows[I].name, "Widget") == 0)
      Refs += Rows[I].refs;
  std::printf("refs during main: %ld\n", Refs);
}
#endif
