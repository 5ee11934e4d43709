#include "samplelayers.h"

#include <chrono>
#include <memory>
#include <tuple>

namespace samplelayers {

Resource::Resource(std::string Name) : Name(std::move(Name)) {}
Resource::~Resource() = default;

Layer1::Layer1() : Base("samplelayers.Layer1") {}
Layer1::~Layer1() = default;

std::size_t Layer1::runTest(const std::string &Name) const {
  Resource Copy = Base;
  Resource Own("test_" + Name);
  return 1;
}

Layer11::Layer11(const Layer1 &Base) { Resources.push_back(Base.resource()); }
Layer11::~Layer11() = default;

// A test builds and drops objects: nothing outlives it.
std::size_t Layer11::runTest(const std::string &Name) {
  Resources.emplace_back("test_" + Name);
  Resources.pop_back();
  return 1;
}

std::size_t Layer11::runTests() {
  std::size_t Ran = 0;
  for (int I = 0; I < 26; ++I)
    Ran += runTest(std::to_string(I));
  return Ran;
}

Layer12::Layer12(const Layer1 &Base) {
  Index.emplace(Base.resource().name(), Base.resource());
}
Layer12::~Layer12() = default;

std::size_t Layer12::runTest(const std::string &Name) {
  std::string Key = "test_" + Name;
  Index.emplace(Key, Resource(Key));
  Index.erase(Key);
  return 1;
}

std::size_t Layer12::runTests() {
  std::size_t Ran = 0;
  for (int I = 0; I < 26; ++I)
    Ran += runTest(std::to_string(I));
  return Ran;
}

} // namespace samplelayers

namespace leak {

ClassicLeakable::ClassicLeakable() : X("x") {}
ClassicLeakable::~ClassicLeakable() = default;
Leakable::Leakable() : X("x") {}
Leakable::~Leakable() = default;

namespace {
std::vector<std::tuple<ClassicLeakable *, std::shared_ptr<Leakable>, double>>
    Leaked;
}

void testleak() {
  double Now = std::chrono::duration<double>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  Leaked.emplace_back(new ClassicLeakable, std::make_shared<Leakable>(), Now);
}

} // namespace leak
