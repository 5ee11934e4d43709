//===- SmartPointers.h - std::shared_ptr as leaktrace counts it -----------===//
//
// The AST half of reference counting. A std::shared_ptr<T> handle owns a
// control block or is empty; `refs[T]` counts the owning ones. This finds
// the handle classes of the translation unit, where each keeps its
// control-block pointer, and which functions can change whether a handle
// owns: the members and friends of the handle classes, the only code that
// can write that pointer.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_SMARTPOINTERS_H
#define LEAKTRACE_PLUGIN_SMARTPOINTERS_H

#include "InstrumentationPlan.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace clang {
class ASTContext;
class CXXRecordDecl;
class DiagnosticsEngine;
class GlobalDecl;
class MangleContext;
class QualType;
} // namespace clang

namespace leaktrace {

class ClassSelector;

/// The symbol code generation emits for \p GD (`_ZN3FooC1Ev` for the
/// complete-object constructor of Foo): what the IR passes find by name.
std::string mangledName(clang::MangleContext &M, clang::GlobalDecl GD);

/// The row a type is counted on: the name users read and the descriptor the
/// linker merges across translation units (one per translation unit for
/// types with internal linkage).
CountedType countedType(clang::QualType T, clang::MangleContext &M);
/// The same, for a class counted by its objects made with new only.
CountedType countedByNew(const clang::CXXRecordDecl &RD,
                         clang::MangleContext &M);
CountedType countedType(const clang::CXXRecordDecl &RD,
                        clang::MangleContext &M);

/// Adds the smart-pointer operations of the translation unit to \p Plan:
/// the handle classes among \p Classes (every class definition, template
/// instantiations included), the element types whose handles are counted
/// (those \p Selector calls the program's own), the operations code outside
/// the implementation calls that change such handles, and the
/// implementation's functions. Handle classes of a standard library whose
/// layout is not known are reported on \p Diags and not counted.
void planSmartPointers(llvm::ArrayRef<const clang::CXXRecordDecl *> Classes,
                       ClassSelector &Selector, clang::MangleContext &M,
                       clang::DiagnosticsEngine &Diags,
                       InstrumentationPlan &Plan);

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_SMARTPOINTERS_H
