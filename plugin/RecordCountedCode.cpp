//===- RecordCountedCode.cpp - Let the runtime find uncounted code -------===//

#include "RecordCountedCode.h"
#include "CounterUpdates.h"
#include "RuntimeABI.h"

#include "leaktrace/leaktrace.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <optional>

using namespace llvm;

namespace leaktrace {
namespace {


/// Whether the copy of \p GV in this module may not be the one the program
/// runs: the linker keeps one of many inline copies, an available_externally
/// body is only a copy of a definition elsewhere, and a declaration is
/// defined elsewhere.
bool mayRunAnotherCopy(const GlobalValue &GV) {
  return GV.isDeclaration() || GV.hasLinkOnceLinkage() || GV.hasWeakLinkage() ||
         GV.hasAvailableExternallyLinkage();
}

/// Whether this module refers to \p GV: calls it, takes its address or
/// loads from it.
bool isReferenced(const GlobalValue &GV) {
  for (const User *U : GV.users())
    if (!isa<GlobalAlias>(U))
      return true;
  return false;
}

/// The functions and global variables whose code or initialiser refers to
/// \p U, through constant expressions and aggregates.
void addReferrers(const User *U, SmallSetVector<GlobalValue *, 4> &Out) {
  for (const User *UU : U->users()) {
    if (const auto *I = dyn_cast<Instruction>(UU))
      Out.insert(const_cast<Function *>(I->getFunction()));
    else if (const auto *GV = dyn_cast<GlobalVariable>(UU))
      Out.insert(const_cast<GlobalVariable *>(GV));
    else if (isa<Constant>(UU) && !isa<GlobalValue>(UU))
      addReferrers(UU, Out);
  }
}

class CodeRecorder {
public:
  explicit CodeRecorder(Module &M) : M(M), Ctx(M.getContext()) {}

  void addDef(GlobalValue &GV);
  void addUse(GlobalValue &GV, GlobalVariable *Descriptor);
  /// Registers this module's records with the runtime at start-up.
  void addRegistration();
  bool empty() const { return Records.empty(); }

private:
  GlobalVariable *record(Constant *Init, StringRef Section, Comdat *C);

