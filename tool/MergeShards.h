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

#include "FactsJSON.h"
#include "TextReport.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace leaktrace {

/// Merges the shards' facts and renders them, zope's way. Construct with the
/// runs of every shard of one suite (checked by merge()).
class MergedReport {
public:
  MergedReport(ReportOptions Opts, llvm::raw_ostream &OS,
               const Baseline *Known = nullptr)
      : Opts(Opts), OS(OS) {
    Merged.Known = Known;
  }

  /// A usage error when the runs are not the shards of one run: a shard
  /// missing or given twice, different shard counts or repeats.
  llvm::Error merge(std::vector<StoredRun> Runs);
  /// Prints the merged report.
  void render();

  /// "ok", "failures", "leak", "failures and leak", or a shard's own
  /// "crash", "timeout" or "broken".
  const std::string &verdict() const { return Verdict; }
  /// The shard whose run did not finish, with its verdict.
  const std::string &brokenShard() const { return BrokenShard; }
  /// The merged facts, judged as one run's.
  const RunFacts &facts() const { return Merged; }
  bool foundLeak() const { return Merged.foundLeak(); }
  int64_t failures() const { return Merged.failures(); }
  llvm::json::Value toJSON() const;

private:
  ReportOptions Opts;
  llvm::raw_ostream &OS;
  StoredRun Merged;
  std::string Verdict, BrokenShard;
};

} // namespace leaktrace

#endif
