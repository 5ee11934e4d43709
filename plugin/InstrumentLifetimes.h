//===- InstrumentLifetimes.h - Count object lifetimes in IR ---------------===//

#ifndef LEAKTRACE_PLUGIN_INSTRUMENTLIFETIMES_H
#define LEAKTRACE_PLUGIN_INSTRUMENTLIFETIMES_H

#include "InstrumentationPlan.h"

#include "llvm/IR/PassManager.h"

#include <memory>

namespace leaktrace {

/// Counts +1 before every return of each tracked class's complete-object
/// constructors and -1 at the entry of its complete-object destructor. The
/// runtime's fast path is emitted inline (a thread-local cell update, with a
/// call to __leaktrace_construct/__leaktrace_destruct only the first time a
/// type or thread counts; see CounterUpdater). Runs at the pipeline start,
/// before inlining, at every optimisation level (it is required, so optnone
/// does not skip it).
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
