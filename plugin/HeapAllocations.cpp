//===- HeapAllocations.cpp - Count heap objects of classes built without calls
//=//

#include "HeapAllocations.h"
#include "SmartPointers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/GlobalDecl.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Version.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace leaktrace {

bool countsHeapObjectsOnly(Verdict V) {
  switch (V) {
  case Verdict::TrivialDestructor:
  case Verdict::Aggregate:
  case Verdict::ConstevalCtor:
  case Verdict::InheritsVariadicCtor:
    return true;
  default:
    return false;
  }
}

bool hasOwnAllocationFunctions(const CXXRecordDecl &RD) {
  ASTContext &Ctx = RD.getASTContext();
  for (OverloadedOperatorKind Op : {OO_New, OO_Delete})
    if (!RD.lookup(Ctx.DeclarationNames.getCXXOperatorName(Op)).empty())
      return true;
  for (const CXXBaseSpecifier &B : RD.bases())
    if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
      if (Base->hasDefinition() &&
          hasOwnAllocationFunctions(*Base->getDefinition()))
        return true;
  return false;
}

namespace {

constexpr StringRef StandInPrefix = "__leaktrace_";

/// Whether \p FD is a stand-in, made by this plugin or by another copy of it
/// loaded into the same compilation (whose passes count it).
bool isStandIn(const FunctionDecl &FD) {
  if (const auto *Label = FD.getAttr<AsmLabelAttr>())
    return Label->getLabel().starts_with(StandInPrefix);
  const IdentifierInfo *Id = FD.getIdentifier();
  return Id && Id->getName().starts_with(StandInPrefix);
}

bool isStandInCall(const Expr &E) {
  const auto *Call = dyn_cast<CallExpr>(E.IgnoreParenImpCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && isStandIn(*Callee);
}

/// Finds the sites of code that will be generated. Template patterns are
/// not: each instantiation is a tree of its own, handed to the consumer
/// when it is made.
class SiteFinder : public RecursiveASTVisitor<SiteFinder> {
public:
  explicit SiteFinder(HeapAllocations &Sites) : Sites(Sites) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  // New and delete are expressions; the types spelled around them hold
  // none that code generation emits.
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (const auto *DC = dyn_cast_or_null<DeclContext>(D);
        DC && DC->isDependentContext())
      return true;
    // Immediate functions run at compile time only.
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
        FD && FD->isConsteval())
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitCXXNewExpr(CXXNewExpr *E) {
    Sites.rewriteNew(*E);
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    Sites.rewriteDelete(*E);
    return true;
  }

private:
  HeapAllocations &Sites;
};

} // namespace

HeapAllocations::HeapAllocations(ASTContext &Ctx, ClassSelector &Selector,
                                 InstrumentationPlan &Plan)
    : Ctx(Ctx), Selector(Selector), Plan(Plan),
      Mangler(Ctx.createMangleContext()) {}

HeapAllocations::~HeapAllocations() = default;

void HeapAllocations::rewrite(Decl *D) { SiteFinder(*this).TraverseDecl(D); }

const CXXRecordDecl *HeapAllocations::heapCountedClass(QualType T) {
  if (T.isNull() || T->isDependentType())
    return nullptr;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  RD = RD->getDefinition();
  auto [It, Inserted] = Verdicts.try_emplace(RD, false);
  if (Inserted)
    It->second = countsHeapObjectsOnly(Selector.select(*RD)) &&
                 !RD->isAbstract() && !hasOwnAllocationFunctions(*RD);
  return It->second ? RD : nullptr;
}

unsigned HeapAllocations::typeIndex(const CXXRecordDecl &RD) {
  auto [It, Inserted] = TypeIndices.try_emplace(&RD, Plan.HeapTypes.size());
  if (Inserted)
    Plan.HeapTypes.push_back(countedByNew(RD, *Mangler));
  return It->second;
}

FunctionDecl *HeapAllocations::createStandIn(StringRef Prefix,
                                             QualType FunctionType,
                                             const FunctionDecl *Original) {
  SourceLocation Loc;
  std::string Name = (StandInPrefix + Prefix + Twine(NextStandIn++)).str();
  // A stand-in for a global operator new or delete is one too, under another
  // symbol: code generation asks the declaration what it is (a replaceable
  // allocation function, a usual deallocation function taking a size) to
  // decide the arguments, attributes and alignment of the call.
  DeclarationName DN = Original ? Original->getDeclName()
                                : DeclarationName(&Ctx.Idents.get(Name));
  auto *FD = FunctionDecl::Create(
      Ctx, Ctx.getTranslationUnitDecl(), Loc, Loc, DN, FunctionType,
      Ctx.getTrivialTypeSourceInfo(FunctionType), SC_None);
  if (Original)
    FD->addAttr(AsmLabelAttr::CreateImplicit(Ctx, Name));
  SmallVector<ParmVarDecl *, 4> Params;
  for (QualType P : FunctionType->castAs<FunctionProtoType>()->param_types()) {
    auto *PD =
        ParmVarDecl::Create(Ctx, FD, Loc, Loc, nullptr, P,
                            Ctx.getTrivialTypeSourceInfo(P), SC_None, nullptr);
    PD->setScopeInfo(0, Params.size());
    Params.push_back(PD);
  }
  FD->setParams(Params);
  FD->setImplicit();
  // What the original promises about its result shapes the code generated
  // around the call too (whether `new` checks for null).
  if (Original)
    for (const Attr *A : Original->attrs())
      if (!isa<AsmLabelAttr>(A))
        FD->addAttr(A->clone(Ctx));
  return FD;
}

