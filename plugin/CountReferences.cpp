//===- CountReferences.cpp - Count std::shared_ptr handles per type -------===//

#include "CountReferences.h"
#include "CounterUpdates.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace leaktrace {
namespace {

struct CallSite {
  CallBase *Call;
  const HandleOperation *Op;
};

/// 1 when the handle at \p Handle owns a control block, else 0 (an i64).
Value *owns(IRBuilder<> &B, Value *Handle, uint64_t ControlOffset) {
  Value *Field = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Handle,
                                              ControlOffset, "lt.cntrl.addr");
  Value *Control =
      B.CreateAlignedLoad(B.getPtrTy(), Field, Align(8), "lt.cntrl");
  return B.CreateZExt(B.CreateIsNotNull(Control), B.getInt64Ty(), "lt.owns");
}

/// The first place where the call \p CB has returned normally.
Instruction *afterNormalReturn(CallBase &CB) {
  auto *Invoke = dyn_cast<InvokeInst>(&CB);
  if (!Invoke)
    return CB.getNextNode();
  // The normal destination may be reached from elsewhere too: count on an
  // edge block of this invoke's own.
  BasicBlock *Normal = Invoke->getNormalDest();
  if (!Normal->getSinglePredecessor()) {
    BasicBlock *Edge = BasicBlock::Create(CB.getContext(), "lt.returned",
                                          CB.getFunction(), Normal);
    BranchInst::Create(Normal, Edge)->setDebugLoc(CB.getDebugLoc());
    Normal->replacePhiUsesWith(Invoke->getParent(), Edge);
    Invoke->setNormalDest(Edge);
    Normal = Edge;
  }
  return &*Normal->getFirstInsertionPt();
}

/// Per element type, how many of the handles the call \p CB to \p Op can
/// change own at \p B's insertion point, leaving out those of kind
/// \p NotAnObject.
MapVector<unsigned, Value *> countOwning(IRBuilder<> &B, CallBase &CB,
                                         const HandleOperation &Op,
                                         HandleArgument::Kind NotAnObject) {
  MapVector<unsigned, Value *> Owning;
  for (const HandleArgument &H : Op.Handles) {
    if (H.K == NotAnObject)
      continue;
    Value *Owns = owns(B, CB.getArgOperand(H.ArgNo), H.ControlOffset);
    Value *&Sum = Owning[H.ElementType];
    Sum = Sum ? B.CreateAdd(Sum, Owns) : Owns;
  }
  return Owning;
}

bool argumentsMatch(const CallBase &CB, const HandleOperation &Op) {
  for (const HandleArgument &H : Op.Handles)
    if (H.ArgNo >= CB.arg_size() ||
        !CB.getArgOperand(H.ArgNo)->getType()->isPointerTy())
      return false;
  return true;
}

class ReferenceCounter {
public:
  ReferenceCounter(Module &M, const InstrumentationPlan &Plan)
      : M(M), Plan(Plan), Updater(M) {}

  /// Counts what the call \p CB to \p Op changes.
  void count(CallBase &CB, const HandleOperation &Op);

private:
  Module &M;
  const InstrumentationPlan &Plan;
  CounterUpdater Updater;
};

void ReferenceCounter::count(CallBase &CB, const HandleOperation &Op) {
  if (!argumentsMatch(CB, Op)) {
    warn(M, "leaktrace: a call of " + Op.Symbol + " in " +
                CB.getFunction()->getName() +
                " does not pass its std::shared_ptr handles where the Itanium "
                "C++ ABI puts them; the references it changes are not counted");
    return;
  }
  IRBuilder<> B(&CB);
  B.SetCurrentDebugLocation(CB.getDebugLoc());
  // A handle the call creates is not an object yet; one it destroys is no
  // longer one after it.
  MapVector<unsigned, Value *> Before =
      countOwning(B, CB, Op, /*NotAnObject=*/HandleArgument::Created);
  Instruction *Returned = afterNormalReturn(CB);
  B.SetInsertPoint(Returned);
  MapVector<unsigned, Value *> Delta =
      countOwning(B, CB, Op, /*NotAnObject=*/HandleArgument::Destroyed);
  for (auto &[Type, Owned] : Before) {
    Value *&Sum = Delta[Type];
    Sum = Sum ? B.CreateSub(Sum, Owned) : B.CreateNeg(Owned);
  }
  for (auto &[Type, Change] : Delta)
    Updater.addRefs(getOrCreateDescriptor(M, Plan.ElementTypes[Type]), Change,
                    Returned);
}

/// Functions of the implementation whose address is taken outside it are
/// called from where no call site can be counted: std::shared_ptr's
/// destructor registered with __cxa_atexit for a global or static handle,
/// or with __cxa_throw for a thrown one. Such uses get a function that makes
/// the same call, counted.
void countIndirectCalls(Module &M,
                        const StringMap<const HandleOperation *> &Ops,
                        const StringSet<> &Internals,
                        std::vector<CallSite> &Sites) {
  for (auto &[Symbol, Op] : Ops) {
    Function *Callee = M.getFunction(Symbol);
    if (!Callee)
      continue;
    SmallVector<Use *, 4> Escaping;
    for (Use &U : Callee->uses()) {
      auto *CB = dyn_cast<CallBase>(U.getUser());
      if (CB && !CB->isCallee(&U) &&
          !Internals.contains(CB->getFunction()->getName()))
        Escaping.push_back(&U);
    }
    if (Escaping.empty())
      continue;
    Function *Counted = Function::Create(Callee->getFunctionType(),
                                         GlobalValue::InternalLinkage,
                                         "__leaktrace_counted." + Symbol, M);
    // Attributes only: not the callee's comdat (it carries no linkage or
    // comdat over), so each object keeps its own wrapper; an internal
    // function must have default visibility.
    Counted->copyAttributesFrom(Callee);
    Counted->setVisibility(GlobalValue::DefaultVisibility);
    IRBuilder<> B(BasicBlock::Create(M.getContext(), "entry", Counted));
    SmallVector<Value *, 4> Args;
    for (Argument &A : Counted->args())
      Args.push_back(&A);
    CallInst *Call = B.CreateCall(Callee, Args);
    Call->setAttributes(Callee->getAttributes());
    if (Call->getType()->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(Call);
    Sites.push_back({Call, Op});
    for (Use *U : Escaping)
      U->set(Counted);
  }
}

} // namespace

PreservedAnalyses CountReferencesPass::run(Module &M, ModuleAnalysisManager &) {
  if (!Plan || Plan->HandleOperations.empty() ||
      !markInstrumented(M, "leaktrace.references"))
    return PreservedAnalyses::all();

  StringMap<const HandleOperation *> Ops;
  for (const HandleOperation &Op : Plan->HandleOperations)
    Ops[Op.Symbol] = &Op;
  StringSet<> Internals;
  for (const std::string &Symbol : Plan->SmartPointerInternals)
    Internals.insert(Symbol);

  std::vector<CallSite> Sites;
  for (Function &F : M) {
    if (F.isDeclaration() || Internals.contains(F.getName()))
      continue;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *Callee = CB ? CB->getCalledFunction() : nullptr;
      if (!Callee)
        continue;
      auto It = Ops.find(Callee->getName());
      if (It != Ops.end())
        Sites.push_back({CB, It->second});
    }
  }
  countIndirectCalls(M, Ops, Internals, Sites);

  ReferenceCounter Counter(M, *Plan);
  for (CallSite &Site : Sites)
    Counter.count(*Site.Call, *Site.Op);
  return PreservedAnalyses::none();
}

} // namespace leaktrace