  Module &M;
  LLVMContext &Ctx;
  std::vector<GlobalValue *> Records;
};

// The records are the runtime's structs (leaktrace/leaktrace.h), written as
// anonymous LLVM structs of pointers: their layout is checked here.
static_assert(sizeof(__leaktrace_code_def) == sizeof(void *),
              "struct __leaktrace_code_def changed: change addDef");
static_assert(offsetof(__leaktrace_code_use, function) == 0 &&
                  offsetof(__leaktrace_code_use, type) == sizeof(void *) &&
                  offsetof(__leaktrace_code_use, symbol) ==
                      2 * sizeof(void *) &&
                  sizeof(__leaktrace_code_use) == 3 * sizeof(void *),
              "struct __leaktrace_code_use changed: change addUse");
static_assert(offsetof(__leaktrace_uncounted_class, name) == 0 &&
                  offsetof(__leaktrace_uncounted_class, reason) ==
                      sizeof(void *) &&
                  sizeof(__leaktrace_uncounted_class) == 2 * sizeof(void *),
              "struct __leaktrace_uncounted_class changed: change "
              "addUncountedClasses");

GlobalVariable *CodeRecorder::record(Constant *Init, StringRef Section,
                                     Comdat *C) {
  // Writable: the records hold addresses, which are relocated at load time.
  auto *GV =
      new GlobalVariable(M, Init->getType(), /*isConstant=*/false,
                         GlobalValue::PrivateLinkage, Init, "__leaktrace_code");
  GV->setSection(Section);
  GV->setAlignment(Align(8));
  if (C)
    GV->setComdat(C);
  Records.push_back(GV);
  return GV;
}

void CodeRecorder::addDef(GlobalValue &GV) {
  // A private alias is this very copy: a reference to GV itself may be
  // resolved to another module's copy (symbol interposition).
  auto *Self = GlobalAlias::create(GlobalValue::PrivateLinkage,
                                   "__leaktrace_self." + GV.getName(), &GV);
  record(ConstantStruct::getAnon(Ctx, {Self}),
         sectionName(RecordSection::CodeDefs), GV.getComdat());
}

void CodeRecorder::addUse(GlobalValue &GV, GlobalVariable *Descriptor) {
  Constant *Name = ConstantDataArray::getString(Ctx, GV.getName());
  auto *NameGV = new GlobalVariable(M, Name->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, Name,
                                    "__leaktrace_symbol");
  NameGV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  record(ConstantStruct::getAnon(Ctx, {&GV, Descriptor, NameGV}),
         sectionName(RecordSection::CodeUses),
         nullptr);
}

/// Registers, from a constructor of the linked module, the records between
/// the __start_/__stop_ bounds of \p Sections with \p Register, and, when
/// \p Unregister is not empty, unregisters them from a destructor with it.
/// The linker defines
/// the bounds around each section, per module (hidden); weak, in case a
/// module has no record of one kind. One registration per linked module,
/// when it is loaded, and one unregistration when it is unloaded (its records
/// go with it): the functions are in comdats, named after \p Name.
void addModuleRegistration(Module &M, StringRef Name, RuntimeHook Register,
                           std::optional<RuntimeHook> Unregister,
                           ArrayRef<RecordSection> Sections) {
  LLVMContext &Ctx = M.getContext();
  SmallVector<Value *, 4> Bounds;
  for (RecordSection Section : Sections)
    for (StringRef Bound : {"__start_", "__stop_"}) {
      std::string Symbol = (Bound + sectionName(Section)).str();
      GlobalVariable *GV = M.getGlobalVariable(Symbol);
      if (!GV) {
        GV = new GlobalVariable(M, Type::getInt8Ty(Ctx), /*isConstant=*/false,
                                GlobalValue::ExternalWeakLinkage, nullptr,
                                Symbol);
        GV->setVisibility(GlobalValue::HiddenVisibility);
      }
      Bounds.push_back(GV);
    }
  auto AddCall = [&](StringRef Function, RuntimeHook Hook) -> llvm::Function * {
    if (M.getFunction(Function))
      return nullptr;
    FunctionCallee Callee = getRuntimeHook(M, Hook);
    assert(Callee.getFunctionType()->getNumParams() == Bounds.size() &&
           "a bound of each section, as abi.def declares the hook");
    auto *F =
        llvm::Function::Create(FunctionType::get(Type::getVoidTy(Ctx), false),
                               GlobalValue::LinkOnceODRLinkage, Function, M);
    F->setVisibility(GlobalValue::HiddenVisibility);
    F->setComdat(M.getOrInsertComdat(Function));
    F->addFnAttr(Attribute::NoUnwind);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
    B.CreateCall(Callee, Bounds);
    B.CreateRetVoid();
    return F;
  };
  if (llvm::Function *Ctor =
          AddCall(("__leaktrace_register_" + Name + "_module").str(), Register))
    appendToGlobalCtors(M, Ctor, /*Priority=*/65535, /*Data=*/Ctor);
  if (!Unregister)
    return;
  if (llvm::Function *Dtor = AddCall(
          ("__leaktrace_unregister_" + Name + "_module").str(), *Unregister))
    appendToGlobalDtors(M, Dtor, /*Priority=*/65535, /*Data=*/Dtor);
}

void CodeRecorder::addRegistration() {
  addModuleRegistration(M, "code", RuntimeHook::RegisterCode,
                        RuntimeHook::UnregisterCode,
                        {RecordSection::CodeDefs, RecordSection::CodeUses});
  // Nothing refers to the records: keep them (and in ELF, retain their
  // sections when the linker collects unreferenced ones).
  appendToUsed(M, Records);
}

/// Records the classes this file does not count (__leaktrace_uncounted_class
/// in leaktrace/leaktrace.h), so that the runtime can say how many the
/// program has. One record per class per linked module: the linker merges
/// the copies of the files that see the class.
void recordUncountedClasses(Module &M, const InstrumentationPlan &Plan) {
  if (Plan.Uncounted.empty())
    return;
  LLVMContext &Ctx = M.getContext();
  auto String = [&](StringRef Text, StringRef Name) {
    Constant *Init = ConstantDataArray::getString(Ctx, Text);
    auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init, Name);
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    return GV;
  };
  StringMap<GlobalVariable *> Reasons; // one string per reason
  std::vector<GlobalValue *> Records;
  for (const UncountedClass &C : Plan.Uncounted) {
    // __leaktrace_type.X names the class's counts; this names its record.
    std::string Symbol =
        "__leaktrace_uncounted." +
        StringRef(C.Type.DescriptorSymbol).rsplit('.').second.str();
    if (M.getGlobalVariable(Symbol, /*AllowInternal=*/true))
      continue;
    GlobalVariable *&Reason = Reasons[C.Reason];
    if (!Reason)
      Reason = String(C.Reason, "__leaktrace_reason");
    Constant *Init = ConstantStruct::getAnon(
        Ctx, {String(C.Type.Name, "__leaktrace_name"), Reason});
    auto *GV =
        new GlobalVariable(M, Init->getType(), /*isConstant=*/false,
                           C.Type.Local ? GlobalValue::PrivateLinkage
                                        : GlobalValue::LinkOnceODRLinkage,
                           Init, Symbol);
    if (!C.Type.Local) {
      GV->setVisibility(GlobalValue::HiddenVisibility);
      GV->setComdat(M.getOrInsertComdat(Symbol));
    }
    GV->setSection(sectionName(RecordSection::UncountedClasses));
    GV->setAlignment(Align(8));
    Records.push_back(GV);
  }
  // The runtime copies the names: nothing to unregister.
  addModuleRegistration(M, "uncounted", RuntimeHook::RegisterUncounted,
                        /*Unregister=*/std::nullopt,
                        {RecordSection::UncountedClasses});
  appendToUsed(M, Records);
}

/// Per function or vtable, the descriptors of the types it counts or whose
/// objects it builds or ends through counted code.
using CountingCode =
    MapVector<GlobalValue *, SmallSetVector<GlobalVariable *, 2>>;

/// The metadata that marks counting code, from the pipeline's start to its
/// end: the descriptor symbols of the types it counts.
constexpr StringLiteral CountsMetadata = "leaktrace.counts";

/// The functions that update a descriptor: the counted constructors and
/// destructors and the callers of smart-pointer operations.
void addCountingFunctions(Module &M, CountingCode &Code) {
  for (GlobalVariable &GV : M.globals()) {
    if (!GV.getName().starts_with("__leaktrace_type."))
      continue;
    for (User *U : GV.users())
      if (auto *I = dyn_cast<Instruction>(U))
        Code[I->getFunction()].insert(&GV);
  }
}

/// Calls \p Fn with each counted class and each of the symbols of its
/// counted constructors and destructor that this module has.
template <class FnT>
void forEachCountedStructor(Module &M, const InstrumentationPlan &Plan,
                            FnT Fn) {
  for (const TrackedClass &C : Plan.Classes) {
    for (const std::string &Ctor : C.Constructors)
      if (Function *F = M.getFunction(Ctor))
        Fn(C, *F);
    if (!C.Destructor.empty())
      if (Function *F = M.getFunction(C.Destructor))
        Fn(C, *F);
  }
}

/// The code that builds or ends objects through a counted constructor or
/// destructor: callers, deleting destructors, vtables. A file compiled
/// without the plugin has no complete-object constructor or destructor of an
/// inline class of its own (clang calls the base-object one, C2 or D2,
/// instead), so its copies of these build and end objects without a count:
/// when the linker keeps them, this module's records show it.
void addBuildersAndEnders(Module &M, const InstrumentationPlan &Plan,
                          CountingCode &Code) {
  forEachCountedStructor(M, Plan, [&](const TrackedClass &C, Function &F) {
    SmallSetVector<GlobalValue *, 4> Found;
    addReferrers(&F, Found);
    for (GlobalValue *R : Found)
      if (R != &F && !R->getName().starts_with("__leaktrace"))
        Code[R].insert(getOrCreateDescriptor(M, C.Type));
  });
}

/// The counted constructors and destructors this module calls but another
/// object defines: that copy must count.
void addCountedCodeDefinedElsewhere(Module &M, const InstrumentationPlan &Plan,
                                    CountingCode &Code) {
  forEachCountedStructor(M, Plan, [&](const TrackedClass &C, Function &F) {
    if (F.isDeclaration() && isReferenced(F))
      Code[&F].insert(getOrCreateDescriptor(M, C.Type));
  });
}

/// The code marked at the pipeline's start (MarkCountedCodePass) that is
/// still here.
void addMarkedCode(Module &M, const InstrumentationPlan &Plan,
                   CountingCode &Code) {
  StringMap<const CountedType *> Types;
  for (const TrackedClass &C : Plan.Classes)
    Types[C.Type.DescriptorSymbol] = &C.Type;
  for (const CountedType &T : Plan.ElementTypes)
    Types[T.DescriptorSymbol] = &T;
  for (const CountedType &T : Plan.HeapTypes)
    Types[T.DescriptorSymbol] = &T;
  auto Read = [&](GlobalObject &GO) {
    MDNode *MD = GO.getMetadata(CountsMetadata);
    if (!MD)
      return;
    for (const MDOperand &Op : MD->operands())
      if (auto *Name = dyn_cast_or_null<MDString>(Op.get()))
        if (const CountedType *T = Types.lookup(Name->getString()))
          Code[&GO].insert(getOrCreateDescriptor(M, *T));
    GO.setMetadata(CountsMetadata, nullptr);
  };
  for (Function &F : M)
    Read(F);
  for (GlobalVariable &GV : M.globals())
    Read(GV);
}

/// The destructors of the classes whose objects are built here: code that
/// never names them here may destroy the objects (a library's
/// `dispose(T *)`), and the destructor that runs must count too. Referred
/// to weakly, so that a destructor defined nowhere (or, compiled without the
/// plugin, only as base-object copies) cannot fail the link; it then reads
/// as null and is not checked.
void addDestructorsOfBuiltClasses(Module &M, const InstrumentationPlan &Plan,
                                  CountingCode &Code) {
  for (const TrackedClass &C : Plan.Classes) {
    if (C.Destructor.empty())
      continue;
    GlobalVariable *Descriptor =
        M.getGlobalVariable(C.Type.DescriptorSymbol, /*AllowInternal=*/true);
    if (!Descriptor || Descriptor->hasLocalLinkage() ||
        !isReferenced(*Descriptor))
      continue; // nothing of the class is counted here
    Function *Dtor = M.getFunction(C.Destructor);
    if (Dtor && !Dtor->isDeclaration())
      continue; // defined here, and recorded when it counts
    if (!Dtor)
      Dtor = Function::Create(
          FunctionType::get(Type::getVoidTy(M.getContext()),
                            {PointerType::get(M.getContext(), 0)}, false),
          GlobalValue::ExternalWeakLinkage, C.Destructor, M);
    else if (!isReferenced(*Dtor))
      Dtor->setLinkage(GlobalValue::ExternalWeakLinkage);
    Code[Dtor].insert(Descriptor);
  }
}

} // namespace

