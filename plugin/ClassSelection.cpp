//===- ClassSelection.cpp - Which classes leaktrace can count exactly -----===//

#include "ClassSelection.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace leaktrace {

StringRef describe(Verdict V) {
  switch (V) {
  case Verdict::Tracked:
    return "counted";
  case Verdict::NotAClass:
    return "not a class with objects of its own";
  case Verdict::SystemHeader:
    return "declared in a system header";
  case Verdict::Ignored:
    return "annotated leaktrace::ignore";
  case Verdict::NotIncluded:
    return "its name does not match include=";
  case Verdict::Excluded:
    return "its name matches exclude=";
  case Verdict::TrivialDestructor:
    return "its destructor is trivial, so destruction emits no call to count";
  case Verdict::Aggregate:
    return "it is an aggregate, so aggregate initialisation builds objects "
           "without a constructor call";
  case Verdict::TrivialDefaultCtor:
    return "its default constructor is trivial, so default construction emits "
           "no call";
  case Verdict::TrivialCopyCtor:
    return "its copy constructor is trivial, so copies are made without a call";
  case Verdict::TrivialMoveCtor:
    return "its move constructor is trivial, so moves are made without a call";
  case Verdict::InheritsVariadicCtor:
    return "it inherits a variadic constructor, which Clang inlines at each "
           "call instead of calling a constructor that could count";
  case Verdict::ConstexprCtor:
    return "it has a constexpr constructor, so constant-initialised objects "
           "are built without a call";
  }
  llvm_unreachable("unknown verdict");
}

static PrintingPolicy namePolicy(const ASTContext &Ctx) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressUnwrittenScope = false; // keep "(anonymous namespace)::"
  Policy.AnonymousTagLocations = false;  // no file:line in anonymous names
  Policy.SuppressTagKeyword = true;
  return Policy;
}

std::string qualifiedTypeName(QualType T, const ASTContext &Ctx) {
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return qualifiedName(*RD);
  return T.getAsString(namePolicy(Ctx));
}

std::string qualifiedName(const CXXRecordDecl &RD) {
  PrintingPolicy Policy = namePolicy(RD.getASTContext());
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  // printQualifiedName leaves out the function of a function-local class.
  if (const auto *FD = dyn_cast<FunctionDecl>(RD.getDeclContext())) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
      OS << qualifiedName(*MD->getParent()) << "::";
      MD->printName(OS);
    } else {
      FD->getNameForDiagnostic(OS, Policy, /*Qualified=*/true);
    }
    OS << '(';
    for (unsigned I = 0, N = FD->getNumParams(); I != N; ++I)
      OS << (I ? ", " : "")
         << FD->getParamDecl(I)->getType().getAsString(Policy);
    OS << ")::";
    RD.getNameForDiagnostic(OS, Policy, /*Qualified=*/false);
    OS.flush();
    return Name;
  }
  RD.getNameForDiagnostic(OS, Policy, /*Qualified=*/true);
  OS.flush();
  return Name;
}

static bool isIgnoredByAnnotation(const CXXRecordDecl &RD) {
  for (const auto *A : RD.specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == "leaktrace::ignore")
      return true;
  return false;
}

// Special members that Sema has not declared yet (it declares them lazily)
// are judged from the class's flags; declared ones from the declaration.
// Deleted constructors cannot be called, so they never matter.
static bool hasCalllessDefaultCtor(const CXXRecordDecl &RD) {
  if (RD.needsImplicitDefaultConstructor())
    return RD.hasTrivialDefaultConstructor();
  for (const CXXConstructorDecl *C : RD.ctors())
    if (C->isDefaultConstructor() && !C->isDeleted() && C->isTrivial())
      return true;
  return false;
}

static bool hasCalllessCopyCtor(const CXXRecordDecl &RD) {
  if (RD.needsImplicitCopyConstructor())
    return !RD.defaultedCopyConstructorIsDeleted() &&
           RD.hasTrivialCopyConstructor();
  for (const CXXConstructorDecl *C : RD.ctors())
    if (C->isCopyConstructor() && !C->isDeleted() && C->isTrivial())
      return true;
  return false;
}

