//===- ClassSelection.h - Which classes leaktrace can count exactly -------===//
//
// The AST half of the plugin decides, per class, whether its live instances
// can be counted exactly from constructor and destructor calls, and if not,
// why. A class is counted only when every way to create a complete object
// runs a complete-object constructor that emits a call, and every way to end
// one runs the complete-object destructor: anything else would drift.
//
// Every verdict must be the same in every translation unit of a program:
// inline constructors are linkonce_odr, the linker keeps one copy of each,
// and copies that disagree make counts drift. So nothing here depends on how
// a translation unit was compiled (-isystem or -I, which special members Sema
// happened to declare): only on what is written in the source, and where.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_CLASSSELECTION_H
#define LEAKTRACE_PLUGIN_CLASSSELECTION_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class Decl;
class HeaderSearchOptions;
class QualType;
class SourceManager;
class Type;
} // namespace clang

namespace leaktrace {

/// Why a class is or is not counted.
enum class Verdict {
  Tracked,
  NotAClass,            ///< template pattern, lambda, union, incomplete
  SystemHeader,         ///< declared in a system directory: not the program's
  TestFramework,        ///< a test framework's own class (testing::, Catch::),
                        ///< or one its TEST() macros write
  Ignored,              ///< [[clang::annotate("leaktrace::ignore")]]
  NotIncluded,          ///< does not match include=REGEX
  Excluded,             ///< matches exclude=REGEX
  TrivialDestructor,    ///< destruction emits no call
  Aggregate,            ///< aggregate initialisation runs no constructor
  ConstevalCtor,        ///< objects are built at compile time
  InheritsVariadicCtor, ///< Clang inlines inherited C-variadic constructors
};

/// A sentence fragment saying why a class with this verdict is left out.
llvm::StringRef describe(Verdict V);

/// Options given with -fplugin-arg-leaktrace-NAME=VALUE that shape selection.
struct SelectionOptions {
  std::optional<llvm::Regex> Include;
  std::optional<llvm::Regex> Exclude;
  /// Directories whose headers are not the program's own code (absolute,
  /// symbolic links resolved): the toolchain's and the system's (see
  /// defaultSystemDirs) and those given with system=DIR.
  std::vector<std::string> SystemDirs;
};

/// The directories of the compiler and the operating system that hold code
/// the program only uses: /usr/include, /usr/local/include, /usr/lib (GCC's
/// and LLVM's headers, libc++), clang's resource directory, and the same
/// under a --sysroot. The same for every translation unit compiled by one
/// compiler, whatever its -isystem flags say.
std::vector<std::string>
defaultSystemDirs(const clang::HeaderSearchOptions &HSOpts);

/// \p Dir made absolute, with symbolic links resolved when it exists: the
/// form SelectionOptions::SystemDirs holds.
std::string canonicalDir(llvm::StringRef Dir);

/// The qualified name users read: `ns::Box<int>`, `(anonymous
/// namespace)::Impl`.
std::string qualifiedName(const clang::CXXRecordDecl &RD);
/// The same for any type: classes as above, others as C++ spells them
/// (`int`, `ns::Widget *`, `int[]`).
std::string qualifiedTypeName(clang::QualType T, const clang::ASTContext &Ctx);

/// Judges the classes and types of one translation unit. It remembers what
/// it found per file and per type, so keep one for the whole unit.
class ClassSelector {
public:
  ClassSelector(const SelectionOptions &Opts, clang::SourceManager &SM);
  ~ClassSelector();

  /// Decides whether \p RD (a definition) is counted.
  Verdict select(const clang::CXXRecordDecl &RD);

  /// Whether \p D is written in the program's own code: not in a system
  /// directory, not in a file that declares itself a system header
  /// (#pragma GCC system_header), and not in namespace std or the namespace
  /// of a test framework.
  bool isProgramDecl(const clang::Decl &D);

  /// Whether handles of \p T (std::shared_ptr<T>) are counted: \p T names a
  /// class or enumeration of the program's own code, directly or through
  /// pointers, arrays, function types or template arguments
  /// (`Widget`, `const Widget *`, `std::vector<Widget>`). Only code compiled
  /// with the program's own headers can copy or drop such handles; handles of
  /// other types (`std::string`, gMock's `testing::internal::ExpectationBase`)
  /// are also copied and dropped inside prebuilt libraries, where no count
  /// can be kept.
  bool isProgramType(clang::QualType T);

private:
  bool inSystemCode(clang::SourceLocation Loc);
  /// Whether \p RD is the class a test framework's macro writes for one
  /// test (GoogleTest's TEST, TEST_F, TEST_P), installed in a system
  /// directory or vendored in the project: the framework makes its one
  /// object before the test and deletes it after, so it never piles up,
  /// while counting it would cost every test file compile time and give
  /// the runtime a type per test.
  bool isTestCaseClass(const clang::CXXRecordDecl &RD);
  /// Where \p File is, symbolic links resolved; "" when it is no file.
  llvm::StringRef pathOf(clang::FileID File);
  bool isProgramTypeUncached(const clang::Type *T);

  const SelectionOptions &Opts;
  clang::SourceManager &SM;
  llvm::DenseMap<clang::FileID, bool> SystemFiles;
  llvm::DenseMap<const clang::Type *, bool> ProgramTypes;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_CLASSSELECTION_H
