//===- Operations.cpp - refs[T] after each std::shared_ptr operation ------===//
//
// One test per operation that can change whether a handle owns: refs[T] is
// the number of live std::shared_ptr<T> handles with use_count() != 0, so
// every expectation below is exact. The same file is built against
// libstdc++ and libc++, at -O0 and -O2 (see CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include "../runtime/Counts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

using lt_test::Baseline;

namespace refs_test {

struct Part {
  int N = 0;
};
struct Widget {
  int Value = 0;
  Part P;
};
struct Base {
  virtual ~Base() = default;
  int Tag = 1;
};
struct Derived : Base {};
struct Other : Base {};
struct Selfish : std::enable_shared_from_this<Selfish> {};
// An aggregate: the instance counter leaves it out, references still count.
struct Plain {
  int A, B;
};

constexpr const char *W = "refs_test::Widget";

} // namespace refs_test

using namespace refs_test;

// How many rows of the counts have a name containing \p Fragment.
size_t rowsMentioning(const char *Fragment) {
  size_t N = 0;
  lt_test::Snapshot Now;
  for (const leaktrace_type_count &R : Now.rows())
    N += strstr(R.name, Fragment) != nullptr;
  return N;
}

// Keeps the optimiser from folding a handle away at -O2.
template <typename T> void use(const T &Handle) {
  asm volatile("" : : "r"(&Handle) : "memory");
}

TEST(Construction, DefaultAndNullAreEmpty) {
  Baseline B;
  std::shared_ptr<Widget> A;
  std::shared_ptr<Widget> N(nullptr);
  use(A), use(N);
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Construction, FromRawPointer) {
  Baseline B;
  std::shared_ptr<Widget> P(new Widget);
  use(P);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Construction, FromRawPointerWithDeleter) {
  Baseline B;
  {
    std::shared_ptr<Widget> P(new Widget, [](Widget *X) { delete X; });
    use(P);
    EXPECT_EQ(B.refs(W), 1);
  }
  EXPECT_EQ(B.refs(W), 0);
}

// A handle made from a null pointer owns a control block (use_count() is 1):
// it is not empty, so it counts.
TEST(Construction, FromTypedNullPointerOwnsAControlBlock) {
  Baseline B;
  std::shared_ptr<Widget> P(static_cast<Widget *>(nullptr));
  use(P);
  EXPECT_EQ(P.use_count(), 1);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Construction, MakeShared) {
  Baseline B;
  auto P = std::make_shared<Widget>();
  use(P);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Construction, AllocateShared) {
  Baseline B;
  auto P = std::allocate_shared<Widget>(std::allocator<Widget>());
  use(P);
  EXPECT_EQ(B.refs(W), 1);
}

// Handles of the program's own types count, aggregates included. Handles
// of other types (int, std::string, a library's classes) are copied and
// dropped inside prebuilt libraries too, where no count can be kept: they
// are never counted, and get no row.
TEST(Construction, OnlyTheProgramsOwnElementTypesCount) {
  Baseline B;
  auto A = std::make_shared<Plain>(Plain{1, 2});
  auto I = std::make_shared<int>(7);
  auto S = std::make_shared<std::string>("s");
  auto V = std::make_shared<std::vector<int>>();
  use(A), use(I), use(S), use(V);
  EXPECT_EQ(B.refs("refs_test::Plain"), 1);
  EXPECT_EQ(lt_test::Snapshot().rowsNamed("int"), 0u);
  EXPECT_EQ(rowsMentioning("basic_string"), 0u);
  EXPECT_EQ(rowsMentioning("vector<int>"), 0u);
}

// A library template over a program type can only be handled by code
// compiled with the program's headers: its handles count.
TEST(Construction, LibraryTemplateOverAProgramType) {
  Baseline B;
  auto V = std::make_shared<std::vector<Widget>>();
  use(V);
  EXPECT_EQ(B.refs("std::vector<refs_test::Widget>"), 1);
}

