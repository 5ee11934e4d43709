//===- InstrumentLifetimes.cpp - Count object lifetimes in IR -------------===//

#include "InstrumentLifetimes.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace leaktrace {
namespace {

/// Set on a module once instrumented, so a second registration of the pass
/// (two copies of the plugin loaded from different paths) cannot count twice.
constexpr StringLiteral InstrumentedFlag = "leaktrace.instrumented";

/// Mirrors `struct __leaktrace_type` in leaktrace/leaktrace.h.
StructType *getDescriptorType(LLVMContext &Ctx) {
  if (auto *T = StructType::getTypeByName(Ctx, "struct.__leaktrace_type"))
    return T;
  return StructType::create(
      {Type::getInt32Ty(Ctx), Type::getInt32Ty(Ctx), PointerType::get(Ctx, 0)},
      "struct.__leaktrace_type");
}

GlobalVariable *getOrCreateDescriptor(Module &M, const TrackedClass &C) {
  if (auto *GV = M.getGlobalVariable(C.DescriptorSymbol, /*AllowInternal=*/true))
    return GV;
  LLVMContext &Ctx = M.getContext();
  Constant *NameInit = ConstantDataArray::getString(Ctx, C.Name);
  auto *NameGV = new GlobalVariable(M, NameInit->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, NameInit,
                                    "__leaktrace_name");
  NameGV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);

  StructType *DescTy = getDescriptorType(Ctx);
  Constant *Init = ConstantStruct::get(
      DescTy, {ConstantInt::get(Type::getInt32Ty(Ctx), 0),
               ConstantInt::get(Type::getInt32Ty(Ctx), C.Local ? 1 : 0),
               NameGV});
  // One descriptor per class per linked module: the linker merges the
  // linkonce_odr copies every translation unit emits.
  auto Linkage =
      C.Local ? GlobalValue::InternalLinkage : GlobalValue::LinkOnceODRLinkage;
  auto *GV = new GlobalVariable(M, DescTy, /*isConstant=*/false, Linkage, Init,
                                C.DescriptorSymbol);
  if (!C.Local) {
    GV->setVisibility(GlobalValue::HiddenVisibility);
    GV->setComdat(M.getOrInsertComdat(C.DescriptorSymbol));
  }
  GV->setAlignment(Align(8));
  return GV;
}

FunctionCallee getRuntimeHook(Module &M, StringRef Name) {
  LLVMContext &Ctx = M.getContext();
  AttributeList Attrs = AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind);
  return M.getOrInsertFunction(Name, Attrs, Type::getVoidTy(Ctx),
                               PointerType::get(Ctx, 0));
}

/// Which counter of a cell (struct __leaktrace_cell) an update changes.
enum class Counter { Insts = 0, Refs = 1 };

/// Inserts counter updates: the runtime's fast path, inline. A call costs
/// more than the update itself.
///
/// The thread's cells are the runtime's initial-exec TLS variable, defined in
/// the executable. Executables reach it at a fixed offset from the thread
/// pointer; shared libraries (dlopen'ed ones included) through a TPOFF
/// relocation against the executable's static TLS, which the dynamic linker
/// resolves at load time. Neither goes through the PLT.
class CounterUpdater {
public:
  explicit CounterUpdater(Module &M) : Cells(getOrCreateCells(M)) {}

  /// Adds \p Delta to the \p C counter of the type \p Descriptor describes;
  /// \p Hook is the runtime function doing the same, called the first time.
  void update(GlobalVariable *Descriptor, Counter C, int64_t Delta,
              FunctionCallee Hook, Instruction *Before) const;

private:
  static GlobalVariable *getOrCreateCells(Module &M) {
    if (auto *GV = M.getGlobalVariable("__leaktrace_cells"))
      return GV;
    return new GlobalVariable(M, PointerType::get(M.getContext(), 0),
                              /*isConstant=*/false,
                              GlobalValue::ExternalLinkage, nullptr,
                              "__leaktrace_cells", nullptr,
                              GlobalValue::InitialExecTLSModel);
  }

  GlobalVariable *Cells;
};

