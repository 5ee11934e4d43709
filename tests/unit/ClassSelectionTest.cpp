//===- ClassSelectionTest.cpp - Which classes leaktrace counts ------------===//
//
// Parses small translation units in-process with libTooling and judges every
// class definition with leaktrace::selectClass, the way the plugin does: after
// the whole translation unit is parsed, template instantiations included.
// Each verdict is asserted exactly: a class counted when it should not be
// makes the counts drift, a class left out needlessly hides leaks.
//
//===----------------------------------------------------------------------===//

#include "ClassSelection.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallString.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

using namespace clang;
using leaktrace::SelectionOptions;
using leaktrace::Verdict;

// Every verdict of ClassSelection.h. PrintTo's switch over them is compiled
// with -Wswitch as an error, so a verdict added there without being added
// here stops the build instead of escaping the describe() tests.
#define LEAKTRACE_VERDICTS(X)                                                  \
  X(Tracked)                                                                   \
  X(NotAClass)                                                                 \
  X(SystemHeader)                                                              \
  X(TestFramework)                                                             \
  X(Ignored)                                                                   \
  X(NotIncluded)                                                               \
  X(Excluded)                                                                  \
  X(TrivialDestructor)                                                         \
  X(Aggregate)                                                                 \
  X(ConstevalCtor)                                                             \
  X(InheritsVariadicCtor)

namespace leaktrace {
// Lets gtest print "Verdict::Tracked" instead of a number in failures.
#pragma clang diagnostic push
#pragma clang diagnostic error "-Wswitch"
void PrintTo(Verdict V, std::ostream *OS) {
  switch (V) {
#define LEAKTRACE_PRINT_VERDICT(N)                                             \
  case Verdict::N:                                                             \
    *OS << "Verdict::" #N;                                                     \
    return;
    LEAKTRACE_VERDICTS(LEAKTRACE_PRINT_VERDICT)
#undef LEAKTRACE_PRINT_VERDICT
  }
  *OS << "Verdict(" << static_cast<int>(V) << ")";
}
#pragma clang diagnostic pop
} // namespace leaktrace

namespace {

#define LEAKTRACE_LIST_VERDICT(N) Verdict::N,
constexpr Verdict AllVerdicts[] = {LEAKTRACE_VERDICTS(LEAKTRACE_LIST_VERDICT)};
#undef LEAKTRACE_LIST_VERDICT
constexpr size_t NumVerdicts = sizeof(AllVerdicts) / sizeof(AllVerdicts[0]);

// A system header standing in for <string> where the real one is not the
// point: it parses fast and its special members do not change with the
// language standard the way libstdc++'s constexpr members do.
constexpr const char *SysDir = "/leaktrace-test/sys";
// Where tests put headers of their own, found through -I (not system).
constexpr const char *UserDir = "/leaktrace-test/user";
constexpr const char *FakeStringHeader = R"cpp(
#pragma once
namespace fake {
// Like std::string: copying, moving and destroying one runs code.
class string {
public:
  string();
  string(const char *);
  string(const string &);
  string(string &&) noexcept;
  string &operator=(const string &);
  string &operator=(string &&) noexcept;
  ~string();
private:
  char *Data;
};
} // namespace fake
)cpp";

// One class the collector found, as the plugin would see it.
struct JudgedClass {
  std::string Name;
  Verdict V;
  bool IsLambda;
};

// Collects every class definition (template instantiations and lambda
// classes included) and every class that is only declared.
class ClassCollector : public RecursiveASTVisitor<ClassCollector> {
public:
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    // A class the test code only declares is judged through that declaration
    // (selectClass must call it incomplete); a defined one only through its
    // definition.
    if (RD->isThisDeclarationADefinition() ||
        (!RD->getDefinition() && !RD->isImplicit() && RD->isFirstDecl() &&
         RD->getASTContext().getSourceManager().isInMainFile(
             RD->getLocation())))
      add(RD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *E) {
    add(E->getLambdaClass());
    return true;
  }

  std::vector<const CXXRecordDecl *> Classes;

private:
  void add(const CXXRecordDecl *RD) {
    if (Seen.insert(RD).second)
      Classes.push_back(RD);
  }
  llvm::DenseSet<const CXXRecordDecl *> Seen;
};

// Keeps the text of every error, to show it in the test failure.
class ErrorCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    if (Info.hasSourceManager() && Info.getLocation().isValid())
      Text += Info.getLocation().printToString(Info.getSourceManager()) + ": ";
    Text += "error: " + std::string(Message) + "\n";
  }
  std::string Text;
};

struct Judgement {
  bool Parsed = false;
  std::string Errors;
  std::vector<JudgedClass> Classes;
  /// ClassSelector::isProgramType of every top-level alias of the main file
  /// (`using Name = Type;`), by the alias's name.
  std::map<std::string, bool> ProgramTypes;

  /// The verdict of the one class called \p Name; a test failure (and no
  /// value) when there is none or more than one.
  std::optional<Verdict> verdictOf(llvm::StringRef Name) const {
    std::optional<Verdict> Found;
    unsigned Count = 0;
    for (const JudgedClass &C : Classes)
      if (C.Name == Name) {
        Found = C.V;
        ++Count;
      }
    if (Count != 1) {
      ADD_FAILURE() << Count << " classes named '" << Name.str()
                    << "'; classes seen:\n"
                    << names();
      return std::nullopt;
    }
    return Found;
  }

  /// The verdicts of the classes whose names start with \p Prefix, sorted.
  std::vector<Verdict> verdictsStartingWith(llvm::StringRef Prefix) const {
    std::vector<Verdict> Result;
    for (const JudgedClass &C : Classes)
      if (llvm::StringRef(C.Name).starts_with(Prefix))
        Result.push_back(C.V);
    std::sort(Result.begin(), Result.end());
    return Result;
  }

  /// The verdicts of every lambda class.
  std::vector<Verdict> lambdaVerdicts() const {
    std::vector<Verdict> Result;
    for (const JudgedClass &C : Classes)
      if (C.IsLambda)
        Result.push_back(C.V);
    return Result;
  }

  std::string names() const {
    std::string Result;
    for (const JudgedClass &C : Classes)
      Result += "  " + C.Name + "\n";
    return Result;
  }
};

class JudgeConsumer : public ASTConsumer {
public:
  JudgeConsumer(const SelectionOptions &Opts, Judgement &Out)
      : Opts(Opts), Out(Out) {}

