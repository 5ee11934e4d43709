//===- LeakTracePlugin.cpp - The -fplugin=leaktrace.so front end ----------===//
//
// The AST side of leaktrace: parses the plugin's options, walks every class
// definition of the translation unit, decides which ones are counted, finds
// the std::shared_ptr handle classes and their operations, and hands the IR
// passes a plan of mangled symbols.
//
//===----------------------------------------------------------------------===//

#include "CallableSpecialMembers.h"
#include "ClangMajorCheck.h"
#include "ClassSelection.h"
#include "CountHeapObjects.h"
#include "CountReferences.h"
#include "HeapAllocations.h"
#include "InstrumentLifetimes.h"
#include "RecordCountedCode.h"
#include "ShareUncountedStructors.h"
#include "SmartPointers.h"
#include "TakeOverTestRun.h"

#include "leaktrace/leaktrace.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTMutationListener.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/GlobalDecl.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>

using namespace clang;

namespace leaktrace {
namespace {

struct PluginOptions {
  SelectionOptions Selection;
  bool Remarks = false;
};

// Collects every class definition and every constructor, template
// instantiations included. Walking the whole translation unit (rather than
// HandleTagDeclDefinition) also sees classes that come from a precompiled
// header. Constructors are collected on their own, not from
// CXXRecordDecl::ctors(): the specialisations of constructor templates
// (`template <class T> Node(const T &)`, member templates of class templates,
// inherited ones) are not among them, and they build objects too.
class ClassCollector : public RecursiveASTVisitor<ClassCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  // What is collected is declared, never spelled in a type: types are not
  // walked. Of what hangs off a function's type, only the default
  // arguments hold code (a lambda, with its local classes and statics).
#if LLVM_VERSION_MAJOR >= 22
  bool TraverseTypeLoc(TypeLoc, bool /*TraverseQualifier*/ = true) {
    return true;
  }
#else
  bool TraverseTypeLoc(TypeLoc) { return true; }
#endif
  bool VisitFunctionDecl(FunctionDecl *FD) {
    for (ParmVarDecl *P : FD->parameters())
      if (P->hasDefaultArg() && !P->hasUnparsedDefaultArg() &&
          !P->hasUninstantiatedDefaultArg())
        TraverseStmt(P->getDefaultArg());
    return true;
  }

  /// In code, what is collected is declared by declaration statements
  /// (local classes, static locals) and in lambdas, blocks and captured
  /// statements; everything else in an expression only leads to those.
  /// Walking the children directly skips the visitor's work on every
  /// expression (types, names, template arguments): most of a translation
  /// unit is function bodies.
  bool TraverseStmt(Stmt *S, DataRecursionQueue * = nullptr) {
    if (!S)
      return true;
    if (auto *DS = dyn_cast<DeclStmt>(S)) {
      for (Decl *D : DS->decls())
        TraverseDecl(D);
      return true;
    }
    if (auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      // The closure class holds the body and its instantiations; the
      // initialisers of captures are outside it.
      for (Expr *Init : Lambda->capture_inits())
        TraverseStmt(Init);
      return TraverseDecl(Lambda->getLambdaClass());
    }
    if (auto *Block = dyn_cast<BlockExpr>(S))
      return TraverseDecl(Block->getBlockDecl());
    if (auto *Captured = dyn_cast<CapturedStmt>(S)) {
      for (Stmt *Child : Captured->children())
        TraverseStmt(Child);
      return TraverseDecl(Captured->getCapturedDecl());
    }
    for (Stmt *Child : S->children())
      TraverseStmt(Child);
    return true;
  }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (RD->isThisDeclarationADefinition())
      Classes.push_back(RD);
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *Ctor) {
    // One entry per constructor, by its canonical declaration: an
    // out-of-line definition is the same function, and so is the explicit
    // specialisation Sema declared itself (unseen by this walk) before the
    // one the source writes.
    Constructors[Ctor->getParent()->getCanonicalDecl()].insert(
        Ctor->getCanonicalDecl());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    // Globals, statics and thread_locals defined here: their initialisation
    // may be constant.
    if (VD->hasGlobalStorage() && VD->hasInit() &&
        VD->isThisDeclarationADefinition() == VarDecl::Definition &&
        !VD->getType()->isDependentType() &&
        !VD->getDeclContext()->isDependentContext())
      Variables.push_back(VD);
    return true;
  }
  std::vector<const CXXRecordDecl *> Classes;
  llvm::DenseMap<const CXXRecordDecl *,
                 llvm::SetVector<const CXXConstructorDecl *>>
      Constructors;
  std::vector<const VarDecl *> Variables;
};

