//===- SmartPointers.cpp - std::shared_ptr as leaktrace counts it ---------===//

#include "SmartPointers.h"
#include "ClassSelection.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/GlobalDecl.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecordLayout.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/Linkage.h"
#include "clang/Basic/Version.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace clang;

namespace leaktrace {

std::string mangledName(MangleContext &M, GlobalDecl GD) {
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  M.mangleName(GD, OS);
  OS.flush();
  return Name;
}

namespace {

/// Every symbol \p FD is emitted as. Constructors and destructors of base
/// subobjects are separate functions too (the plugin turns off the C1/C2
/// aliases): a class deriving from std::shared_ptr calls the C2 and D2.
std::vector<std::string> symbolsOf(const FunctionDecl &FD, MangleContext &M) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
    return {mangledName(M, GlobalDecl(Ctor, Ctor_Complete)),
            mangledName(M, GlobalDecl(Ctor, Ctor_Base))};
  if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(&FD))
    return {mangledName(M, GlobalDecl(Dtor, Dtor_Complete)),
            mangledName(M, GlobalDecl(Dtor, Dtor_Base))};
  return {mangledName(M, GlobalDecl(&FD))};
}

uint64_t bytes(const ASTContext &Ctx, uint64_t Bits) {
  return Ctx.toCharUnitsFromBits(Bits).getQuantity();
}

/// Where a handle class keeps its control-block pointer, which is null
/// exactly when the handle is empty: libstdc++'s
/// __shared_ptr<T>::_M_refcount._M_pi (std::shared_ptr<T> derives from
/// __shared_ptr<T>) and libc++'s shared_ptr<T>::__cntrl_.
std::optional<uint64_t> controlBlockOffset(const CXXRecordDecl &RD) {
  const ASTContext &Ctx = RD.getASTContext();
  const ASTRecordLayout &Layout = Ctx.getASTRecordLayout(&RD);
  for (const FieldDecl *F : RD.fields()) {
    uint64_t Offset = bytes(Ctx, Layout.getFieldOffset(F->getFieldIndex()));
    if (F->getName() == "__cntrl_" && F->getType()->isPointerType())
      return Offset;
    const CXXRecordDecl *Count = F->getType()->getAsCXXRecordDecl();
    if (F->getName() != "_M_refcount" || !Count || !Count->hasDefinition())
      continue;
    Count = Count->getDefinition();
    for (const FieldDecl *G : Count->fields())
      if (G->getName() == "_M_pi" && G->getType()->isPointerType())
        return Offset + bytes(Ctx, Ctx.getASTRecordLayout(Count).getFieldOffset(
                                       G->getFieldIndex()));
  }
  for (const CXXBaseSpecifier &B : RD.bases()) {
    const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl();
    if (B.isVirtual() || !Base || !Base->hasDefinition())
      continue;
    if (std::optional<uint64_t> Inner =
            controlBlockOffset(*Base->getDefinition()))
      return Layout.getBaseClassOffset(Base).getQuantity() + *Inner;
  }
  return std::nullopt;
}

/// std::shared_ptr<T>, and libstdc++'s base class std::__shared_ptr<T, Lp>.
bool isHandleClass(const CXXRecordDecl &RD) {
  if (!isa<ClassTemplateSpecializationDecl>(RD) || !RD.getIdentifier() ||
      !RD.getDeclContext()->isStdNamespace())
    return false;
  return RD.getName() == "shared_ptr" || RD.getName() == "__shared_ptr";
}

/// Whether a parameter of type \p T is one pointer in IR: then the IR
/// argument of a later parameter is found by counting. (References,
/// pointers, and classes passed indirectly, such as std::shared_ptr itself.)
bool isOnePointerArgument(QualType T) {
  if (T->isReferenceType() || T->isPointerType())
    return true;
  const auto *RD = T->getAsRecordDecl();
  return RD && !RD->canPassInRegisters();
}

