// A GoogleTest suite one of whose files (uninstrumented_plain.cpp) is
// compiled without the plugin. mixed.destroysWhatItDidNotBuild deletes a
// mixed::BuiltElsewhere built there: -1 insts per run, which no program can
// reach, so the tool leaves the type out of every count from iteration 1 and
// says so. mixed.leaks leaks one mixed::Leaked per run, counted exactly:
// sys refcount is k after iteration k, change 1.
#include "uninstrumented.h"

#include <gtest/gtest.h>

namespace mixed {

BuiltElsewhere::~BuiltElsewhere() {}

class Leaked {
public:
  Leaked() : S("leaked") {}
  ~Leaked() {}

private:
  std::string S;
};

} // namespace mixed

TEST(mixed, destroysWhatItDidNotBuild) { delete mixed::make(1); }

TEST(mixed, leaks) { new mixed::Leaked; }
