//===- Growth.cpp - Which types of a live process keep growing ------------===//

#include "Growth.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace leaktrace {

static constexpr int64_t None = std::numeric_limits<int64_t>::max();

/// Window \p W of \p T holds a sample of \p Count.
static void addTo(std::vector<int64_t> &Floors, std::vector<int64_t> &Ceilings,
                  size_t W, int64_t Count) {
  if (Floors.size() <= W)
    Floors.resize(W + 1, None);
  if (Ceilings.size() <= W)
    Ceilings.resize(W + 1, None);
  Floors[W] = std::min(Floors[W], Count);
  Ceilings[W] = Ceilings[W] == None ? Count : std::max(Ceilings[W], Count);
}

void GrowthTracker::add(const Sample &S) {
  if (!Any) {
    Any = true;
    First = S.Seconds;
  }
  Latest = S.Seconds;
  size_t W = size_t(std::max(0.0, S.Seconds - First) / Rule.WindowSeconds);
  // Types this sample does not list have no object: floor 0 in this window.
  for (auto &[Type, T] : Types)
    if (!S.Counts.count(Type)) {
      addTo(T.Floors, T.Ceilings, W, 0);
      T.Last = 0;
    }
  for (const auto &[Type, C] : S.Counts) {
    auto [It, New] = Types.try_emplace(Type);
    Track &T = It->second;
    if (New) {
      // Not counted before: no object in every window before this sample's
      // (the samples before it did not list it).
      T.Floors.assign(W + 1, Samples ? 0 : None);
      if (!(Samples && LastWindow == W))
        T.Floors[W] = None;
      T.Ceilings = T.Floors;
      T.Start = Samples ? 0 : C.total();
    }
    addTo(T.Floors, T.Ceilings, W, C.total());
    T.Last = C.total();
    T.Flagged |= C.Flags != 0;
  }
  ++Samples;
  LastWindow = W;
}

size_t GrowthTracker::windows() const {
  if (!Any || Rule.WindowSeconds <= 0)
    return 0;
  double Span = Latest - First;
  size_t Whole = size_t(std::floor(Span / Rule.WindowSeconds));
  double Rest = Span - double(Whole) * Rule.WindowSeconds;
  // The window the last samples fall in is counted when half full.
  return Whole + (Rest >= Rule.WindowSeconds / 2 ? 1 : 0);
}

std::vector<GrowingType> GrowthTracker::growing() const {
  std::vector<GrowingType> Out;
  size_t Windows = windows();
  if (Rule.Rises == 0 || Windows < Rule.Rises + 1)
    return Out;
  for (const auto &[Type, T] : Types) {
    if (T.Flagged)
      continue;
    std::vector<int64_t> Floors(T.Floors.begin(),
                                T.Floors.begin() +
                                    std::min(Windows, T.Floors.size()));
    Floors.resize(Windows, None);
    // A window without a sample (a pause longer than a window) keeps the
    // floor of the one before.
    for (size_t W = 1; W < Windows; ++W)
      if (Floors[W] == None)
        Floors[W] = Floors[W - 1];
    if (Floors[0] == None)
      continue;
    unsigned Rising = 0;
    for (size_t W = Windows - 1; W > 0 && Floors[W] > Floors[W - 1]; --W)
      ++Rising;
    if (Rising < Rule.Rises)
      continue;
    size_t From = Windows - 1 - Rising;
    // Above the ceiling the rises started from: more than its own swing.
    int64_t Ceiling = From < T.Ceilings.size() ? T.Ceilings[From] : None;
    if (Ceiling != None && Floors[Windows - 1] <= Ceiling)
      continue;
    GrowingType G;
    G.Type = Type;
    G.Start = T.Start;
    G.End = T.Last;
    G.RisingWindows = Rising;
    G.SinceSeconds = double(From) * Rule.WindowSeconds;
    G.PerMinute = double(Floors[Windows - 1] - Floors[From]) /
                  (double(Rising) * Rule.WindowSeconds) * 60.0;
    G.Floors = std::move(Floors);
    Out.push_back(std::move(G));
  }
  std::sort(Out.begin(), Out.end(),
            [](const GrowingType &A, const GrowingType &B) {
              if (A.PerMinute != B.PerMinute)
                return A.PerMinute > B.PerMinute;
              return A.Type < B.Type;
            });
  return Out;
}

std::vector<GrowingType> findGrowing(const std::vector<Sample> &Samples,
                                     const GrowthRule &Rule) {
  GrowthTracker T(Rule);
  for (const Sample &S : Samples)
    T.add(S);
  return T.growing();
}

} // namespace leaktrace
