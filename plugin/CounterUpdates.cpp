//===- CounterUpdates.cpp - Emitting updates of the runtime's counters ----===//

#include "CounterUpdates.h"

#include "leaktrace/leaktrace.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace leaktrace {

// The plugin writes the runtime's structs as LLVM types: their layout is
// checked against the header here, field by field, so that a change of one
// side fails the build instead of the counts.
static_assert(offsetof(__leaktrace_type, slot) == 0 &&
                  offsetof(__leaktrace_type, flags) == 4 &&
                  offsetof(__leaktrace_type, name) == 8 &&
                  offsetof(__leaktrace_type, size) == 16 &&
                  sizeof(__leaktrace_type) == 24,
              "struct __leaktrace_type changed: change getDescriptorType");
static_assert(offsetof(__leaktrace_cell, insts) ==
                      unsigned(Counter::Insts) * sizeof(int64_t) &&
                  offsetof(__leaktrace_cell, refs) ==
                      unsigned(Counter::Refs) * sizeof(int64_t) &&
                  sizeof(__leaktrace_cell) == 2 * sizeof(int64_t),
              "struct __leaktrace_cell changed: change enum Counter");

/// Mirrors `struct __leaktrace_type` in leaktrace/leaktrace.h.
static StructType *getDescriptorType(LLVMContext &Ctx) {
  if (auto *T = StructType::getTypeByName(Ctx, "struct.__leaktrace_type"))
    return T;
  return StructType::create({Type::getInt32Ty(Ctx), Type::getInt32Ty(Ctx),
                             PointerType::get(Ctx, 0), Type::getInt64Ty(Ctx)},
                            "struct.__leaktrace_type");
}

/// The descriptor's flags field for \p T.
static uint32_t descriptorFlags(const CountedType &T) {
  return (T.Local ? LEAKTRACE_TYPE_LOCAL : 0) |
         (T.ByNew ? LEAKTRACE_TYPE_BY_NEW : 0);
}

GlobalVariable *getOrCreateDescriptor(Module &M, const CountedType &T) {
  if (auto *GV =
          M.getGlobalVariable(T.DescriptorSymbol, /*AllowInternal=*/true)) {
    // An internal descriptor serves every use of the type in this file:
    // what one use knows (the size, counting by new) is the type's.
    auto *Init = cast<ConstantStruct>(GV->getInitializer());
    uint32_t Flags =
        uint32_t(cast<ConstantInt>(Init->getOperand(1))->getZExtValue());
    uint64_t Size = cast<ConstantInt>(Init->getOperand(3))->getZExtValue();
    if ((Flags | descriptorFlags(T)) != Flags || T.Size > Size) {
      Type *I32 = Init->getOperand(1)->getType();
      Type *I64 = Init->getOperand(3)->getType();
      GV->setInitializer(ConstantStruct::get(
          Init->getType(),
          {Init->getOperand(0), ConstantInt::get(I32, Flags | descriptorFlags(T)),
           Init->getOperand(2), ConstantInt::get(I64, std::max(Size, T.Size))}));
    }
    return GV;
  }
  LLVMContext &Ctx = M.getContext();
  Constant *NameInit = ConstantDataArray::getString(Ctx, T.Name);
  auto *NameGV = new GlobalVariable(M, NameInit->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, NameInit,
                                    "__leaktrace_name");
  NameGV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);

  StructType *DescTy = getDescriptorType(Ctx);
  Constant *Init = ConstantStruct::get(
      DescTy, {ConstantInt::get(Type::getInt32Ty(Ctx), 0),
               ConstantInt::get(Type::getInt32Ty(Ctx), descriptorFlags(T)),
               NameGV, ConstantInt::get(Type::getInt64Ty(Ctx), T.Size)});
  // One descriptor per type per linked module: the linker merges the
  // linkonce_odr copies every translation unit emits.
  auto Linkage =
      T.Local ? GlobalValue::InternalLinkage : GlobalValue::LinkOnceODRLinkage;
  auto *GV = new GlobalVariable(M, DescTy, /*isConstant=*/false, Linkage, Init,
                                T.DescriptorSymbol);
  if (!T.Local) {
    GV->setVisibility(GlobalValue::HiddenVisibility);
    GV->setComdat(M.getOrInsertComdat(T.DescriptorSymbol));
  }
  GV->setAlignment(Align(8));
  return GV;
}

