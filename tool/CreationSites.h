//===- CreationSites.h - Where the objects of a leak were made ------------===//
//
// After a run found types that grow, the tool runs the leaking layers once
// more, twice each, with the runtime watching those types only
// (LEAKTRACE_WATCH): the runner records where every object of theirs made in
// the second iteration was made, and reports what is still alive at its end
// (the "sites" event). The frames are symbolised here, with LLVM's
// symbolizer, and the leak summary shows them under each type.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_CREATIONSITES_H
#define LEAKTRACE_TOOL_CREATIONSITES_H

#include "RetentionPaths.h"
#include "Symbolizer.h"

#include "llvm/Support/JSON.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace leaktrace {

/// Where objects of one type were made, with how many of them the second
/// run left.
struct CreationSite {
  std::string Type;
  int64_t Objects = 0;
  /// The few frames the summary prints, innermost first: the program's own
  /// with line information, else the program's own, else any (the system's,
  /// a test framework's, leaktrace's runner's are not the program's own).
  std::vector<SourceFrame> Frames;

  llvm::json::Value toJSON() const;
};

/// What the second run found, per layer.
/// What the second run's scan found of one growing type.
struct TypeRetention {
  Fates Of;      ///< of the objects it kept, summed over the type's sites
  Census Count;  ///< its objects really alive, before and after
  /// Those alive, by the shortest chain of pointers from a root (or the
  /// cycle holding them), most objects first; paths alike after naming are
  /// one.
  std::vector<RetentionPath> Paths;
  /// The count grew only because objects ended without their destructor:
  /// as many are really alive after the recorded iteration as before.
  bool endedOnly() const { return Count.Known && Count.liveGrowth() <= 0; }
};

struct SitesOfRun {
  /// Layer -> its sites, each type's sorted by objects, most first; sites
  /// whose shown frames are the same are one.
  std::map<std::string, std::vector<CreationSite>> ByLayer;
  /// Layer -> growing type -> what the scan found (when it ran).
  std::map<std::string, std::map<std::string, TypeRetention>> Retention;
  /// Why nothing could be recorded ("the second run crashed ..."), or empty.
  std::string Failure;
  double Seconds = 0; ///< the second run and symbolising
  bool LinesMissing = false; ///< some shown frame has no line information
  bool Scanned = false;      ///< the runner scanned the process
  /// Why the scan did not know the heap (the allocator shim could not be
  /// preloaded, or did not load), or empty when it did.
  std::string NoHeap;
  int64_t ThreadsMissed = 0; ///< threads that did not stop for the scan
  int64_t Unlisted = 0;      ///< objects on paths the runner did not list
  bool MembersMissing = false; ///< a member was shown by its offset
};

/// The frames of the summary: how many of the program's own are shown.
constexpr unsigned ShownFrames = 3;

/// Runs the second pass over \p Leaks (layer -> growing types) of
/// \p Command, with the environment of the first run \p Env. \p RunnerDir:
/// where leaktrace's runner sources are (their frames are not shown).
/// \p HeapShim: the allocator shim to preload, so that the scan knows the
/// heap.
SitesOfRun
findCreationSites(const std::vector<std::string> &Command,
                  std::map<std::string, std::string> Env,
                  const std::map<std::string, std::vector<std::string>> &Leaks,
                  unsigned TimeoutSeconds, llvm::StringRef RunnerDir,
                  llvm::StringRef HeapShim);

} // namespace leaktrace

#endif
