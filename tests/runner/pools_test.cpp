// Objects that end without their destructor, legally, as pools and arenas
// end them: their storage is freed or made over. Every type here grows in
// every iteration by its count, and none leaks: one more run of the layer
// finds no more of them really alive after it than before, so
// `leaktrace -N 4 -r --fail-on-leak` reports them apart and exits 0. And
// the true reason of a count that goes below zero.

#include <gtest/gtest.h>

#include <memory>
#include <new>
#include <vector>

namespace pools {

struct Value {
  explicit Value(int X) : V(X) {}
  ~Value() {}
  int V;
};

struct Slotted {
  explicit Slotted(int X) : V(X) {}
  ~Slotted() {}
  int V;
};

struct Arenaed {
  explicit Arenaed(int X) : V(X) {}
  ~Arenaed() {}
  int V;
};

/// A bump arena over one block it reuses from the start on every reset.
class Arena {
public:
  explicit Arena(size_t Size)
      : Block(static_cast<unsigned char *>(::operator new(Size))),
        Size(Size) {}
  ~Arena() { ::operator delete(Block); }
  void *allocate(size_t N) {
    if (Used + N > Size)
      return nullptr;
    void *P = Block + Used;
    Used += N;
    return P;
  }
  void reset() { Used = 0; }

private:
  unsigned char *Block;
  size_t Size, Used = 0;
};

Arena &arena() {
  static Arena A(sizeof(Arenaed) * 16);
  return A;
}

/// cereal's load_and_construct: an object made by placement new in storage
/// new'd as another type, then deleted as itself. Both are counted by their
/// objects made with new only (an aggregate, a trivial destructor).
struct Storage {
  alignas(8) unsigned char Bytes[16];
};
struct Point {
  explicit Point(int X) : X(X) {}
  int X;
};

} // namespace pools

using namespace pools;

// The two pools, and an arena that lives on.
TEST(Pool, FreedWholesale) {
  std::vector<unsigned char> Pool(sizeof(Value) * 3);
  for (int I = 0; I < 3; ++I)
    ::new (Pool.data() + I * sizeof(Value)) Value(I);
}

TEST(Pool, SlotReused) {
  alignas(Slotted) unsigned char Slot[sizeof(Slotted)];
  for (int I = 0; I < 3; ++I)
    ::new (Slot) Slotted(I);
}

TEST(Pool, ArenaReusesOneBlock) {
  arena().reset();
  for (int I = 0; I < 3; ++I)
    ::new (arena().allocate(sizeof(Arenaed))) Arenaed(I);
}

// Each run: +1 Storage (its new is counted, its delete is one of Point),
// -1 Point (its delete is counted, its making is not).
TEST(Placement, IntoStorageOfAnotherType) {
  std::unique_ptr<Storage> St(new Storage);
  ::new (St.get()) Point(1);
  std::unique_ptr<Point> P(reinterpret_cast<Point *>(St.release()));
  EXPECT_EQ(P->X, 1);
}