TEST(Construction, ArrayAndPointerElementTypes) {
  Baseline B;
  std::shared_ptr<Widget[]> A(new Widget[3]);
  auto P = std::make_shared<Widget *>(nullptr);
  std::shared_ptr<int[]> Ints(new int[3]);
  use(A), use(P), use(Ints);
  EXPECT_EQ(B.refs("refs_test::Widget[]"), 1);
  EXPECT_EQ(B.refs("refs_test::Widget *"), 1);
  EXPECT_EQ(lt_test::Snapshot().rowsNamed("int[]"), 0u);
}

#if __cpp_lib_shared_ptr_arrays >= 201707L
TEST(Construction, MakeSharedArray) {
  Baseline B;
  auto A = std::make_shared<Widget[]>(3);
  use(A);
  EXPECT_EQ(B.refs("refs_test::Widget[]"), 1);
  EXPECT_EQ(B.refs(W), 0);
}
#endif

// Arguments make_shared forwards to the element's constructor are used by
// that constructor (counted there), not by make_shared.
struct TakesByValue {
  explicit TakesByValue(std::shared_ptr<Widget> P) : Held(std::move(P)) {}
  std::shared_ptr<Widget> Held;
};
struct TakesByRvalue {
  explicit TakesByRvalue(std::shared_ptr<Widget> &&P) : Held(std::move(P)) {}
  std::shared_ptr<Widget> Held;
};

TEST(Forwarding, MakeSharedMovesAHandleIntoTheElement) {
  auto P = std::make_shared<Widget>();
  auto Q = std::make_shared<Widget>();
  Baseline B;
  auto ByValue = std::make_shared<TakesByValue>(std::move(P));
  auto ByRvalue = std::make_shared<TakesByRvalue>(std::move(Q));
  use(ByValue), use(ByRvalue);
  EXPECT_FALSE(P);
  EXPECT_FALSE(Q);
  EXPECT_EQ(B.refs(W), 0);
  EXPECT_EQ(B.refs("TakesByValue"), 1);
  EXPECT_EQ(B.refs("TakesByRvalue"), 1);
}

TEST(Forwarding, MakeSharedCopiesAHandleIntoTheElement) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  auto Copy = std::make_shared<TakesByValue>(P);
  auto Nested = std::make_shared<std::shared_ptr<Widget>>(P);
  use(Copy), use(Nested);
  EXPECT_EQ(B.refs(W), 2);
}

TEST(Forwarding, EmplaceBackMovesAHandleIntoTheVector) {
  auto P = std::make_shared<Widget>();
  std::vector<std::shared_ptr<Widget>> V;
  V.reserve(2);
  Baseline B;
  V.emplace_back(std::move(P));
  V.emplace_back(new Widget);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Exceptions, ThrownAndCaughtHandles) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  try {
    throw std::shared_ptr<Widget>(P);
  } catch (std::shared_ptr<Widget> Caught) {
    // The exception object and the catch parameter.
    EXPECT_EQ(B.refs(W), 2);
  }
  try {
    throw std::shared_ptr<Widget>(P);
  } catch (const std::shared_ptr<Widget> &Caught) {
    EXPECT_EQ(B.refs(W), 1);
  }
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Copy, ConstructionCountsTheCopy) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  {
    std::shared_ptr<Widget> Q(P);
    use(Q);
    EXPECT_EQ(B.refs(W), 1);
  }
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Copy, OfAnEmptyHandleIsEmpty) {
  std::shared_ptr<Widget> Empty;
  Baseline B;
  std::shared_ptr<Widget> Q(Empty);
  use(Q);
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Copy, AssignmentToEmptyCounts) {
  auto P = std::make_shared<Widget>();
  std::shared_ptr<Widget> Q;
  Baseline B;
  Q = P;
  use(Q);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Copy, AssignmentOverAnOwningHandleReplacesIt) {
  auto P = std::make_shared<Widget>();
  auto Q = std::make_shared<Widget>();
  Baseline B;
  Q = P;
  use(Q);
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Copy, AssignmentOfAnEmptyHandleReleases) {
  std::shared_ptr<Widget> Empty;
  auto Q = std::make_shared<Widget>();
  Baseline B;
  Q = Empty;
  use(Q);
  EXPECT_EQ(B.refs(W), -1);
}

