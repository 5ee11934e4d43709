// leaktrace watch's growth rule (tool/Growth.h) on hand-made samples of the
// shapes a live program's counts take: every expected result follows from
// the rule (windows of 1 s, floors rising in each of the last 3 windows,
// the last floor above the ceiling the rises started from).
#include "Growth.h"

#include <gtest/gtest.h>

#include <functional>

using namespace leaktrace;

namespace {

/// Samples every 0.1 s for \p Seconds of one type whose count at time t is
/// \p Count(t).
std::vector<Sample> samples(double Seconds,
                            const std::function<int64_t(double)> &Count,
                            const std::string &Type = "T") {
  std::vector<Sample> Out;
  for (int K = 0; K * 0.1 <= Seconds + 1e-9; ++K) {
    Sample S;
    S.Seconds = K * 0.1;
    S.Counts[Type].Insts = Count(S.Seconds);
    Out.push_back(S);
  }
  return Out;
}

GrowthRule rule() {
  GrowthRule R;
  R.WindowSeconds = 1;
  R.Rises = 3;
  return R;
}

TEST(Growth, OneObjectPerRequestGrows) {
  // 10 requests a second, each keeps one object: the count at t is
  // floor(10 t), the floor of window w is 10 w, so every window rises by
  // 10: 600 per minute, since the first window.
  std::vector<GrowingType> G =
      findGrowing(samples(6, [](double T) { return int64_t(10 * T + 1e-9); }),
                  rule());
  ASSERT_EQ(G.size(), 1u);
  EXPECT_EQ(G[0].Type, "T");
  EXPECT_EQ(G[0].Start, 0);
  EXPECT_EQ(G[0].End, 60);
  EXPECT_DOUBLE_EQ(G[0].PerMinute, 600);
  EXPECT_DOUBLE_EQ(G[0].SinceSeconds, 0);
  EXPECT_EQ(G[0].RisingWindows, 5u);
  EXPECT_EQ(G[0].Floors, (std::vector<int64_t>{0, 10, 20, 30, 40, 50}));
}

TEST(Growth, ABoundedCacheThatFilledDoesNot) {
  // Fills at 10 a second up to 25 (2.5 s), then stays full.
  EXPECT_TRUE(findGrowing(samples(8,
                                  [](double T) {
                                    return std::min<int64_t>(
                                        25, int64_t(10 * T + 1e-9));
                                  }),
                          rule())
                  .empty());
}

TEST(Growth, ASawToothDoesNot) {
  // One buffer a request, freed in batches of 25: 0..24, again and again;
  // the troughs come at different phases in each window.
  EXPECT_TRUE(findGrowing(samples(10,
                                  [](double T) {
                                    return int64_t(10 * T + 1e-9) % 25;
                                  }),
                          rule())
                  .empty());
}

TEST(Growth, TroughsRisingByChanceAreNoGrowth) {
  // A saw-tooth whose troughs happen to read 1, 2, 3, 4 in four windows in
  // a row, its peaks 30: the floors rose three times, but never above the
  // swing of the window they rose from.
  std::vector<Sample> S;
  for (int W = 0; W < 4; ++W)
    for (int K = 0; K < 10; ++K) {
      Sample X;
      X.Seconds = W + K * 0.1;
      X.Counts["T"].Insts = K == 0 ? W + 1 : 30;
      S.push_back(X);
    }
  Sample End;
  End.Seconds = 4.0;
  End.Counts["T"].Insts = 30;
  S.push_back(End);
  EXPECT_TRUE(findGrowing(S, rule()).empty());
}

TEST(Growth, ALeakThatStoppedIsNotReported) {
  // Grew for 3 s, then the load stopped: level for the last 3 windows.
  EXPECT_TRUE(findGrowing(samples(7,
                                  [](double T) {
                                    return int64_t(10 * std::min(T, 3.0) +
                                                   1e-9);
                                  }),
                          rule())
                  .empty());
}

TEST(Growth, TooFewWindowsJudgeNothing) {
  // Rises in every window, but 3 rises need 4 windows: 3.4 s is 3 whole
  // windows (the fourth not half full).
  EXPECT_TRUE(
      findGrowing(samples(3.4, [](double T) { return int64_t(10 * T + 1e-9); }),
                  rule())
          .empty());
  // 3.5 s: the fourth window is half full and counts.
  EXPECT_EQ(
      findGrowing(samples(3.5, [](double T) { return int64_t(10 * T + 1e-9); }),
                  rule())
          .size(),
      1u);
}

TEST(Growth, ATypeFirstCountedLaterStartsFromZero) {
  // Not counted in the first 1.5 s (the program had made none), then one
  // more every 0.1 s.
  std::vector<Sample> S = samples(6, [](double) { return int64_t(1); }, "Other");
  for (Sample &X : S)
    if (X.Seconds >= 1.5 - 1e-9)
      X.Counts["Late"].Insts = int64_t((X.Seconds - 1.5) * 10 + 1e-9) + 1;
  std::vector<GrowingType> G = findGrowing(S, rule());
  ASSERT_EQ(G.size(), 1u);
  EXPECT_EQ(G[0].Type, "Late");
  EXPECT_EQ(G[0].Start, 0);
  EXPECT_EQ(G[0].End, 46);
  // Floors: 0, 0 (its first 0.5 s uncounted), 6, 16, 26, 36.
  EXPECT_EQ(G[0].Floors, (std::vector<int64_t>{0, 0, 6, 16, 26, 36}));
  EXPECT_DOUBLE_EQ(G[0].SinceSeconds, 1);
  EXPECT_DOUBLE_EQ(G[0].PerMinute, (36.0 - 0) / 4 * 60);
}

TEST(Growth, CountsThatCannotBeRightAreNotJudged) {
  std::vector<Sample> S =
      samples(6, [](double T) { return int64_t(10 * T + 1e-9); });
  S[3].Counts["T"].Flags = 1;
  EXPECT_TRUE(findGrowing(S, rule()).empty());
}

TEST(Growth, FastestFirst) {
  std::vector<Sample> S =
      samples(6, [](double T) { return int64_t(10 * T + 1e-9); }, "Slow");
  for (Sample &X : S)
    X.Counts["Fast"].Insts = int64_t(20 * X.Seconds + 1e-9);
  std::vector<GrowingType> G = findGrowing(S, rule());
  ASSERT_EQ(G.size(), 2u);
  EXPECT_EQ(G[0].Type, "Fast");
  EXPECT_EQ(G[1].Type, "Slow");
}

} // namespace
