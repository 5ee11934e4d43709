//===- MergeShards.cpp - One report from the --json files of shards ------===//

#include "MergeShards.h"
#include "ToolError.h"

#include <algorithm>
#include <map>
#include <optional>

namespace leaktrace {

using llvm::json::Array;

llvm::Error MergedReport::merge(std::vector<StoredRun> Runs) {
  if (Runs.empty())
    return usageError("no --json files to merge");
  unsigned Count = Runs.front().ShardCount;
  std::vector<const StoredRun *> ByIndex(Count, nullptr);
  for (const StoredRun &R : Runs) {
    if (R.ShardCount != Count)
      return usageError(
          R.Path + " is shard " + std::to_string(R.ShardIndex + 1) + " of " +
          std::to_string(R.ShardCount) + ", " + Runs.front().Path + " one of " +
          std::to_string(Count) + ": merge the shards of one run");
    if (R.Repeat != Runs.front().Repeat) {
      return usageError(R.Path + " ran " + std::to_string(R.Repeat) +
                        " iterations, " + Runs.front().Path + " " +
                        std::to_string(Runs.front().Repeat) +
                        ": merge the shards of one run");
    }
    if (R.ShardIndex >= Count || ByIndex[R.ShardIndex])
      return usageError(R.Path + ": shard " + std::to_string(R.ShardIndex + 1) +
                        " of " + std::to_string(Count) + " is given " +
                        (R.ShardIndex >= Count ? "but cannot exist" : "twice"));
    ByIndex[R.ShardIndex] = &R;
  }
  for (unsigned I = 0; I < Count; ++I)
    if (!ByIndex[I])
      return usageError("shard " + std::to_string(I + 1) + " of " +
                        std::to_string(Count) +
                        " is missing: give the --json file of every shard");

  Merged.Repeat = Runs.front().Repeat;
  Merged.ShardCount = Count;
  std::map<int64_t, LayerFacts> Layers;
  for (const StoredRun *R : ByIndex) {
    if (BrokenShard.empty() && R->Verdict != "ok" && R->Verdict != "failures" &&
        R->Verdict != "leak" && R->Verdict != "failures and leak") {
      BrokenShard = R->Path;
      Verdict = R->Verdict;
    }
    Merged.Seconds = std::max(Merged.Seconds, R->Seconds);
    Merged.UncountedClasses =
        std::max(Merged.UncountedClasses, R->UncountedClasses);
    for (const LayerFacts &L : R->Layers) {
      auto [It, New] = Layers.try_emplace(L.Order, L);
      LayerFacts &M = It->second;
      if (New)
        continue;
      M.Tests += L.Tests;
      if (M.Iterations.size() < L.Iterations.size())
        M.Iterations.resize(L.Iterations.size());
      for (size_t K = 0; K < L.Iterations.size(); ++K) {
        IterationFacts &A = M.Iterations[K];
        const IterationFacts &B = L.Iterations[K];
        A.Number = B.Number;
        A.Ran += B.Ran;
        A.Failures += B.Failures;
        A.Errors += B.Errors;
        A.Skipped += B.Skipped;
        A.Seconds = std::max(A.Seconds, B.Seconds);
        auto Add = [](std::map<std::string, Delta> &Into,
                      const std::map<std::string, Delta> &From) {
          for (const auto &[Type, D] : From) {
            Delta &Sum = Into[Type];
            Sum.Insts += D.Insts;
            Sum.Refs += D.Refs;
            if (!Sum.Insts && !Sum.Refs)
              Into.erase(Type);
          }
        };
        Add(A.Changes, B.Changes);
        // A test runs in one shard: its changes are its own.
        for (const auto &[Test, Changes] : B.TestChanges)
          Add(A.TestChanges[Test], Changes);
      }
    }
    for (const LeftOutType &T : R->LeftOut)
      if (std::none_of(Merged.LeftOut.begin(), Merged.LeftOut.end(),
                       [&](const LeftOutType &K) { return K.Type == T.Type; }))
        Merged.LeftOut.push_back(T);
  }
  for (auto &Entry : Layers)
    Merged.Layers.push_back(std::move(Entry.second));
  if (BrokenShard.empty()) {
    bool Leak = foundLeak(), Failed = failures() > 0;
    Verdict = Failed && Leak ? "failures and leak"
              : Failed       ? "failures"
              : Leak         ? "leak"
                             : "ok";
  }
  return llvm::Error::success();
}

void MergedReport::render() {
  printMergedIterations(OS, Merged, Opts);
  printSummary(OS, Merged, Opts, Merged.Seconds);
}

llvm::json::Value MergedReport::toJSON() const {
  llvm::json::Value V = runToJSON(Merged, Verdict, Merged.Seconds);
  // Absolute counts of separate processes do not add up: none are given.
  if (Array *Layers = V.getAsObject()->getArray("layers"))
    for (llvm::json::Value &L : *Layers)
      if (Array *Its = L.getAsObject()->getArray("iterations"))
        for (llvm::json::Value &I : *Its) {
          I.getAsObject()->erase("sys_refcount");
          I.getAsObject()->erase("detail_refcount");
        }
  V.getAsObject()->erase("shard");
  (*V.getAsObject())["merged_shards"] = int64_t(Merged.ShardCount);
  return V;
}

} // namespace leaktrace