TEST(Copy, SelfAssignment) {
  auto P = std::make_shared<Widget>();
  std::shared_ptr<Widget> &Alias = P;
  Baseline B;
  P = Alias;
  use(P);
  EXPECT_EQ(B.refs(W), 0);
  EXPECT_EQ(P.use_count(), 1);
}

TEST(Move, ConstructionEmptiesTheSource) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  std::shared_ptr<Widget> Q(std::move(P));
  use(Q), use(P);
  EXPECT_EQ(B.refs(W), 0);
  Q.reset();
  EXPECT_EQ(B.refs(W), -1);
}

TEST(Move, AssignmentToEmpty) {
  auto P = std::make_shared<Widget>();
  std::shared_ptr<Widget> Q;
  Baseline B;
  Q = std::move(P);
  use(Q), use(P);
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Move, AssignmentOverAnOwningHandle) {
  auto P = std::make_shared<Widget>();
  auto Q = std::make_shared<Widget>();
  Baseline B;
  Q = std::move(P);
  use(Q), use(P);
  EXPECT_EQ(B.refs(W), -1);
}

TEST(Move, SelfAssignmentKeepsOwnership) {
  auto P = std::make_shared<Widget>();
  std::shared_ptr<Widget> &Alias = P;
  Baseline B;
  P = std::move(Alias);
  use(P);
  EXPECT_EQ(B.refs(W), P ? 0 : -1);
}

TEST(Converting, CopyCountsUnderTheTargetElementType) {
  auto D = std::make_shared<Derived>();
  Baseline B;
  std::shared_ptr<Base> P(D);
  use(P);
  EXPECT_EQ(B.refs("refs_test::Base"), 1);
  EXPECT_EQ(B.refs("refs_test::Derived"), 0);
}

TEST(Converting, MoveMovesTheCountBetweenTypes) {
  auto D = std::make_shared<Derived>();
  Baseline B;
  std::shared_ptr<Base> P(std::move(D));
  use(P), use(D);
  EXPECT_EQ(B.refs("refs_test::Base"), 1);
  EXPECT_EQ(B.refs("refs_test::Derived"), -1);
}

TEST(Converting, CopyAssignment) {
  auto D = std::make_shared<Derived>();
  std::shared_ptr<Base> P;
  Baseline B;
  P = D;
  use(P);
  EXPECT_EQ(B.refs("refs_test::Base"), 1);
  EXPECT_EQ(B.refs("refs_test::Derived"), 0);
}

TEST(Converting, MoveAssignmentOverAnOwningHandle) {
  auto D = std::make_shared<Derived>();
  std::shared_ptr<Base> P = std::make_shared<Base>();
  Baseline B;
  P = std::move(D);
  use(P), use(D);
  EXPECT_EQ(B.refs("refs_test::Base"), 0);
  EXPECT_EQ(B.refs("refs_test::Derived"), -1);
}

TEST(Converting, ToConstElementCountsWithTheElement) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  std::shared_ptr<const Widget> C(P);
  use(C);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Converting, PointerCasts) {
  std::shared_ptr<Base> P = std::make_shared<Derived>();
  Baseline B;
  auto S = std::static_pointer_cast<Derived>(P);
  auto D = std::dynamic_pointer_cast<Derived>(P);
  auto Failed = std::dynamic_pointer_cast<Other>(P);
  auto C = std::const_pointer_cast<const Base>(P);
  use(S), use(D), use(Failed), use(C);
  EXPECT_FALSE(Failed);
  EXPECT_EQ(B.refs("refs_test::Derived"), 2);
  EXPECT_EQ(B.refs("refs_test::Other"), 0);
  EXPECT_EQ(B.refs("refs_test::Base"), 1);
}

TEST(Aliasing, CountsUnderTheAliasElementTypeWhenItOwns) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  std::shared_ptr<Part> Member(P, &P->P);
  use(Member);
  EXPECT_EQ(B.refs("refs_test::Part"), 1);
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Aliasing, OfAnEmptyOwnerDoesNotCount) {
  static Part Static;
  std::shared_ptr<Widget> Empty;
  Baseline B;
  std::shared_ptr<Part> NonOwning(Empty, &Static);
  use(NonOwning);
  EXPECT_TRUE(NonOwning);
  EXPECT_EQ(B.refs("refs_test::Part"), 0);
}

