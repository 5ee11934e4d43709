//===- InstrumentLifetimes.cpp - Count object lifetimes in IR -------------===//

#include "InstrumentLifetimes.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace leaktrace {
namespace {

/// Set on a module once instrumented, so a second registration of the pass
/// (say, -fplugin and -fpass-plugin naming the same file) cannot count twice.
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
  auto Linkage = C.Local ? GlobalValue::InternalLinkage
                                      : GlobalValue::LinkOnceODRLinkage;
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

void insertCall(FunctionCallee Hook, GlobalVariable *Descriptor,
                Instruction *Before) {
  IRBuilder<> B(Before);
  // Debug info verifiers want a location on calls inside functions that have
  // a subprogram; take the one of the instruction we precede.
  B.SetCurrentDebugLocation(Before->getDebugLoc());
  B.CreateCall(Hook, {Descriptor});
}

} // namespace

PreservedAnalyses InstrumentLifetimesPass::run(Module &M,
                                               ModuleAnalysisManager &) {
  if (!Plan || Plan->Classes.empty() || M.getModuleFlag(InstrumentedFlag))
    return PreservedAnalyses::all();
  M.addModuleFlag(Module::Max, InstrumentedFlag, 1);

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
  bool Changed = false;
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
      insertCall(Destruct, Descriptor,
                 &*F.getEntryBlock().getFirstInsertionPt());
    } else {
      // +1 only on normal return: a constructor that throws built nothing.
      for (BasicBlock &BB : F)
        if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
          insertCall(Construct, Descriptor, Ret);
    }
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace leaktrace