  // Like the plugin: judge once the whole translation unit is parsed, when
  // Sema has declared every special member the code needed.
  void HandleTranslationUnit(ASTContext &Ctx) override {
    ClassCollector Collector;
    Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
    leaktrace::ClassSelector Selector(Opts, Ctx.getSourceManager());
    for (const CXXRecordDecl *RD : Collector.Classes)
      Out.Classes.push_back({leaktrace::qualifiedName(*RD),
                             Selector.select(*RD), RD->isLambda()});
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (const auto *Alias = dyn_cast<TypedefNameDecl>(D))
        if (Ctx.getSourceManager().isInMainFile(Alias->getLocation()))
          Out.ProgramTypes[Alias->getNameAsString()] =
              Selector.isProgramType(Alias->getUnderlyingType());
  }

private:
  const SelectionOptions &Opts;
  Judgement &Out;
};

class JudgeAction : public ASTFrontendAction {
public:
  JudgeAction(const SelectionOptions &Opts, Judgement &Out,
              ErrorCollector &Errors)
      : Opts(Opts), Out(Out), Errors(Errors) {}

protected:
  bool BeginInvocation(CompilerInstance &CI) override {
    CI.getDiagnostics().setClient(&Errors, /*ShouldOwnClient=*/false);
    return true;
  }
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<JudgeConsumer>(Opts, Out);
  }

private:
  const SelectionOptions &Opts;
  Judgement &Out;
  ErrorCollector &Errors;
};

/// Parses \p Code as input.cc and judges every class in it. <fake/string.h>
/// is available as a system header (SysDir is a system directory, as if
/// given with -fplugin-arg-leaktrace-system), leaktrace.h and \p ExtraFiles
/// placed in UserDir through -I. The system directories are the plugin's
/// defaults for this resource directory, SysDir, and those of \p Opts.
Judgement judge(llvm::StringRef Code, SelectionOptions Opts,
                std::vector<std::string> ExtraArgs = {},
                tooling::FileContentMappings ExtraFiles = {}) {
  HeaderSearchOptions HSOpts;
  HSOpts.ResourceDir = LEAKTRACE_RESOURCE_DIR;
  std::vector<std::string> Dirs = leaktrace::defaultSystemDirs(HSOpts);
  Dirs.push_back(SysDir);
  Dirs.insert(Dirs.end(), Opts.SystemDirs.begin(), Opts.SystemDirs.end());
  Opts.SystemDirs = std::move(Dirs);
  // -w: warnings about the snippets' unused members are noise here.
  std::vector<std::string> Args = {
      "-std=c++17",
      "-w",
      "-resource-dir",
      LEAKTRACE_RESOURCE_DIR,
      "-isystem",
      SysDir,
      "-I",
      UserDir,
      "-I",
      LEAKTRACE_RUNTIME_INCLUDE_DIR,
  };
  Args.insert(Args.end(), ExtraArgs.begin(), ExtraArgs.end());
  tooling::FileContentMappings Files = {
      {std::string(SysDir) + "/fake/string.h", FakeStringHeader}};
  Files.insert(Files.end(), ExtraFiles.begin(), ExtraFiles.end());

  Judgement Result;
  ErrorCollector Errors;
  Result.Parsed = tooling::runToolOnCodeWithArgs(
      std::make_unique<JudgeAction>(Opts, Result, Errors), Code, Args,
      "input.cc", "leaktrace-selection-test",
      std::make_shared<PCHContainerOperations>(), Files);
  Result.Errors = Errors.Text;
  if (!Result.Parsed || Errors.getNumErrors() != 0)
    ADD_FAILURE() << "the test code does not compile:\n" << Result.Errors;
  return Result;
}

Judgement judge(llvm::StringRef Code, std::vector<std::string> ExtraArgs = {},
                tooling::FileContentMappings ExtraFiles = {}) {
  return judge(Code, SelectionOptions(), std::move(ExtraArgs),
               std::move(ExtraFiles));
}

SelectionOptions includeExclude(std::optional<std::string> Include,
                                std::optional<std::string> Exclude) {
  SelectionOptions Opts;
  if (Include)
    Opts.Include.emplace(*Include);
  if (Exclude)
    Opts.Exclude.emplace(*Exclude);
  return Opts;
}

SelectionOptions systemDirs(std::vector<std::string> Dirs) {
  SelectionOptions Opts;
  Opts.SystemDirs = std::move(Dirs);
  return Opts;
}

std::string userFile(llvm::StringRef Name) {
  return std::string(UserDir) + "/" + Name.str();
}

//===----------------------------------------------------------------------===//
// Counted classes
//===----------------------------------------------------------------------===//

// The shape the rest of the suite varies: a member whose copy runs code and a
// user-provided destructor. With the real <string>, in C++17 (libstdc++'s
// std::string constructors become constexpr only in C++20).
TEST(ClassSelection, ClassWithStdStringMemberAndUserDestructorIsTracked) {
  Judgement J = judge(R"cpp(
    #include <string>
    class Widget {
      std::string Name;
    public:
      Widget();
      explicit Widget(std::string N);
      ~Widget();
    };
    void copy(const Widget &W) { Widget Copy(W); }
  )cpp");
  EXPECT_EQ(J.verdictOf("Widget"), Verdict::Tracked);
}

TEST(ClassSelection, ClassWithFakeStringMemberAndUserDestructorIsTracked) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    class Widget {
      fake::string Name;
    public:
      Widget();
      ~Widget();
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("Widget"), Verdict::Tracked);
}