void CounterUpdater::update(GlobalVariable *Descriptor, Counter C,
                            int64_t Delta, FunctionCallee Hook,
                            Instruction *Before) const {
  IRBuilder<> B(Before);
  // Debug info verifiers want a location on calls inside functions that have
  // a subprogram; take the one of the instruction we precede.
  B.SetCurrentDebugLocation(Before->getDebugLoc());

  //   if (desc.slot != 0 && cells != null) cells[desc.slot].C += Delta;
  //   else Hook(desc);  // first count of the type or on this thread
  Type *I32 = B.getInt32Ty(), *I64 = B.getInt64Ty(), *Ptr = B.getPtrTy();
  LoadInst *Slot = B.CreateAlignedLoad(I32, Descriptor, Align(8), "lt.slot");
  Slot->setAtomic(AtomicOrdering::Monotonic);
  LoadInst *Block = B.CreateAlignedLoad(
      Ptr, B.CreateThreadLocalAddress(Cells), Align(8), "lt.cells");
  Value *Ready = B.CreateAnd(B.CreateIsNotNull(Slot), B.CreateIsNotNull(Block));
  Instruction *Fast, *Slow;
  MDNode *Likely = MDBuilder(B.getContext()).createLikelyBranchWeights();
  SplitBlockAndInsertIfThenElse(Ready, Before->getIterator(), &Fast, &Slow,
                                Likely);

  B.SetInsertPoint(Fast);
  // Cells are 16 bytes: insts at 0, refs at 8.
  Value *Offset =
      B.CreateAdd(B.CreateShl(B.CreateZExt(Slot, I64), 4),
                  ConstantInt::get(I64, static_cast<int>(C) * 8));
  Value *Counter = B.CreateInBoundsGEP(B.getInt8Ty(), Block, Offset);
  // Only this thread writes the cell; a relaxed load and store (not a
  // read-modify-write) keep concurrent snapshot readers race-free.
  LoadInst *Old = B.CreateAlignedLoad(I64, Counter, Align(8), "lt.count");
  Old->setAtomic(AtomicOrdering::Monotonic);
  B.CreateAlignedStore(B.CreateAdd(Old, ConstantInt::getSigned(I64, Delta)),
                       Counter, Align(8))
      ->setAtomic(AtomicOrdering::Monotonic);

  B.SetInsertPoint(Slow);
  B.CreateCall(Hook, {Descriptor});
}

/// Where the destructor's update goes: after the entry block's static
/// allocas, so they stay in the entry block when it is split.
Instruction *afterAllocas(Function &F) {
  BasicBlock &Entry = F.getEntryBlock();
  auto It = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*It))
    ++It;
  return &*It;
}

/// Defines __leaktrace_instrumented, one byte merged across translation
/// units, so that a program can tell it was built with the plugin (the layer
/// runner refuses to report counts of a program that was not) even when none
/// of its classes is counted.
void markInstrumented(Module &M) {
  constexpr StringLiteral Name = "__leaktrace_instrumented";
  if (M.getNamedValue(Name))
    return;
  auto *Marker = new GlobalVariable(
      M, Type::getInt8Ty(M.getContext()), /*isConstant=*/true,
      GlobalValue::LinkOnceODRLinkage,
      ConstantInt::get(Type::getInt8Ty(M.getContext()), 1), Name);
  Marker->setVisibility(GlobalValue::HiddenVisibility);
  Marker->setComdat(M.getOrInsertComdat(Name));
  // Nothing in the module refers to it: keep it for the linker to find.
  appendToCompilerUsed(M, {Marker});
}

} // namespace

PreservedAnalyses InstrumentLifetimesPass::run(Module &M,
                                               ModuleAnalysisManager &) {
  if (!Plan || M.getModuleFlag(InstrumentedFlag))
    return PreservedAnalyses::all();
  // From here on the module is changed: the flag and the marker are added
  // whether or not a class of this translation unit is counted.
  M.addModuleFlag(Module::Max, InstrumentedFlag, 1);
  markInstrumented(M);
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

  FunctionCallee Construct = getRuntimeHook(M, "__leaktrace_construct");
  FunctionCallee Destruct = getRuntimeHook(M, "__leaktrace_destruct");
  CounterUpdater Updater(M);
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    auto It = Targets.find(F.getName());
    if (It == Targets.end())
      continue;
    GlobalVariable *Descriptor = getOrCreateDescriptor(M, *It->second.Class);
    if (It->second.R == Role::Destructor) {
      // -1 when destruction starts: the object is gone even if a member's
      // destructor throws.
      Updater.update(Descriptor, Counter::Insts, -1, Destruct,
                     afterAllocas(F));
    } else {
      // +1 only on normal return: a constructor that throws built nothing.
      SmallVector<ReturnInst *, 2> Returns;
      for (BasicBlock &BB : F)
        if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
          Returns.push_back(Ret);
      for (ReturnInst *Ret : Returns)
        Updater.update(Descriptor, Counter::Insts, +1, Construct, Ret);
    }
  }
  return PreservedAnalyses::none();
}

} // namespace leaktrace
