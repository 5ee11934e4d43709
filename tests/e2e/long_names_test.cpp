// Type names longer than zope's 55-character column: the table widens to
// the longest name so that every row's numbers stay aligned. Each run
// leaks one object of a long-named template specialisation and one of a
// short-named class.
#include <gtest/gtest.h>

#include <string>

namespace names {
struct AnArgumentWithAFairlyLongName {};
template <class T> struct AContainerTemplateWithALongName {
  AContainerTemplateWithALongName() : S("long") {}
  ~AContainerTemplateWithALongName() {}
  std::string S;
};
struct Short {
  Short() : S("short") {}
  ~Short() {}
  std::string S;
};
} // namespace names

TEST(names, leakBoth) {
  new names::AContainerTemplateWithALongName<
      names::AnArgumentWithAFairlyLongName>;
  new names::Short;
}