// A constructor with a function-try-block still emits a complete-object
// constructor, and a delegating one reaches a counted constructor.
TEST(ClassSelection, FunctionTryBlockAndDelegatingConstructorsAreTracked) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    class Guarded {
      fake::string Name;
    public:
      Guarded() try : Name("x") {
      } catch (...) {
      }
      ~Guarded();
    };
    class Delegating {
      fake::string Name;
    public:
      Delegating(const char *N) : Name(N) {}
      Delegating() : Delegating("default") {}
      ~Delegating();
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("Guarded"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Delegating"), Verdict::Tracked);
}

// Virtual bases make every constructor non-trivial and rule out constexpr
// and aggregates: the whole diamond is counted, implicit members or not.
TEST(ClassSelection, ClassesWithVirtualBasesAreTracked) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    struct Base {
      fake::string Name;
      Base();
      virtual ~Base();
    };
    struct Left : virtual Base {
      Left();
      ~Left();
    };
    struct Right : virtual Base {};
    struct Diamond : Left, Right {
      Diamond();
      ~Diamond();
    };
    struct OnlyVirtualBase : virtual Base {
      int Value;
    };
    void make(Right &&Moved) {
      Diamond D;
      OnlyVirtualBase O;
      Right R(static_cast<Right &&>(Moved));
    }
  )cpp");
  EXPECT_EQ(J.verdictOf("Base"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Left"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Right"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Diamond"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("OnlyVirtualBase"), Verdict::Tracked);
}

// A polymorphic class without a user constructor: the vtable pointer makes
// its implicit constructors non-trivial, and in C++17 an uninitialised member
// keeps the implicit default constructor from being constexpr.
TEST(ClassSelection, PolymorphicClassWithImplicitConstructorsIsTracked) {
  Judgement J = judge(R"cpp(
    struct Shape {
      virtual double area() const;
      int Sides;
      virtual ~Shape();
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("Shape"), Verdict::Tracked);
}

// Deleted constructors can never run, so they neither make a class countable
// nor stop it from being counted, whether deleted explicitly or implicitly.
TEST(ClassSelection, DeletedConstructorsDoNotMatter) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    class NoCopy {
      fake::string Name;
    public:
      NoCopy();
      NoCopy(const NoCopy &) = delete;
      ~NoCopy();
    };
    // Its copy constructor would be trivial, were it not deleted.
    class NoTrivialCopy {
      int Value;
    public:
      explicit NoTrivialCopy(int V);
      NoTrivialCopy(const NoTrivialCopy &) = delete;
      ~NoTrivialCopy();
    };
    // Its default constructor would be trivial, were it not deleted.
    class NoTrivialDefault {
      int Value;
    public:
      NoTrivialDefault() = delete;
      explicit NoTrivialDefault(int V);
      NoTrivialDefault(const NoTrivialDefault &);
      ~NoTrivialDefault();
    };
    // A deleted move constructor deletes the implicit (trivial) copy one.
    class NoMove {
      int Value;
    public:
      explicit NoMove(int V);
      NoMove(NoMove &&) = delete;
      ~NoMove();
    };
    // The implicit copy constructor is deleted by a move-only member.
    struct MoveOnly {
      MoveOnly();
      MoveOnly(MoveOnly &&);
      MoveOnly(const MoveOnly &) = delete;
      ~MoveOnly();
    };
    class HoldsMoveOnly {
      MoveOnly Handle;
      int Value;
    public:
      explicit HoldsMoveOnly(int V);
      ~HoldsMoveOnly();
    };
    void use() {
      NoCopy A;
      HoldsMoveOnly B(1);
    }
  )cpp");
  EXPECT_EQ(J.verdictOf("NoCopy"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("NoTrivialCopy"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("NoTrivialDefault"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("NoMove"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("MoveOnly"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("HoldsMoveOnly"), Verdict::Tracked);
}

//===----------------------------------------------------------------------===//
// Classes whose objects can begin or end without a call
//===----------------------------------------------------------------------===//

TEST(ClassSelection, TrivialDestructor) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    class HoldsPointer {
      fake::string *Name;
    public:
      HoldsPointer();
      HoldsPointer(const HoldsPointer &);
    };
    class DefaultedDestructor {
      int Value;
    public:
      DefaultedDestructor();
      DefaultedDestructor(const DefaultedDestructor &);
      ~DefaultedDestructor() = default;
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("HoldsPointer"), Verdict::TrivialDestructor);
  EXPECT_EQ(J.verdictOf("DefaultedDestructor"), Verdict::TrivialDestructor);
}

// Aggregate initialisation builds the object member by member: no
// constructor of the class runs, yet its destructor does.
TEST(ClassSelection, Aggregate) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    struct Record {
      fake::string Name;
      int Count;
      ~Record();
    };
    struct Base {
      fake::string Name;
      Base();
      ~Base();
    };
    // C++17: public non-virtual bases do not stop a class being an aggregate.
    struct Derived : Base {
      int Extra;
    };
    void build() { Record R{"r", 1}; Derived D{{}, 2}; }
  )cpp");
  EXPECT_EQ(J.verdictOf("Record"), Verdict::Aggregate);
  EXPECT_EQ(J.verdictOf("Base"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Derived"), Verdict::Aggregate);
}

// Classes with trivial default, copy or move constructors are counted: the
// plugin makes those constructors emit calls (CallableSpecialMembers; the
// lit test callable-special-members.cpp checks the code).
TEST(ClassSelection, TrivialDefaultConstructorWithNonTrivialDestructor) {
  Judgement J = judge(R"cpp(
    class Defaulted {
      int Value;
    public:
      Defaulted() = default;
      Defaulted(const Defaulted &);
      ~Defaulted();
    };
    // Private data keeps it from being an aggregate; its default
    // constructor is implicit and trivial.
    class Implicit {
      int Value;
    public:
      ~Implicit();
    };
    void make() { Defaulted D; Implicit I; }
    class ImplicitUnused {
      int Value;
    public:
      ~ImplicitUnused();
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("Defaulted"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Implicit"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ImplicitUnused"), Verdict::Tracked);
}

TEST(ClassSelection, TrivialCopyConstructor) {
  Judgement J = judge(R"cpp(
    class Implicit {
      int Value;
    public:
      Implicit();
      ~Implicit();
    };
    class Defaulted {
      int Value;
    public:
      Defaulted();
      Defaulted(const Defaulted &) = default;
      ~Defaulted();
    };
    // Copied below, so Sema has declared its implicit copy constructor.
    class Copied {
      int Value;
    public:
      Copied();
      ~Copied();
    };
    void copy(const Copied &C) { Copied D(C); }
  )cpp");
  EXPECT_EQ(J.verdictOf("Implicit"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Defaulted"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Copied"), Verdict::Tracked);
}

TEST(ClassSelection, TrivialMoveConstructor) {
  Judgement J = judge(R"cpp(
    class Defaulted {
      int Value;
    public:
      Defaulted();
      Defaulted(const Defaulted &);
      Defaulted(Defaulted &&) = default;
      ~Defaulted();
    };
    // The implicit move constructor is trivial because the member's is, while
    // its copy constructor and destructor are not.
    class Implicit {
      Defaulted Member;
    public:
      Implicit();
    };
    class Moved {
      Defaulted Member;
    public:
      Moved();
    };
    Moved move(Moved &&M) { return static_cast<Moved &&>(M); }
  )cpp");
  EXPECT_EQ(J.verdictOf("Defaulted"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Implicit"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Moved"), Verdict::Tracked);
}

// A constant-initialised object is built at compile time but destroyed at
// exit through the destructor: it is counted where its destruction is
// registered (the e2e shapes test), so a constexpr constructor leaves no
// class out.
TEST(ClassSelection, ConstexprConstructor) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    class Explicit {
      int Value;
    public:
      constexpr Explicit(int V) : Value(V) {}
      Explicit(const Explicit &);
      ~Explicit();
    };
    // Defaulted, and constexpr because every member is initialised.
    class Defaulted {
      int Value = 0;
    public:
      Defaulted() = default;
      Defaulted(const Defaulted &);
      ~Defaulted();
    };
    class Template {
      int Value;
    public:
      template <class T> constexpr Template(T V) : Value(V) {}
      Template(const Template &);
      ~Template();
    };
    struct ConstexprBase {
      constexpr ConstexprBase(int) {}
    };
    // Inherits a constexpr constructor.
    struct Inheriting : ConstexprBase {
      using ConstexprBase::ConstexprBase;
      Inheriting(const Inheriting &);
      ~Inheriting();
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("Explicit"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Defaulted"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Template"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("Inheriting"), Verdict::Tracked);
}

// In C++20 libstdc++'s std::string default constructor is constexpr, so the
// implicit default constructor of a class holding one is too, and a global
// of it may be constant-initialised without calling it: counted all the
// same (it left every such class out before).
TEST(ClassSelection, Cxx20ImplicitConstexprDefaultConstructor) {
  const char *Code = R"cpp(
    #include <string>
    class Named {
      std::string Name;
    public:
      ~Named();
    };
  )cpp";
  EXPECT_EQ(judge(Code, {"-std=c++17"}).verdictOf("Named"), Verdict::Tracked);
  EXPECT_EQ(judge(Code, {"-std=c++20"}).verdictOf("Named"), Verdict::Tracked);
}

TEST(ClassSelection, ConstevalConstructor) {
  Judgement J = judge(R"cpp(
    class Immediate {
      int Value;
    public:
      consteval Immediate(int V) : Value(V) {}
      Immediate(const Immediate &);
      ~Immediate();
    };
  )cpp",
                      {"-std=c++20"});
  EXPECT_EQ(J.verdictOf("Immediate"), Verdict::ConstevalCtor);
}

// Clang builds an object through an inherited C-variadic constructor by
// inlining that constructor at the call site: no CI1 runs. The verdict comes
// from the using-declaration, so it is the same whether or not the
// translation unit uses the constructor.
TEST(ClassSelection, InheritedVariadicConstructor) {
  const char *Classes = R"cpp(
    #include <fake/string.h>
    struct Formatted {
      fake::string Text;
      Formatted(const char *Format, ...);
      ~Formatted();
    };
    class Message : public Formatted {
      fake::string Extra;
    public:
      using Formatted::Formatted;
      ~Message();
    };
    // Inherits only non-variadic constructors.
    struct Plain {
      fake::string Text;
      explicit Plain(const char *Format);
      ~Plain();
    };
    class PlainMessage : public Plain {
      fake::string Extra;
    public:
      using Plain::Plain;
      ~PlainMessage();
    };
  )cpp";
  Judgement Unused = judge(Classes);
  Judgement Used = judge(std::string(Classes) + R"cpp(
    void use() { Message M("%d", 1); PlainMessage P("x"); }
  )cpp");
  for (const Judgement *J : {&Unused, &Used}) {
    EXPECT_EQ(J->verdictOf("Formatted"), Verdict::Tracked);
    EXPECT_EQ(J->verdictOf("Message"), Verdict::InheritsVariadicCtor);
    EXPECT_EQ(J->verdictOf("PlainMessage"), Verdict::Tracked);
  }
}

// The same class must get the same verdict in every translation unit, or
// one translation unit counts constructions that another's destructor does
// not uncount. Sema declares implicit special members lazily: using them
// must not change the verdict.
// `using Base::Base;` names the base's copy and move constructors too, and
// in C++20 those are constexpr when the base holds a std::string. They never
// build a derived object ([over.match.funcs.general]), so they must not make
// the derived class "constexpr" (it was left out, and with it every class
// inheriting the constructors of a class holding a string).
TEST(ClassSelection, InheritedCopyConstructorsDoNotMakeAClassConstexpr) {
  Judgement J = judge(R"cpp(
    #include <string>
    struct Base {
      template <class X> explicit Base(X x) : S(std::to_string(x)) {}
      explicit Base(int) {}
      std::string S;
      ~Base() {}
    };
    struct Inheriting : Base {
      using Base::Base;
      ~Inheriting() {}
    };
    struct ConstexprBase {
      constexpr ConstexprBase(int) {}
      std::string S;
      ~ConstexprBase() {}
    };
    struct InheritsConstexpr : ConstexprBase {
      using ConstexprBase::ConstexprBase;
      ~InheritsConstexpr() {}
    };
    Inheriting I(1.5);
  )cpp",
                      {"-std=c++20"});
  EXPECT_EQ(J.verdictOf("Inheriting"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("InheritsConstexpr"), Verdict::Tracked);
}

TEST(ClassSelection, VerdictDoesNotDependOnWhichSpecialMembersAreUsed) {
  const char *Classes = R"cpp(
    #include <fake/string.h>
    class Counted {
      fake::string Name;
    public:
      Counted();
      ~Counted();
    };
    class TrivialCopy {
      int Value;
    public:
      TrivialCopy();
      ~TrivialCopy();
    };
    class TrivialDefault {
      int Value;
    public:
      ~TrivialDefault();
    };
    struct TrivialMoveMember {
      TrivialMoveMember();
      TrivialMoveMember(const TrivialMoveMember &);
      TrivialMoveMember(TrivialMoveMember &&) = default;
      ~TrivialMoveMember();
      int Value;
    };
    class TrivialMove {
      TrivialMoveMember Member;
    public:
      TrivialMove();
    };
    struct MoveOnly {
      MoveOnly();
      MoveOnly(MoveOnly &&);
      ~MoveOnly();
    };
    class DeletedCopy {
      MoveOnly Handle;
    public:
      DeletedCopy();
    };
  )cpp";
  std::string Uses = std::string(Classes) + R"cpp(
    template <class T> T &&move(T &V) { return static_cast<T &&>(V); }
    void use(Counted &A, TrivialCopy &B, TrivialMove &D, DeletedCopy &E) {
      Counted A2(A), A3(move(A));
      TrivialCopy B2(B), B3(move(B));
      TrivialDefault C;
      TrivialDefault C2(C), C3(move(C));
      TrivialMove D2(D), D3(move(D));
      DeletedCopy E2(move(E));
    }
  )cpp";
  Judgement Unused = judge(Classes);
  Judgement Used = judge(Uses);
  for (const char *Name : {"Counted", "TrivialCopy", "TrivialDefault",
                           "TrivialMove", "DeletedCopy"})
    EXPECT_EQ(Unused.verdictOf(Name), Used.verdictOf(Name)) << Name;
  EXPECT_EQ(Used.verdictOf("Counted"), Verdict::Tracked);
  EXPECT_EQ(Used.verdictOf("TrivialCopy"), Verdict::Tracked);
  EXPECT_EQ(Used.verdictOf("TrivialDefault"), Verdict::Tracked);
  EXPECT_EQ(Used.verdictOf("TrivialMove"), Verdict::Tracked);
  EXPECT_EQ(Used.verdictOf("DeletedCopy"), Verdict::Tracked);
}