PreservedAnalyses MarkCountedCodePass::run(Module &M, ModuleAnalysisManager &) {
  if (!Plan || !markInstrumented(M, "leaktrace.marked"))
    return PreservedAnalyses::all();
  // Decided here, before any inlining: every file that compiles a function
  // sees the same code at this point, so every instrumented copy of it is
  // marked alike. (Decided at the end, a copy that inlined a counted
  // constructor would claim what a copy that did not would not record.)
  CountingCode Code;
  addCountingFunctions(M, Code);
  addBuildersAndEnders(M, *Plan, Code);
  LLVMContext &Ctx = M.getContext();
  for (auto &[GV, Descriptors] : Code) {
    auto *GO = dyn_cast<GlobalObject>(GV);
    if (!GO || GO->isDeclaration() || GO->hasLocalLinkage())
      continue; // no other copy can stand in for it
    SmallVector<Metadata *, 2> Names;
    for (GlobalVariable *D : Descriptors)
      Names.push_back(MDString::get(Ctx, D->getName()));
    GO->setMetadata(CountsMetadata, MDNode::get(Ctx, Names));
  }
  return PreservedAnalyses::none();
}

PreservedAnalyses RecordCountedCodePass::run(Module &M,
                                             ModuleAnalysisManager &) {
  if (!Plan || !markInstrumented(M, "leaktrace.code"))
    return PreservedAnalyses::all();

  CountingCode Code;
  addMarkedCode(M, *Plan, Code);
  addCountedCodeDefinedElsewhere(M, *Plan, Code);
  addDestructorsOfBuiltClasses(M, *Plan, Code);

  CodeRecorder Recorder(M);
  for (auto &[GV, Descriptors] : Code) {
    if (GV->hasLocalLinkage())
      continue; // no other copy can stand in for it
    if (!GV->isDeclaration() && !GV->hasAvailableExternallyLinkage())
      Recorder.addDef(*GV);
    if (mayRunAnotherCopy(*GV) &&
        (isReferenced(*GV) || GV->hasExternalWeakLinkage()))
      for (GlobalVariable *D : Descriptors)
        Recorder.addUse(*GV, D);
  }
  if (!Recorder.empty())
    Recorder.addRegistration();
  recordUncountedClasses(M, *Plan);
  return PreservedAnalyses::none();
}

} // namespace leaktrace
