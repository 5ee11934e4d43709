//===- MergeShards.h - One report from the --json files of shards --------===//
//
// A sharded CI job runs each shard as `leaktrace --shard-index I
// --shard-count N --json shard-I.json ...` (or with the sharding variables
// of GoogleTest or Bazel); `leaktrace merge shard-*.json` reads them all and
// prints one report with one verdict.
//
// A layer's tests may be split over shards. Each shard counts its own tests'
// changes, and changes add up: a type's change in a layer's iteration is the
// sum of the shards' changes, and so are the tests, failures and errors. The
// absolute counts of separate processes do not add up (each has its own
// static objects): the merged report gives the changes alone.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_MERGESHARDS_H
#define LEAKTRACE_TOOL_MERGESHARDS_H

#include "LeakReport.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace leaktrace {

/// The facts of one run's --json file: the run's facts, where they were
/// read from, and the run's own verdict and wall-clock seconds.
struct ShardRun : RunFacts {
  std::string Path;
  std::string Verdict;
  double Seconds = 0;
};

/// Reads a run's --json output; a usage error when it is none.
llvm::Error readRunFacts(const llvm::json::Value &V, ShardRun &Out);

/// Merges the shards' facts and renders them, zope's way. Construct with the
/// runs of every shard of one suite (checked by merge()).
class MergedReport {
public:
  MergedReport(ReportOptions Opts, llvm::raw_ostream &OS,
               const Baseline *Known = nullptr)
      : Opts(Opts), OS(OS), Facts(Opts, OS) {
    Facts.setBaseline(Known);
  }

  /// A usage error when the runs are not the shards of one run: a shard
  /// missing or given twice, different shard counts or repeats.
  llvm::Error merge(std::vector<ShardRun> Runs);
  /// Prints the merged report.
  void render();

  /// "ok", "failures", "leak", "failures and leak", or a shard's own
  /// "crash", "timeout" or "broken".
  const std::string &verdict() const { return Verdict; }
  /// The shard whose run did not finish, with its verdict.
  const std::string &brokenShard() const { return BrokenShard; }
  bool foundLeak() const { return Facts.foundLeak(); }
  int64_t failures() const { return Facts.failures(); }
  llvm::json::Value toJSON() const;

private:
  ReportOptions Opts;
  llvm::raw_ostream &OS;
  ShardRun Merged;
  /// The merged facts, judged and rendered as one run's.
  LeakReport Facts;
  std::string Verdict, BrokenShard;
};

} // namespace leaktrace

#endif