//===----------------------------------------------------------------------===//
// Classes that are not the user's, or that the user left out
//===----------------------------------------------------------------------===//

TEST(ClassSelection, StdStringIsInASystemHeader) {
  Judgement J = judge(R"cpp(
    #include <string>
    std::string Global;
  )cpp");
  EXPECT_EQ(J.verdictOf("std::basic_string<char>"), Verdict::SystemHeader);
}

// fake::string comes from an -isystem directory, pragma.h marks itself a
// system header; plain.h is an ordinary header found through -I.
TEST(ClassSelection, SystemHeaderClasses) {
  const char *PragmaHeader = R"cpp(
        #pragma GCC system_header
        #include <fake/string.h>
        class FromPragmaHeader {
          fake::string Name;
        public:
          FromPragmaHeader();
          ~FromPragmaHeader();
        };
        template <class T> class SystemBox {
          T Value;
          fake::string Name;
        public:
          SystemBox();
          ~SystemBox();
        };
      )cpp";
  const char *PlainHeader = R"cpp(
        #include <fake/string.h>
        class FromPlainHeader {
          fake::string Name;
        public:
          FromPlainHeader();
          ~FromPlainHeader();
        };
      )cpp";
  tooling::FileContentMappings Files = {{userFile("pragma.h"), PragmaHeader},
                                        {userFile("plain.h"), PlainHeader}};
  Judgement J = judge(R"cpp(
    #include "pragma.h"
    #include "plain.h"
    class User {
      fake::string Name;
    public:
      User();
      ~User();
    };
    // A user type does not make a system template the user's.
    SystemBox<User> Box;
  )cpp",
                      {}, Files);
  EXPECT_EQ(J.verdictOf("fake::string"), Verdict::SystemHeader);
  EXPECT_EQ(J.verdictOf("FromPragmaHeader"), Verdict::SystemHeader);
  EXPECT_EQ(J.verdictOf("SystemBox<User>"), Verdict::SystemHeader);
  EXPECT_EQ(J.verdictOf("FromPlainHeader"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("User"), Verdict::Tracked);
}

