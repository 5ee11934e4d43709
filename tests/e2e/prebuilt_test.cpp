// A GoogleTest suite over the prebuilt library of prebuilt.h (compiled
// without the plugin). prebuilt.disposesThings builds a Thing here (counted)
// that the library destroys (not counted): without the link check it would
// read as +1 Thing per iteration, a leak that is not there. The runtime finds
// the uncounted destructor, so the tool leaves Thing out from iteration 1
// and names it; prebuilt.leaks leaks one own::Leaked per run, exactly.
#include "prebuilt.h"

#include <gtest/gtest.h>

namespace own {
class Leaked {
public:
  Leaked() : S("leaked") {}
  ~Leaked() {}

private:
  std::string S;
};
} // namespace own

TEST(prebuilt, disposesThings) { vendorlib::dispose(new vendorlib::Thing(1)); }

TEST(prebuilt, leaks) { new own::Leaked; }