/// Adds to \p Out how many complete objects of each counted class (by index)
/// an object of type \p T holds: itself, its members and array elements,
/// recursively. Base subobjects are not complete objects, their members are.
void countCompleteObjects(
    QualType T, uint64_t Times,
    const llvm::DenseMap<const CXXRecordDecl *, unsigned> &Counted,
    bool IsCompleteObject, std::map<unsigned, uint64_t> &Out) {
  while (const auto *A =
             dyn_cast_or_null<ConstantArrayType>(T->getAsArrayTypeUnsafe())) {
#if CLANG_VERSION_MAJOR >= 22
    Times *= A->getZExtSize();
#else
    Times *= A->getSize().getZExtValue();
#endif
    T = A->getElementType();
  }
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || Times == 0)
    return;
  RD = RD->getDefinition();
  // A union's members are not destroyed with it.
  if (RD->isUnion())
    return;
  if (IsCompleteObject) {
    auto It = Counted.find(RD->getCanonicalDecl());
    if (It != Counted.end())
      Out[It->second] += Times;
  }
  for (const FieldDecl *F : RD->fields())
    countCompleteObjects(F->getType(), Times, Counted, true, Out);
  for (const CXXBaseSpecifier &B : RD->bases())
    countCompleteObjects(B.getType(), Times, Counted, false, Out);
}

class LeakTraceConsumer : public ASTConsumer {
public:
  LeakTraceConsumer(CompilerInstance &CI, std::shared_ptr<PluginOptions> Opts,
                    std::shared_ptr<InstrumentationPlan> Plan)
      : Diags(CI.getDiagnostics()), Opts(std::move(Opts)),
        Plan(std::move(Plan)),
        Callable([this]() -> ClassSelector & { return *Selector; }),
        RewritesHeapSites(rewritesHeapSites(CI)) {}

  void Initialize(ASTContext &Ctx) override {
    Selector.emplace(Opts->Selection, Ctx.getSourceManager());
    if (!RewritesHeapSites)
      return;
    Heap.emplace(Ctx, *Selector, *Plan);
  }