// The verdict on a class must not depend on how a translation unit found its
// header: a vendored library's headers are -isystem for the code that uses
// it and -I for its own sources, and copies of its inline constructors from
// both kinds of translation units meet at link time.
TEST(ClassSelection, IsystemAloneDoesNotMakeAClassSystem) {
  const char *Header = R"cpp(
        #include <fake/string.h>
        namespace vendor {
        class Widget {
          fake::string Name;
        public:
          Widget();
          ~Widget();
        };
        } // namespace vendor
      )cpp";
  const char *Code = R"cpp(
    #include <vendor/widget.h>
    vendor::Widget *make() { return new vendor::Widget; }
  )cpp";
  tooling::FileContentMappings Files = {
      {"/leaktrace-test/vendor/vendor/widget.h", Header}};
  Judgement AsSystem = judge(Code, {"-isystem", "/leaktrace-test/vendor"}, Files);
  Judgement AsUser = judge(Code, {"-I", "/leaktrace-test/vendor"}, Files);
  EXPECT_EQ(AsSystem.verdictOf("vendor::Widget"), Verdict::Tracked);
  EXPECT_EQ(AsUser.verdictOf("vendor::Widget"), Verdict::Tracked);

  // Named a system directory (-fplugin-arg-leaktrace-system=DIR), it is
  // left out however it is included.
  Judgement SystemDirAsSystem =
      judge(Code, systemDirs({"/leaktrace-test/vendor"}),
            {"-isystem", "/leaktrace-test/vendor"}, Files);
  Judgement SystemDirAsUser = judge(Code, systemDirs({"/leaktrace-test/vendor"}),
                                    {"-I", "/leaktrace-test/vendor"}, Files);
  EXPECT_EQ(SystemDirAsSystem.verdictOf("vendor::Widget"),
            Verdict::SystemHeader);
  EXPECT_EQ(SystemDirAsUser.verdictOf("vendor::Widget"), Verdict::SystemHeader);
}

// The default system directories are the compiler's and the system's, found
// by where the header really is (symbolic links and .. resolved).
TEST(ClassSelection, DefaultSystemDirectories) {
  HeaderSearchOptions HSOpts;
  HSOpts.ResourceDir = LEAKTRACE_RESOURCE_DIR;
  std::vector<std::string> Dirs = leaktrace::defaultSystemDirs(HSOpts);
  EXPECT_NE(std::find(Dirs.begin(), Dirs.end(), "/usr/include"), Dirs.end());
  EXPECT_NE(std::find(Dirs.begin(), Dirs.end(), "/usr/lib"), Dirs.end());
  EXPECT_NE(std::find(Dirs.begin(), Dirs.end(),
                      leaktrace::canonicalDir(LEAKTRACE_RESOURCE_DIR)),
            Dirs.end());
  EXPECT_EQ(leaktrace::canonicalDir("/usr/lib/../include"), "/usr/include");

  HSOpts.Sysroot = "/leaktrace-test/root";
  Dirs = leaktrace::defaultSystemDirs(HSOpts);
  EXPECT_NE(std::find(Dirs.begin(), Dirs.end(),
                      "/leaktrace-test/root/usr/include"),
            Dirs.end());
}

