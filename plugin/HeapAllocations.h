//===- HeapAllocations.h - Count heap objects of classes built without calls
//===//
//
// Some classes' objects are built or ended without any call the plugin can
// count: an aggregate is built by aggregate initialisation, a trivially
// destructible class is destroyed by no code at all, a consteval
// constructor runs at compile time. Their stack and member objects cannot
// leak on their own (a member leaks with its owner, which is counted); their
// heap objects can. For these classes leaktrace counts the objects made with
// a new-expression and not yet ended with a delete-expression: single
// objects, from `new T`, `new (std::nothrow) T` and what is built on them
// (std::make_unique, std::unique_ptr's and std::shared_ptr's deleters).
//
// Not counted: classes with an operator new or delete of their own, arrays (a
// trivially destructible class's `new T[n]` stores no element count, so
// `delete[]` cannot say how many objects end), placement new (the memory has an
// owner: a container's, a control block's, an arena's), and so the elements of
// standard containers and the objects of std::make_shared.
//
// The new-expressions and delete-expressions are found in the AST, before
// code generation, and made to call stand-ins (HeapStandIn) that the IR pass
// (CountHeapObjects.h) replaces by the original calls and counter updates:
//
//  - `new T`: its allocation function becomes a stand-in of the same type;
//    +1 when it returns. Its deallocation function, which the
//    new-expression calls only when T's initialisation throws, becomes
//    another; -1 there. A throwing initialisation counts nothing.
//  - `delete p`: its operand becomes a call of a stand-in that returns it;
//    -1 there unless p is null.
//
// Nothing else of the program changes: the allocation and deallocation
// functions called, their arguments, the order of evaluation.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_HEAPALLOCATIONS_H
#define LEAKTRACE_PLUGIN_HEAPALLOCATIONS_H

#include "ClassSelection.h"
#include "InstrumentationPlan.h"

#include "clang/Basic/SourceLocation.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <tuple>

namespace clang {
class ASTContext;
class CXXDeleteExpr;
class CXXNewExpr;
class CXXRecordDecl;
class Decl;
class FunctionDecl;
class MangleContext;
class QualType;
} // namespace clang

namespace leaktrace {

/// Whether a class with verdict \p V is counted by its heap objects only.
bool countsHeapObjectsOnly(Verdict V);

/// Whether \p RD or a base declares an operator new or delete. Such a class
/// is not heap-counted: its allocation functions may hand out memory the
/// program manages itself (a pool, an arena), and clang generates their
/// calls with assumptions a stand-in could not keep.
bool hasOwnAllocationFunctions(const clang::CXXRecordDecl &RD);

/// Rewrites the new-expressions and delete-expressions of one translation
/// unit that make or end objects of classes counted by their heap objects.
/// Keep one for the whole unit: each site is rewritten once, however often
/// it is reached.
class HeapAllocations {
public:
  HeapAllocations(clang::ASTContext &Ctx, ClassSelector &Selector,
                  InstrumentationPlan &Plan);
  ~HeapAllocations();

  /// Rewrites the sites in \p D (a declaration about to be generated: a
  /// function, a variable, a class with its inline members, a namespace).
  /// Template patterns are skipped; their instantiations are rewritten when
  /// they are handed over.
  void rewrite(clang::Decl *D);

  /// Where this file first makes an array of a heap-counted class with
  /// new[], which is not counted; invalid when it makes none.
  clang::SourceLocation firstArrayNew(const clang::CXXRecordDecl &RD) const {
    return ArrayNews.lookup(&RD);
  }

  /// Whether this translation unit counts heap objects of \p RD (it makes
  /// or ends one with new or delete).
  bool counts(const clang::CXXRecordDecl &RD) const {
    return TypeIndices.count(&RD);
  }

  void rewriteNew(clang::CXXNewExpr &E);
  void rewriteDelete(clang::CXXDeleteExpr &E);

private:
  /// The class whose objects a site of type \p T makes or ends, when it is
  /// counted by its heap objects.
  const clang::CXXRecordDecl *heapCountedClass(clang::QualType T);
  unsigned typeIndex(const clang::CXXRecordDecl &RD);
  clang::FunctionDecl *createStandIn(llvm::StringRef Prefix,
                                     clang::QualType FunctionType,
                                     const clang::FunctionDecl *Original);
  clang::FunctionDecl *standInFor(const clang::FunctionDecl &Original,
                                  HeapStandIn::Kind K,
                                  const clang::CXXRecordDecl &RD);

  clang::ASTContext &Ctx;
  ClassSelector &Selector;
  InstrumentationPlan &Plan;
  std::unique_ptr<clang::MangleContext> Mangler;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> Verdicts;
  /// Per counted class, its index in InstrumentationPlan::HeapTypes.
  llvm::DenseMap<const clang::CXXRecordDecl *, unsigned> TypeIndices;
  /// Per (original function or operand type, class, kind), its stand-in.
  llvm::DenseMap<std::tuple<const void *, const clang::CXXRecordDecl *, int>,
                 clang::FunctionDecl *>
      StandIns;
  llvm::DenseSet<const clang::CXXDeleteExpr *> RewrittenDeletes;
  llvm::DenseMap<const clang::CXXRecordDecl *, clang::SourceLocation> ArrayNews;
  unsigned NextStandIn = 0;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_HEAPALLOCATIONS_H
