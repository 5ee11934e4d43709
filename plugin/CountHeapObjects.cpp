//===- CountHeapObjects.cpp - Count heap objects at new and delete --------===//

#include "CountHeapObjects.h"
#include "CounterUpdates.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace leaktrace {
namespace {

/// The function \p S stands for, declared as clang declared the stand-in,
/// which it took for the original.
Function *original(Module &M, Function &StandIn, const HeapStandIn &S) {
  if (Function *F = M.getFunction(S.Original))
    return F;
  Function *F = Function::Create(StandIn.getFunctionType(),
                                 GlobalValue::ExternalLinkage, S.Original, M);
  F->copyAttributesFrom(&StandIn);
  return F;
}

/// The first place where the result of \p CB is available on its normal
/// path.
Instruction *afterCall(CallBase &CB) {
  if (auto *Invoke = dyn_cast<InvokeInst>(&CB)) {
    BasicBlock *Normal = Invoke->getNormalDest();
    if (!Normal->getSinglePredecessor())
      Normal = SplitEdge(Invoke->getParent(), Normal);
    return &*Normal->getFirstInsertionPt();
  }
  return CB.getNextNode();
}

/// 1 when \p Ptr is not null, else 0, as an i64 computed before \p Before.
Value *countIfNotNull(Value *Ptr, Instruction *Before) {
  IRBuilder<> B(Before);
  return B.CreateZExt(B.CreateIsNotNull(Ptr), B.getInt64Ty(), "lt.made");
}

} // namespace

PreservedAnalyses CountHeapObjectsPass::run(Module &M,
                                            ModuleAnalysisManager &) {
  if (!Plan || Plan->HeapStandIns.empty())
    return PreservedAnalyses::all();
  CounterUpdater Updater(M);
  for (const HeapStandIn &S : Plan->HeapStandIns) {
    Function *StandIn = M.getFunction(S.Symbol);
    if (!StandIn)
      continue; // its site is in code that was not generated
    GlobalVariable *Descriptor =
        getOrCreateDescriptor(M, Plan->HeapTypes[S.Type]);
    Function *Original =
        S.K == HeapStandIn::Delete ? nullptr : original(M, *StandIn, S);
    for (User *U : make_early_inc_range(StandIn->users())) {
      auto *CB = dyn_cast<CallBase>(U);
      if (!CB || CB->getCalledOperand() != StandIn)
        continue; // reported below
      switch (S.K) {
      case HeapStandIn::Allocate: {
        CB->setCalledOperand(Original);
        Instruction *After = afterCall(*CB);
        if (S.MayReturnNull)
          Updater.addInsts(Descriptor, countIfNotNull(CB, After), CB, After);
        else
          Updater.addInsts(Descriptor, +1, CB, After);
        break;
      }
      case HeapStandIn::AllocationFailed:
        // Only the cleanup of a new-expression whose initialisation threw
        // calls it, with the memory the allocation returned.
        CB->setCalledOperand(Original);
        Updater.addInsts(Descriptor, -1, CB->getArgOperand(0), CB);
        break;
      case HeapStandIn::Delete: {
        Value *Ptr = CB->getArgOperand(0);
        IRBuilder<> B(CB);
        Updater.addInsts(Descriptor, B.CreateNeg(countIfNotNull(Ptr, CB)), Ptr,
                         CB);
        CB->replaceAllUsesWith(Ptr);
        CB->eraseFromParent();
        break;
      }
      }
    }
    if (!StandIn->use_empty()) {
      // Only the calls made for new- and delete-expressions refer to a
      // stand-in; anything else would be a hole in counting, never silent.
      warn(M, "leaktrace: internal error: " + StandIn->getName() +
                  " is used other than by a call, so the heap objects of '" +
                  Plan->HeapTypes[S.Type].Name +
                  "' are not counted there; please report this with the "
                  "source of the file");
      if (Original) {
        StandIn->replaceAllUsesWith(Original);
      } else {
        // The delete stand-in returns its operand.
        StandIn->setLinkage(GlobalValue::InternalLinkage);
        IRBuilder<> B(BasicBlock::Create(M.getContext(), "", StandIn));
        B.CreateRet(StandIn->getArg(0));
        continue;
      }
    }
    StandIn->eraseFromParent();
  }
  return PreservedAnalyses::none();
}

} // namespace leaktrace