// A test framework's own classes are the runner's bookkeeping, not code
// under test, and its sources are often built apart from the tests; the
// test classes its macros write in the test file are the program's.
TEST(ClassSelection, TestFrameworkClasses) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    #define COUNTABLE(Name)                                                    \
      class Name {                                                             \
        fake::string S;                                                        \
      public:                                                                  \
        Name();                                                                \
        ~Name();                                                               \
      };
    namespace testing {
    COUNTABLE(Message)
    namespace internal {
    COUNTABLE(ExpectationBase)
    }
    inline namespace v1 {
    COUNTABLE(Inline)
    }
    } // namespace testing
    namespace Catch { COUNTABLE(Session) }
    namespace doctest { COUNTABLE(Context) }
    namespace leaktrace { COUNTABLE(Layer) }
    namespace app {
    namespace testing { COUNTABLE(Helper) }
    // Written by TEST()-like macros in the test file: the program's.
    class Suite_Test_Test : public ::testing::Message {
      fake::string S;
    public:
      Suite_Test_Test();
      ~Suite_Test_Test();
    };
    } // namespace app
  )cpp");
  EXPECT_EQ(J.verdictOf("testing::Message"), Verdict::TestFramework);
  EXPECT_EQ(J.verdictOf("testing::internal::ExpectationBase"),
            Verdict::TestFramework);
  EXPECT_EQ(J.verdictOf("testing::Inline"), Verdict::TestFramework);
  EXPECT_EQ(J.verdictOf("Catch::Session"), Verdict::TestFramework);
  EXPECT_EQ(J.verdictOf("doctest::Context"), Verdict::TestFramework);
  EXPECT_EQ(J.verdictOf("leaktrace::Layer"), Verdict::TestFramework);
  EXPECT_EQ(J.verdictOf("app::testing::Helper"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("app::Suite_Test_Test"), Verdict::Tracked);
}

// refs counts the handles of the program's own types only: handles of other
// types are also copied and dropped inside prebuilt libraries.
TEST(ClassSelection, ProgramTypes) {
  const char *Vendor = R"cpp(
        namespace vendor {
        class Channel {};
        template <class T> class Box {};
        template <class... T> struct Pack {};
        }
      )cpp";
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    #include <vendor.h>
    namespace app {
    class Widget {};
    struct Plain { int N; };
    enum class Color { Red };
    template <class T> struct Holder { struct Inner {}; };
    }
    namespace testing { namespace internal { class ExpectationBase {}; } }
    namespace testing { template <class T> class Matcher {}; }

    using Own = app::Widget;
    using Aggregate = app::Plain;
    using Enum = app::Color;
    using ConstPointer = const app::Widget *;
    using Array = app::Widget[];
    using Function = void(int, app::Widget &);
    using MemberPointer = int app::Widget::*;
    using LibraryOverOwn = vendor::Box<app::Widget>;
    using LibraryOverInt = vendor::Box<int>;
    using PackOfOwn = vendor::Pack<int, app::Widget>;
    using InnerOfOwnTemplate = app::Holder<int>::Inner;
    using FrameworkOverOwn = testing::Matcher<const app::Widget &>;

    using Int = int;
    using String = fake::string;
    using Library = vendor::Channel;
    using LibraryOverLibrary = vendor::Box<fake::string>;
    using Framework = testing::internal::ExpectationBase;
    using Void = void;
    using PackOfOthers = vendor::Pack<int, fake::string>;
  )cpp",
                      systemDirs({"/leaktrace-test/vendor"}),
                      {"-I", "/leaktrace-test/vendor"},
                      {{"/leaktrace-test/vendor/vendor.h", Vendor}});
  std::map<std::string, bool> Expected = {
      {"Own", true},
      {"Aggregate", true},
      {"Enum", true},
      {"ConstPointer", true},
      {"Array", true},
      {"Function", true},
      {"MemberPointer", true},
      {"LibraryOverOwn", true},
      {"LibraryOverInt", false},
      {"PackOfOwn", true},
      {"InnerOfOwnTemplate", true},
      {"FrameworkOverOwn", true},
      {"Int", false},
      {"String", false},
      {"Library", false},
      {"LibraryOverLibrary", false},
      {"Framework", false},
      {"Void", false},
      {"PackOfOthers", false},
  };
  EXPECT_EQ(J.ProgramTypes, Expected);
}

TEST(ClassSelection, IgnoredByAnnotation) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    #include <leaktrace/leaktrace.h>
    class LEAKTRACE_IGNORE Cache {
      fake::string Name;
    public:
      Cache();
      ~Cache();
    };
    class [[clang::annotate("leaktrace::ignore")]] Spelled {
      fake::string Name;
    public:
      Spelled();
      ~Spelled();
    };
    // Annotated on a forward declaration only: the definition inherits it.
    class LEAKTRACE_IGNORE Forward;
    class Forward {
      fake::string Name;
    public:
      Forward();
      ~Forward();
    };
    // Every instantiation of an annotated template is ignored.
    template <class T> class LEAKTRACE_IGNORE Pool {
      T Value;
      fake::string Name;
    public:
      Pool();
      ~Pool();
    };
    Pool<int> IntPool;
    // Ignoring comes before the other reasons.
    struct LEAKTRACE_IGNORE Plain {
      int Value;
    };
    // Other annotations change nothing.
    class [[clang::annotate("leaktrace")]] Other {
      fake::string Name;
    public:
      Other();
      ~Other();
    };
    // Not inherited by derived classes.
    class FromCache : public Cache {
      fake::string More;
    public:
      FromCache();
      ~FromCache();
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("Cache"), Verdict::Ignored);
  EXPECT_EQ(J.verdictOf("Spelled"), Verdict::Ignored);
  EXPECT_EQ(J.verdictOf("Forward"), Verdict::Ignored);
  EXPECT_EQ(J.verdictOf("Pool<int>"), Verdict::Ignored);
  EXPECT_EQ(J.verdictOf("Plain"), Verdict::Ignored);
  EXPECT_EQ(J.verdictOf("Other"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("FromCache"), Verdict::Tracked);
}

