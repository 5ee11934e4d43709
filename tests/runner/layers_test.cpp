// A GoogleTest binary with zope-style layers, linked with
// leaktrace_gtest_main and compiled with the plugin. The runner's event
// stream for it is compared whole with an expected file.
#include <leaktrace/layers.h>

#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace samplelayers {

// Records set-ups and tear-downs, so tests can check what is set up.
std::vector<std::string> &live() {
  static std::vector<std::string> Live;
  return Live;
}

struct Layer1 : leaktrace::Layer {
  Layer1() : Layer("samplelayers.Layer1") {}
  void setUp() override { live().push_back(name()); }
  void tearDown() override { live().pop_back(); }
};
struct Layer11 : leaktrace::Layer {
  Layer11() : Layer("samplelayers.Layer11", {&leaktrace::layer<Layer1>()}) {}
  void setUp() override { live().push_back(name()); }
  void tearDown() override { live().pop_back(); }
};
struct Layer12 : leaktrace::Layer {
  Layer12() : Layer("samplelayers.Layer12", {&leaktrace::layer<Layer1>()}) {}
  void setUp() override { live().push_back(name()); }
  void tearDown() override { live().pop_back(); }
};

class Item {
public:
  explicit Item(std::string N) : N(std::move(N)) {}
  Item(const Item &) = default;
  ~Item() {}

private:
  std::string N;
};

class Layer11Test : public ::testing::Test {};
class Layer12Test : public ::testing::Test {};
} // namespace samplelayers

using samplelayers::Layer11Test;
using samplelayers::Layer12Test;
LEAKTRACE_TEST_LAYER(Layer11Test, samplelayers::Layer11);
LEAKTRACE_TEST_LAYER(Layer12Test, samplelayers::Layer12);

TEST_F(Layer11Test, SetUpWithBase) {
  std::vector<std::string> Expected = {"samplelayers.Layer1",
                                       "samplelayers.Layer11"};
  EXPECT_EQ(samplelayers::live(), Expected);
}
TEST_F(Layer11Test, Balanced) {
  std::vector<samplelayers::Item> Items(3, samplelayers::Item("x"));
}
TEST_F(Layer12Test, SetUpWithBase) {
  std::vector<std::string> Expected = {"samplelayers.Layer1",
                                       "samplelayers.Layer12"};
  EXPECT_EQ(samplelayers::live(), Expected);
}
TEST_F(Layer12Test, Balanced) { samplelayers::Item I("y"); }

namespace leak {
class Leakable {
public:
  Leakable() : X("x") {}
  ~Leakable() {}

private:
  std::string X;
};
std::vector<Leakable *> Leaked;
} // namespace leak

// In no layer: the default unit-test layer.
TEST(leak, testleak) { leak::Leaked.push_back(new leak::Leakable); }
TEST(plain, skipped) { GTEST_SKIP() << "not today"; }

// Crashes or leaves without a word (_exit: no handler, no flush) only when
// asked, so that the tool's handling of a dying test binary can be tested;
// otherwise it passes.
TEST(crash, segfault) {
  if (getenv("LEAKTRACE_TEST_CRASH"))
    raise(SIGSEGV);
  if (getenv("LEAKTRACE_TEST_EXIT"))
    _exit(3);
}

// Fails only when asked, for the tool's report of failures.
TEST(fail, whenAsked) {
  if (getenv("LEAKTRACE_TEST_FAIL"))
    FAIL() << "asked to fail";
}

// Hangs only when asked, for the tool's --timeout.
TEST(hang, whenAsked) {
  if (getenv("LEAKTRACE_TEST_HANG"))
    pause();
}

// Parameterised tests join a layer too: GoogleTest names their suite
// "Instantiation/Suite", the layer is assigned by the fixture's name.
namespace samplelayers {
struct ParamsLayer : leaktrace::Layer {
  ParamsLayer() : Layer("samplelayers.Params") {}
  void setUp() override { live().push_back(name()); }
  void tearDown() override { live().pop_back(); }
};
class ParamsTest : public ::testing::TestWithParam<int> {};
} // namespace samplelayers
using samplelayers::ParamsTest;
LEAKTRACE_TEST_LAYER(ParamsTest, samplelayers::ParamsLayer);
TEST_P(ParamsTest, InItsLayer) {
  std::vector<std::string> Expected = {"samplelayers.Params"};
  EXPECT_EQ(samplelayers::live(), Expected);
}
INSTANTIATE_TEST_SUITE_P(Two, ParamsTest, ::testing::Values(1, 2));
