//===- OtherUnit.cpp - A second translation unit for the runtime tests ----===//

#include "Classes.h"

namespace single {
Split::Split(int N) : S(std::to_string(N)) {}
} // namespace single

namespace {
// Same qualified name as the Impl of SingleThreadTest.cpp, different type.
struct Impl {
  Impl() : S("other") {}
  ~Impl() {}
  std::string S;
};
} // namespace

void *otherNewImpl() { return new Impl; }
void otherDeleteImpl(void *P) { delete static_cast<Impl *>(P); }
