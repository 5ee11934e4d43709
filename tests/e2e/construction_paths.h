// Every way Clang builds a complete object of a class, as audited for
// leaktrace (README, "Construction paths"): one class per path, all with a
// constructor template somewhere, each counted. construction_paths.cpp and
// construction_paths_other.cpp build and destroy them; the at-exit report
// must equal construction_paths.expected, whose numbers follow from what the
// program does (see the comments at each class's use).
#ifndef LEAKTRACE_TESTS_E2E_CONSTRUCTION_PATHS_H
#define LEAKTRACE_TESTS_E2E_CONSTRUCTION_PATHS_H

#include <string>
#include <type_traits>
#include <utility>

namespace paths {

// Spelled out in every class: a member whose copy runs code (so no special
// member is trivial) and a destructor of its own.
#define PATHS_COUNTED_MEMBERS(Name)                                            \
  std::string S;                                                               \
  ~Name()

// 1. A constructor template.
struct TemplateCtor {
  template <class X> explicit TemplateCtor(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(TemplateCtor) {}
};

// 2. A constructor template instantiated in the other translation unit only.
struct OtherUnit {
  template <class X> explicit OtherUnit(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(OtherUnit) {}
};
OtherUnit *makeOtherUnit();

// 3. An explicit specialisation of a constructor template, defined in the
// other translation unit.
struct Specialized {
  template <class X> explicit Specialized(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Specialized);
};
template <> Specialized::Specialized(int x);

// 4. A variadic forwarding constructor template, reached through
// emplace_back, make_shared and make_unique.
struct Variadic {
  template <class... A, class = std::enable_if_t<
                            (std::is_arithmetic_v<std::decay_t<A>> && ...)>>
  explicit Variadic(A &&...a) : S((std::to_string(a) + ...)) {}
  Variadic(const Variadic &) = default;
  PATHS_COUNTED_MEMBERS(Variadic) {}
};

// 5. A member template of a class template.
template <class T> struct Box {
  template <class U> explicit Box(U u) : S(std::to_string(u)), V(T(u)) {}
  PATHS_COUNTED_MEMBERS(Box) {}
  T V;
};

// 6. An inherited constructor template.
struct Base {
  template <class X> explicit Base(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Base) {}
};
struct Inheriting : Base {
  using Base::Base;
  ~Inheriting() {}
};

// 7. A constructor template inherited from a class template.
template <class T> struct TemplateBase {
  template <class X> explicit TemplateBase(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(TemplateBase) {}
};
struct InheritsTemplateBase : TemplateBase<int> {
  using TemplateBase<int>::TemplateBase;
  ~InheritsTemplateBase() {}
};

// 8. Delegation to and from a constructor template: each object counts
// once, through the constructor that does not delegate.
struct Delegating {
  explicit Delegating(int x) : Delegating(std::to_string(x), 0) {}
  template <class X> Delegating(X x, int) : S(std::move(x)) {}
  template <class X>
  Delegating(X a, X b, X c) : Delegating(static_cast<int>(a + b + c)) {}
  PATHS_COUNTED_MEMBERS(Delegating) {}
};

// 9. An exception type with a constructor template: thrown, caught by
// reference and by value, rethrown, kept in an exception_ptr.
struct Thrown {
  template <class X> explicit Thrown(X x) : S(std::to_string(x)) {}
  Thrown(const Thrown &) = default;
  PATHS_COUNTED_MEMBERS(Thrown) {}
};

// 10. A constructor template that wins over the copy constructor for a
// non-const lvalue.
struct GreedyCopy {
  GreedyCopy() : S("greedy") {}
  GreedyCopy(const GreedyCopy &) = default;
  template <class X> GreedyCopy(X &x) : S(x.S + "!") {}
  PATHS_COUNTED_MEMBERS(GreedyCopy) {}
};

// 11. Placement new and std::construct_at.
struct Placed {
  template <class X> explicit Placed(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Placed) {}
};

// 12. Array new of a class whose default constructor is a constructor
// template with a default argument.
struct DefaultedByTemplate {
  template <class X = int> DefaultedByTemplate(X x = 0) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(DefaultedByTemplate) {}
};

// 13. A global, a function-local static and a thread_local, built by a
// constructor template before or during main and destroyed after it.
struct Static {
  template <class X> explicit Static(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Static) {}
};

// 14. Elements of a std::initializer_list, copied into a vector.
struct ListElem {
  template <class X> ListElem(X x) : S(std::to_string(x)) {}
  ListElem(const ListElem &) = default;
  PATHS_COUNTED_MEMBERS(ListElem) {}
};

// 15. Captured by value in a lambda, kept in a std::function.
struct Captured {
  template <class X> explicit Captured(X x) : S(std::to_string(x)) {}
  Captured(const Captured &) = default;
  PATHS_COUNTED_MEMBERS(Captured) {}
};

// 16. In std::optional, std::variant and std::any.
struct Optional {
  template <class X> explicit Optional(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Optional) {}
};
struct Alternative {
  template <class X> explicit Alternative(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Alternative) {}
};
struct AnyHeld {
  template <class X> explicit AnyHeld(X x) : S(std::to_string(x)) {}
  AnyHeld(const AnyHeld &) = default;
  PATHS_COUNTED_MEMBERS(AnyHeld) {}
};

// 17. A virtual base built by a constructor template: the most-derived
// class builds it, and only the most-derived object counts.
struct VirtualBase {
  template <class X> explicit VirtualBase(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(VirtualBase) {}
};
struct Mid : virtual VirtualBase {
  Mid() : VirtualBase(1) {}
  ~Mid() {}
};
struct Bottom : Mid {
  Bottom() : VirtualBase(2) {}
  ~Bottom() {}
};

// 18. Temporaries: a conversion by a non-explicit constructor template, and
// one bound to a reference.
struct Implicit {
  template <class X> Implicit(X x) : S(std::to_string(x)) {}
  Implicit(const Implicit &) = default;
  PATHS_COUNTED_MEMBERS(Implicit) {}
};

// 19. A partial specialisation, a class nested in a class template and a
// class with an ABI tag, each with a constructor template.
template <class T> struct Partial;
template <class T> struct Partial<T *> {
  template <class X> explicit Partial(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Partial) {}
};
template <class T> struct Outer {
  struct Inner {
    template <class X> explicit Inner(X x) : S(std::to_string(x)) {}
    PATHS_COUNTED_MEMBERS(Inner) {}
  };
};
struct [[gnu::abi_tag("v2")]] Tagged {
  template <class X> explicit Tagged(X x) : S(std::to_string(x)) {}
  PATHS_COUNTED_MEMBERS(Tagged) {}
};

} // namespace paths

#endif
