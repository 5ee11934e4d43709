//===- TakeOverTestRun.cpp - Offer a framework's test run to the runner ---===//

#include "TakeOverTestRun.h"

#include "leaktrace/leaktrace.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace leaktrace {

namespace {

/// The hook, declared extern_weak: null when no runner is linked.
FunctionCallee takeOverHook(Module &M) {
  LLVMContext &C = M.getContext();
  FunctionType *Ty = FunctionType::get(
      Type::getInt32Ty(C),
      {Type::getInt32Ty(C), PointerType::getUnqual(C),
       PointerType::getUnqual(C)},
      /*isVarArg=*/false);
  FunctionCallee Hook =
      M.getOrInsertFunction(LEAKTRACE_TAKE_OVER_RUN_SYMBOL, Ty);
  if (auto *F = dyn_cast<Function>(Hook.getCallee()))
    F->setLinkage(GlobalValue::ExternalWeakLinkage);
  return Hook;
}

/// Puts the offer at the entry of \p F:
///   if (&hook && hook(Framework, this, &Status)) return Status;
void offerRun(Function &F, int Framework, FunctionCallee Hook) {
  LLVMContext &C = F.getContext();
  BasicBlock &Entry = F.getEntryBlock();
  // The allocas stay in the entry block, where the optimiser promotes them.
  BasicBlock *Body =
      Entry.splitBasicBlock(Entry.getFirstNonPHIOrDbgOrAlloca(), "body");
  Entry.getTerminator()->eraseFromParent();

  IRBuilder<> B(&Entry);
  AllocaInst *Status = B.CreateAlloca(B.getInt32Ty(), nullptr, "lt.status");
  BasicBlock *Offer = BasicBlock::Create(C, "lt.offer", &F, Body);
  BasicBlock *Taken = BasicBlock::Create(C, "lt.taken", &F, Body);
  Value *Linked = B.CreateIsNotNull(Hook.getCallee(), "lt.linked");
  B.CreateCondBr(Linked, Offer, Body);

  B.SetInsertPoint(Offer);
  Value *Answer = B.CreateCall(
      Hook, {B.getInt32(Framework), F.getArg(0), Status}, "lt.answer");
  B.CreateCondBr(B.CreateIsNotNull(Answer), Taken, Body);

  B.SetInsertPoint(Taken);
  B.CreateRet(B.CreateLoad(B.getInt32Ty(), Status));
}

} // namespace

PreservedAnalyses TakeOverTestRunPass::run(Module &M,
                                           ModuleAnalysisManager &) {
  bool Changed = false;
  struct RunFunction {
    int Framework;
    const char *Symbol;
  };
#define LEAKTRACE_RUN_FUNCTION(Framework, Symbol) {Framework, Symbol},
  static const RunFunction Functions[] = {
      LEAKTRACE_TEST_RUN_FUNCTIONS(LEAKTRACE_RUN_FUNCTION)};
#undef LEAKTRACE_RUN_FUNCTION
  for (const RunFunction &R : Functions) {
    Function *F = M.getFunction(R.Symbol);
    // Defined here, with the shape the runner expects: int (this).
    if (!F || F->isDeclaration() || F->arg_size() != 1 ||
        !F->getReturnType()->isIntegerTy(32) ||
        !F->getArg(0)->getType()->isPointerTy())
      continue;
    offerRun(*F, R.Framework, takeOverHook(M));
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace leaktrace
