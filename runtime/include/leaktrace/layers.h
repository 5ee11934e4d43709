// leaktrace layers: zope.testrunner's test layers for GoogleTest.
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
//     Layer11() : Layer("samplelayers.Layer11", {&leaktrace::layer<Layer1>()}) {}
//   };
//   class Layer11Test : public ::testing::Test { ... };
//   LEAKTRACE_TEST_LAYER(Layer11Test, Layer11);   // every TEST_F(Layer11Test, ...)
//
// Test suites in no layer belong to the default layer
// "leaktrace.layer.UnitTests". Link leaktrace::gtest_main instead of
// gtest_main; run the binary under `leaktrace` to repeat layers and see what
// they leak. Run directly, it runs every test once, as gtest_main would.
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
/// Records that test suite \p Suite runs in \p L; returns true.
bool assignLayer(const char *Suite, Layer &L);
} // namespace detail

} // namespace leaktrace

/// Puts the tests of GoogleTest suite SUITE (TEST_F/TEST_P fixture or TEST
/// suite name) in layer LAYER_TYPE.
#define LEAKTRACE_TEST_LAYER(SUITE, LAYER_TYPE)                                \
  static const bool leaktrace_layer_of_##SUITE =                               \
      ::leaktrace::detail::assignLayer(#SUITE,                                 \
                                       ::leaktrace::layer<LAYER_TYPE>())

#endif // LEAKTRACE_LAYERS_H