const char *RegexCode = R"cpp(
  #include <fake/string.h>
  #define COUNTABLE(Name)                                                    \
    class Name {                                                             \
      fake::string Text;                                                     \
    public:                                                                  \
      Name();                                                                \
      ~Name();                                                               \
    };
  namespace app {
  COUNTABLE(Widget)
  COUNTABLE(WidgetCache)
  struct Plain { int Value; };
  } // namespace app
  namespace lib {
  COUNTABLE(Widget)
  } // namespace lib
  namespace {
  COUNTABLE(Hidden)
  }
)cpp";

// The regular expressions search the qualified name (they are not anchored).
TEST(ClassSelection, IncludeRegex) {
  SelectionOptions Opts = includeExclude("^app::", std::nullopt);
  Judgement J = judge(RegexCode, std::move(Opts));
  EXPECT_EQ(J.verdictOf("app::Widget"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("app::WidgetCache"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("app::Plain"), Verdict::TrivialDestructor);
  EXPECT_EQ(J.verdictOf("lib::Widget"), Verdict::NotIncluded);
  EXPECT_EQ(J.verdictOf("(anonymous namespace)::Hidden"), Verdict::NotIncluded);
  EXPECT_EQ(J.verdictOf("fake::string"), Verdict::SystemHeader);
}

TEST(ClassSelection, ExcludeRegex) {
  SelectionOptions Opts = includeExclude(std::nullopt, "Cache|anonymous");
  Judgement J = judge(RegexCode, std::move(Opts));
  EXPECT_EQ(J.verdictOf("app::Widget"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("app::WidgetCache"), Verdict::Excluded);
  EXPECT_EQ(J.verdictOf("lib::Widget"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("(anonymous namespace)::Hidden"), Verdict::Excluded);
}

// A class must match include= and not match exclude=; the name filters come
// before the reasons a class cannot be counted.
TEST(ClassSelection, IncludeAndExcludeRegex) {
  SelectionOptions Opts = includeExclude("Widget|Plain", "Cache$|Plain");
  Judgement J = judge(RegexCode, std::move(Opts));
  EXPECT_EQ(J.verdictOf("app::Widget"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("lib::Widget"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("app::WidgetCache"), Verdict::Excluded);
  EXPECT_EQ(J.verdictOf("app::Plain"), Verdict::Excluded);
  EXPECT_EQ(J.verdictOf("(anonymous namespace)::Hidden"), Verdict::NotIncluded);
}

//===----------------------------------------------------------------------===//
// Things that are not classes with objects of their own
//===----------------------------------------------------------------------===//

TEST(ClassSelection, NotAClass) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    union Variant {
      int I;
      float F;
      Variant();
      ~Variant();
    };
    template <class T> class Box {
      T Value;
      fake::string Name;
    public:
      Box();
      ~Box();
    };
    template <class T> class Box<T *> {
      T *Value;
      fake::string Name;
    public:
      Box();
      ~Box();
    };
    template <class T> struct Outer {
      struct Member {
        T Value;
        fake::string Name;
        Member();
        ~Member();
      };
    };
    class Declared;
    void lambdas() {
      fake::string Captured;
      auto Plain = [](int X) { return X; };
      auto Capturing = [Captured] { return &Captured; };
      auto Generic = [](auto X) { return X; };
      Plain(1);
      Capturing();
      Generic(2);
    }
  )cpp");
  EXPECT_EQ(J.verdictOf("Variant"), Verdict::NotAClass);
  EXPECT_EQ(J.verdictOf("Box"), Verdict::NotAClass);
  EXPECT_EQ(J.verdictOf("Box<T *>"), Verdict::NotAClass);
  EXPECT_EQ(J.verdictOf("Outer"), Verdict::NotAClass);
  EXPECT_EQ(J.verdictOf("Outer::Member"), Verdict::NotAClass);
  EXPECT_EQ(J.verdictOf("Declared"), Verdict::NotAClass);
  std::vector<Verdict> Lambdas = J.lambdaVerdicts();
  EXPECT_EQ(Lambdas, std::vector<Verdict>(3, Verdict::NotAClass));
}

// Anonymous unions and structs inside a counted class are judged apart from
// it and do not change its verdict. (Clang 19 calls them "(anonymous)" and
// "(unnamed)", clang 22 "(anonymous union)" and "(unnamed struct)".)
TEST(ClassSelection, AnonymousMembers) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    class WithAnonymous {
      union {
        int I;
        float F;
      };
      struct {
        int X, Y;
      } Point;
      fake::string Name;
    public:
      WithAnonymous();
      ~WithAnonymous();
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("WithAnonymous"), Verdict::Tracked);
  EXPECT_EQ(
      J.verdictsStartingWith("WithAnonymous::("),
      (std::vector<Verdict>{Verdict::NotAClass, Verdict::TrivialDestructor}));
}

// A class named only through a typedef takes the typedef's name.
TEST(ClassSelection, TypedefNamedClass) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    namespace ns {
    typedef class {
      fake::string Name;
    public:
      const char *name() const;
    } Named;
    } // namespace ns
    ns::Named Instance;
  )cpp");
  EXPECT_EQ(J.verdictOf("ns::Named"), Verdict::Tracked);
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

TEST(ClassSelection, ClassTemplateInstantiations) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    namespace ns {
    template <class T> class Box {
      T Value;
      fake::string Name;
    public:
      Box();
      ~Box();
    };
    template <class T> class Box<T *> {
      T *Value;
      fake::string Name;
    public:
      Box();
      ~Box();
    };
    template <> class Box<char> {
      fake::string Name;
    public:
      Box();
      ~Box();
    };
    template class Box<long>;
    template <class T, int N> class Array {
      T Values[N];
      fake::string Name;
    public:
      Array();
      ~Array();
    };
    template <class T> struct Outer {
      struct Member {
        T Value;
        fake::string Name;
        Member();
        ~Member();
      };
    };
    } // namespace ns
    void use() {
      ns::Box<int> I;
      ns::Box<double *> P;
      ns::Box<char> C;
      ns::Array<int, 3> A;
      ns::Outer<int>::Member M;
      ns::Box<ns::Box<int>> Nested;
    }
  )cpp");
  EXPECT_EQ(J.verdictOf("ns::Box<int>"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::Box<long>"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::Box<char>"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::Box<double *>"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::Box<ns::Box<int>>"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::Array<int, 3>"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::Outer<int>::Member"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::Box"), Verdict::NotAClass);
  EXPECT_EQ(J.verdictOf("ns::Box<T *>"), Verdict::NotAClass);
}

TEST(ClassSelection, AnonymousNamespaceNames) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    namespace {
    class Impl {
      fake::string Name;
    public:
      Impl();
      ~Impl();
    };
    } // namespace
    namespace app {
    namespace {
    class Impl {
      fake::string Name;
    public:
      Impl();
      ~Impl();
    };
    } // namespace
    } // namespace app
  )cpp");
  EXPECT_EQ(J.verdictOf("(anonymous namespace)::Impl"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("app::(anonymous namespace)::Impl"), Verdict::Tracked);
}

TEST(ClassSelection, NestedClassNames) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    class outer {
    public:
      class Inner {
        fake::string Name;
      public:
        Inner();
        ~Inner();
      };
      struct Deeper {
        class Deepest {
          fake::string Name;
        public:
          Deepest();
          ~Deepest();
        };
      };
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("outer::Inner"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("outer::Deeper::Deepest"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("outer"), Verdict::TrivialDestructor);
  EXPECT_EQ(J.verdictOf("outer::Deeper"), Verdict::TrivialDestructor);
}

//===----------------------------------------------------------------------===//
// Verdicts that must not depend on what a translation unit happens to use,
// and names of function-local classes (each was a bug once).
//===----------------------------------------------------------------------===//

// The verdict once looked at constexpr copy and move constructors that are not
// user-provided. Sema declares an implicit copy constructor only when the
// class is copied or a constructor of it is looked up (an out-of-line
// constructor definition, any construction), and here it is constexpr
// because Ptr's copy constructor is. So a translation unit that only defines
// the destructor counts Service (-1 per object) and one that constructs it
// does not (+0): the count drifts negative. A copy constructor cannot build
// an object without a call unless its source is a constant, which only a
// constexpr non-copy constructor (already checked) could have made.
TEST(ClassSelection,
     ImplicitConstexprCopyConstructorDoesNotChangeTheVerdict) {
  const char *Classes = R"cpp(
    struct Ptr {
      int *P;
      Ptr();
      constexpr Ptr(const Ptr &O) : P(O.P) {}
    };
    struct Config {
      Ptr Data;
    };
    class Service {
      Config Cfg;
    public:
      Service();
      ~Service();
    };
  )cpp";
  Judgement OnlyDestructor =
      judge(std::string(Classes) + "Service::~Service() {}");
  Judgement Constructs = judge(std::string(Classes) + "Service::Service() {}");
  EXPECT_EQ(OnlyDestructor.verdictOf("Service"), Verdict::Tracked);
  EXPECT_EQ(Constructs.verdictOf("Service"), Verdict::Tracked);
}

// The same through std::string in C++20, where its copy and move
// constructors are constexpr: every class holding a std::string (directly or
// through a struct) is left out where its constructors are looked up, and
// counted where they are not.
TEST(ClassSelection, Cxx20ClassesHoldingStdStringAreTracked) {
  const char *Classes = R"cpp(
    #include <string>
    struct Config {
      std::string Name;
    };
    class Service {
      Config Cfg;
    public:
      Service();
      ~Service();
    };
    class Holder {
      std::string Name;
    public:
      Holder();
      ~Holder();
    };
  )cpp";
  Judgement OnlyDestructors = judge(std::string(Classes) + R"cpp(
    Service::~Service() {}
    Holder::~Holder() {}
  )cpp",
                                    {"-std=c++20"});
  Judgement Constructs = judge(std::string(Classes) + R"cpp(
    Service::Service() {}
    Holder::Holder() {}
  )cpp",
                               {"-std=c++20"});
  for (const Judgement *J : {&OnlyDestructors, &Constructs}) {
    EXPECT_EQ(J->verdictOf("Service"), Verdict::Tracked);
    EXPECT_EQ(J->verdictOf("Holder"), Verdict::Tracked);
  }
}

