// End-to-end: every construction path of construction_paths.h, compiled
// with the plugin at -O0 and -O2 and run with LEAKTRACE_REPORT=exit. What
// each class leaves alive at exit is written next to its use; the report
// must equal construction_paths.expected exactly. A path that is not counted
// shows as a negative count (built without +1, destroyed with -1).
#include "construction_paths.h"

#include <any>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <thread>
#include <variant>
#include <vector>

namespace paths {

// 13: built before main, destroyed after it (before the report).
Static GlobalStatic(1);
Static &localStatic() {
  static Static S(2.0);
  return S;
}
thread_local Static PerThread('c');

void takeImplicit(Implicit) {}

// 11: classes local to a function template specialisation (a local class
// cannot have a member template, so its constructor is not one).
template <class T> void *makeLocals() {
  struct Local {
    explicit Local(T x) : S(std::to_string(x)) {}
    std::string S;
    ~Local() {}
  };
  { Local L(1); }
  return new Local(T(2));
}

} // namespace paths

using namespace paths;

int main() {
  // 1: one built and destroyed, one left alive.                      -> 1
  { TemplateCtor A(1); }
  new TemplateCtor(2.0);

  // 2: three built in the other unit, one destroyed here.             -> 2
  OtherUnit *First = makeOtherUnit();
  makeOtherUnit();
  makeOtherUnit();
  delete First;

  // 3: three through the specialisation of the other unit; one through
  // the primary template, destroyed.                                  -> 3
  for (int I = 0; I < 3; ++I)
    new Specialized(I);
  delete new Specialized(1.5);

  // 4: four in a vector that reallocates (copies, destroys the old ones),
  // one by make_shared (with its handle), one by make_unique.  -> 6, refs 1
  auto *Elements = new std::vector<Variadic>;
  for (int I = 0; I < 4; ++I)
    Elements->emplace_back(I, 0.5);
  new std::shared_ptr<Variadic>(std::make_shared<Variadic>(1, 2));
  std::make_unique<Variadic>(3).release();

  // 5: two specialisations of the member template; Box<long> is built and
  // destroyed.                                                        -> 2
  new Box<int>(1.5);
  new Box<int>('c');
  { Box<long> B(3); }

  // 6: the inherited constructor template, twice, and once on the stack. -> 2
  new Inheriting(1);
  new Inheriting(2.5);
  { Inheriting I(3); }

  // 7                                                                 -> 1
  new InheritsTemplateBase(1);

  // 8: one delegation into the template, one out of another template
  // through two delegations; one direct, destroyed.                   -> 2
  new Delegating(1);
  new Delegating(1.0, 2.0, 3.0);
  { Delegating D(std::string("x"), 1); }

  // 9: thrown and caught by reference three times, caught by value (a
  // copy), rethrown; one copy kept in a leaked exception_ptr.         -> 1
  for (int I = 0; I < 3; ++I) {
    try {
      throw Thrown(I);
    } catch (const Thrown &) {
    }
  }
  try {
    throw Thrown(1.5);
  } catch (Thrown ByValue) {
    (void)ByValue;
  }
  try {
    try {
      throw Thrown(2);
    } catch (...) {
      throw;
    }
  } catch (const Thrown &) {
  }
  new std::exception_ptr(std::make_exception_ptr(Thrown(7)));

  // 10: the template copies a non-const lvalue.                       -> 1
  {
    GreedyCopy Original;
    new GreedyCopy(Original);
  }

  // 11: placement new into leaked memory; construct_at and destroy_at. -> 1
  new (::operator new(sizeof(Placed))) Placed(1);
  {
    alignas(Placed) unsigned char Storage[sizeof(Placed)];
    Placed *P = std::construct_at(reinterpret_cast<Placed *>(Storage), 2);
    std::destroy_at(P);
  }

  // 12: array new through the defaulted template; one array deleted.  -> 3
  new DefaultedByTemplate[3];
  delete[] new DefaultedByTemplate[2];

  // 13: the global, the function-local static and a thread's thread_local
  // are all destroyed before the report.                              -> 0
  localStatic();
  std::thread([] { (void)PerThread.S; }).join();

  // 14: an initializer_list's elements copied into vectors; the leaked
  // vector keeps two copies.                                          -> 2
  {
    std::vector<ListElem> V = {1, 2.5, 'c'};
  }
  new std::vector<ListElem>{4, 5};

  // 15: a by-value capture kept in a leaked std::function.            -> 1
  {
    Captured C(1);
    new std::function<void()>([C] { (void)C.S; });
  }

  // 16: optional, variant and any, one of each leaked.           -> 1, 1, 1
  new std::optional<Optional>(std::in_place, 1);
  {
    std::optional<Optional> O;
    O.emplace(2);
  }
  new std::variant<int, Alternative>(std::in_place_type<Alternative>, 3);
  new std::any(std::in_place_type<AnyHeld>, 4);
  { std::any A = AnyHeld(5); }

  // 17: the virtual base is a subobject, never a complete object.  -> 1, 1
  new Bottom;
  new Mid;

  // 18: temporaries by conversion and bound to a reference.           -> 1
  takeImplicit(5);
  {
    const Implicit &R = Implicit(2.5);
    (void)R;
  }
  new Implicit(7);

  // 19                                                          -> 1, 1, 1
  new Partial<int *>(1);
  new Outer<int>::Inner(2);
  new Tagged(3);

  // 11 (local classes)                                                -> 1
  makeLocals<int>();
}
