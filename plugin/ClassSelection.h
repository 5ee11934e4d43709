//===- ClassSelection.h - Which classes leaktrace can count exactly -------===//
//
// The AST half of the plugin decides, per class, whether its live instances
// can be counted exactly from constructor and destructor calls, and if not,
// why. A class is counted only when every way to create a complete object
// runs a complete-object constructor that emits a call, and every way to end
// one runs the complete-object destructor: anything else would drift.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_CLASSSELECTION_H
#define LEAKTRACE_PLUGIN_CLASSSELECTION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class QualType;
} // namespace clang

namespace leaktrace {

/// Why a class is or is not counted.
enum class Verdict {
  Tracked,
  NotAClass,          ///< template pattern, lambda, union, incomplete
  SystemHeader,       ///< declared in a system header: not the user's
  Ignored,            ///< [[clang::annotate("leaktrace::ignore")]]
  NotIncluded,        ///< does not match include=REGEX
  Excluded,           ///< matches exclude=REGEX
  TrivialDestructor,  ///< destruction emits no call
  Aggregate,          ///< aggregate initialisation runs no constructor
  TrivialDefaultCtor, ///< default construction emits no call
  TrivialCopyCtor,    ///< copying emits no call
  TrivialMoveCtor,    ///< moving emits no call
  ConstexprCtor, ///< constant-initialised objects are built at compile time
  InheritsVariadicCtor, ///< Clang inlines inherited C-variadic constructors
};

/// A sentence fragment saying why a class with this verdict is left out.
llvm::StringRef describe(Verdict V);

/// Options given with -fplugin-arg-leaktrace-NAME=VALUE that shape selection.
struct SelectionOptions {
  std::optional<llvm::Regex> Include;
  std::optional<llvm::Regex> Exclude;
};

/// The qualified name users read: `ns::Box<int>`, `(anonymous
/// namespace)::Impl`.
std::string qualifiedName(const clang::CXXRecordDecl &RD);
/// The same for any type: classes as above, others as C++ spells them
/// (`int`, `ns::Widget *`, `int[]`).
std::string qualifiedTypeName(clang::QualType T, const clang::ASTContext &Ctx);

/// Decides whether \p RD (a definition) is counted.
Verdict selectClass(const clang::CXXRecordDecl &RD,
                    const SelectionOptions &Opts);

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_CLASSSELECTION_H