static GlobalVariable *getOrCreateCells(Module &M) {
  if (auto *GV = M.getGlobalVariable("__leaktrace_cells"))
    return GV;
  return new GlobalVariable(M, PointerType::get(M.getContext(), 0),
                            /*isConstant=*/false, GlobalValue::ExternalLinkage,
                            nullptr, "__leaktrace_cells", nullptr,
                            GlobalValue::InitialExecTLSModel);
}

CounterUpdater::CounterUpdater(Module &M) : M(M), Cells(getOrCreateCells(M)) {}

void CounterUpdater::addInsts(GlobalVariable *Descriptor, int64_t Delta,
                              Value *Object, Instruction *Before,
                              Value *Source) const {
  Constant *D =
      ConstantInt::getSigned(Type::getInt64Ty(Before->getContext()), Delta);
  assert((!Source || Delta == 1) && "only a constructor copies");
  // One object at a time has hooks of its own: they take no delta.
  if (Delta == 1 || Delta == -1)
    update(Descriptor, Counter::Insts, D, Object,
           Source      ? RuntimeHook::ConstructCopy
           : Delta > 0 ? RuntimeHook::Construct
                       : RuntimeHook::Destruct,
           Before, Source);
  else
    update(Descriptor, Counter::Insts, D, Object, RuntimeHook::InstsAdd,
           Before);
}

void CounterUpdater::addInsts(GlobalVariable *Descriptor, Value *Delta,
                              Value *Object, Instruction *Before) const {
  update(Descriptor, Counter::Insts, Delta, Object, RuntimeHook::InstsAdd,
         Before);
}

void CounterUpdater::addRefs(GlobalVariable *Descriptor, Value *Delta,
                             Instruction *Before) const {
  // Many smart-pointer operations change no owning handle (a move, a copy
  // of an empty handle), and the optimiser often proves it once the call is
  // inlined. An update behind `Delta != 0` then folds away whole, atomics
  // and hook call included; where Delta is only known at run time, the test
  // skips the update when nothing changed.
  IRBuilder<> B(Before);
  B.SetCurrentDebugLocation(Before->getDebugLoc());
  Before = SplitBlockAndInsertIfThen(B.CreateIsNotNull(Delta, "lt.changed"),
                                     Before->getIterator(),
                                     /*Unreachable=*/false);
  update(Descriptor, Counter::Refs, Delta, /*Object=*/nullptr,
         RuntimeHook::RefsAdd, Before);
}

