//===- TakeOverTestRun.h - Offer a framework's test run to the runner -----===//

#ifndef LEAKTRACE_PLUGIN_TAKEOVERTESTRUN_H
#define LEAKTRACE_PLUGIN_TAKEOVERTESTRUN_H

#include "llvm/IR/PassManager.h"

namespace leaktrace {

/// Lets leaktrace's layer runner take over a header-only test framework's
/// run in a program that keeps its own main.
///
/// doctest and single-header Catch2 compile their implementation into one
/// of the program's own files, main included (DOCTEST_CONFIG_IMPLEMENT_
/// WITH_MAIN, CATCH_CONFIG_MAIN) or called from a main of the program's
/// (a doctest::Context, a Catch::Session). A link-time --wrap cannot reach a
/// call made from the file that defines the callee; this file is compiled
/// with the plugin, so the callee itself is changed: each function of
/// LEAKTRACE_TEST_RUN_FUNCTIONS (leaktrace/leaktrace.h) defined here first
/// calls __leaktrace_take_over_run(framework, this, &status) when the runner
/// is linked (a weak reference), and returns status when it answers
/// nonzero. A program without the runner calls nothing.
class TakeOverTestRunPass : public llvm::PassInfoMixin<TakeOverTestRunPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_TAKEOVERTESTRUN_H