  // Code generation emits a function as soon as it is handed over (an
  // instantiation when it is made, at the end of the file): its new- and
  // delete-expressions are rewritten first, this consumer being ahead of
  // code generation's.
  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    if (Heap)
      for (Decl *D : DG)
        Heap->rewrite(D);
    return true;
  }
  void HandleCXXStaticMemberVarInstantiation(VarDecl *VD) override {
    if (Heap)
      Heap->rewrite(VD);
  }

  // Trivial constructors are made to emit calls while the code is parsed,
  // before any function using them is generated.
  ASTMutationListener *GetASTMutationListener() override { return &Callable; }
  void HandleTagDeclDefinition(TagDecl *D) override {
    if (const auto *RD = dyn_cast<CXXRecordDecl>(D))
      Callable.completedClass(*RD);
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // Inline functions of a precompiled header or module are not handed
    // over one by one; code generation emits them from here on.
    if (Heap && Ctx.getExternalSource())
      Heap->rewrite(Ctx.getTranslationUnitDecl());
    ClassCollector Collector;
    Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
    std::unique_ptr<MangleContext> Mangler(Ctx.createMangleContext());
    ClassSelector &Selector = *this->Selector;
    unsigned RemarkID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark, "leaktrace: '%0' is not counted: %1");
    unsigned HeapRemarkID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark,
        "leaktrace: only the objects of '%0' made with new are counted: %1");
    unsigned ArrayRemarkID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark,
        "leaktrace: arrays of '%0' made with new[] are not counted: delete[] "
        "of them does not say how many objects end");
    // The layer runner's own classes are leaktrace's, not the program's.
    bool RunnerModule =
        !Ctx.getTranslationUnitDecl()
             ->lookup(&Ctx.Idents.get(LEAKTRACE_RUNNER_MODULE_SYMBOL))
             .empty();
    const SourceManager &SM = Ctx.getSourceManager();
    llvm::DenseSet<const CXXRecordDecl *> Seen;
    for (const CXXRecordDecl *RD : Collector.Classes) {
      if (!Seen.insert(RD).second)
        continue;
      if (RunnerModule &&
          SM.isInMainFile(SM.getExpansionLoc(RD->getLocation())))
        continue;
      Verdict V = Selector.select(*RD);
      if (V == Verdict::Tracked) {
        PlannedClasses.push_back(RD);
        Plan->Classes.push_back(planClass(
            *RD, Collector.Constructors.lookup(RD->getCanonicalDecl()),
            *Mangler));
        continue;
      }
      std::string Reason = describe(V).str();
      if (countsHeapObjectsOnly(V) && hasOwnAllocationFunctions(*RD))
        Reason += ", and its own operator new or delete may serve memory "
                  "the program manages itself, so its heap objects are not "
                  "counted either";
      else if (countsHeapObjectsOnly(V)) {
        // Counted where this file makes or ends its heap objects; with no
        // such site, nothing of it is counted here, and nothing can leak.
        if (!Opts->Remarks || !Heap)
          continue;
        if (Heap->counts(*RD))
          Diags.Report(RD->getLocation(), HeapRemarkID)
              << qualifiedName(*RD) << describe(V);
        if (SourceLocation At = Heap->firstArrayNew(*RD); At.isValid())
          Diags.Report(At, ArrayRemarkID) << qualifiedName(*RD);
        continue;
      }
      if (!hasObjectsToCount(*RD, V))
        continue;
      if (Opts->Remarks)
        Diags.Report(RD->getLocation(), RemarkID)
            << qualifiedName(*RD) << Reason;
      Plan->Uncounted.push_back(
          {countedType(*RD, *Mangler), std::move(Reason)});
    }
    if (Opts->Remarks) {
      unsigned Heaped = Plan->HeapTypes.size();
      Diags.Report(Diags.getCustomDiagID(
          DiagnosticsEngine::Remark,
          "leaktrace: this file counts %0 %plural{1:class|:classes}0"
          "%select{| (%1 only by %plural{1:its|:their}1 objects made with "
          "new)}2 and leaves out %3"))
          << unsigned(Plan->Classes.size() + Heaped) << Heaped
          << unsigned(Heaped != 0) << unsigned(Plan->Uncounted.size());
    }
    planConstantObjects(Collector.Variables, *Mangler);
    planSmartPointers(Collector.Classes, Selector, *Mangler, Diags, *Plan);
  }

