// A C++ port of zope.testrunner's sample layers (testrunner-ex/samplelayers.py):
// shared set-ups that tests run in. Layer11 and Layer12 both build on Layer1.
#ifndef SAMPLELAYERS_SAMPLELAYERS_H
#define SAMPLELAYERS_SAMPLELAYERS_H

#include <map>
#include <string>
#include <vector>

namespace samplelayers {

// What a layer sets up: a named fixture that tests read from.
class Resource {
public:
  explicit Resource(std::string Name);
  Resource(const Resource &) = default;
  ~Resource();
  const std::string &name() const { return Name; }

private:
  std::string Name;
};

class Layer1 {
public:
  Layer1();
  ~Layer1();
  const Resource &resource() const { return Base; }
  std::size_t runTest(const std::string &Name) const; // one test; returns 1

private:
  Resource Base;
};

class Layer11 {
public:
  explicit Layer11(const Layer1 &Base);
  ~Layer11();
  std::size_t runTests(); // returns how many tests ran
  std::size_t runTest(const std::string &Name); // one test; returns 1

private:
  std::vector<Resource> Resources;
};

class Layer12 {
public:
  explicit Layer12(const Layer1 &Base);
  ~Layer12();
  std::size_t runTests();
  std::size_t runTest(const std::string &Name);

private:
  std::map<std::string, Resource> Index;
};

} // namespace samplelayers

namespace leak {

// Mirrors the seed's leak module: its test leaks on every run one
// ClassicLeakable (through a raw pointer), one Leakable held by a
// std::shared_ptr, and a plain value (a timestamp).
class ClassicLeakable {
public:
  ClassicLeakable();
  ~ClassicLeakable();

private:
  std::string X;
};

class Leakable {
public:
  Leakable();
  ~Leakable();

private:
  std::string X;
};

void testleak();

} // namespace leak

#endif
