// A translation unit of the layer runner (it includes leaktrace/runner.h,
// which defines __leaktrace_runner_module) may be compiled with the
// program's flags: the plugin counts none of the classes written in it and
// does not let it define __leaktrace_instrumented, the runner's proof that
// the program was compiled with the plugin. Classes of the headers it
// includes are the program's and stay counted.
//
// RUN: %clangxx -fplugin=%plugin -isystem %rt_include -I %runner_include \
// RUN:   -I %S/Inputs -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --implicit-check-not=__leaktrace_instrumented \
// RUN:       --implicit-check-not=__leaktrace_type._ZTS11RunnerState
// Without the runner's header, the same file is an ordinary one.
// RUN: %clangxx -fplugin=%plugin -isystem %rt_include -I %S/Inputs \
// RUN:   -DNOT_A_RUNNER -O0 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=PLAIN

#ifndef NOT_A_RUNNER
#include <leaktrace/runner.h>
#endif
#include "runner-module-program.h"

// CHECK: @__leaktrace_type._ZTS13ProgramWidget = linkonce_odr hidden global
// CHECK: @__leaktrace_runner_module = internal alias

// PLAIN-DAG: @__leaktrace_type._ZTS11RunnerState = linkonce_odr hidden global
// PLAIN-DAG: @__leaktrace_instrumented = linkonce_odr hidden constant i8 1

struct RunnerState {
  RunnerState();
  ~RunnerState();
  int Runs = 0;
};
RunnerState::RunnerState() {}
RunnerState::~RunnerState() {}

int use() {
  RunnerState S;
  ProgramWidget W;
  return S.Runs + W.Size;
}
