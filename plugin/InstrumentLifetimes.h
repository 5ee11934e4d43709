//===- InstrumentLifetimes.h - Count object lifetimes in IR ---------------===//

#ifndef LEAKTRACE_PLUGIN_INSTRUMENTLIFETIMES_H
#define LEAKTRACE_PLUGIN_INSTRUMENTLIFETIMES_H

#include "InstrumentationPlan.h"

#include "llvm/IR/PassManager.h"

#include <memory>

namespace leaktrace {

/// Inserts __leaktrace_construct before every return of each tracked class's
/// complete-object constructors and __leaktrace_destruct at the entry of its
/// complete-object destructor. Runs at the pipeline start, before inlining,
/// at every optimisation level (it is required, so optnone does not skip it).
class InstrumentLifetimesPass
    : public llvm::PassInfoMixin<InstrumentLifetimesPass> {
public:
  explicit InstrumentLifetimesPass(
      std::shared_ptr<const InstrumentationPlan> Plan)
      : Plan(std::move(Plan)) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const InstrumentationPlan> Plan;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_INSTRUMENTLIFETIMES_H
