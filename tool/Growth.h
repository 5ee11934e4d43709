//===- Growth.h - Which types of a live process keep growing --------------===//
//
// `leaktrace watch` samples a running program's counts; this judges them.
// A live program's counts go up and down with its work: a cache fills and
// then stays full, request buffers pile up and are freed in batches, a
// thread pool starts and ends threads. What only a leak does is raise the
// floor: the fewest objects alive at any moment keeps rising.
//
// The rule: the samples are cut into windows of Window seconds from the
// first; a type's floor in a window is the least of insts + refs over the
// window's samples, its ceiling the most. A type grows when its floor rose
// in each of the last Rises windows (each higher than the one before) and
// the last window's floor is above the ceiling of the window the rises
// started from: it grew by more than its own swing, so a few troughs that
// happen to come out higher one after another are no growth. A cache that
// filled is level in the windows after it, a saw-tooth's floor is its
// trough and never passes its peak, a pool's floor is the threads it keeps:
// none of them rises window after window. A leak that
// stopped (the load stopped) is not reported either: only what still grows
// at the end of the watch. The last window counts only when it covers at
// least half of Window (fewer samples would raise its floor by chance).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_GROWTH_H
#define LEAKTRACE_TOOL_GROWTH_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace leaktrace {

/// One type's counts in a sample.
struct LiveCount {
  int64_t Insts = 0, Refs = 0;
  uint32_t Flags = 0; ///< LEAKTRACE_COUNT_*: counts that cannot be right
  int64_t total() const { return Insts + Refs; }
  bool operator==(const LiveCount &O) const {
    return Insts == O.Insts && Refs == O.Refs && Flags == O.Flags;
  }
};

/// The counts of every type at one moment.
struct Sample {
  double Seconds = 0; ///< since the first sample
  std::map<std::string, LiveCount> Counts;
  /// CPU time the program's control thread had used (what sampling cost).
  double ControlCpuSeconds = 0;
};

struct GrowthRule {
  double WindowSeconds = 60;
  unsigned Rises = 3;
};

struct GrowingType {
  std::string Type;
  int64_t Start = 0, End = 0; ///< insts + refs at the first and last sample
  double PerMinute = 0;       ///< the floor's rise per minute over its rises
  double SinceSeconds = 0;    ///< the start of the window its rises began
  unsigned RisingWindows = 0; ///< how many windows in a row it rose
  /// The floor of each window, first to last.
  std::vector<int64_t> Floors;
};

/// Judges samples as they come: keeps each type's floor per window (not the
/// samples), so a watch of hours judges in time proportional to the types
/// and windows.
class GrowthTracker {
public:
  explicit GrowthTracker(GrowthRule Rule) : Rule(Rule) {}
  /// Adds a sample; samples come in time order. A type a sample does not
  /// list has no object (the runtime lists every type it has counted).
  void add(const Sample &S);
  /// The types that grow by the rule, the fastest first (ties by name).
  /// Types flagged as counts that cannot be right are not judged.
  std::vector<GrowingType> growing() const;
  /// How many windows the samples so far cover (the last if half full).
  size_t windows() const;

private:
  struct Track {
    std::vector<int64_t> Floors;   ///< per window; None where no sample
    std::vector<int64_t> Ceilings; ///< per window; None where no sample
    int64_t Start = 0, Last = 0;
    bool Flagged = false;
  };
  GrowthRule Rule;
  std::map<std::string, Track> Types;
  bool Any = false;
  double First = 0, Latest = 0;
  size_t Samples = 0;
  size_t LastWindow = 0; ///< of the latest sample
};

/// The types of \p Samples that grow by \p Rule (a GrowthTracker fed them).
std::vector<GrowingType> findGrowing(const std::vector<Sample> &Samples,
                                     const GrowthRule &Rule);

} // namespace leaktrace

#endif