/// Whether the \p I'th parameter of \p FD passes an argument through
/// without knowing its type: a function parameter pack or a parameter whose
/// type is one of the function template's own type parameters
/// (`make_shared<T>(Args&&... args)`, `__shared_ptr(tag, Args&&... args)`).
/// A handle given there is used by the code it is forwarded to, often the
/// element's constructor, which is outside the implementation and counted
/// itself: measuring it at the outer call would count its move twice.
bool isForwarded(const FunctionDecl &FD, unsigned I) {
  const FunctionTemplateDecl *Template = FD.getPrimaryTemplate();
  if (!Template)
    return false;
  const FunctionDecl *Pattern = Template->getTemplatedDecl();
  unsigned Depth = Template->getTemplateParameters()->getDepth();
  // A pack in the pattern stands for the parameters the instantiation has
  // beyond the pattern's others.
  unsigned First = 0;
  for (const ParmVarDecl *PP : Pattern->parameters()) {
    unsigned Width = PP->isParameterPack()
                         ? FD.getNumParams() + 1 - Pattern->getNumParams()
                         : 1;
    if (I < First + Width) {
      if (PP->isParameterPack())
        return true;
      const auto *Param =
          PP->getType().getNonReferenceType()->getAs<TemplateTypeParmType>();
      return Param && Param->getDepth() == Depth;
    }
    First += Width;
  }
  return false;
}

class SmartPointerPlanner {
public:
  SmartPointerPlanner(ClassSelector &Selector, MangleContext &M,
                      DiagnosticsEngine &Diags, InstrumentationPlan &Plan)
      : Selector(Selector), M(M), Diags(Diags), Plan(Plan) {}

  void addHandleClass(const CXXRecordDecl &RD);
  void planImplementation();

private:
  struct HandleClass {
    uint64_t ControlOffset;
    unsigned ElementType;
  };

  const HandleClass *handleClass(const CXXRecordDecl *RD) const {
    auto It = RD ? Handles.find(RD->getCanonicalDecl()) : Handles.end();
    return It == Handles.end() ? nullptr : &It->second;
  }
  const HandleClass *handleClass(QualType T) const {
    return handleClass(T->getAsCXXRecordDecl());
  }

  unsigned elementTypeIndex(QualType T);
  void addImplementationClass(const CXXRecordDecl *RD);
  void addFriendsOf(const CXXRecordDecl &RD);
  void planFunction(const FunctionDecl &FD);
  bool findHandles(const FunctionDecl &FD, std::vector<HandleArgument> &Out);

  ClassSelector &Selector;
  MangleContext &M;
  DiagnosticsEngine &Diags;
  InstrumentationPlan &Plan;
  /// The handle classes whose handles are counted.
  llvm::DenseMap<const CXXRecordDecl *, HandleClass> Handles;
  llvm::DenseSet<const CXXRecordDecl *> SeenHandleClasses;
  llvm::StringMap<unsigned> ElementTypeIndex; // by descriptor symbol
  llvm::SetVector<const CXXRecordDecl *> ImplementationClasses;
  llvm::SetVector<const FunctionDecl *> ImplementationFunctions;
  bool ReportedUnknownLayout = false;
};

unsigned SmartPointerPlanner::elementTypeIndex(QualType T) {
  CountedType Type = countedType(T, M);
  auto [It, Inserted] = ElementTypeIndex.try_emplace(Type.DescriptorSymbol,
                                                     Plan.ElementTypes.size());
  if (Inserted)
    Plan.ElementTypes.push_back(std::move(Type));
  return It->second;
}

void SmartPointerPlanner::addHandleClass(const CXXRecordDecl &RD) {
  if (!isHandleClass(RD) ||
      !SeenHandleClasses.insert(RD.getCanonicalDecl()).second)
    return;
  std::optional<uint64_t> Offset = controlBlockOffset(RD);
  if (!Offset) {
    // Counting a library we do not know would count wrongly: say so, once.
    if (!ReportedUnknownLayout)
      Diags.Report(Diags.getCustomDiagID(
          DiagnosticsEngine::Warning,
          "leaktrace: cannot count std::shared_ptr references with this "
          "standard library ('%0' has neither libstdc++'s _M_refcount nor "
          "libc++'s __cntrl_); the refs column stays 0. Build with libstdc++ "
          "or libc++ (-stdlib=libc++) to count them"))
          << qualifiedName(RD);
    ReportedUnknownLayout = true;
    return;
  }
  // Handles of `const T` count with those of T: a conversion between the two
  // does not change what is shared.
  const auto &Spec = cast<ClassTemplateSpecializationDecl>(RD);
  QualType Element = Spec.getTemplateArgs()[0]
                         .getAsType()
                         .getCanonicalType()
                         .getUnqualifiedType();
  // Handles of types that prebuilt code can hold too are not counted (see
  // ClassSelector::isProgramType). Their class is still part of the
  // implementation: its converting operations take counted handles
  // (shared_ptr<Interface>(shared_ptr<Widget> &&) moves from a Widget one).
  if (Selector.isProgramType(Element))
    Handles[RD.getCanonicalDecl()] = {*Offset, elementTypeIndex(Element)};
  addImplementationClass(&RD);
  addFriendsOf(RD);
}