// An alias handle of a type that is not the program's own is not counted;
// the owner it copies from keeps its count.
TEST(Aliasing, ToAMemberOfAnotherTypeIsNotCounted) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  std::shared_ptr<int> Member(P, &P->Value);
  use(Member);
  EXPECT_EQ(B.refs(W), 0);
  EXPECT_EQ(lt_test::Snapshot().rowsNamed("int"), 0u);
}

#if __cplusplus >= 202002L
TEST(Aliasing, MoveFromTheOwner) {
  auto P = std::make_shared<Widget>();
  Part *Member = &P->P;
  Baseline B;
  std::shared_ptr<Part> Alias(std::move(P), Member);
  use(Alias), use(P);
  EXPECT_EQ(B.refs("refs_test::Part"), 1);
  EXPECT_EQ(B.refs(W), -1);
}

// Moving into a handle that is not counted still takes one from the owner.
TEST(Aliasing, MoveFromTheOwnerIntoAnUncountedType) {
  auto P = std::make_shared<Widget>();
  int *Value = &P->Value;
  Baseline B;
  std::shared_ptr<int> Member(std::move(P), Value);
  use(Member), use(P);
  EXPECT_EQ(B.refs(W), -1);
}
#endif

TEST(Reset, ReleasesOwnership) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  P.reset();
  use(P);
  EXPECT_EQ(B.refs(W), -1);
}

TEST(Reset, OfAnEmptyHandle) {
  std::shared_ptr<Widget> P;
  Baseline B;
  P.reset();
  use(P);
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Reset, WithAPointerTakesOwnership) {
  std::shared_ptr<Widget> Empty;
  auto Owning = std::make_shared<Widget>();
  Baseline B;
  Empty.reset(new Widget);
  Owning.reset(new Widget);
  Owning.reset(new Widget, std::default_delete<Widget>());
  use(Empty), use(Owning);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Swap, MemberSwapMovesOwnershipBothWays) {
  auto P = std::make_shared<Widget>();
  std::shared_ptr<Widget> Q;
  Baseline B;
  P.swap(Q);
  use(P), use(Q);
  EXPECT_EQ(B.refs(W), 0);
  Q.reset(); // Q owns now: releasing it counts
  EXPECT_EQ(B.refs(W), -1);
  P.reset(); // P is empty now
  EXPECT_EQ(B.refs(W), -1);
}

TEST(Swap, StdSwap) {
  auto P = std::make_shared<Widget>();
  std::shared_ptr<Widget> Q;
  Baseline B;
  std::swap(P, Q);
  use(P), use(Q);
  EXPECT_EQ(B.refs(W), 0);
  EXPECT_FALSE(P);
  Q = nullptr;
  EXPECT_EQ(B.refs(W), -1);
}

