//===- Classes.h - Tracked classes shared by the single-thread tests ------===//
//
// Every class here is counted by the plugin: each has a std::string member
// (so no copy or move constructor is trivial) and a user-provided destructor.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TESTS_RUNTIME_CLASSES_H
#define LEAKTRACE_TESTS_RUNTIME_CLASSES_H

#include <string>

namespace single {

// Its constructor is defined in OtherUnit.cpp and its destructor in
// SingleThreadTest.cpp: both translation units emit the type's descriptor,
// and the linker must merge them into one.
struct Split {
  explicit Split(int N);
  ~Split();
  std::string S;
};

} // namespace single

// Defined in OtherUnit.cpp around a class `(anonymous namespace)::Impl` of its
// own, distinct from the one of SingleThreadTest.cpp.
void *otherNewImpl();
void otherDeleteImpl(void *P);

#endif // LEAKTRACE_TESTS_RUNTIME_CLASSES_H