void SmartPointerPlanner::addImplementationClass(const CXXRecordDecl *RD) {
  if (RD && RD->hasDefinition())
    ImplementationClasses.insert(RD->getDefinition());
}

// Friends of a handle class may write its control-block pointer directly
// (libc++'s weak_ptr::lock, libstdc++'s atomic<shared_ptr>): they are part
// of the implementation, and calls into them are operations.
void SmartPointerPlanner::addFriendsOf(const CXXRecordDecl &RD) {
  for (const FriendDecl *Friend : RD.friends()) {
    if (const TypeSourceInfo *TSI = Friend->getFriendType()) {
      addImplementationClass(TSI->getType()->getAsCXXRecordDecl());
      continue;
    }
    const NamedDecl *D = Friend->getFriendDecl();
    if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(D)) {
      for (const ClassTemplateSpecializationDecl *S : CTD->specializations())
        addImplementationClass(S);
    } else if (const auto *FTD = dyn_cast_or_null<FunctionTemplateDecl>(D)) {
      for (const FunctionDecl *S : FTD->specializations())
        ImplementationFunctions.insert(S);
    } else if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D)) {
      ImplementationFunctions.insert(FD);
    }
  }
}

void SmartPointerPlanner::planImplementation() {
  for (const CXXRecordDecl *RD : ImplementationClasses)
    for (const Decl *D : RD->decls()) {
      if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
        ImplementationFunctions.insert(MD);
      else if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
        for (const FunctionDecl *S : FTD->specializations())
          ImplementationFunctions.insert(S);
    }
  for (const FunctionDecl *FD : ImplementationFunctions)
    planFunction(*FD);
}

void SmartPointerPlanner::planFunction(const FunctionDecl &FD) {
  if (FD.isDependentContext() || FD.isDeleted())
    return;
  std::vector<std::string> Symbols = symbolsOf(FD, M);
  Plan.SmartPointerInternals.insert(Plan.SmartPointerInternals.end(),
                                    Symbols.begin(), Symbols.end());
  std::vector<HandleArgument> Handles;
  if (!findHandles(FD, Handles) || Handles.empty())
    return;
  for (std::string &Symbol : Symbols)
    Plan.HandleOperations.push_back({std::move(Symbol), Handles});
}

// The IR arguments of a call under the Itanium C++ ABI: the address of a
// returned class (sret), then `this`, then the parameters.
bool SmartPointerPlanner::findHandles(const FunctionDecl &FD,
                                      std::vector<HandleArgument> &Out) {
  unsigned ArgNo = 0;
  if (const HandleClass *Returned = handleClass(FD.getReturnType()))
    Out.push_back({HandleArgument::Created, ArgNo++, Returned->ControlOffset,
                   Returned->ElementType});
  const auto *MD = dyn_cast<CXXMethodDecl>(&FD);
  if (MD && MD->isInstance()) {
    const HandleClass *This = handleClass(MD->getParent());
    // A const member function cannot change what its handle owns.
    if (This && !MD->isConst()) {
      HandleArgument::Kind K =
          isa<CXXConstructorDecl>(MD)  ? HandleArgument::Created
          : isa<CXXDestructorDecl>(MD) ? HandleArgument::Destroyed
                                       : HandleArgument::Changed;
      Out.push_back({K, ArgNo, This->ControlOffset, This->ElementType});
    }
    ++ArgNo;
  }
  // Handles taken by non-const reference or by value can be moved from,
  // swapped or assigned.
  bool Countable = true;
  for (unsigned I = 0, N = FD.getNumParams(); I != N; ++I) {
    const ParmVarDecl *P = FD.getParamDecl(I);
    QualType T = P->getType();
    const HandleClass *Param = nullptr;
    if (isForwarded(FD, I)) {
      // Not the operation's own handle: counted where the code it is
      // forwarded to uses it.
    } else if (const auto *Ref = T->getAs<ReferenceType>()) {
      if (!Ref->getPointeeType().isConstQualified())
        Param = handleClass(Ref->getPointeeType());
    } else {
      Param = handleClass(T);
    }
    if (Param) {
      if (!Countable) {
        Diags.Report(Diags.getCustomDiagID(
            DiagnosticsEngine::Warning,
            "leaktrace: cannot tell where the call passes the std::shared_ptr "
            "that '%0' changes (parameter '%1'); references it changes are "
            "not counted"))
            << FD.getQualifiedNameAsString() << P->getName();
        return false;
      }
      Out.push_back({HandleArgument::Changed, ArgNo, Param->ControlOffset,
                     Param->ElementType});
    }
    Countable = Countable && isOnePointerArgument(T);
    ++ArgNo;
  }
  return true;
}

} // namespace

