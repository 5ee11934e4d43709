//===- CountReferences.h - Count std::shared_ptr handles per type ---------===//

#ifndef LEAKTRACE_PLUGIN_COUNTREFERENCES_H
#define LEAKTRACE_PLUGIN_COUNTREFERENCES_H

#include "InstrumentationPlan.h"

#include "llvm/IR/PassManager.h"

#include <memory>

namespace leaktrace {

/// Keeps `refs[T]`, the number of live std::shared_ptr<T> handles that own
/// something, by counting at every call into the smart-pointer
/// implementation made from outside it (HandleOperation): it reads whether
/// each handle the call can change owns a control block before and after the
/// call, and adds the difference. Calls made inside the implementation are
/// steps of the operation counted at its call site and are left alone, so
/// how a standard library composes its operations does not matter; only the
/// handle's control-block field does.
///
/// Counting at call sites rather than in the callees keeps one update per
/// operation whatever the library calls internally, and an operation that
/// throws changes nothing (the standard's strong guarantee), so it counts
/// nothing: only the normal return is counted.
class CountReferencesPass : public llvm::PassInfoMixin<CountReferencesPass> {
public:
  explicit CountReferencesPass(std::shared_ptr<const InstrumentationPlan> Plan)
      : Plan(std::move(Plan)) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const InstrumentationPlan> Plan;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_COUNTREFERENCES_H
