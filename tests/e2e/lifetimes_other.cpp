#include "lifetimes.h"

namespace {
class Impl {
public:
  Impl() : S("other impl") {}
  ~Impl() {}

private:
  std::string S;
};
} // namespace

void life::leakOtherImpls() {
  new Impl;
  new Impl;
  Impl Balanced;
}
