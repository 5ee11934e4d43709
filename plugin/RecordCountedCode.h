//===- RecordCountedCode.h - Let the runtime find uncounted code ---------===//

#ifndef LEAKTRACE_PLUGIN_RECORDCOUNTEDCODE_H
#define LEAKTRACE_PLUGIN_RECORDCOUNTEDCODE_H

#include "InstrumentationPlan.h"

#include "llvm/IR/PassManager.h"

#include <memory>

namespace leaktrace {

/// Marks, at the pipeline's start, the code RecordCountedCodePass records:
/// the functions that count and the functions and vtables that build or end
/// objects through counted constructors and destructors. Decided before any
/// inlining, on code that is the same in every file that compiles it, so
/// that every instrumented copy of a function is recorded alike.
class MarkCountedCodePass : public llvm::PassInfoMixin<MarkCountedCodePass> {
public:
  explicit MarkCountedCodePass(std::shared_ptr<const InstrumentationPlan> Plan)
      : Plan(std::move(Plan)) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const InstrumentationPlan> Plan;
};

/// Records, for the runtime, which functions of this module count (defs)
/// and which functions this module runs that must count but may come from
/// elsewhere (uses), so that the runtime can tell a type's counts are wrong
/// when the program runs a copy compiled without the plugin (see
/// __leaktrace_code_def in leaktrace/leaktrace.h).
///
///  - A def is emitted for every function with external linkage that the
///    counting passes changed, in the function's comdat when it has one:
///    the linker keeps the def exactly when it keeps that copy.
///  - A use is emitted, per counted type, for every function this module
///    refers to that counts the type but whose definition the linker may
///    take from another object: the counted constructors and destructors
///    this module only declares, and the inline (linkonce, weak,
///    available_externally) functions the passes changed here.
///
/// Runs last in the optimisation pipeline (at every level), on what
/// MarkCountedCodePass marked and survived: an inline copy that was inlined
/// everywhere and dropped needs no record, and recording it earlier would
/// keep it alive.
class RecordCountedCodePass
    : public llvm::PassInfoMixin<RecordCountedCodePass> {
public:
  explicit RecordCountedCodePass(
      std::shared_ptr<const InstrumentationPlan> Plan)
      : Plan(std::move(Plan)) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const InstrumentationPlan> Plan;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_RECORDCOUNTEDCODE_H