// NamedDecl::printQualifiedName prints a function-local class without its
// function, so distinct classes share one name and the runtime, which merges
// types by name, adds up their counts under "Local".
TEST(ClassSelection, FunctionLocalClassNamesNameTheirFunction) {
  Judgement J = judge(R"cpp(
    #include <fake/string.h>
    void f() {
      class Local {
        fake::string Name;
      public:
        Local();
        ~Local();
      };
      Local L;
    }
    namespace ns {
    void g(int) {
      class Local {
        fake::string Name;
      public:
        Local();
        ~Local();
      };
      Local L;
    }
    } // namespace ns
    struct S {
      void m() {
        class Local {
          fake::string Name;
        public:
          Local();
          ~Local();
        };
        Local L;
      }
    };
  )cpp");
  EXPECT_EQ(J.verdictOf("f()::Local"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("ns::g(int)::Local"), Verdict::Tracked);
  EXPECT_EQ(J.verdictOf("S::m()::Local"), Verdict::Tracked);
}

//===----------------------------------------------------------------------===//
// describe()
//===----------------------------------------------------------------------===//

// Each verdict reads differently in remarks and reports.
TEST(Describe, EveryVerdictHasItsOwnNonEmptyText) {
  std::set<std::string> Seen;
  for (Verdict V : AllVerdicts) {
    std::string Text = leaktrace::describe(V).str();
    EXPECT_FALSE(Text.empty()) << ::testing::PrintToString(V);
    EXPECT_TRUE(Seen.insert(Text).second)
        << ::testing::PrintToString(V) << " repeats \"" << Text << "\"";
  }
  EXPECT_EQ(Seen.size(), NumVerdicts);
}

// The remark reads "'NAME' is not counted: REASON".
TEST(Describe, ReasonsCompleteTheRemarkSentence) {
  EXPECT_EQ(leaktrace::describe(Verdict::Tracked), "counted");
  EXPECT_EQ(leaktrace::describe(Verdict::Ignored),
            "annotated leaktrace::ignore");
  EXPECT_EQ(leaktrace::describe(Verdict::TrivialDestructor),
            "its destructor is trivial, so destruction emits no call to "
            "count");
}

} // namespace
