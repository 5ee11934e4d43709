// -fplugin-arg-leaktrace-remarks prints exactly one remark per class that is
// left out, at the class, with the reason, and a last line counting the
// classes counted and left out; nothing for counted classes, for things
// that are not classes with objects of their own (unions, lambdas,
// templates themselves, declarations), for classes with no object that
// could leak on its own (abstract interfaces; type traits, tags and other
// trivially destructible classes the file never allocates with new) or for
// system headers. Without the option the plugin is silent.
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

// Allocated with new below: its heap objects could leak, and only they are
// counted.
// CHECK: remarks.cpp:[[@LINE+1]]:8: remark: leaktrace: only the objects of 'Point' made with new are counted: its destructor is trivial, so destruction emits no call to count
struct Point {
  int X, Y;
};
Point *makePoint() { return new Point{1, 2}; }

// No objects that could leak: a trait, a tag, an abstract interface.
template <class T> struct IsCounted {
  static constexpr bool value = true;
};
static_assert(IsCounted<int>::value);
struct InPlace {};
class Listener {
public:
  virtual ~Listener();
  virtual void notify() = 0;
};

// An aggregate this file never allocates with new: nothing of it is counted
// here, and nothing of it can leak on its own, so no remark.
struct Config {
  std::string Path;
  std::vector<int> Ports;
};

class Handle {
public:
  Handle() = default;
  Handle(const Handle &);
  ~Handle();

private:
  int Fd;
};

class Span {
public:
  Span(int *B, int *E);
  ~Span();

private:
  int *Begin, *End;
};

class Token {
public:
  Token();
  Token(const Token &);
  Token(Token &&) = default;
  ~Token();

private:
  int Id;
};

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
// One remark per specialisation allocated with new, at the template; none
// for the template, none for Pair<double> (a member by value only).
// Pair<int> is allocated only as an array, which is not counted: its remark
// is at the new[] (in allocatePairs).
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

  // Never allocated with new: no remark.
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
// The array of Pair<int> in allocatePairs is reported with its class, here.
// CHECK: remarks.cpp:[[@LINE+8]]:12: remark: leaktrace: arrays of 'geo::Pair<int>' made with new[] are not counted: delete[] of them does not say how many objects end
// CHECK: remarks.cpp:[[@LINE+1]]:22: remark: leaktrace: only the objects of 'geo::Pair<long>' made with new are counted: its destructor is trivial, so destruction emits no call to count
template struct geo::Pair<long>;
// CHECK: remarks.cpp:[[@LINE+1]]:25: remark: leaktrace: only the objects of 'geo::Pair<short>' made with new are counted: its destructor is trivial, so destruction emits no call to count
template <> struct geo::Pair<short> {
  short Only;
};
void allocatePairs() {
  delete[] new geo::Pair<int>[2];
  delete new geo::Pair<long>;
  delete new geo::Pair<short>;
  // Placement new builds in memory someone else owns: not a heap object.
  alignas(geo::Pair<double>) char Buffer[sizeof(geo::Pair<double>)];
  new (Buffer) geo::Pair<double>;
}

// Declared first, defined later: one remark, at the definition.
struct Forward;
// CHECK: remarks.cpp:[[@LINE+1]]:8: remark: leaktrace: only the objects of 'Forward' made with new are counted: its destructor is trivial, so destruction emits no call to count
struct Forward {
  int X;
};
struct Forward;
Forward *makeForward() { return new Forward; }

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

// Counted: Counted, Handle, Span, Token, Registry, geo::Shape, Listener
// (abstract: it has no objects of its own, but would count them); by their
// objects made with new: Point, geo::Pair<long>, <short>, Forward. Left
// out: Scratch.
// CHECK: remark: leaktrace: this file counts 11 classes (4 only by their objects made with new) and leaves out 1
