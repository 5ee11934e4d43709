// leaktrace layers: zope.testrunner's test layers for GoogleTest, Catch2 and
// doctest.
//
// A layer is a named, shared set-up that tests run in. Layers may build on
// base layers: the runner sets every base up once, before the layers that
// need it, and tears layers down when no selected test needs them any more.
//
//   struct Layer1 : leaktrace::Layer {
//     Layer1() : Layer("samplelayers.Layer1") {}
//     void setUp() override { ... }
//     void tearDown() override { ... }
//   };
//   struct Layer11 : leaktrace::Layer {
//     Layer11() : Layer("samplelayers.Layer11", {&leaktrace::layer<Layer1>()})
//     {}
//   };
//   class Layer11Test : public ::testing::Test { ... };
//   LEAKTRACE_TEST_LAYER(Layer11Test, Layer11);   // every TEST_F(Layer11Test,
//   ...)
//
// A layer is given to a group of tests, the framework's own grouping:
//   GoogleTest  a test suite: LEAKTRACE_TEST_LAYER(Suite, L) or
//               LEAKTRACE_LAYER("Suite", L); a parameterised suite
//               "Instance/Suite" and a typed suite "Suite/0" by "Suite" too
//   Catch2      a tag, as written: LEAKTRACE_LAYER("[db]", L)
//   doctest     a test suite: LEAKTRACE_LAYER("db", L) for TEST_SUITE("db")
// Tests in no layer belong to the default layer "leaktrace.layer.UnitTests";
// a test whose groups name two different layers is an error the runner
// reports. Link leaktrace::gtest_main (catch2_main, doctest_main) instead of
// the framework's main; run the binary under `leaktrace` to repeat layers
// and see what they leak. Run directly, it runs every test once, as the
// framework's main would.
#ifndef LEAKTRACE_LAYERS_H
#define LEAKTRACE_LAYERS_H

#include <initializer_list>
#include <string>
#include <vector>

namespace leaktrace {

class Layer {
public:
  explicit Layer(std::string Name, std::initializer_list<Layer *> Bases = {})
      : Name(std::move(Name)), Bases(Bases) {}
  Layer(const Layer &) = delete;
  Layer &operator=(const Layer &) = delete;
  virtual ~Layer() = default;

  virtual void setUp() {}
  virtual void tearDown() {}

  const std::string &name() const { return Name; }
  const std::vector<Layer *> &bases() const { return Bases; }

private:
  std::string Name;
  std::vector<Layer *> Bases;
};

/// The one instance of layer type L.
template <class L> L &layer() {
  static L Instance;
  return Instance;
}

namespace detail {
/// Records that the tests of group \p Group run in \p L; returns true.
bool assignLayer(const char *Group, Layer &L);
} // namespace detail

} // namespace leaktrace

/// Puts the tests of GoogleTest suite SUITE (TEST_F/TEST_P fixture or TEST
/// suite name) in layer LAYER_TYPE.
#define LEAKTRACE_TEST_LAYER(SUITE, LAYER_TYPE)                                \
  static const bool leaktrace_layer_of_##SUITE =                               \
      ::leaktrace::detail::assignLayer(#SUITE,                                 \
                                       ::leaktrace::layer<LAYER_TYPE>())

#define LEAKTRACE_LAYER_CAT2(A, B) A##B
#define LEAKTRACE_LAYER_CAT(A, B) LEAKTRACE_LAYER_CAT2(A, B)
/// Puts the tests of GROUP (a string: a GoogleTest or doctest test suite, a
/// Catch2 tag with its brackets) in layer LAYER_TYPE.
#define LEAKTRACE_LAYER(GROUP, LAYER_TYPE)                                     \
  static const bool LEAKTRACE_LAYER_CAT(leaktrace_layer_, __COUNTER__)         \
      __attribute__((unused)) = ::leaktrace::detail::assignLayer(              \
          GROUP, ::leaktrace::layer<LAYER_TYPE>())

#endif // LEAKTRACE_LAYERS_H
