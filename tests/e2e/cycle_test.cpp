// A std::shared_ptr cycle: a Parent owns its Child, the Child owns its Parent
// back (it should have held a weak_ptr). Neither is ever destroyed, so every
// run of the leaking test leaves one more of each, and one more owning handle
// of each type. The balanced test breaks the cycle and leaves nothing.
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace cycle {

struct Child;

struct Parent {
  explicit Parent(std::string Name) : Name(std::move(Name)) {}
  ~Parent() {}
  std::string Name;
  std::shared_ptr<Child> Kid;
};

struct Child {
  Child() {}
  ~Child() {}
  std::shared_ptr<Parent> Owner; // the bug: should be a std::weak_ptr
};

std::shared_ptr<Parent> makeFamily(const std::string &Name) {
  auto P = std::make_shared<Parent>(Name);
  P->Kid = std::make_shared<Child>();
  P->Kid->Owner = P;
  return P;
}

} // namespace cycle

TEST(cycle, leaks) {
  auto Family = cycle::makeFamily("leaky");
  EXPECT_EQ(Family.use_count(), 2);
}

TEST(cycle, broken) {
  auto Family = cycle::makeFamily("careful");
  Family->Kid->Owner.reset();
  EXPECT_EQ(Family.use_count(), 1);
}
