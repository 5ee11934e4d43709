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

/// One line of a creation site in the summary, and the frames it stands for.
struct SiteLine {
  enum LineKind {
    Frame,     ///< one frame, FUNCTION at FILE:LINE
    Collapsed, ///< a run of frames of one library: their count and ends
    LeftOut,   ///< frames --site-frames leaves out: their count
  };
  LineKind Kind = Frame;
  /// Indices into CreationSite::Frames, innermost first: the frame of a
  /// Frame line, the program's own frames of a Collapsed or LeftOut one
  /// (the system's and frameworks' frames between them are in no line).
  std::vector<unsigned> Members;
  std::string Place; ///< Collapsed: the directory, or module, of its frames
};

/// Where objects of one type were made, with how many of them the second
/// run left.
struct CreationSite {
  std::string Type;
  int64_t Objects = 0;
  /// The whole stack recorded, innermost first, inlined calls included.
  std::vector<SourceFrame> Frames;
  /// What the summary prints of it (see siteLines()).
  std::vector<SiteLine> Lines;

  /// The summary's text of one of Lines.
  std::string lineText(const SiteLine &L) const;
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
  /// Its "fates", "census" and "paths" members, added to \p O (--json).
  void addTo(llvm::json::Object &O) const;
};

struct SitesOfRun {
  /// Layer -> its sites, one per stack recorded, each type's sorted by
  /// objects, most first. The summary merges those it prints alike.
  std::map<std::string, std::vector<CreationSite>> ByLayer;
  /// Layer -> growing type -> what the scan found (when it ran).
  std::map<std::string, std::map<std::string, TypeRetention>> Retention;
  /// Why nothing could be recorded ("the second run crashed ..."), or empty.
  std::string Failure;
  double Seconds = 0; ///< the second run and symbolising, wall time
  double RunCpuSeconds = 0;       ///< the second run's process, CPU time
  double SymbolisingSeconds = 0;  ///< naming its frames and paths, wall
  bool LinesMissing = false; ///< some frame the summary names has no line
  bool Scanned = false;      ///< the runner scanned the process
  /// Why the scan did not know the heap (the allocator shim could not be
  /// preloaded, or did not load), or empty when it did.
  std::string NoHeap;
  int64_t ThreadsMissed = 0; ///< threads that did not stop for the scan
  int64_t Unlisted = 0;      ///< objects on paths the runner did not list
  bool MembersMissing = false; ///< a member was shown by its offset
};

/// How many lines of frames the summary shows of a site (--site-frames).
constexpr unsigned DefaultSiteFrames = 8;

/// The summary's lines of a creation site's \p Stack (innermost first): from
/// the frame that made the object (the program's own innermost) out to the
/// test's frame, the outermost of the program's own frames that a test
/// framework or leaktrace's runner calls (a TEST's body, a fixture's SetUp
/// or SetUpTestSuite), or without one the program's outermost frame. Only
/// the program's own frames are shown: the system's, the frameworks' and
/// the runner's are not. Between the two ends, a run of three or more
/// frames whose place (their file's directory, or without line information
/// their module) is not the test frame's is one Collapsed line. At most
/// \p MaxLines lines of frames (2 at least: the maker and the test's
/// frame): the first MaxLines - 1 and the test's frame, and one LeftOut
/// line for those between. \p MaxLines 0: every frame of the stack, each on
/// a line of its own. \p RunnerDir: where leaktrace's runner sources are.
std::vector<SiteLine> siteLines(const std::vector<SourceFrame> &Stack,
                                unsigned MaxLines, llvm::StringRef RunnerDir);

/// Readies a run of \p Program for a scan (leaktrace_scan): \p Env gets
/// LEAKTRACE_SCAN, and LD_PRELOAD the allocator shim \p HeapShim when it
/// can be preloaded. Returns why the heap will not be known, or empty.
std::string readyForScan(std::map<std::string, std::string> &Env,
                         llvm::StringRef Program, llvm::StringRef HeapShim);

/// A live program's recording (leaktrace/recording.h: the control socket's
/// "sites" and "scan" replies, for `leaktrace watch`) named as a second
/// run's is: the sites of \p Types under \p Layer, one per stack after
/// symbolising, and, when the program was scanned, what became of their
/// objects and what keeps them alive (Retention, Scanned). \p Program: the
/// executable, whose debug information names the members of counted objects
/// on a path. An error when the recording is malformed.
llvm::Expected<SitesOfRun>
nameRecording(const llvm::json::Object &Recording,
              const std::vector<std::string> &Types, llvm::StringRef Layer,
              llvm::StringRef Program, unsigned SiteFrames);

/// Runs the second pass over \p Leaks (layer -> growing types) of
/// \p Command, with the environment of the first run \p Env. \p RunnerDir:
/// where leaktrace's runner sources are (their frames are not shown);
/// \p SiteFrames: siteLines()'s MaxLines. \p HeapShim: the allocator shim
/// to preload, so that the scan knows the heap.
SitesOfRun
findCreationSites(const std::vector<std::string> &Command,
                  std::map<std::string, std::string> Env,
                  const std::map<std::string, std::vector<std::string>> &Leaks,
                  unsigned TimeoutSeconds, llvm::StringRef RunnerDir,
                  unsigned SiteFrames, llvm::StringRef HeapShim);

} // namespace leaktrace

#endif
