//===- FactsJSON.h - A run's facts as --json writes and merge reads them --===//
//
// Schema leaktrace-run/2 (README "JSON"). Each part of the facts has its
// toJSON and fromJSON side by side in FactsJSON.cpp: a member written is a
// member read. Reading, a member that /2 always has is required, so that a
// file cut short or edited by hand is an error naming the member (with its
// path: "run.layers[0].iterations[1].ran"), never a silent 0.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_FACTSJSON_H
#define LEAKTRACE_TOOL_FACTSJSON_H

#include "RunFacts.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace leaktrace {

/// The facts of a run with its \p Verdict and wall-clock \p WallSeconds.
llvm::json::Value runToJSON(const RunFacts &F, llvm::StringRef Verdict,
                            double WallSeconds);

/// The facts of one run's --json file (a shard, for merge): the run's
/// facts, where they were read from, and the run's own verdict and
/// wall-clock seconds.
struct StoredRun : RunFacts {
  std::string Path;
  std::string Verdict;
  double Seconds = 0;
};

/// Reads what runToJSON() wrote (or a leaktrace-run/1 file); a usage error
/// naming the member when it is not that.
llvm::Error runFromJSON(const llvm::json::Value &V, StoredRun &Out);

} // namespace leaktrace

#endif
