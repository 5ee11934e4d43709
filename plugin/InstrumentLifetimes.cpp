//===- InstrumentLifetimes.cpp - Count object lifetimes in IR -------------===//

#include "InstrumentLifetimes.h"
#include "CounterUpdates.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

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

} // namespace

PreservedAnalyses InstrumentLifetimesPass::run(Module &M,
                                               ModuleAnalysisManager &) {
  if (!Plan || !markInstrumented(M, "leaktrace.instrumented"))
    return PreservedAnalyses::all();
  // From here on the module is changed: the flag and the marker are added
  // whether or not a class of this translation unit is counted.
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
      Updater.addInsts(Descriptor, -1, afterAllocas(F));
    } else {
      // +1 only on normal return: a constructor that throws built nothing.
      SmallVector<ReturnInst *, 2> Returns;
      for (BasicBlock &BB : F)
        if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
          Returns.push_back(Ret);
      for (ReturnInst *Ret : Returns)
        Updater.addInsts(Descriptor, +1, Ret);
    }
  }
  return PreservedAnalyses::none();
}

} // namespace leaktrace
