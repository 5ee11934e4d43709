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

#include "llvm/Support/JSON.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace leaktrace {

/// One frame of a creation site, an inlined call being a frame of its own.
struct SourceFrame {
  std::string Function; ///< demangled; "??" when unknown
  std::string File;     ///< empty without line information
  unsigned Line = 0;
  std::string Module; ///< the binary, and the call's address in its file
  uint64_t Offset = 0;

  bool hasLine() const { return !File.empty() && Line != 0; }
  /// "FUNCTION at FILE:LINE", or "FUNCTION (MODULE+0xOFFSET)" without line
  /// information.
  std::string str() const;
};

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
struct SitesOfRun {
  /// Layer -> its sites, each type's sorted by objects, most first; sites
  /// whose shown frames are the same are one.
  std::map<std::string, std::vector<CreationSite>> ByLayer;
  /// Why nothing could be recorded ("the second run crashed ..."), or empty.
  std::string Failure;
  double Seconds = 0; ///< the second run and symbolising
  bool LinesMissing = false; ///< some shown frame has no line information
};

/// The frames of the summary: how many of the program's own are shown.
constexpr unsigned ShownFrames = 3;

/// Runs the second pass over \p Leaks (layer -> growing types) of
/// \p Command, with the environment of the first run \p Env. \p RunnerDir:
/// where leaktrace's runner sources are (their frames are not shown).
SitesOfRun
findCreationSites(const std::vector<std::string> &Command,
                  std::map<std::string, std::string> Env,
                  const std::map<std::string, std::vector<std::string>> &Leaks,
                  unsigned TimeoutSeconds, llvm::StringRef RunnerDir);

} // namespace leaktrace

#endif
