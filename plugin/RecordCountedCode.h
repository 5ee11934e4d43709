//===- RecordCountedCode.h - Let the runtime find uncounted code ---------===//

#ifndef LEAKTRACE_PLUGIN_RECORDCOUNTEDCODE_H
#define LEAKTRACE_PLUGIN_RECORDCOUNTEDCODE_H

#include "InstrumentationPlan.h"

#include "llvm/IR/PassManager.h"

#include <memory>

namespace leaktrace {

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
/// Runs last in the optimisation pipeline (at every level), on the
/// functions that survived it, and finds which count by the descriptors they
/// update: counting code that was inlined counts where it was inlined.
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