TEST(FromUniquePtr, Construction) {
  auto U = std::make_unique<Widget>();
  std::unique_ptr<Widget> EmptyU;
  Baseline B;
  std::shared_ptr<Widget> P(std::move(U));
  std::shared_ptr<Widget> Q(std::move(EmptyU));
  use(P), use(Q);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(FromUniquePtr, Assignment) {
  std::shared_ptr<Widget> P;
  Baseline B;
  P = std::make_unique<Widget>();
  use(P);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(FromWeakPtr, LockWhileAlive) {
  auto P = std::make_shared<Widget>();
  std::weak_ptr<Widget> Weak(P);
  Baseline B;
  auto L = Weak.lock();
  use(L);
  EXPECT_EQ(B.refs(W), 1);
}

TEST(FromWeakPtr, LockAfterExpiry) {
  std::weak_ptr<Widget> Weak;
  { auto P = std::make_shared<Widget>(); Weak = P; }
  Baseline B;
  auto L = Weak.lock();
  use(L);
  EXPECT_FALSE(L);
  EXPECT_EQ(B.refs(W), 0);
}

TEST(FromWeakPtr, ConstructionAndBadWeakPtr) {
  std::weak_ptr<Widget> Weak;
  auto P = std::make_shared<Widget>();
  Weak = P;
  Baseline B;
  std::shared_ptr<Widget> Q(Weak);
  use(Q);
  EXPECT_EQ(B.refs(W), 1);
  P.reset();
  Q.reset();
  EXPECT_EQ(B.refs(W), -1);
  // Expired: throws, and builds nothing.
  EXPECT_THROW(std::shared_ptr<Widget> R(Weak), std::bad_weak_ptr);
  EXPECT_EQ(B.refs(W), -1);
}

TEST(SharedFromThis, CountsTheNewHandle) {
  auto P = std::make_shared<Selfish>();
  Baseline B;
  auto Q = P->shared_from_this();
  use(Q);
  EXPECT_EQ(B.refs("refs_test::Selfish"), 1);
  EXPECT_EQ(P.use_count(), 2);
}

TEST(Destruction, OfOwningAndEmptyHandles) {
  Baseline B;
  {
    auto P = std::make_shared<Widget>();
    std::shared_ptr<Widget> Empty;
    use(P), use(Empty);
    EXPECT_EQ(B.refs(W), 1);
  }
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Destruction, DeleteOfAHeapHandle) {
  Baseline B;
  auto *Handle = new std::shared_ptr<Widget>(std::make_shared<Widget>());
  EXPECT_EQ(B.refs(W), 1);
  delete Handle;
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Containers, VectorGrowthAndClear) {
  Baseline B;
  std::vector<std::shared_ptr<Widget>> V;
  auto P = std::make_shared<Widget>();
  for (int I = 0; I < 100; ++I)
    V.push_back(P); // reallocations move the handles
  EXPECT_EQ(B.refs(W), 101);
  V.erase(V.begin(), V.begin() + 50);
  EXPECT_EQ(B.refs(W), 51);
  V.clear();
  EXPECT_EQ(B.refs(W), 1);
}

TEST(Containers, MapOfHandles) {
  Baseline B;
  {
    std::map<int, std::shared_ptr<Widget>> M;
    for (int I = 0; I < 10; ++I)
      M[I] = std::make_shared<Widget>();
    M.erase(3);
    EXPECT_EQ(B.refs(W), 9);
  }
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Containers, CapturedByStdFunction) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  {
    std::function<int()> F = [P] { return P->Value; };
    std::function<int()> G = F;
    EXPECT_EQ(B.refs(W), 2);
  }
  EXPECT_EQ(B.refs(W), 0);
}

// A class deriving from std::shared_ptr builds and destroys its handle as a
// base subobject.
struct WidgetRef : std::shared_ptr<Widget> {
  using std::shared_ptr<Widget>::shared_ptr;
};

TEST(Derivation, HandleAsBaseClass) {
  Baseline B;
  {
    WidgetRef R(new Widget);
    use(R);
    EXPECT_EQ(B.refs(W), 1);
  }
  EXPECT_EQ(B.refs(W), 0);
}

TEST(Cycle, TwoObjectsOwningEachOtherStayCounted) {
  struct Node {
    std::shared_ptr<Node> Next;
  };
  Baseline B;
  {
    auto A = std::make_shared<Node>();
    auto C = std::make_shared<Node>();
    A->Next = C;
    C->Next = A;
  }
  EXPECT_EQ(B.refs("Cycle_TwoObjectsOwningEachOtherStayCounted_Test::TestBody()::Node"), 2);
}

#if defined(__cpp_lib_atomic_shared_ptr)
// std::atomic<std::shared_ptr<T>> is not a handle: the reference it holds is
// not counted, the handles going in and out are.
TEST(Atomic, HandlesInAndOut) {
  auto P = std::make_shared<Widget>();
  Baseline B;
  {
    std::atomic<std::shared_ptr<Widget>> A;
    A.store(P);
    EXPECT_EQ(B.refs(W), 0);
    auto L = A.load();
    EXPECT_EQ(B.refs(W), 1);
    auto Old = A.exchange(nullptr);
    EXPECT_EQ(B.refs(W), 2);
    use(L), use(Old);
  }
  EXPECT_EQ(B.refs(W), 0);
}
#endif