FunctionDecl *HeapAllocations::standInFor(const FunctionDecl &Original,
                                          HeapStandIn::Kind K,
                                          const CXXRecordDecl &RD) {
  FunctionDecl *&FD = StandIns[{&Original, &RD, int(K)}];
  if (FD)
    return FD;
  FD = createStandIn(K == HeapStandIn::Allocate ? "new_" : "new_failed_",
                     Original.getType(), &Original);
  HeapStandIn S{K, mangledName(*Mangler, GlobalDecl(FD)),
                mangledName(*Mangler, GlobalDecl(&Original)), typeIndex(RD)};
  S.MayReturnNull =
      Original.getType()->castAs<FunctionProtoType>()->isNothrow();
  Plan.HeapStandIns.push_back(std::move(S));
  return FD;
}

void HeapAllocations::rewriteNew(CXXNewExpr &E) {
  if (E.isTypeDependent() || E.isValueDependent())
    return;
  const CXXRecordDecl *RD = heapCountedClass(E.getAllocatedType());
  if (!RD)
    return;
  if (E.isArray()) {
    ArrayNews.try_emplace(RD, E.getBeginLoc());
    return;
  }
  FunctionDecl *New = E.getOperatorNew();
  if (!New || isStandIn(*New))
    return; // already rewritten
  // Placement new builds in memory someone else owns; `new (std::nothrow)`
  // is placement syntax for a replaceable allocation function. (Classes
  // with allocation functions of their own are not heap-counted.)
  if (!New->isReplaceableGlobalAllocationFunction())
    return;
  E.setOperatorNew(standInFor(*New, HeapStandIn::Allocate, *RD));
  if (FunctionDecl *Delete = E.getOperatorDelete())
    E.setOperatorDelete(
        standInFor(*Delete, HeapStandIn::AllocationFailed, *RD));
}

void HeapAllocations::rewriteDelete(CXXDeleteExpr &E) {
  if (E.isArrayForm() || E.isTypeDependent() || RewrittenDeletes.contains(&E))
    return;
  const CXXRecordDecl *RD = heapCountedClass(E.getDestroyedType());
  Expr *Operand = E.getArgument();
  if (!RD || !Operand || isStandInCall(*Operand))
    return;
  RewrittenDeletes.insert(&E);

  // `delete p` becomes `delete __leaktrace_delete_N(p)`, which returns p.
  QualType PtrTy = Operand->getType();
  FunctionDecl *&FD = StandIns[{PtrTy.getCanonicalType().getAsOpaquePtr(), RD,
                                int(HeapStandIn::Delete)}];
  if (!FD) {
    FunctionProtoType::ExtProtoInfo EPI;
    EPI.ExceptionSpec.Type = EST_BasicNoexcept;
    FD = createStandIn("delete_", Ctx.getFunctionType(PtrTy, {PtrTy}, EPI),
                       nullptr);
    Plan.HeapStandIns.push_back({HeapStandIn::Delete,
                                 mangledName(*Mangler, GlobalDecl(FD)), "",
                                 typeIndex(*RD)});
  }
  SourceLocation Loc = Operand->getBeginLoc();
  auto *Ref =
      DeclRefExpr::Create(Ctx, NestedNameSpecifierLoc(), SourceLocation(), FD,
                          /*RefersToEnclosingVariableOrCapture=*/false, Loc,
                          FD->getType(), VK_LValue);
  auto *Callee = ImplicitCastExpr::Create(
      Ctx, Ctx.getPointerType(FD->getType()), CK_FunctionToPointerDecay, Ref,
      nullptr, VK_PRValue, FPOptionsOverride());
  auto *Call = CallExpr::Create(Ctx, Callee, {Operand}, PtrTy, VK_PRValue,
                                Operand->getEndLoc(), FPOptionsOverride());
  // The operand is the delete-expression's only child.
  *E.child_begin() = Call;
}

} // namespace leaktrace