void CounterUpdater::update(GlobalVariable *Descriptor, Counter C, Value *Delta,
                            Value *Object, RuntimeHook Which,
                            Instruction *Before, Value *Source) const {
  // Declared on first use: a module declares only the hooks it calls.
  FunctionCallee Hook = getRuntimeHook(M, Which);
  // The hooks that add a delta take it second (leaktrace/abi.def).
  bool HookTakesDelta = Which == RuntimeHook::InstsAdd ||
                        Which == RuntimeHook::RefsAdd;
  IRBuilder<> B(Before);
  // Debug info verifiers want a location on calls inside functions that have
  // a subprogram; take the one of the instruction we precede.
  B.SetCurrentDebugLocation(Before->getDebugLoc());

  //   if (desc.slot != 0 && cells != null) cells[desc.slot].C += Delta;
  //   else Hook(desc[, Delta][, Object]);  // first count of the type or on
  //                                      // this thread, or a watched type
  Type *I32 = B.getInt32Ty(), *I64 = B.getInt64Ty(), *Ptr = B.getPtrTy();
  LoadInst *Slot = B.CreateAlignedLoad(I32, Descriptor, Align(8), "lt.slot");
  Slot->setAtomic(AtomicOrdering::Monotonic);
  LoadInst *Block = B.CreateAlignedLoad(Ptr, B.CreateThreadLocalAddress(Cells),
                                        Align(8), "lt.cells");
  Value *Ready = B.CreateAnd(B.CreateIsNotNull(Slot), B.CreateIsNotNull(Block));
  Instruction *Fast, *Slow;
  MDNode *Likely = MDBuilder(B.getContext()).createLikelyBranchWeights();
  SplitBlockAndInsertIfThenElse(Ready, Before->getIterator(), &Fast, &Slow,
                                Likely);

  B.SetInsertPoint(Fast);
  // Cells are 16 bytes: insts at 0, refs at 8.
  Value *Offset = B.CreateAdd(B.CreateShl(B.CreateZExt(Slot, I64), 4),
                              ConstantInt::get(I64, static_cast<int>(C) * 8));
  Value *Counter = B.CreateInBoundsGEP(B.getInt8Ty(), Block, Offset);
  // Only this thread writes the cell; a relaxed load and store (not a
  // read-modify-write) keep concurrent snapshot readers race-free.
  LoadInst *Old = B.CreateAlignedLoad(I64, Counter, Align(8), "lt.count");
  Old->setAtomic(AtomicOrdering::Monotonic);
  B.CreateAlignedStore(B.CreateAdd(Old, Delta), Counter, Align(8))
      ->setAtomic(AtomicOrdering::Monotonic);

  // The object's address costs a register in the slow path only: with it
  // the runtime can tell which object a destruction ends when it records
  // creation sites.
  B.SetInsertPoint(Slow);
  SmallVector<Value *, 3> Args = {Descriptor};
  if (HookTakesDelta)
    Args.push_back(Delta);
  if (Object)
    Args.push_back(Object);
  if (Source)
    Args.push_back(Source);
  assert(Args.size() == Hook.getFunctionType()->getNumParams() &&
         "the arguments of the hook abi.def declares");
  // Never a tail call: the runtime takes the hook's return address for the
  // code that counted, where a creation site starts. Where the hook is the
  // last call of a function (`TEST(...) { new T(); }` at -O2, with T's
  // constructor inlined), a `jmp` to it would leave the address in the
  // function's caller (a test framework) and drop the function, and the
  // constructor inlined in it, from the stack.
  B.CreateCall(Hook, Args)->setTailCallKind(CallInst::TCK_NoTail);
}

namespace {
class LeakTraceWarning : public DiagnosticInfo {
public:
  explicit LeakTraceWarning(const Twine &Message)
      : DiagnosticInfo(Kind, DS_Warning), Message(Message) {}
  void print(DiagnosticPrinter &DP) const override { DP << Message; }

private:
  static const int Kind;
  const Twine &Message;
};
const int LeakTraceWarning::Kind = getNextAvailablePluginDiagnosticKind();
} // namespace

void warn(Module &M, const Twine &Message) {
  M.getContext().diagnose(LeakTraceWarning(Message));
}

bool markInstrumented(Module &M, StringRef Flag) {
  if (M.getModuleFlag(Flag))
    return false;
  M.addModuleFlag(Module::Max, Flag, 1);
  // __leaktrace_instrumented: one byte merged across translation units, so
  // that a program can tell it was built with the plugin (the layer runner
  // refuses to report counts of a program that was not) even when nothing of
  // it is counted.
  constexpr StringLiteral Name = LEAKTRACE_INSTRUMENTED_SYMBOL;
  if (M.getNamedValue(Name) || M.getNamedValue(LEAKTRACE_RUNNER_MODULE_SYMBOL))
    return true;
  auto *Marker = new GlobalVariable(
      M, Type::getInt8Ty(M.getContext()), /*isConstant=*/true,
      GlobalValue::LinkOnceODRLinkage,
      ConstantInt::get(Type::getInt8Ty(M.getContext()), 1), Name);
  Marker->setVisibility(GlobalValue::HiddenVisibility);
  Marker->setComdat(M.getOrInsertComdat(Name));
  // Nothing in the module refers to it: keep it for the linker to find.
  appendToCompilerUsed(M, {Marker});
  return true;
}

} // namespace leaktrace
