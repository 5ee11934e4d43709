//===- InstrumentLifetimes.cpp - Count object lifetimes in IR -------------===//

#include "InstrumentLifetimes.h"
#include "CounterUpdates.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace leaktrace {
namespace {

/// The start every complete-object constructor of the class whose type is
/// mangled \p TypeMangling has (`_ZN2ns3BoxIiE` for `N2ns3BoxIiEE`; then
/// `C1` or `CI1`), or "" for a function-local class, whose constructors are
/// mangled around the enclosing function.
std::string completeCtorPrefix(StringRef TypeMangling) {
  if (TypeMangling.starts_with("Z"))
    return "";
  if (TypeMangling.starts_with("N") && TypeMangling.ends_with("E"))
    return ("_Z" + TypeMangling.drop_back()).str();
  return ("_ZN" + TypeMangling).str();
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

/// Warns when \p F is a complete-object constructor (C1, CI1) of a counted
/// class that the plan does not list. That would be a hole in the AST
/// side's enumeration of constructors; it is never silent.
void reportUnplannedConstructor(
    Module &M, const Function &F,
    const StringMap<const TrackedClass *> &Prefixes) {
  StringRef Name = F.getName();
  for (size_t At = Name.find('C'); At != StringRef::npos;
       At = Name.find('C', At + 1)) {
    StringRef Rest = Name.substr(At);
    if (!Rest.starts_with("C1") && !Rest.starts_with("CI1"))
      continue;
    auto It = Prefixes.find(Name.take_front(At));
    if (It == Prefixes.end())
      continue;
    warn(
        M,
        "leaktrace: internal error: " + Name + " constructs '" +
            It->second->Type.Name +
            "' objects but is not counted, so its count would be wrong; please "
            "report this with the source of the class");
    return;
  }
}

/// The global variable \p V points into, through casts, element addresses
/// and the address of a thread_local; or null.
GlobalVariable *underlyingGlobal(Value *V) {
  for (;;) {
    V = V->stripPointerCasts();
    if (auto *GEP = dyn_cast<GEPOperator>(V))
      V = GEP->getPointerOperand();
    else if (auto *II = dyn_cast<IntrinsicInst>(V);
             II && II->getIntrinsicID() == Intrinsic::threadlocal_address)
      V = II->getArgOperand(0);
    else
      return dyn_cast<GlobalVariable>(V);
  }
}

/// The variable a registration of its destruction (__cxa_atexit(F, Obj,
/// DSO), __cxa_thread_atexit(F, Obj, DSO)) is for: Obj, or for an array,
/// which clang registers through a helper with no object, the variable the
/// helper destroys.
GlobalVariable *registeredVariable(CallBase &CB) {
  if (CB.arg_size() < 2)
    return nullptr;
  if (GlobalVariable *GV = underlyingGlobal(CB.getArgOperand(1)))
    return GV;
  auto *Helper = dyn_cast<Function>(CB.getArgOperand(0)->stripPointerCasts());
  if (!isa<ConstantPointerNull>(CB.getArgOperand(1)->stripPointerCasts()) ||
      !Helper || Helper->isDeclaration())
    return nullptr;
  for (Instruction &I : instructions(*Helper))
    for (Value *Op : I.operands())
      if (GlobalVariable *GV = underlyingGlobal(Op))
        if (!GV->getName().starts_with("__leaktrace"))
          return GV;
  return nullptr;
}

/// Whether \p GV was built at run time before \p Registration: the
/// function registering its destruction first passed it to a call (its
/// constructor). A constant-initialised variable is registered only.
bool builtBefore(GlobalVariable &GV, CallBase &Registration) {
  for (Instruction &I : instructions(*Registration.getFunction())) {
    if (&I == &Registration)
      return false;
    if (auto *CB = dyn_cast<CallBase>(&I))
      for (Value *Arg : CB->args())
        if (Arg->getType()->isPointerTy() && underlyingGlobal(Arg) == &GV)
          return true;
  }
  return false;
}

/// Counts the objects of constant-initialised variables where their
/// destruction is registered: no constructor runs for them.
void countConstantObjects(Module &M, const InstrumentationPlan &Plan,
                          const CounterUpdater &Updater) {
  if (Plan.StaticObjects.empty())
    return;
  StringMap<const ConstantObjects *> ByVariable;
  for (const ConstantObjects &C : Plan.StaticObjects)
    ByVariable[C.Symbol] = &C;
  struct Site {
    CallBase *Registration;
    GlobalVariable *Variable;
    const ConstantObjects *Objects;
  };
  SmallVector<Site, 8> Sites;
  for (StringRef Register : {"__cxa_atexit", "__cxa_thread_atexit"}) {
    Function *F = M.getFunction(Register);
    if (!F)
      continue;
    for (User *U : F->users()) {
      auto *CB = dyn_cast<CallBase>(U);
      if (!CB || CB->getCalledOperand() != F)
        continue;
      GlobalVariable *GV = registeredVariable(*CB);
      const ConstantObjects *C =
          GV ? ByVariable.lookup(GV->getName()) : nullptr;
      if (C && !builtBefore(*GV, *CB))
        Sites.push_back({CB, GV, C});
    }
  }
  for (const Site &S : Sites)
    for (auto [Class, N] : S.Objects->Counts)
      Updater.addInsts(getOrCreateDescriptor(M, Plan.Classes[Class].Type),
                       int64_t(N), S.Variable, S.Registration);
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

  enum class Role { Constructor, CopyConstructor, Destructor };
  struct Target {
    const TrackedClass *Class;
    Role R;
  };
  StringMap<Target> Targets;
  for (const TrackedClass &C : Plan->Classes) {
    for (const std::string &Ctor : C.Constructors)
      Targets[Ctor] = {&C, Role::Constructor};
    for (const std::string &Ctor : C.Copies)
      Targets[Ctor] = {&C, Role::CopyConstructor};
    if (!C.Destructor.empty())
      Targets[C.Destructor] = {&C, Role::Destructor};
  }

  // Complete-object constructors of counted classes by their mangled start,
  // to catch one the AST side did not plan: its objects would be destroyed
  // with a count and built without one.
  StringMap<const TrackedClass *> CtorPrefixes;
  StringSet<> Planned;
  for (const TrackedClass &C : Plan->Classes) {
    StringRef Type = C.Type.DescriptorSymbol;
    if (Type.consume_front("__leaktrace_type._ZTS"))
      if (std::string Prefix = completeCtorPrefix(Type); !Prefix.empty())
        CtorPrefixes[Prefix] = &C;
    Planned.insert(C.Constructors.begin(), C.Constructors.end());
    Planned.insert(C.Delegating.begin(), C.Delegating.end());
  }

  CounterUpdater Updater(M);
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    auto It = Targets.find(F.getName());
    if (It == Targets.end()) {
      if (!Planned.contains(F.getName()))
        reportUnplannedConstructor(M, F, CtorPrefixes);
      continue;
    }
    GlobalVariable *Descriptor =
        getOrCreateDescriptor(M, It->second.Class->Type);
    if (It->second.R == Role::Destructor) {
      // -1 when destruction starts: the object is gone even if a member's
      // destructor throws.
      // `this` is the first parameter of every structor (Itanium ABI).
      Updater.addInsts(Descriptor, -1, F.getArg(0), afterAllocas(F));
    } else {
      // +1 only on normal return: a constructor that throws built nothing.
      SmallVector<ReturnInst *, 2> Returns;
      for (BasicBlock &BB : F)
        if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
          Returns.push_back(Ret);
      // A copy or move names its source (the second parameter), which the
      // runtime's creation sites use.
      Value *Source = It->second.R == Role::CopyConstructor && F.arg_size() > 1
                          ? F.getArg(1)
                          : nullptr;
      for (ReturnInst *Ret : Returns)
        Updater.addInsts(Descriptor, +1, F.getArg(0), Ret, Source);
    }
  }
  countConstantObjects(M, *Plan, Updater);
  return PreservedAnalyses::none();
}

} // namespace leaktrace
