//===- LeakTracePlugin.cpp - The -fplugin=leaktrace.so front end ----------===//
//
// The AST side of leaktrace: parses the plugin's options, walks every class
// definition of the translation unit, decides which ones are counted, finds
// the std::shared_ptr handle classes and their operations, and hands the IR
// passes a plan of mangled symbols.
//
//===----------------------------------------------------------------------===//

#include "ClangMajorCheck.h"
#include "ClassSelection.h"
#include "CountReferences.h"
#include "InstrumentLifetimes.h"
#include "RecordCountedCode.h"
#include "SmartPointers.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
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
  std::vector<const CXXRecordDecl *> Classes;
  llvm::DenseMap<const CXXRecordDecl *,
                 llvm::SetVector<const CXXConstructorDecl *>>
      Constructors;
};

class LeakTraceConsumer : public ASTConsumer {
public:
  LeakTraceConsumer(CompilerInstance &CI, std::shared_ptr<PluginOptions> Opts,
                    std::shared_ptr<InstrumentationPlan> Plan)
      : Diags(CI.getDiagnostics()), Opts(std::move(Opts)),
        Plan(std::move(Plan)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    ClassCollector Collector;
    Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
    std::unique_ptr<MangleContext> Mangler(Ctx.createMangleContext());
    ClassSelector Selector(Opts->Selection, Ctx.getSourceManager());
    unsigned RemarkID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark, "leaktrace: '%0' is not counted: %1");
    llvm::DenseSet<const CXXRecordDecl *> Seen;
    for (const CXXRecordDecl *RD : Collector.Classes) {
      if (!Seen.insert(RD).second)
        continue;
      Verdict V = Selector.select(*RD);
      if (V == Verdict::Tracked) {
        Plan->Classes.push_back(planClass(
            *RD, Collector.Constructors.lookup(RD->getCanonicalDecl()),
            *Mangler));
        continue;
      }
      if (Opts->Remarks && V != Verdict::NotAClass &&
          V != Verdict::SystemHeader && V != Verdict::TestFramework)
        Diags.Report(RD->getLocation(), RemarkID)
            << qualifiedName(*RD) << describe(V);
    }
    planSmartPointers(Collector.Classes, Selector, *Mangler, Diags, *Plan);
  }

private:
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
      std::string Symbol = mangle(M, GlobalDecl(Ctor, Ctor_Complete));
      if (Def && Def->isDelegatingConstructor())
        C.Delegating.push_back(std::move(Symbol));
      else
        C.Constructors.push_back(std::move(Symbol));
    }
    if (const CXXDestructorDecl *Dtor = RD.getDestructor())
      C.Destructor = mangle(M, GlobalDecl(Dtor, Dtor_Complete));
    return C;
  }

  static std::string mangle(MangleContext &M, GlobalDecl GD) {
    std::string Name;
    llvm::raw_string_ostream OS(Name);
    M.mangleName(GD, OS);
    OS.flush();
    return Name;
  }

  DiagnosticsEngine &Diags;
  std::shared_ptr<PluginOptions> Opts;
  std::shared_ptr<InstrumentationPlan> Plan;
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
    CG.CXXCtorDtorAliases = 0;

    auto Plan = std::make_shared<InstrumentationPlan>();
    // This action is destroyed right after this call: the callback owns what
    // it needs.
    CG.PassBuilderCallbacks.push_back([Plan](llvm::PassBuilder &PB) {
      PB.registerPipelineStartEPCallback(
          [Plan](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
            MPM.addPass(InstrumentLifetimesPass(Plan));
            MPM.addPass(CountReferencesPass(Plan));
            MPM.addPass(MarkCountedCodePass(Plan));
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