static bool hasCalllessMoveCtor(const CXXRecordDecl &RD) {
  if (RD.needsImplicitMoveConstructor())
    return !RD.defaultedMoveConstructorIsDeleted() &&
           RD.hasTrivialMoveConstructor();
  for (const CXXConstructorDecl *C : RD.ctors())
    if (C->isMoveConstructor() && !C->isDeleted() && C->isTrivial())
      return true;
  return false;
}

// Whether a `using Base::Base;` of the class inherits a callable constructor
// satisfying \p Pred. Judged from the using-declarations, which every
// translation unit sees, not from the inheriting constructors that Sema
// declares only where they are used.
static bool inheritsCtor(const CXXRecordDecl &RD,
                         llvm::function_ref<bool(const FunctionDecl &)> Pred) {
  for (const Decl *D : RD.decls())
    if (const auto *UD = dyn_cast<UsingDecl>(D))
      for (const UsingShadowDecl *S : UD->shadows())
        if (isa<ConstructorUsingShadowDecl>(S))
          if (const FunctionDecl *FD = S->getTargetDecl()->getAsFunction())
            if (!FD->isDeleted() && Pred(*FD))
              return true;
  return false;
}

static bool hasConstexprCtor(const CXXRecordDecl &RD) {
  // Every check here must reach the same answer in every translation unit:
  // Sema declares implicit constructors only where they are used, so those
  // are judged from the class's flags and using-declarations, never from
  // whether they happen to be declared here.
  //
  // The flag covers user-declared constexpr constructors and an implicit
  // default constructor that would be constexpr.
  if (RD.hasConstexprNonCopyMoveConstructor())
    return true;
  for (const CXXConstructorDecl *C : RD.ctors()) {
    if (C->isImplicit() || C->isDeleted() || !C->isConstexpr())
      continue;
    // A defaulted copy or move constructor needs a constant source object,
    // which a class with a non-trivial, non-constexpr destructor cannot give.
    if (C->isCopyOrMoveConstructor() && !C->isUserProvided())
      continue;
    return true;
  }
  return inheritsCtor(
      RD, [](const FunctionDecl &Ctor) { return Ctor.isConstexpr(); });
}

Verdict selectClass(const CXXRecordDecl &RD, const SelectionOptions &Opts) {
  if (!RD.isThisDeclarationADefinition() || !RD.isCompleteDefinition() ||
      RD.isDependentContext() || RD.isLambda() || RD.isUnion() ||
      RD.isImplicit() || isa<ClassTemplatePartialSpecializationDecl>(RD))
    return Verdict::NotAClass;

  const SourceManager &SM = RD.getASTContext().getSourceManager();
  if (SM.isInSystemHeader(RD.getLocation()))
    return Verdict::SystemHeader;
  if (isIgnoredByAnnotation(RD))
    return Verdict::Ignored;

  std::string Name = qualifiedName(RD);
  if (Opts.Include && !Opts.Include->match(Name))
    return Verdict::NotIncluded;
  if (Opts.Exclude && Opts.Exclude->match(Name))
    return Verdict::Excluded;

  if (RD.hasTrivialDestructor())
    return Verdict::TrivialDestructor;
  if (RD.isAggregate())
    return Verdict::Aggregate;
  if (hasCalllessDefaultCtor(RD))
    return Verdict::TrivialDefaultCtor;
  if (hasCalllessCopyCtor(RD))
    return Verdict::TrivialCopyCtor;
  if (hasCalllessMoveCtor(RD))
    return Verdict::TrivialMoveCtor;
  if (hasConstexprCtor(RD))
    return Verdict::ConstexprCtor;
  // Clang cannot forward C variadic arguments, so it builds an object through
  // an inherited variadic constructor by inlining that constructor at the
  // call (EmitInlinedInheritingCXXConstructorCall): no CI1 runs to count it.
  if (inheritsCtor(RD,
                   [](const FunctionDecl &Ctor) { return Ctor.isVariadic(); }))
    return Verdict::InheritsVariadicCtor;
  return Verdict::Tracked;
}

} // namespace leaktrace
