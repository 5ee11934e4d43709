//===- SingleThreadTest.cpp - Exact counts of instrumented classes --------===//
//
// Compiled with the leaktrace plugin: every count below comes from the
// instrumented complete-object constructors (C1/CI1) and destructors (D1) of
// the classes in this file, read back through leaktrace_snapshot().
//
//===----------------------------------------------------------------------===//

#include "Classes.h"
#include "Counts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

using lt_test::Baseline;
using lt_test::Snapshot;

namespace single {

struct Plain {
  Plain() : S("plain") {}
  explicit Plain(int N) : S(std::to_string(N)) {}
  Plain(const Plain &) = default;
  Plain &operator=(const Plain &) = default;
  ~Plain() {}
  std::string S;
};

// A tracked class with tracked members: members are complete objects of
// their own type and count as such.
struct Outer {
  Outer() : S("outer") {}
  ~Outer() {}
  Plain A, B;
  std::string S;
};

struct Delegating {
  Delegating() : Delegating(7) {}
  explicit Delegating(int N) : S(size_t(N), 'd') {}
  // Two delegations in a row: const char * -> std::string -> int.
  explicit Delegating(const char *P) : Delegating(std::string(P)) {}
  explicit Delegating(const std::string &T) : Delegating(int(T.size())) {}
  // The target constructor completes, then the body throws: the object was
  // constructed, so its destructor runs ([except.ctor]).
  explicit Delegating(bool) : Delegating(1) { throw std::runtime_error("x"); }
  ~Delegating() {}
  std::string S;
};

struct InhBase {
  InhBase(int N, const std::string &T) : S(T + std::to_string(N)) {}
  virtual ~InhBase() {}
  std::string S;
};

struct Inheriting : InhBase {
  using InhBase::InhBase;
  ~Inheriting() override {}
  std::string Extra;
};

// Itanium passes no arguments to the base-object variant of a constructor
// inherited from a virtual base (CI2): only CI1 has them.
struct InhVBase {
  explicit InhVBase(int N) : S(std::to_string(N)) {}
  virtual ~InhVBase() {}
  std::string S;
};

struct InheritingFromVBase : virtual InhVBase {
  using InhVBase::InhVBase;
  ~InheritingFromVBase() override {}
  std::string Extra;
};

struct VarBase {
  VarBase(int N, ...) : S(std::to_string(N)) {}
  virtual ~VarBase() {}
  std::string S;
};

struct InheritingVariadic : VarBase {
  using VarBase::VarBase;
  ~InheritingVariadic() override {}
  std::string Extra;
};

struct VBase {
  VBase() : S("vbase") {}
  virtual ~VBase() {}
  std::string S;
};
struct Left : virtual VBase {
  Left() : L("left") {}
  ~Left() override {}
  std::string L;
};
struct Right : virtual VBase {
  Right() : R("right") {}
  ~Right() override {}
  std::string R;
};
struct Diamond : Left, Right {
  Diamond() : D("diamond") {}
  ~Diamond() override {}
  std::string D;
};

struct Base {
  Base() : S("base") {}
  virtual ~Base() {}
  std::string S;
};
struct Derived : Base {
  Derived() : T("derived") {}
  ~Derived() override {}
  std::string T;
};
// Not counted itself; its Base subobject is not a complete object either.
struct LEAKTRACE_IGNORE IgnoredDerived : Base {
  IgnoredDerived() : T("ignored") {}
  ~IgnoredDerived() override {}
  std::string T;
};

int Caught = 0;

std::string valueOrThrow(bool Throw) {
  if (Throw)
    throw std::runtime_error("member initialiser");
  return "ok";
}

struct TryBlock {
  TryBlock(bool ThrowInInit, bool ThrowInBody) try
      : S(valueOrThrow(ThrowInInit)) {
    if (ThrowInBody)
      throw std::runtime_error("body");
  } catch (...) {
    ++Caught; // the handler of a constructor rethrows when it ends
  }
  ~TryBlock() {}
  std::string S;
};

struct Throwing {
  explicit Throwing(bool Throw) : S("throwing") {
    if (Throw)
      throw std::runtime_error("constructor");
  }
  ~Throwing() {}
  std::string S;
};

// The Plain member is fully constructed before the body throws; unwinding
// destroys it.
struct ThrowingHolder {
  explicit ThrowingHolder(bool Throw) : S("holder") {
    if (Throw)
      throw std::runtime_error("holder");
  }
  ~ThrowingHolder() {}
  Plain Member;
  std::string S;
};

// Only used by the registration-order test, so that its first count happens
// there.
struct FirstSeenHere {
  FirstSeenHere() : S("first") {}
  ~FirstSeenHere() {}
  std::string S;
};

// Left out by the plugin (aggregate): never gets a row.
struct Aggregate {
  std::string S;
};

Split::~Split() {}

} // namespace single

