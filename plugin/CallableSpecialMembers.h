//===- CallableSpecialMembers.h - Trivial constructors that emit calls ----===//
//
// Clang builds an object through a trivial default constructor with no code
// at all, and copies or moves one through a trivial copy or move
// constructor with a memcpy: nothing the plugin could count. For the classes
// that may hold counted objects (a class of the program, or one specialised
// with one, whose destructor is not trivial), this marks those constructor
// declarations non-trivial as soon as they exist, so that code generation
// calls them, like any constructor, and the complete-object constructor
// counts.
//
// Only the declaration changes, never the class's own flags: its layout,
// how it is passed (already indirectly, having a non-trivial destructor),
// std::is_trivially_copyable (already false, for the same reason) and
// std::is_trivial are those of the class without the plugin. What changes
// is what asks the constructor itself: std::is_trivially_default_/copy_/
// move_constructible<T> turn false, so that library templates choosing by
// them (std::optional, std::variant) copy through the constructor too.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_CALLABLESPECIALMEMBERS_H
#define LEAKTRACE_PLUGIN_CALLABLESPECIALMEMBERS_H

#include "clang/AST/ASTMutationListener.h"

#include <functional>

namespace clang {
class CXXConstructorDecl;
class CXXRecordDecl;
} // namespace clang

namespace leaktrace {

class ClassSelector;

class CallableSpecialMembers : public clang::ASTMutationListener {
public:
  /// \p Selector says which types are the program's; it is asked for when
  /// needed (it exists once the AST does).
  explicit CallableSpecialMembers(std::function<ClassSelector &()> Selector)
      : Selector(std::move(Selector)) {}

  /// Sema declares implicit special members lazily, where they are first
  /// needed, after the class is complete: make them callable before any
  /// code uses them.
  void AddedCXXImplicitMember(const clang::CXXRecordDecl *RD,
                              const clang::Decl *D) override;

  /// The constructors declared while the class was defined (defaulted ones,
  /// and implicit ones Sema declared then).
  void completedClass(const clang::CXXRecordDecl &RD);

private:
  bool mayHoldCountedObjects(const clang::CXXRecordDecl &RD);
  void makeCallable(const clang::CXXConstructorDecl &Ctor);

  std::function<ClassSelector &()> Selector;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_CALLABLESPECIALMEMBERS_H
