//===- CountHeapObjects.h - Count heap objects at new and delete ----------===//

#ifndef LEAKTRACE_PLUGIN_COUNTHEAPOBJECTS_H
#define LEAKTRACE_PLUGIN_COUNTHEAPOBJECTS_H

#include "InstrumentationPlan.h"

#include "llvm/IR/PassManager.h"

#include <memory>

namespace leaktrace {

/// Replaces the calls of the stand-ins the AST side put into new- and
/// delete-expressions (HeapAllocations.h, HeapStandIn) by the calls they
/// stand for and the counter updates of the heap-counted classes, and
/// removes the stand-ins. Runs at the pipeline start, before the other
/// passes, at every optimisation level.
class CountHeapObjectsPass : public llvm::PassInfoMixin<CountHeapObjectsPass> {
public:
  explicit CountHeapObjectsPass(std::shared_ptr<const InstrumentationPlan> Plan)
      : Plan(std::move(Plan)) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const InstrumentationPlan> Plan;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_COUNTHEAPOBJECTS_H
