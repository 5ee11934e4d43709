//===- ShareUncountedStructors.cpp - Give back clang's structor aliases ---===//

#include "ShareUncountedStructors.h"

#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;

namespace leaktrace {
namespace {

/// Whether \p Base is named like \p Complete with its structor variant
/// changed from complete to base object: `_ZN3FooC1Ev` and `_ZN3FooC2Ev`,
/// `D1` and `D2`, `CI1` and `CI2`. Never the deleting destructor (D0).
bool isBaseVariantOf(StringRef Base, StringRef Complete) {
  if (Base.size() != Complete.size())
    return false;
  auto [C, B] = std::mismatch(Complete.begin(), Complete.end(), Base.begin());
  if (C == Complete.end() || *C != '1' || *B != '2' || C == Complete.begin())
    return false;
  StringRef Variant = Complete.substr(0, C - Complete.begin());
  if (!Variant.ends_with("C") && !Variant.ends_with("D") &&
      !Variant.ends_with("CI"))
    return false;
  // The rest must be the same: one variant digit differs, nothing else.
  return std::equal(C + 1, Complete.end(), B + 1);
}

/// Whether \p V lives in \p F's own stack frame.
bool isFrameAddress(const Value *V) {
  if (const auto *GEP = dyn_cast<GetElementPtrInst>(V))
    V = GEP->getPointerOperand();
  return isa<AllocaInst>(V);
}

/// The base-object structor \p F only calls, when \p F is the forwarder
/// clang emits for a complete-object constructor or destructor of a class
/// without virtual bases (aliases off): one block that spills its
/// parameters to the stack, reloads them, calls the base variant of the same
/// structor with them and returns. Anything else (a counter update, virtual
/// bases, a second call) makes it more than a forwarder: null.
Function *forwardedTo(Function &F) {
  if (F.size() != 1)
    return nullptr;
  CallInst *Forward = nullptr;
  for (Instruction &I : F.front()) {
    // The frame: its slots, their fields (coerced by-value parameters).
    if (isFrameAddress(&I) || isa<DbgInfoIntrinsic>(I))
      continue;
    if (auto *SI = dyn_cast<StoreInst>(&I);
        SI && !SI->isVolatile() && isFrameAddress(SI->getPointerOperand()))
      continue;
    if (auto *LI = dyn_cast<LoadInst>(&I);
        LI && !LI->isVolatile() && isFrameAddress(LI->getPointerOperand()))
      continue;
    if (auto *Ret = dyn_cast<ReturnInst>(&I)) {
      // void, or (ABIs whose constructors return `this`) what the base
      // variant returned.
      Value *RV = Ret->getReturnValue();
      if (!Forward || (RV && RV != Forward))
        return nullptr;
      continue;
    }
    auto *Call = dyn_cast<CallInst>(&I);
    if (!Call || Forward || Call->isMustTailCall())
      return nullptr;
    Forward = Call;
    Function *Base = Call->getCalledFunction();
    if (!Base || Base->isDeclaration() ||
        Base->getFunctionType() != F.getFunctionType() ||
        !isBaseVariantOf(Base->getName(), F.getName()))
      return nullptr;
  }
  return Forward ? Forward->getCalledFunction() : nullptr;
}

/// Replaces the forwarder \p F by \p Base the way clang does with
/// constructor aliases on; returns false when clang would keep it.
bool share(Function &F, Function &Base) {
  if (F.isDiscardableIfUnused()) {
    // Clang's "RAUW" structors: every use, vtables included, calls the base
    // variant, and no complete-object symbol is emitted.
    F.replaceAllUsesWith(&Base);
    F.eraseFromParent();
    return true;
  }
  if (F.hasExternalLinkage() && Base.hasExternalLinkage() &&
      !Base.hasComdat()) {
    // Other files may call the complete-object symbol: keep it, as an alias.
    auto *Alias = GlobalAlias::create(F.getValueType(), F.getAddressSpace(),
                                      F.getLinkage(), "", &Base, F.getParent());
    Alias->setVisibility(F.getVisibility());
    Alias->setDLLStorageClass(F.getDLLStorageClass());
    Alias->setUnnamedAddr(F.getUnnamedAddr());
    Alias->setDSOLocal(F.isDSOLocal());
    Alias->takeName(&F);
    F.replaceAllUsesWith(Alias);
    F.eraseFromParent();
    return true;
  }
  // Weak definitions (explicit instantiations) would need clang's C5/D5
  // comdats; they are rare enough to keep as they are.
  return false;
}

} // namespace

PreservedAnalyses ShareUncountedStructorsPass::run(Module &M,
                                                   ModuleAnalysisManager &) {
  SmallVector<std::pair<Function *, Function *>, 64> Forwarders;
  for (Function &F : M)
    if (!F.isDeclaration())
      if (Function *Base = forwardedTo(F))
        Forwarders.push_back({&F, Base});
  bool Changed = false;
  for (auto [F, Base] : Forwarders)
    Changed |= share(*F, *Base);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace leaktrace
