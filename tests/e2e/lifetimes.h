// Classes for the end-to-end lifetime test: every way C++ builds and ends a
// complete object that leaktrace counts.
#ifndef LEAKTRACE_TESTS_E2E_LIFETIMES_H
#define LEAKTRACE_TESTS_E2E_LIFETIMES_H

#include <string>

namespace life {

class Widget {
public:
  Widget();          // delegates to Widget(int)
  explicit Widget(int N);
  Widget(const Widget &Other);
  ~Widget();

private:
  std::string S;
};

struct Base {
  explicit Base(std::string B);
  virtual ~Base();
  std::string B;
};

// Inheriting constructors: complete objects are built through CI1.
struct Inheriting : Base {
  using Base::Base;
  ~Inheriting() override;
  std::string Extra;
};

struct VBase {
  VBase();
  virtual ~VBase();
  std::string V;
};
struct Left : virtual VBase {
  Left();
  ~Left() override;
};
struct Right : virtual VBase {
  Right();
  ~Right() override;
};
struct Diamond : Left, Right {
  Diamond();
  ~Diamond() override;
};

template <class T> class Box {
public:
  Box() : S("box") {}
  ~Box() {}

private:
  std::string S;
  T Value{};
};

class TryBlock {
public:
  explicit TryBlock(bool Fail);
  ~TryBlock();

private:
  std::string S;
};

// Its constructor throws after a Widget member was built.
class Thrower {
public:
  Thrower();
  ~Thrower();

private:
  Widget W;
  std::string S;
};

class StaticLeak {
public:
  StaticLeak();
  ~StaticLeak();

private:
  std::string S;
};

// Defined in lifetimes_other.cpp: leaks two of its own anonymous-namespace
// Impl, a type distinct from lifetimes.cpp's Impl.
void leakOtherImpls();

} // namespace life

#endif
