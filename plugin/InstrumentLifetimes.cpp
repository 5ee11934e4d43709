//===- InstrumentLifetimes.cpp - Count object lifetimes in IR -------------===//

#include "InstrumentLifetimes.h"
#include "CounterUpdates.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace leaktrace {
namespace {

/// Where the destructor's update goes: after the entry block's static
/// allocas, so they stay in the entry block when it is split.
Instruction *afterAllocas(Function &F) {
  BasicBlock &Entry = F.getEntryBlock();
  auto It = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*It))
    ++It;
  return &*It;
}

} // namespace

PreservedAnalyses InstrumentLifetimesPass::run(Module &M,
                                               ModuleAnalysisManager &) {
  if (!Plan || !markInstrumented(M, "leaktrace.instrumented"))
    return PreservedAnalyses::all();
  // From here on the module is changed: the flag and the marker are added
  // whether or not a class of this translation unit is counted.
  if (Plan->Classes.empty())
    return PreservedAnalyses::none();

  enum class Role { Constructor, Destructor };
  struct Target {
    const TrackedClass *Class;
    Role R;
  };
  StringMap<Target> Targets;
  for (const TrackedClass &C : Plan->Classes) {
    for (const std::string &Ctor : C.Constructors)
      Targets[Ctor] = {&C, Role::Constructor};
    if (!C.Destructor.empty())
      Targets[C.Destructor] = {&C, Role::Destructor};
  }

  CounterUpdater Updater(M);
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    auto It = Targets.find(F.getName());
    if (It == Targets.end())
      continue;
    GlobalVariable *Descriptor =
        getOrCreateDescriptor(M, It->second.Class->Type);
    if (It->second.R == Role::Destructor) {
      // -1 when destruction starts: the object is gone even if a member's
      // destructor throws.
      Updater.addInsts(Descriptor, -1, afterAllocas(F));
    } else {
      // +1 only on normal return: a constructor that throws built nothing.
      SmallVector<ReturnInst *, 2> Returns;
      for (BasicBlock &BB : F)
        if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
          Returns.push_back(Ret);
      for (ReturnInst *Ret : Returns)
        Updater.addInsts(Descriptor, +1, Ret);
    }
  }
  return PreservedAnalyses::none();
}

} // namespace leaktrace
