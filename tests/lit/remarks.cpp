// -fplugin-arg-leaktrace-remarks prints exactly one remark per class that is
// left out, at the class, with the reason; nothing for counted classes, for
// things that are not classes with objects of their own (unions, lambdas,
// templates themselves, declarations) or for system headers. Without the
// option the plugin is silent.
//
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=remark: --implicit-check-not=warning: \
// RUN:       --implicit-check-not=error:
// Code generation adds none: the remarks come once from the front end.
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -O0 -c -o %t.O0.o %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=remark: --implicit-check-not=warning: \
// RUN:       --implicit-check-not=error:
// RUN: %clangxx -fplugin=%plugin -fplugin-arg-leaktrace-remarks -O2 -c -o %t.O2.o %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=remark: --implicit-check-not=warning: \
// RUN:       --implicit-check-not=error:
// RUN: %clangxx -fplugin=%plugin -O2 -c -o %t.quiet.o %s 2>&1 | count 0

#include <memory>
#include <string>
#include <vector>

class Counted {
public:
  Counted();
  ~Counted();

private:
  std::string Name;
};

// CHECK: remarks.cpp:[[@LINE+1]]:8: remark: leaktrace: 'Point' is not counted: its destructor is trivial, so destruction emits no call to count
struct Point {
  int X, Y;
};

// CHECK: remarks.cpp:[[@LINE+1]]:8: remark: leaktrace: 'Config' is not counted: it is an aggregate, so aggregate initialisation builds objects without a constructor call
struct Config {
  std::string Path;
  std::vector<int> Ports;
};

// CHECK: remarks.cpp:[[@LINE+1]]:7: remark: leaktrace: 'Handle' is not counted: its default constructor is trivial, so default construction emits no call
class Handle {
public:
  Handle() = default;
  Handle(const Handle &);
  ~Handle();

private:
  int Fd;
};

// CHECK: remarks.cpp:[[@LINE+1]]:7: remark: leaktrace: 'Span' is not counted: its copy constructor is trivial, so copies are made without a call
class Span {
public:
  Span(int *B, int *E);
  ~Span();

private:
  int *Begin, *End;
};

// CHECK: remarks.cpp:[[@LINE+1]]:7: remark: leaktrace: 'Token' is not counted: its move constructor is trivial, so moves are made without a call
class Token {
public:
  Token();
  Token(const Token &);
  Token(Token &&) = default;
  ~Token();

private:
  int Id;
};

// CHECK: remarks.cpp:[[@LINE+1]]:7: remark: leaktrace: 'Registry' is not counted: it has a constexpr constructor, so constant-initialised objects are built without a call
class Registry {
public:
  constexpr Registry() : Head(nullptr) {}
  Registry(const Registry &);
  ~Registry();

private:
  Counted *Head;
};

// CHECK: remarks.cpp:[[@LINE+1]]:48: remark: leaktrace: 'Scratch' is not counted: annotated leaktrace::ignore
class [[clang::annotate("leaktrace::ignore")]] Scratch {
public:
  Scratch();
  ~Scratch();

private:
  std::string Buffer;
};

namespace geo {
// One remark per specialisation, at the template; none for the template.
// CHECK: remarks.cpp:[[@LINE+2]]:30: remark: leaktrace: 'geo::Pair<int>' is not counted: its destructor is trivial, so destruction emits no call to count
// CHECK: remarks.cpp:[[@LINE+1]]:30: remark: leaktrace: 'geo::Pair<double>' is not counted: its destructor is trivial, so destruction emits no call to count
template <typename T> struct Pair {
  T First, Second;
};

// Never instantiated: nothing to report.
template <typename T> struct Unused {
  T Value;
};

class Shape {
public:
  Shape();
  virtual ~Shape();

  // A nested class is reported under its qualified name.
  // CHECK: remarks.cpp:[[@LINE+1]]:10: remark: leaktrace: 'geo::Shape::Extent' is not counted: its destructor is trivial, so destruction emits no call to count
  struct Extent {
    double W, H;
  };

private:
  std::unique_ptr<Pair<int>> Origin;
  Pair<double> Size;
};
} // namespace geo

// An explicit instantiation is reported where it is written, an explicit
// specialisation at its own definition.
// CHECK: remarks.cpp:[[@LINE+1]]:22: remark: leaktrace: 'geo::Pair<long>' is not counted: its destructor is trivial, so destruction emits no call to count
template struct geo::Pair<long>;
// CHECK: remarks.cpp:[[@LINE+1]]:25: remark: leaktrace: 'geo::Pair<short>' is not counted: its destructor is trivial, so destruction emits no call to count
template <> struct geo::Pair<short> {
  short Only;
};

// Declared first, defined later: one remark, at the definition.
struct Forward;
// CHECK: remarks.cpp:[[@LINE+1]]:8: remark: leaktrace: 'Forward' is not counted: its destructor is trivial, so destruction emits no call to count
struct Forward {
  int X;
};
struct Forward;

// Not classes with objects of their own.
union Bits {
  int I;
  float F;
};
struct Declared;

// Used many times, still reported once.
geo::Pair<int> add(geo::Pair<int> A, geo::Pair<int> B) {
  auto Sum = [](int X, int Y) { return X + Y; };
  return {Sum(A.First, B.First), Sum(A.Second, B.Second)};
}
geo::Pair<int> twice(geo::Pair<int> A) { return add(A, A); }
