//===- ClassSelection.cpp - Which classes leaktrace can count exactly -----===//

#include "ClassSelection.h"

#include "leaktrace/leaktrace.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/Type.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/SourceManagerInternals.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace clang;

namespace leaktrace {

StringRef describe(Verdict V) {
  switch (V) {
  case Verdict::Tracked:
    return "counted";
  case Verdict::NotAClass:
    return "not a class with objects of its own";
  case Verdict::SystemHeader:
    return "it belongs to a system library (a system header or namespace std)";
  case Verdict::TestFramework:
    return "it belongs to a test framework, not to the code under test";
  case Verdict::Ignored:
    return "annotated " LEAKTRACE_IGNORE_ANNOTATION;
  case Verdict::NotIncluded:
    return "its name does not match include=";
  case Verdict::Excluded:
    return "its name matches exclude=";
  case Verdict::TrivialDestructor:
    return "its destructor is trivial, so destruction emits no call to count";
  case Verdict::Aggregate:
    return "it is an aggregate, so aggregate initialisation builds objects "
           "without a constructor call";
  case Verdict::InheritsVariadicCtor:
    return "it inherits a variadic constructor, which Clang inlines at each "
           "call instead of calling a constructor that could count";
  case Verdict::ConstevalCtor:
    return "it has a consteval constructor, so its objects are built at "
           "compile time, without a call";
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
    if (A->getAnnotation() == LEAKTRACE_IGNORE_ANNOTATION)
      return true;
  return false;
}

// Whether a `using Base::Base;` of the class inherits a callable constructor
// satisfying \p Pred. Judged from the using-declarations, which every
// translation unit sees, not from the inheriting constructors that Sema
// declares only where they are used. The base's copy and move constructors
// are named by the using-declaration too but never build a derived object
// ([over.match.funcs.general]: they are not candidates), so they do not
// count: in C++20 they are often constexpr (std::string's are).
static bool inheritsCtor(const CXXRecordDecl &RD,
                         llvm::function_ref<bool(const FunctionDecl &)> Pred) {
  for (const Decl *D : RD.decls())
    if (const auto *UD = dyn_cast<UsingDecl>(D))
      for (const UsingShadowDecl *S : UD->shadows())
        if (isa<ConstructorUsingShadowDecl>(S))
          if (const FunctionDecl *FD = S->getTargetDecl()->getAsFunction()) {
            const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
            if (Ctor && Ctor->isCopyOrMoveConstructor())
              continue;
            if (!FD->isDeleted() && Pred(*FD))
              return true;
          }
  return false;
}

// Objects of a class with a constexpr constructor are built by calls,
// except constant-initialised ones, which are counted where their
// destruction is registered (InstrumentLifetimes). A consteval constructor
// builds every object at compile time, where nothing can count it. Judged
// from what the class declares and inherits, which every translation unit
// sees alike.
static bool hasConstevalCtor(const CXXRecordDecl &RD) {
  for (const Decl *D : RD.decls()) {
    const FunctionDecl *FD = D->getAsFunction();
    if (FD && isa<CXXConstructorDecl>(FD) && FD->isConsteval())
      return true;
  }
  return inheritsCtor(
      RD, [](const FunctionDecl &Ctor) { return Ctor.isConsteval(); });
}

//===----------------------------------------------------------------------===//
// The program's own code
//===----------------------------------------------------------------------===//

std::string canonicalDir(StringRef Dir) {
  SmallString<256> Path;
  if (!llvm::sys::fs::real_path(Dir, Path))
    return std::string(Path);
  Path = Dir;
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

std::vector<std::string> defaultSystemDirs(const HeaderSearchOptions &HSOpts) {
  std::vector<std::string> Dirs;
  auto Add = [&](StringRef Dir) {
    std::string C = canonicalDir(Dir);
    if (std::find(Dirs.begin(), Dirs.end(), C) == Dirs.end())
      Dirs.push_back(std::move(C));
  };
  // GCC's libstdc++ headers are found as /usr/lib/gcc/.../../../../include:
  // their canonical path is under /usr/include. libc++ lives under
  // /usr/include/c++/v1 or /usr/lib/llvm-N/include/c++/v1.
  for (StringRef Dir : {"/usr/include", "/usr/local/include", "/usr/lib"})
    Add(Dir);
  if (!HSOpts.ResourceDir.empty())
    Add(HSOpts.ResourceDir);
  if (!HSOpts.Sysroot.empty() && HSOpts.Sysroot != "/") {
    for (StringRef Dir : {"/usr/include", "/usr/local/include", "/usr/lib"}) {
      SmallString<256> Path(HSOpts.Sysroot);
      llvm::sys::path::append(Path, Dir);
      Add(Path);
    }
  }
  return Dirs;
}

ClassSelector::ClassSelector(const SelectionOptions &Opts, SourceManager &SM)
    : Opts(Opts), SM(SM) {}

ClassSelector::~ClassSelector() = default;

StringRef ClassSelector::pathOf(FileID File) {
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(File))
    return SM.getFileManager().getCanonicalName(*FE);
  return "";
}

static bool isUnder(StringRef Path, StringRef Dir) {
  if (!Path.starts_with(Dir))
    return false;
  return Path.size() == Dir.size() || Dir.ends_with("/") ||
         Path[Dir.size()] == '/';
}

bool ClassSelector::inSystemCode(SourceLocation Loc) {
  if (Loc.isInvalid())
    return false;
  // A class written by a macro belongs to the file that expands it (those
  // GoogleTest's TEST() macros write are left out for another reason: see
  // isTestCaseClass).
  Loc = SM.getExpansionLoc(Loc);
  FileID File = SM.getFileID(Loc);
  auto [It, Inserted] = SystemFiles.try_emplace(File, false);
  if (Inserted) {
    // Where the file is, not how this translation unit found it: a vendored
    // library's headers are -isystem for its users and -I for its own
    // sources, and both must judge its classes alike.
    StringRef Path = pathOf(File);
    It->second =
        !Path.empty() && llvm::any_of(Opts.SystemDirs, [&](StringRef Dir) {
          return isUnder(Path, Dir);
        });
  }
  if (It->second)
    return true;
  // `#pragma GCC system_header` is written in the file itself: it leaves a
  // line entry of kind system from where it stands.
  bool Invalid = false;
  const SrcMgr::SLocEntry &Entry = SM.getSLocEntry(File, &Invalid);
  if (Invalid || !Entry.isFile() || !Entry.getFile().hasLineDirectives())
    return false;
  const LineEntry *Line =
      SM.getLineTable().FindNearestLineEntry(File, SM.getFileOffset(Loc));
  return Line && SrcMgr::isSystem(Line->FileKind);
}

// Namespaces whose classes are not the program's wherever their headers
// are: the standard library's (a copy of libc++ built in the source tree is
// still the standard library), and those of test frameworks — GoogleTest and
// gMock, Catch2, doctest, and leaktrace's own layer runner. A test
// framework's classes are the runner's bookkeeping, not code under test, and
// its sources are often built apart from the tests (prebuilt, or a vendored
// copy built without the plugin).
static std::optional<Verdict> libraryNamespaceVerdict(const Decl &D) {
  const NamespaceDecl *Outermost = nullptr;
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (!NS->isInline() && !NS->isAnonymousNamespace())
        Outermost = NS;
  if (!Outermost || !Outermost->getIdentifier())
    return std::nullopt;
  StringRef Name = Outermost->getName();
  if (Name == "std")
    return Verdict::SystemHeader;
  if (Name == "testing" || Name == "Catch" || Name == "doctest" ||
      Name == "leaktrace")
    return Verdict::TestFramework;
  return std::nullopt;
}

bool ClassSelector::isProgramDecl(const Decl &D) {
  return !inSystemCode(D.getLocation()) && !libraryNamespaceVerdict(D);
}

bool ClassSelector::isProgramType(QualType T) {
  if (T.isNull())
    return false;
  const Type *Canonical = T.getCanonicalType().getTypePtr();
  auto It = ProgramTypes.find(Canonical);
  if (It != ProgramTypes.end())
    return It->second;
  // Not known yet while it is worked out: a type cannot mention itself, but
  // a guard costs nothing.
  ProgramTypes[Canonical] = false;
  bool Result = isProgramTypeUncached(Canonical);
  ProgramTypes[Canonical] = Result;
  return Result;
}

bool ClassSelector::isProgramTypeUncached(const Type *T) {
  if (const auto *P = dyn_cast<PointerType>(T))
    return isProgramType(P->getPointeeType());
  if (const auto *R = dyn_cast<ReferenceType>(T))
    return isProgramType(R->getPointeeType());
  if (const auto *MP = dyn_cast<MemberPointerType>(T)) {
    if (isProgramType(MP->getPointeeType()))
      return true;
    const CXXRecordDecl *Class = MP->getMostRecentCXXRecordDecl();
    return Class && isProgramDecl(*Class);
  }
  if (const auto *A = dyn_cast<ArrayType>(T))
    return isProgramType(A->getElementType());
  if (const auto *F = dyn_cast<FunctionType>(T)) {
    if (isProgramType(F->getReturnType()))
      return true;
    if (const auto *FP = dyn_cast<FunctionProtoType>(F))
      for (QualType Param : FP->param_types())
        if (isProgramType(Param))
          return true;
    return false;
  }
  if (const auto *E = dyn_cast<EnumType>(T))
    return isProgramDecl(*E->getDecl());
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  // A class of the program, or a class template of a library specialised
  // with one (std::vector<Widget>), or a class nested in one.
  for (const DeclContext *DC = RD; DC && isa<CXXRecordDecl>(DC);
       DC = DC->getParent()) {
    const auto *C = cast<CXXRecordDecl>(DC);
    if (isProgramDecl(*C))
      return true;
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(C);
    if (!Spec)
      continue;
    std::vector<TemplateArgument> Args(
        Spec->getTemplateArgs().asArray().begin(),
        Spec->getTemplateArgs().asArray().end());
    for (size_t I = 0; I < Args.size(); ++I) {
      const TemplateArgument &Arg = Args[I];
      if (Arg.getKind() == TemplateArgument::Pack)
        Args.insert(Args.end(), Arg.pack_begin(), Arg.pack_end());
      else if (Arg.getKind() == TemplateArgument::Type &&
               isProgramType(Arg.getAsType()))
        return true;
    }
  }
  return false;
}

bool ClassSelector::isTestCaseClass(const CXXRecordDecl &RD) {
  // Written by a macro: the `class` keyword is spelled in the macro (the
  // name is pasted from its arguments).
  SourceLocation Begin = RD.getBeginLoc();
  if (!Begin.isMacroID())
    return false;
  StringRef Written = pathOf(SM.getFileID(SM.getSpellingLoc(Begin)));
  // A macro of the framework whose class it derives from: spelled in the
  // directory of that class's header or below (gtest/gtest.h declares
  // testing::Test, gtest/internal/gtest-internal.h writes TEST()'s class),
  // wherever GoogleTest is: installed or vendored in the project.
  bool Found = false;
  RD.forallBases([&](const CXXRecordDecl *Base) {
    if (libraryNamespaceVerdict(*Base) == Verdict::TestFramework) {
      StringRef Dir = llvm::sys::path::parent_path(
          pathOf(SM.getFileID(SM.getSpellingLoc(Base->getLocation()))));
      Found = !Dir.empty() && isUnder(Written, Dir);
    }
    return !Found;
  });
  return Found;
}

Verdict ClassSelector::select(const CXXRecordDecl &RD) {
  if (!RD.isThisDeclarationADefinition() || !RD.isCompleteDefinition() ||
      RD.isDependentContext() || RD.isLambda() || RD.isUnion() ||
      RD.isImplicit() || isa<ClassTemplatePartialSpecializationDecl>(RD))
    return Verdict::NotAClass;

  if (inSystemCode(RD.getLocation()))
    return Verdict::SystemHeader;
  if (std::optional<Verdict> Library = libraryNamespaceVerdict(RD))
    return *Library;
  if (isTestCaseClass(RD))
    return Verdict::TestFramework;
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
  // Trivial default, copy and move constructors do not leave a class out:
  // the plugin makes them emit calls (CallableSpecialMembers).
  if (hasConstevalCtor(RD))
    return Verdict::ConstevalCtor;
  // Clang cannot forward C variadic arguments, so it builds an object through
  // an inherited variadic constructor by inlining that constructor at the
  // call (EmitInlinedInheritingCXXConstructorCall): no CI1 runs to count it.
  if (inheritsCtor(RD,
                   [](const FunctionDecl &Ctor) { return Ctor.isVariadic(); }))
    return Verdict::InheritsVariadicCtor;
  return Verdict::Tracked;
}

} // namespace leaktrace