private:
  /// Whether this compilation rewrites new- and delete-expressions. Their
  /// stand-ins are replaced by an IR pass: without the passes they would be
  /// left for the linker to miss. And an AST written to a file (a
  /// precompiled header, a module) must hold the program's own code: the
  /// files that use it rewrite what they generate from it.
  static bool rewritesHeapSites(const CompilerInstance &CI) {
    if (CI.getCodeGenOpts().DisableLLVMPasses ||
        CI.getLangOpts().getCompilingModule() != LangOptions::CMK_None)
      return false;
    switch (CI.getFrontendOpts().ProgramAction) {
    case frontend::GenerateModule:
    case frontend::GenerateModuleInterface:
    case frontend::GenerateReducedModuleInterface:
    case frontend::GenerateHeaderUnit:
    case frontend::GeneratePCH:
      return false;
    default:
      return true;
    }
  }

  /// Whether a class that is not counted has objects whose count would
  /// matter: not the classes of libraries and test frameworks, nor abstract
  /// classes, which have no objects of their own.
  static bool hasObjectsToCount(const CXXRecordDecl &RD, Verdict V) {
    switch (V) {
    case Verdict::NotAClass:
    case Verdict::SystemHeader:
    case Verdict::TestFramework:
      return false;
    default:
      return !RD.isAbstract();
    }
  }

  /// The variables with static or thread storage holding counted objects:
  /// those that turn out constant-initialised are counted.
  void planConstantObjects(llvm::ArrayRef<const VarDecl *> Variables,
                           MangleContext &M) {
    llvm::DenseMap<const CXXRecordDecl *, unsigned> Counted;
    for (unsigned I = 0; I < PlannedClasses.size(); ++I)
      Counted[PlannedClasses[I]->getCanonicalDecl()] = I;
    if (Counted.empty())
      return;
    for (const VarDecl *VD : Variables) {
      std::map<unsigned, uint64_t> Counts;
      countCompleteObjects(VD->getType(), 1, Counted, true, Counts);
      // Whether it is built at compile time is code generation's choice;
      // the IR pass sees it (InstrumentLifetimes).
      if (Counts.empty())
        continue;
      // Variables of the global namespace are not mangled.
      std::string Symbol = M.shouldMangleDeclName(VD)
                               ? mangledName(M, GlobalDecl(VD))
                               : VD->getName().str();
      ConstantObjects C{std::move(Symbol), {}};
      C.Counts.assign(Counts.begin(), Counts.end());
      Plan->StaticObjects.push_back(std::move(C));
    }
  }

  static TrackedClass
  planClass(const CXXRecordDecl &RD,
            const llvm::SetVector<const CXXConstructorDecl *> &Ctors,
            MangleContext &M) {
    TrackedClass C;
    C.Type = countedType(RD, M);
    for (const CXXConstructorDecl *Ctor : Ctors) {
      // The pattern of a constructor template is not a function; its
      // specialisations are collected on their own.
      if (Ctor->isDependentContext())
        continue;
      // A delegating constructor's C1 calls the target's C1, which counts.
      // Whether it delegates is written on its definition, which may be an
      // out-of-line redeclaration of the one in the class.
      if (Ctor->isDeleted())
        continue;
      const auto *Def = cast_or_null<CXXConstructorDecl>(Ctor->getDefinition());
      std::string Symbol = mangledName(M, GlobalDecl(Ctor, Ctor_Complete));
      if (Def && Def->isDelegatingConstructor()) {
        C.Delegating.push_back(std::move(Symbol));
        continue;
      }
      if (Ctor->isCopyOrMoveConstructor())
        C.Copies.push_back(Symbol);
      C.Constructors.push_back(std::move(Symbol));
    }
    if (const CXXDestructorDecl *Dtor = RD.getDestructor())
      C.Destructor = mangledName(M, GlobalDecl(Dtor, Dtor_Complete));
    return C;
  }

  DiagnosticsEngine &Diags;
  std::shared_ptr<PluginOptions> Opts;
  std::shared_ptr<InstrumentationPlan> Plan;
  std::optional<ClassSelector> Selector;
  CallableSpecialMembers Callable;
  bool RewritesHeapSites;
  std::optional<HeapAllocations> Heap;
  /// The classes of Plan->Classes, in the same order.
  std::vector<const CXXRecordDecl *> PlannedClasses;
};

class LeakTraceAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    CodeGenOptions &CG = CI.getCodeGenOpts();
    if (CG.DisableLLVMPasses) {
      unsigned ID = CI.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Warning,
          "leaktrace: LLVM passes are disabled (-save-temps or -Xclang "
          "-disable-llvm-passes), so this file is not instrumented; build it "
          "without them");
      CI.getDiagnostics().Report(ID);
    }
    // Emit C1 and D1 as functions of their own instead of aliases of C2 and
    // D2, so counting the complete object never counts base subobjects.
    // ShareUncountedStructorsPass gives the aliases back to the classes that
    // are not counted.
    CG.CXXCtorDtorAliases = 0;

    auto Plan = std::make_shared<InstrumentationPlan>();
    // This action is destroyed right after this call: the callback owns what
    // it needs.
    CG.PassBuilderCallbacks.push_back([Plan](llvm::PassBuilder &PB) {
      PB.registerPipelineStartEPCallback(
          [Plan](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
            MPM.addPass(CountHeapObjectsPass(Plan));
            MPM.addPass(InstrumentLifetimesPass(Plan));
            MPM.addPass(CountReferencesPass(Plan));
            MPM.addPass(ShareUncountedStructorsPass());
            MPM.addPass(MarkCountedCodePass(Plan));
            MPM.addPass(TakeOverTestRunPass());
          });
      // The records describe the functions that survive optimisation: an
      // inline copy that was inlined everywhere and dropped needs none,
      // and recording it earlier would keep it alive.
#if LLVM_VERSION_MAJOR >= 20
      PB.registerOptimizerLastEPCallback([Plan](llvm::ModulePassManager &MPM,
                                                llvm::OptimizationLevel,
                                                llvm::ThinOrFullLTOPhase) {
        MPM.addPass(RecordCountedCodePass(Plan));
      });
#else
      PB.registerOptimizerLastEPCallback(
          [Plan](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
            MPM.addPass(RecordCountedCodePass(Plan));
          });
#endif
    });
    return std::make_unique<LeakTraceConsumer>(CI, Opts, Plan);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &D = CI.getDiagnostics();
    Opts->Selection.SystemDirs = defaultSystemDirs(CI.getHeaderSearchOpts());
    for (const std::string &Arg : Args) {
      auto [Name, Value] = llvm::StringRef(Arg).split('=');
      if (Name == "remarks" && Value.empty()) {
        Opts->Remarks = true;
        continue;
      }
      if (Name == "system") {
        if (Value.empty() || !llvm::sys::fs::is_directory(Value)) {
          D.Report(D.getCustomDiagID(
              DiagnosticsEngine::Error,
              "leaktrace: '%0' names no directory: system=DIR takes a "
              "directory whose headers are not the program's own (a "
              "prebuilt library's include directory)"))
              << Arg;
          return false;
        }
        Opts->Selection.SystemDirs.push_back(canonicalDir(Value));
        continue;
      }
      if (Name == "include" || Name == "exclude") {
        llvm::Regex R(Value);
        std::string Error;
        if (Value.empty() || !R.isValid(Error)) {
          D.Report(D.getCustomDiagID(
              DiagnosticsEngine::Error,
              "leaktrace: bad regular expression in '%0': %1"))
              << Arg << (Value.empty() ? "it is empty" : Error);
          return false;
        }
        (Name == "include" ? Opts->Selection.Include
                           : Opts->Selection.Exclude) = std::move(R);
        continue;
      }
      D.Report(
          D.getCustomDiagID(DiagnosticsEngine::Error,
                            "leaktrace: unknown option '%0'; valid options are "
                            "-fplugin-arg-leaktrace-include=REGEX, "
                            "-fplugin-arg-leaktrace-exclude=REGEX, "
                            "-fplugin-arg-leaktrace-system=DIR and "
                            "-fplugin-arg-leaktrace-remarks"))
          << Arg;
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  std::shared_ptr<PluginOptions> Opts = std::make_shared<PluginOptions>();
};

} // namespace
} // namespace leaktrace

// Initialised in order: the check runs at load time, before the registration
// below can hand this plugin to a clang of another major (possible when a
// user names leaktrace-clangN.so instead of the leaktrace.so loader).
static const bool ClangMajorChecked =
    (leaktrace::requireClangMajor(CLANG_VERSION_MAJOR,
                                  "leaktrace-clang" CLANG_VERSION_MAJOR_STRING
                                  ".so"),
     true);

static clang::FrontendPluginRegistry::Add<leaktrace::LeakTraceAction>
    X("leaktrace", "count live objects per class (leaktrace)");
