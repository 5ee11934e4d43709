// The seed's sample layers as GoogleTest layers: Layer1, and Layer11 and
// Layer12 that build on it, run 26 tests each that leak nothing; the `leak` suite, in the
// default unit-test layer, leaks on every run. Run it under the tool:
//   leaktrace --layer 'Layer11$' --layer 'Layer12$' -N4 -r -- samplelayers_tests
//   leaktrace --tests-pattern leak -N5 -r -v -- samplelayers_tests
#include "samplelayers.h"

#include <leaktrace/layers.h>

#include <gtest/gtest.h>

#include <memory>
#include <optional>

namespace samplelayers {

// The layers own the fixtures their tests share, for as long as they are
// set up.
struct Layer1Setup : leaktrace::Layer {
  Layer1Setup() : Layer("samplelayers.Layer1") {}
  void setUp() override { Base.emplace(); }
  void tearDown() override { Base.reset(); }
  std::optional<Layer1> Base;
};

struct Layer11Setup : leaktrace::Layer {
  Layer11Setup()
      : Layer("samplelayers.Layer11", {&leaktrace::layer<Layer1Setup>()}) {}
  void setUp() override { Fixture.emplace(*leaktrace::layer<Layer1Setup>().Base); }
  void tearDown() override { Fixture.reset(); }
  std::optional<Layer11> Fixture;
};

struct Layer12Setup : leaktrace::Layer {
  Layer12Setup()
      : Layer("samplelayers.Layer12", {&leaktrace::layer<Layer1Setup>()}) {}
  void setUp() override { Fixture.emplace(*leaktrace::layer<Layer1Setup>().Base); }
  void tearDown() override { Fixture.reset(); }
  std::optional<Layer12> Fixture;
};

class Layer1Test : public ::testing::Test {
protected:
  const Layer1 &fixture() { return *leaktrace::layer<Layer1Setup>().Base; }
};
class Layer11Test : public ::testing::Test {
protected:
  Layer11 &fixture() { return *leaktrace::layer<Layer11Setup>().Fixture; }
};
class Layer12Test : public ::testing::Test {
protected:
  Layer12 &fixture() { return *leaktrace::layer<Layer12Setup>().Fixture; }
};

} // namespace samplelayers

using samplelayers::Layer11Test;
using samplelayers::Layer12Test;
using samplelayers::Layer1Test;
LEAKTRACE_TEST_LAYER(Layer1Test, samplelayers::Layer1Setup);
LEAKTRACE_TEST_LAYER(Layer11Test, samplelayers::Layer11Setup);
LEAKTRACE_TEST_LAYER(Layer12Test, samplelayers::Layer12Setup);

// 26 tests per layer, each using the layer's fixture and dropping what it
// made.
#define SAMPLE_TESTS(FIXTURE)                                                  \
  TEST_F(FIXTURE, test_a) { EXPECT_EQ(fixture().runTest("a"), 1u); }           \
  TEST_F(FIXTURE, test_b) { EXPECT_EQ(fixture().runTest("b"), 1u); }           \
  TEST_F(FIXTURE, test_c) { EXPECT_EQ(fixture().runTest("c"), 1u); }           \
  TEST_F(FIXTURE, test_d) { EXPECT_EQ(fixture().runTest("d"), 1u); }           \
  TEST_F(FIXTURE, test_e) { EXPECT_EQ(fixture().runTest("e"), 1u); }           \
  TEST_F(FIXTURE, test_f) { EXPECT_EQ(fixture().runTest("f"), 1u); }           \
  TEST_F(FIXTURE, test_g) { EXPECT_EQ(fixture().runTest("g"), 1u); }           \
  TEST_F(FIXTURE, test_h) { EXPECT_EQ(fixture().runTest("h"), 1u); }           \
  TEST_F(FIXTURE, test_i) { EXPECT_EQ(fixture().runTest("i"), 1u); }           \
  TEST_F(FIXTURE, test_j) { EXPECT_EQ(fixture().runTest("j"), 1u); }           \
  TEST_F(FIXTURE, test_k) { EXPECT_EQ(fixture().runTest("k"), 1u); }           \
  TEST_F(FIXTURE, test_l) { EXPECT_EQ(fixture().runTest("l"), 1u); }           \
  TEST_F(FIXTURE, test_m) { EXPECT_EQ(fixture().runTest("m"), 1u); }           \
  TEST_F(FIXTURE, test_n) { EXPECT_EQ(fixture().runTest("n"), 1u); }           \
  TEST_F(FIXTURE, test_o) { EXPECT_EQ(fixture().runTest("o"), 1u); }           \
  TEST_F(FIXTURE, test_p) { EXPECT_EQ(fixture().runTest("p"), 1u); }           \
  TEST_F(FIXTURE, test_q) { EXPECT_EQ(fixture().runTest("q"), 1u); }           \
  TEST_F(FIXTURE, test_r) { EXPECT_EQ(fixture().runTest("r"), 1u); }           \
  TEST_F(FIXTURE, test_s) { EXPECT_EQ(fixture().runTest("s"), 1u); }           \
  TEST_F(FIXTURE, test_t) { EXPECT_EQ(fixture().runTest("t"), 1u); }           \
  TEST_F(FIXTURE, test_u) { EXPECT_EQ(fixture().runTest("u"), 1u); }           \
  TEST_F(FIXTURE, test_v) { EXPECT_EQ(fixture().runTest("v"), 1u); }           \
  TEST_F(FIXTURE, test_w) { EXPECT_EQ(fixture().runTest("w"), 1u); }           \
  TEST_F(FIXTURE, test_x) { EXPECT_EQ(fixture().runTest("x"), 1u); }           \
  TEST_F(FIXTURE, test_y) { EXPECT_EQ(fixture().runTest("y"), 1u); }           \
  TEST_F(FIXTURE, test_z) { EXPECT_EQ(fixture().runTest("z"), 1u); }

SAMPLE_TESTS(Layer1Test)
SAMPLE_TESTS(Layer11Test)
SAMPLE_TESTS(Layer12Test)

// The seed's leak module: one test that leaks a ClassicLeakable, a Leakable
// held by a std::shared_ptr, and a plain value, on every run.
TEST(leak, testleak) { leak::testleak(); }