namespace ns {
template <class T> struct Box {
  Box() : S("box") {}
  ~Box() {}
  T Value{};
  std::string S;
};
} // namespace ns

namespace {
// OtherUnit.cpp has a class of the same name.
struct Impl {
  Impl() : S("impl") {}
  ~Impl() {}
  std::string S;
};
} // namespace

using namespace single;

namespace {

TEST(SingleThread, ConstructAndDestroyManyObjects) {
  constexpr int N = 1000;
  Baseline B;
  std::vector<std::unique_ptr<Plain>> Objects;
  for (int I = 0; I < N; ++I)
    Objects.push_back(std::make_unique<Plain>(I));
  EXPECT_EQ(B.insts("single::Plain"), N);
  Objects.resize(N / 4);
  EXPECT_EQ(B.insts("single::Plain"), N / 4);
  {
    Plain OnStack;
    EXPECT_EQ(B.insts("single::Plain"), N / 4 + 1);
  }
  EXPECT_EQ(B.insts("single::Plain"), N / 4);
  Objects.clear();
  EXPECT_EQ(B.insts("single::Plain"), 0);
  EXPECT_EQ(B.refs("single::Plain"), 0);
}

TEST(SingleThread, TemporariesAndMembers) {
  Baseline B;
  size_t Length = Plain(12345).S.size(); // destroyed at the end of the line
  EXPECT_EQ(Length, 5u);
  EXPECT_EQ(B.insts("single::Plain"), 0);
  {
    Outer O;
    EXPECT_EQ(B.insts("single::Outer"), 1);
    EXPECT_EQ(B.insts("single::Plain"), 2);
    Outer Copy = O; // implicit copy constructor, members copied
    EXPECT_EQ(B.insts("single::Outer"), 2);
    EXPECT_EQ(B.insts("single::Plain"), 4);
  }
  EXPECT_EQ(B.insts("single::Outer"), 0);
  EXPECT_EQ(B.insts("single::Plain"), 0);
}

TEST(SingleThread, Arrays) {
  Baseline B;
  Plain *Heap = new Plain[5];
  EXPECT_EQ(B.insts("single::Plain"), 5);
  {
    Plain Local[3];
    EXPECT_EQ(B.insts("single::Plain"), 8);
  }
  EXPECT_EQ(B.insts("single::Plain"), 5);
  delete[] Heap;
  EXPECT_EQ(B.insts("single::Plain"), 0);
}

TEST(SingleThread, DelegatingConstructorsCountOnce) {
  Baseline B;
  {
    Delegating One;         // -> Delegating(int)
    Delegating Two("abcd"); // -> Delegating(const std::string &) -> (int)
    EXPECT_EQ(Two.S, "dddd");
    EXPECT_EQ(B.insts("single::Delegating"), 2);
  }
  EXPECT_EQ(B.insts("single::Delegating"), 0);
  auto *Heap = new Delegating(std::string("xy"));
  EXPECT_EQ(B.insts("single::Delegating"), 1);
  delete Heap;
  EXPECT_EQ(B.insts("single::Delegating"), 0);
}

TEST(SingleThread, DelegatingConstructorThrowingAfterItsTarget) {
  Baseline B;
  EXPECT_THROW(Delegating D(true), std::runtime_error);
  EXPECT_EQ(B.insts("single::Delegating"), 0);
  EXPECT_THROW(new Delegating(true), std::runtime_error);
  EXPECT_EQ(B.insts("single::Delegating"), 0);
}

TEST(SingleThread, InheritingConstructors) {
  Baseline B;
  {
    Inheriting I(3, "x");
    EXPECT_EQ(I.S, "x3");
    EXPECT_EQ(B.insts("single::Inheriting"), 1);
    EXPECT_EQ(B.insts("single::InhBase"), 0);
  }
  EXPECT_EQ(B.insts("single::Inheriting"), 0);
  InhBase *P = new Inheriting(4, "y");
  EXPECT_EQ(B.insts("single::Inheriting"), 1);
  delete P;
  EXPECT_EQ(B.insts("single::Inheriting"), 0);
  EXPECT_EQ(B.insts("single::InhBase"), 0);
}

TEST(SingleThread, InheritingConstructorFromVirtualBase) {
  Baseline B;
  {
    InheritingFromVBase I(5);
    EXPECT_EQ(I.S, "5");
    EXPECT_EQ(B.insts("single::InheritingFromVBase"), 1);
    EXPECT_EQ(B.insts("single::InhVBase"), 0);
  }
  EXPECT_EQ(B.insts("single::InheritingFromVBase"), 0);
  EXPECT_EQ(B.insts("single::InhVBase"), 0);
}

// Clang builds an object through an inherited C-variadic constructor by
// inlining that constructor at the call site: no CI1 runs, but D1 does. Such
// a class can be left out (no row at all) or counted exactly; what it must
// never do is drift.
TEST(SingleThread, InheritingVariadicConstructorNeverDrifts) {
  const char *Name = "single::InheritingVariadic";
  Baseline B;
  bool Counted;
  {
    InheritingVariadic I(6, 1, 2);
    EXPECT_EQ(I.S, "6");
    Counted = Snapshot().rowsNamed(Name) != 0;
    if (Counted)
      EXPECT_EQ(B.insts(Name), 1);
  }
  if (Counted)
    EXPECT_EQ(B.insts(Name), 0);
  else
    EXPECT_EQ(Snapshot().rowsNamed(Name), 0u) << "counted only on destruction";
  EXPECT_EQ(B.insts("single::VarBase"), 0);
}

TEST(SingleThread, VirtualBases) {
  Baseline B;
  {
    Diamond D;
    EXPECT_EQ(B.insts("single::Diamond"), 1);
    EXPECT_EQ(B.insts("single::Left"), 0);
    EXPECT_EQ(B.insts("single::Right"), 0);
    EXPECT_EQ(B.insts("single::VBase"), 0);
    Left L;
    EXPECT_EQ(B.insts("single::Left"), 1);
    EXPECT_EQ(B.insts("single::VBase"), 0);
  }
  EXPECT_EQ(B.insts("single::Diamond"), 0);
  EXPECT_EQ(B.insts("single::Left"), 0);
}

TEST(SingleThread, DeleteThroughVirtualBasePointer) {
  Baseline B;
  VBase *ThroughVBase = new Diamond;
  Left *ThroughLeft = new Diamond;
  Right *ThroughRight = new Diamond;
  EXPECT_EQ(B.insts("single::Diamond"), 3);
  delete ThroughVBase;
  EXPECT_EQ(B.insts("single::Diamond"), 2);
  delete ThroughLeft;
  delete ThroughRight;
  EXPECT_EQ(B.insts("single::Diamond"), 0);
  EXPECT_EQ(B.insts("single::VBase"), 0);
  EXPECT_EQ(B.insts("single::Left"), 0);
  EXPECT_EQ(B.insts("single::Right"), 0);
}

TEST(SingleThread, OnlyTheMostDerivedTypeIsCounted) {
  Baseline B;
  Base *D = new Derived;
  EXPECT_EQ(B.insts("single::Derived"), 1);
  EXPECT_EQ(B.insts("single::Base"), 0);
  Base *Plainly = new Base;
  EXPECT_EQ(B.insts("single::Base"), 1);
  Base *Ignored = new IgnoredDerived;
  EXPECT_EQ(B.insts("single::Base"), 1);
  delete D;
  delete Plainly;
  delete Ignored;
  EXPECT_EQ(B.insts("single::Derived"), 0);
  EXPECT_EQ(B.insts("single::Base"), 0);
  EXPECT_EQ(Snapshot().rowsNamed("single::IgnoredDerived"), 0u);
}

TEST(SingleThread, ClassTemplateInstances) {
  Baseline B;
  {
    ns::Box<int> I1, I2;
    ns::Box<Plain> P; // its Plain member counts too
    EXPECT_EQ(B.insts("ns::Box<int>"), 2);
    EXPECT_EQ(B.insts("ns::Box<single::Plain>"), 1);
    EXPECT_EQ(B.insts("single::Plain"), 1);
  }
  EXPECT_EQ(B.insts("ns::Box<int>"), 0);
  EXPECT_EQ(B.insts("ns::Box<single::Plain>"), 0);
  EXPECT_EQ(B.insts("single::Plain"), 0);
}

TEST(SingleThread, AnonymousNamespaceTypesOfTwoUnitsAreTwoRows) {
  auto *Mine = new Impl;
  void *Theirs1 = otherNewImpl();
  void *Theirs2 = otherNewImpl();
  // Both types are registered now; rows keep their positions.
  Snapshot Both;
  ASSERT_EQ(Both.rowsNamed("(anonymous namespace)::Impl"), 2u);
  std::vector<size_t> Rows;
  for (size_t I = 0; I < Both.rows().size(); ++I)
    if (std::string(Both.rows()[I].name) == "(anonymous namespace)::Impl")
      Rows.push_back(I);
  ASSERT_EQ(Rows.size(), 2u);

  delete Mine;
  Snapshot AfterMine;
  int64_t D0 = AfterMine.rows()[Rows[0]].insts - Both.rows()[Rows[0]].insts;
  int64_t D1 = AfterMine.rows()[Rows[1]].insts - Both.rows()[Rows[1]].insts;
  // Exactly one of the two rows lost exactly one object.
  EXPECT_EQ(std::min(D0, D1), -1);
  EXPECT_EQ(std::max(D0, D1), 0);
  size_t TheirRow = D0 == 0 ? Rows[0] : Rows[1];

  otherDeleteImpl(Theirs1);
  otherDeleteImpl(Theirs2);
  Snapshot AfterTheirs;
  EXPECT_EQ(AfterTheirs.rows()[TheirRow].insts -
                AfterMine.rows()[TheirRow].insts,
            -2);
  EXPECT_EQ(AfterTheirs.insts("(anonymous namespace)::Impl") -
                Both.insts("(anonymous namespace)::Impl"),
            -3);
}

TEST(SingleThread, OneTypeDefinedAcrossUnitsIsOneRow) {
  Baseline B;
  auto *S = new Split(3); // constructor instrumented in OtherUnit.cpp
  EXPECT_EQ(B.insts("single::Split"), 1);
  delete S; // destructor instrumented here
  EXPECT_EQ(B.insts("single::Split"), 0);
  EXPECT_EQ(Snapshot().rowsNamed("single::Split"), 1u);
}

TEST(SingleThread, FunctionTryBlockConstructor) {
  Baseline B;
  Caught = 0;
  {
    TryBlock Fine(false, false);
    EXPECT_EQ(B.insts("single::TryBlock"), 1);
  }
  EXPECT_EQ(B.insts("single::TryBlock"), 0);
  EXPECT_THROW(TryBlock InInit(true, false), std::runtime_error);
  EXPECT_EQ(B.insts("single::TryBlock"), 0);
  EXPECT_THROW(new TryBlock(false, true), std::runtime_error);
  EXPECT_EQ(B.insts("single::TryBlock"), 0);
  EXPECT_EQ(Caught, 2);
}

TEST(SingleThread, ThrowingConstructorConstructsNothing) {
  Baseline B;
  EXPECT_THROW(Throwing T(true), std::runtime_error);
  EXPECT_EQ(B.insts("single::Throwing"), 0);
  EXPECT_THROW(new Throwing(true), std::runtime_error);
  EXPECT_EQ(B.insts("single::Throwing"), 0);
  {
    Throwing Fine(false);
    EXPECT_EQ(B.insts("single::Throwing"), 1);
  }
  EXPECT_EQ(B.insts("single::Throwing"), 0);

  // Members constructed before the throw are destroyed by the unwinding.
  EXPECT_THROW(ThrowingHolder H(true), std::runtime_error);
  EXPECT_EQ(B.insts("single::ThrowingHolder"), 0);
  EXPECT_EQ(B.insts("single::Plain"), 0);
  {
    ThrowingHolder Fine(false);
    EXPECT_EQ(B.insts("single::ThrowingHolder"), 1);
    EXPECT_EQ(B.insts("single::Plain"), 1);
  }
  EXPECT_EQ(B.insts("single::ThrowingHolder"), 0);
  EXPECT_EQ(B.insts("single::Plain"), 0);
}

TEST(SingleThread, PlacementNewAndExplicitDestructorCall) {
  Baseline B;
  alignas(Plain) unsigned char Buffer[sizeof(Plain)];
  Plain *P = new (Buffer) Plain(9);
  EXPECT_EQ(B.insts("single::Plain"), 1);
  P->~Plain();
  EXPECT_EQ(B.insts("single::Plain"), 0);

  // A virtual destructor called explicitly through a base pointer.
  alignas(Derived) unsigned char DBuffer[sizeof(Derived)];
  Base *D = new (DBuffer) Derived;
  EXPECT_EQ(B.insts("single::Derived"), 1);
  D->~Base();
  EXPECT_EQ(B.insts("single::Derived"), 0);
  EXPECT_EQ(B.insts("single::Base"), 0);
}

TEST(SingleThread, VectorElementsAndCopies) {
  Baseline B;
  {
    std::vector<Plain> V(10);
    EXPECT_EQ(B.insts("single::Plain"), 10);
    std::vector<Plain> Copy = V;
    EXPECT_EQ(B.insts("single::Plain"), 20);
    // Growth copies the elements into new storage and destroys the old ones.
    for (int I = 0; I < 100; ++I)
      V.emplace_back(I);
    EXPECT_EQ(B.insts("single::Plain"), 120);
    V.erase(V.begin(), V.begin() + 30);
    EXPECT_EQ(B.insts("single::Plain"), 90);
    V.shrink_to_fit();
    EXPECT_EQ(B.insts("single::Plain"), 90);
    Copy = V; // assignment: 10 assigned, 70 copy-constructed
    EXPECT_EQ(B.insts("single::Plain"), 160);
    V.clear();
    EXPECT_EQ(B.insts("single::Plain"), 80);
    std::vector<ns::Box<int>> Boxes(4);
    Boxes.resize(2);
    EXPECT_EQ(B.insts("ns::Box<int>"), 2);
  }
  EXPECT_EQ(B.insts("single::Plain"), 0);
  EXPECT_EQ(B.insts("ns::Box<int>"), 0);
}

TEST(SingleThread, UntrackedClassesHaveNoRow) {
  Aggregate A{"aggregate"};
  IgnoredDerived I;
  Snapshot S;
  EXPECT_EQ(A.S, "aggregate");
  EXPECT_EQ(S.rowsNamed("single::Aggregate"), 0u);
  EXPECT_EQ(S.rowsNamed("single::IgnoredDerived"), 0u);
  EXPECT_EQ(S.rowsNamed("lt_test::Snapshot"), 0u);
  EXPECT_EQ(S.rowsNamed("lt_test::Baseline"), 0u);
}

TEST(Snapshot, NewTypesAreAppendedAndNamesStay) {
  Snapshot Before;
  ASSERT_EQ(Before.rowsNamed("single::FirstSeenHere"), 0u);
  {
    FirstSeenHere F;
    Snapshot During;
    ASSERT_EQ(During.rows().size(), Before.rows().size() + 1);
    EXPECT_STREQ(During.rows().back().name, "single::FirstSeenHere");
    EXPECT_EQ(During.rows().back().insts, 1);
    // Earlier rows keep their place and their name pointers.
    for (size_t I = 0; I < Before.rows().size(); ++I)
      EXPECT_EQ(During.rows()[I].name, Before.rows()[I].name);
  }
  Snapshot After;
  ASSERT_EQ(After.rows().size(), Before.rows().size() + 1);
  EXPECT_EQ(After.rows().back().insts, 0); // the row stays, at zero
}

TEST(Snapshot, CapacitySmallerThanTheNumberOfTypes) {
  // At least three registered types.
  Plain P;
  Throwing T(false);
  ns::Box<int> Box;
  Snapshot Full;
  ASSERT_GE(Full.rows().size(), 3u);

  leaktrace_type_count Out[3];
  const leaktrace_type_count Sentinel{"sentinel", -7, -8};
  Out[2] = Sentinel;
  size_t N = leaktrace_snapshot(Out, 2);
  EXPECT_EQ(N, Full.rows().size()); // the total, not the number written
  for (size_t I = 0; I < 2; ++I) {
    EXPECT_EQ(Out[I].name, Full.rows()[I].name);
    EXPECT_EQ(Out[I].insts, Full.rows()[I].insts);
    EXPECT_EQ(Out[I].refs, Full.rows()[I].refs);
  }
  EXPECT_EQ(Out[2].name, Sentinel.name);
  EXPECT_EQ(Out[2].insts, Sentinel.insts);
  EXPECT_EQ(Out[2].refs, Sentinel.refs);
}

TEST(Snapshot, CapacityZero) {
  Plain P; // at least one registered type
  size_t Total = Snapshot().rows().size();
  ASSERT_GE(Total, 1u);
  EXPECT_EQ(leaktrace_snapshot(nullptr, 0), Total);
  leaktrace_type_count Untouched{"sentinel", -7, -8};
  EXPECT_EQ(leaktrace_snapshot(&Untouched, 0), Total);
  EXPECT_STREQ(Untouched.name, "sentinel");
  EXPECT_EQ(Untouched.insts, -7);
}

// The hooks are a C ABI: they can be driven directly, with any delta.
TEST(Descriptors, RefsAndInstsThroughTheHooks) {
  static __leaktrace_type Handle = {0, 0, "manual::Handle"};
  Baseline B;
  __leaktrace_refs_add(&Handle, +1);
  __leaktrace_refs_add(&Handle, +2);
  __leaktrace_refs_add(&Handle, -1);
  __leaktrace_construct(&Handle, nullptr);
  EXPECT_EQ(B.refs("manual::Handle"), 2);
  EXPECT_EQ(B.insts("manual::Handle"), 1);
  __leaktrace_refs_add(&Handle, -2);
  __leaktrace_refs_add(&Handle, 0);
  __leaktrace_destruct(&Handle, nullptr);
  EXPECT_EQ(B.refs("manual::Handle"), 0);
  EXPECT_EQ(B.insts("manual::Handle"), 0);
  EXPECT_NE(Handle.slot, 0u); // registered on first use
}

TEST(Descriptors, SameNameSharesARowUnlessLocal) {
  static __leaktrace_type Global1 = {0, 0, "manual::Named"};
  static __leaktrace_type Global2 = {0, 0, "manual::Named"};
  static __leaktrace_type Local1 = {0, LEAKTRACE_TYPE_LOCAL, "manual::Local"};
  static __leaktrace_type Local2 = {0, LEAKTRACE_TYPE_LOCAL, "manual::Local"};
  Baseline B;
  __leaktrace_construct(&Global1, nullptr);
  __leaktrace_construct(&Global2, nullptr);
  __leaktrace_construct(&Local1, nullptr);
  __leaktrace_construct(&Local2, nullptr);
  EXPECT_EQ(Global1.slot, Global2.slot);
  EXPECT_NE(Local1.slot, Local2.slot);
  Snapshot S;
  EXPECT_EQ(S.rowsNamed("manual::Named"), 1u);
  EXPECT_EQ(S.rowsNamed("manual::Local"), 2u);
  EXPECT_EQ(B.insts("manual::Named"), 2);
  EXPECT_EQ(B.insts("manual::Local"), 2);
  __leaktrace_destruct(&Global2, nullptr);
  __leaktrace_destruct(&Global2, nullptr);
  __leaktrace_destruct(&Local1, nullptr);
  __leaktrace_destruct(&Local2, nullptr);
  EXPECT_EQ(B.insts("manual::Named"), 0);
  EXPECT_EQ(B.insts("manual::Local"), 0);
}

// No program can destroy more objects than it built, or drop more handles
// than it made: a count below zero means a way of building them was not
// counted. The snapshot flags the type, and the flag stays when the count
// climbs back (the count is wrong from then on, whatever its sign).
TEST(ImpossibleCounts, BelowZeroIsFlaggedAndStaysFlagged) {
  static __leaktrace_type Type = {0, 0, "impossible::Insts"};
  __leaktrace_construct(&Type, nullptr);
  EXPECT_EQ(Snapshot().flags("impossible::Insts"), 0u);
  __leaktrace_destruct(&Type, nullptr);
  __leaktrace_destruct(&Type, nullptr);
  Snapshot Below;
  EXPECT_EQ(Below.insts("impossible::Insts"), -1);
  EXPECT_EQ(Below.flags("impossible::Insts"), LEAKTRACE_COUNT_NEGATIVE);
  __leaktrace_construct(&Type, nullptr);
  __leaktrace_construct(&Type, nullptr);
  Snapshot Above;
  EXPECT_EQ(Above.insts("impossible::Insts"), 1);
  EXPECT_EQ(Above.flags("impossible::Insts"), LEAKTRACE_COUNT_NEGATIVE);
}

TEST(ImpossibleCounts, RefsBelowZeroToo) {
  static __leaktrace_type Type = {0, 0, "impossible::Refs"};
  __leaktrace_construct(&Type, nullptr);
  __leaktrace_refs_add(&Type, -1);
  Snapshot S;
  EXPECT_EQ(S.insts("impossible::Refs"), 1);
  EXPECT_EQ(S.refs("impossible::Refs"), -1);
  EXPECT_EQ(S.flags("impossible::Refs"), LEAKTRACE_COUNT_NEGATIVE);
}

// Zero is not below zero, and other types are not touched by a flag.
TEST(ImpossibleCounts, ZeroAndOtherTypesAreNotFlagged) {
  static __leaktrace_type Zero = {0, 0, "impossible::Zero"};
  __leaktrace_construct(&Zero, nullptr);
  __leaktrace_destruct(&Zero, nullptr);
  __leaktrace_refs_add(&Zero, +2);
  __leaktrace_refs_add(&Zero, -2);
  static __leaktrace_type Other = {0, 0, "impossible::Other"};
  __leaktrace_destruct(&Other, nullptr);
  Snapshot S;
  EXPECT_EQ(S.flags("impossible::Zero"), 0u);
  EXPECT_EQ(S.flags("impossible::Other"), LEAKTRACE_COUNT_NEGATIVE);
  __leaktrace_construct(&Other, nullptr);
}

} // namespace
