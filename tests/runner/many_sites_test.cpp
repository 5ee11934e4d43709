// One type leaked from twelve places, makeAt<N>() leaking N of them: the
// summary shows the ten sites with most objects (12 down to 3) and counts
// the other two (2 objects and 1 object) in one line; the JSON lists all
// twelve. Widget has no destructor to count: its objects are counted by
// their new, in makeAt<N>(), the first line of each site.
#include <gtest/gtest.h>

#include <vector>

namespace many {

struct Widget {
  explicit Widget(int Size) : Size(Size) {}
  int Size;
};

std::vector<Widget *> &kept() {
  static std::vector<Widget *> Kept;
  return Kept;
}

template <int N> __attribute__((noinline)) void makeAt() {
  for (int I = 0; I < N; ++I)
    kept().push_back(new Widget(N));
}

} // namespace many

TEST(Many, LeaksFromTwelvePlaces) {
  using namespace many;
  makeAt<1>();
  makeAt<2>();
  makeAt<3>();
  makeAt<4>();
  makeAt<5>();
  makeAt<6>();
  makeAt<7>();
  makeAt<8>();
  makeAt<9>();
  makeAt<10>();
  makeAt<11>();
  makeAt<12>();
  EXPECT_EQ(kept().back()->Size, 12);
}
