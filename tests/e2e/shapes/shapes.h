// The class shapes that were left out because an object of theirs could be
// built without a call (issue "Count every class"): a trivial default, copy
// or move constructor. shapes.cpp and shapes_other.cpp build, copy, move and
// destroy them; the at-exit report must equal expected.txt, whose numbers
// follow from the comments at each use.
#ifndef LEAKTRACE_TESTS_E2E_SHAPES_H
#define LEAKTRACE_TESTS_E2E_SHAPES_H

#include <string>

namespace shapes {

// The rule-of-three slip: a destructor, the implicit (trivial) copy and
// move constructors.
struct Fd {
  explicit Fd(int F) : F(F) {}
  ~Fd();
  int F;
};

// A class template over a scalar: its copy constructor is trivial.
template <class T> struct Box {
  explicit Box(T V) : V(V) {}
  ~Box() {}
  T V;
};

// An empty class with a constructor and a destructor.
struct Empty {
  Empty() {}
  ~Empty() {}
};

// One int, a delegating constructor, a defaulted default constructor.
class Counter {
public:
  Counter() = default;
  explicit Counter(int N) : N(N) {}
  explicit Counter(const char *) : Counter(7) {}
  ~Counter() {}

private:
  int N = 0;
};

// A class holding an Fd, itself trivially copied: its copies copy the Fd.
struct Holder {
  explicit Holder(int F) : Handle(F) {}
  ~Holder() {}
  Fd Handle;
};

// C++20: std::string's default constructor is constexpr, so is the
// implicit one of a class holding a string: its globals are
// constant-initialised.
class Named {
public:
  ~Named() {}

private:
  std::string S;
};

// An aggregate holding two Counters: the Counters are counted; the Pair
// only by its objects made with new, of which there are none.
struct Pair {
  Counter A, B;
};

// The shapes counted by their objects made with new only (their other
// objects are built or ended without a call, and cannot leak on their own).
// A trivially destructible class, like leveldb's Slice.
struct Span {
  const char *Data;
  int Size;
};
// An aggregate with a non-trivial destructor, like leveldb's Table::Rep.
struct Record {
  std::string Key;
  int Value;
};

// Built in the other file.
Fd makeFd(int F);

} // namespace shapes

#endif
