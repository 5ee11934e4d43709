//===- CallableSpecialMembers.cpp - Trivial constructors that emit calls --===//

#include "CallableSpecialMembers.h"
#include "ClassSelection.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Version.h"

using namespace clang;

namespace leaktrace {

bool CallableSpecialMembers::mayHoldCountedObjects(const CXXRecordDecl &RD) {
  // A trivial destructor ends no counted object: such a class holds none.
  // Unions are copied bytewise whatever their members' constructors are.
  if (!RD.isCompleteDefinition() || RD.isDependentContext() || RD.isUnion() ||
      RD.hasTrivialDestructor())
    return false;
#if CLANG_VERSION_MAJOR >= 22
  QualType T = RD.getASTContext().getCanonicalTagType(&RD);
#else
  QualType T = RD.getASTContext().getRecordType(&RD);
#endif
  return Selector().isProgramType(T);
}

void CallableSpecialMembers::makeCallable(const CXXConstructorDecl &Ctor) {
  if (!Ctor.isTrivial() || Ctor.isDeleted() || Ctor.isUserProvided())
    return;
  if (!Ctor.isDefaultConstructor() && !Ctor.isCopyOrMoveConstructor())
    return;
  // Code generation asks the declaration: a non-trivial one is called (and
  // Sema defines its body when it is used). Whether the class is trivially
  // copyable, and how it is passed, are the class's own flags and stay.
  const_cast<CXXConstructorDecl &>(Ctor).setTrivial(false);
}

void CallableSpecialMembers::AddedCXXImplicitMember(const CXXRecordDecl *RD,
                                                    const Decl *D) {
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(D);
  if (Ctor && RD && mayHoldCountedObjects(*RD))
    makeCallable(*Ctor);
}

void CallableSpecialMembers::completedClass(const CXXRecordDecl &RD) {
  if (!mayHoldCountedObjects(RD))
    return;
  for (const CXXConstructorDecl *Ctor : RD.ctors())
    makeCallable(*Ctor);
}

} // namespace leaktrace
