//===- RuntimeABI.cpp - The runtime's names, from leaktrace/abi.def -------===//

#include "RuntimeABI.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DerivedTypes.h"

using namespace llvm;

namespace leaktrace {

namespace {
struct HookSpec {
  StringLiteral Name;
  StringLiteral Parameters; ///< 'p' a pointer, 'i' an i64
};
constexpr HookSpec Hooks[] = {
#define LEAKTRACE_HOOK(Id, Name, CParameters, IRParameters)                    \
  {#Name, IRParameters},
#include "leaktrace/abi.def"
};
constexpr StringLiteral Sections[] = {
#define LEAKTRACE_SECTION(Id, Name) Name,
#include "leaktrace/abi.def"
};
} // namespace

StringRef runtimeHookName(RuntimeHook H) {
  return Hooks[static_cast<size_t>(H)].Name;
}

FunctionCallee getRuntimeHook(Module &M, RuntimeHook H) {
  const HookSpec &Spec = Hooks[static_cast<size_t>(H)];
  LLVMContext &Ctx = M.getContext();
  SmallVector<Type *, 4> Params;
  for (char P : Spec.Parameters)
    Params.push_back(P == 'i' ? Type::getInt64Ty(Ctx)
                              : static_cast<Type *>(PointerType::get(Ctx, 0)));
  AttributeList Attrs =
      AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind);
  return M.getOrInsertFunction(
      Spec.Name, FunctionType::get(Type::getVoidTy(Ctx), Params, false), Attrs);
}

StringRef sectionName(RecordSection S) {
  return Sections[static_cast<size_t>(S)];
}

} // namespace leaktrace