CountedType countedType(const CXXRecordDecl &RD, MangleContext &M) {
#if CLANG_VERSION_MAJOR >= 22
  return countedType(RD.getASTContext().getCanonicalTagType(&RD), M);
#else
  return countedType(RD.getASTContext().getRecordType(&RD), M);
#endif
}

/// Keyed by the type's mangling (the RTTI name's, which needs no RTTI to
/// exist): the same in every translation unit, so the linker merges the
/// descriptors of one type. A descriptor's contents must be the same in
/// every translation unit that emits its symbol, since the linker keeps any
/// one of them: one that does not know the size, or that counts objects
/// made with new only, has a symbol of its own (the runtime puts all of a
/// type's descriptors on one row, by name). An internal descriptor is one
/// per translation unit, and getOrCreateDescriptor() merges what its uses
/// say.
static void nameDescriptor(CountedType &C, QualType T, MangleContext &M) {
  C.DescriptorSymbol.clear();
  llvm::raw_string_ostream OS(C.DescriptorSymbol);
  OS << "__leaktrace_type.";
  if (!C.Local && C.ByNew)
    OS << "new.";
  if (!C.Local && !C.Size)
    OS << "nosize.";
  M.mangleCXXRTTIName(T, OS);
  OS.flush();
}

CountedType countedType(QualType T, MangleContext &M) {
  CountedType C;
  ASTContext &Ctx = M.getASTContext();
  T = T.getCanonicalType();
  C.Name = qualifiedTypeName(T, Ctx);
  // Internal linkage (anonymous namespaces, templates over such types):
  // every translation unit has its own type.
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    C.Local = !RD->isExternallyVisible();
  else
    C.Local = !isExternallyVisible(T->getLinkage());
  if (!T->isIncompleteType() && !T->isDependentType() &&
      !T->isFunctionType() && !T->isSizelessType())
    C.Size = uint64_t(Ctx.getTypeSizeInChars(T).getQuantity());
  nameDescriptor(C, T, M);
  return C;
}

CountedType countedByNew(const CXXRecordDecl &RD, MangleContext &M) {
  CountedType C = countedType(RD, M);
#if CLANG_VERSION_MAJOR >= 22
  QualType T = RD.getASTContext().getCanonicalTagType(&RD);
#else
  QualType T = RD.getASTContext().getRecordType(&RD);
#endif
  C.ByNew = true;
  nameDescriptor(C, T.getCanonicalType(), M);
  return C;
}

void planSmartPointers(llvm::ArrayRef<const CXXRecordDecl *> Classes,
                       ClassSelector &Selector, MangleContext &M,
                       DiagnosticsEngine &Diags, InstrumentationPlan &Plan) {
  SmartPointerPlanner Planner(Selector, M, Diags, Plan);
  // All handle classes first: an operation of one may take another's handle
  // (shared_ptr<Base> from shared_ptr<Derived>&&).
  for (const CXXRecordDecl *RD : Classes)
    Planner.addHandleClass(*RD);
  Planner.planImplementation();
}

} // namespace leaktrace
