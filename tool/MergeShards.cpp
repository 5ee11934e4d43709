//===- MergeShards.cpp - One report from the --json files of shards ------===//

#include "MergeShards.h"
#include "ToolError.h"

#include <algorithm>
#include <map>
#include <optional>

namespace leaktrace {

using llvm::json::Array;
using llvm::json::Object;

// fromJSON of the facts a run's --json holds (LeakReport::toJSON writes
// them): each member that schema leaktrace-run/2 always has is required, so
// that a file cut short or edited by hand is an error naming the member, not
// a silent 0. Members a /1 file may lack are optional: the tests' own
// changes, a layer's order, the flags and reasons of left-out types, the
// count of uncounted classes.
using llvm::json::ObjectMapper;
using llvm::json::Path;

static bool fromJSON(const llvm::json::Value &V,
                     std::pair<std::string, Delta> &C, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("type", C.first) && O.map("insts", C.second.Insts) &&
         O.map("refs", C.second.Refs);
}

/// The "changes" array of \p O, into \p Into (by type).
static bool mapChanges(ObjectMapper &O, std::map<std::string, Delta> &Into) {
  std::vector<std::pair<std::string, Delta>> Changes;
  if (!O.map("changes", Changes))
    return false;
  for (auto &[Type, D] : Changes)
    Into[Type] = D;
  return true;
}

namespace {
/// One test's changes in an iteration ("tests" member).
struct TestChanges {
  std::string Name;
  std::map<std::string, Delta> Changes;
};
bool fromJSON(const llvm::json::Value &V, TestChanges &T, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("name", T.Name) && mapChanges(O, T.Changes);
}
/// "shard" and "total".
struct ShardMembers {
  int64_t Index = 0, Count = 0;
};
bool fromJSON(const llvm::json::Value &V, ShardMembers &S, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("index", S.Index) && O.map("count", S.Count);
}
struct TotalMembers {
  double Seconds = 0;
};
bool fromJSON(const llvm::json::Value &V, TotalMembers &T, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("seconds", T.Seconds);
}
} // namespace

static bool fromJSON(const llvm::json::Value &V, IterationFacts &It, Path P) {
  ObjectMapper O(V, P);
  int64_t Number = 0;
  std::vector<TestChanges> Tests;
  if (!(O && O.map("iteration", Number) && O.map("ran", It.Ran) &&
        O.map("failures", It.Failures) && O.map("errors", It.Errors) &&
        O.map("skipped", It.Skipped) && O.map("seconds", It.Seconds) &&
        mapChanges(O, It.Changes) && O.mapOptional("tests", Tests)))
    return false;
  It.Number = unsigned(Number);
  for (TestChanges &T : Tests)
    It.TestChanges[T.Name] = std::move(T.Changes);
  return true;
}

static bool fromJSON(const llvm::json::Value &V, LayerFacts &L, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("name", L.Name) && O.map("tests", L.Tests) &&
         O.mapOptional("order", L.Order) && O.map("iterations", L.Iterations);
}

static bool fromJSON(const llvm::json::Value &V, LeftOutType &T, Path P) {
  ObjectMapper O(V, P);
  int64_t Iteration = 0, Flags = 0;
  if (!(O && O.map("type", T.Type) && O.map("layer", T.Layer) &&
        O.map("iteration", Iteration) && O.map("insts", T.Insts) &&
        O.map("refs", T.Refs) && O.mapOptional("flags", Flags) &&
        O.mapOptional("reason", T.Reason)))
    return false;
  T.Iteration = unsigned(Iteration);
  T.Flags = uint32_t(Flags);
  return true;
}

llvm::Error readRunFacts(const llvm::json::Value &V, ShardRun &Out) {
  const Object *O = V.getAsObject();
  // /1 lacks the tests' own changes: its runs merge without them.
  std::optional<llvm::StringRef> Schema =
      O ? O->getString("schema") : std::nullopt;
  if (!Schema || (*Schema != "leaktrace-run/1" && *Schema != "leaktrace-run/2"))
    return usageError("not the --json output of a leaktrace run (schema "
                      "leaktrace-run/2 or /1)");
  Path::Root Root("run");
  ObjectMapper M(V, Root);
  int64_t Repeat = 0;
  ShardMembers Shard;
  TotalMembers Total;
  if (!(M.map("repeat", Repeat) && M.map("shard", Shard) &&
        M.map("verdict", Out.Verdict) &&
        M.mapOptional("uncounted_classes", Out.UncountedClasses) &&
        M.map("layers", Out.Layers) && M.map("left_out", Out.LeftOut) &&
        M.map("total", Total)))
    return usageError(llvm::toString(Root.getError()));
  Out.Seconds = Total.Seconds;
  Out.Repeat = unsigned(Repeat);
  Out.ShardIndex = unsigned(Shard.Index);
  Out.ShardCount = unsigned(Shard.Count);
  return llvm::Error::success();
}

llvm::Error MergedReport::merge(std::vector<ShardRun> Runs) {
  if (Runs.empty())
    return usageError("no --json files to merge");
  unsigned Count = Runs.front().ShardCount;
  std::vector<const ShardRun *> ByIndex(Count, nullptr);
  for (const ShardRun &R : Runs) {
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
  for (const ShardRun *R : ByIndex) {
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
  Facts.Layers = Merged.Layers;
  Facts.LeftOut = Merged.LeftOut;
  Facts.UncountedClasses = Merged.UncountedClasses;
  Facts.Opts.Repeat = Merged.Repeat;
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
  if (Merged.ShardCount > 1)
    OS << "Merged " << Merged.ShardCount << " shards.\n";
  for (const LayerFacts &L : Merged.Layers) {
    OS << "Running " << L.Name << " tests:\n";
    for (size_t K = 0; K < L.Iterations.size(); ++K) {
      const IterationFacts &It = L.Iterations[K];
      if (Merged.Repeat > 1)
        OS << "Iteration " << It.Number << "\n";
      Facts.printRanLine(It);
      if (!Opts.RefCounts || K == 0)
        continue;
      int64_t Change = 0;
      for (const auto &Entry : It.Changes)
        Change += Entry.second.Insts + Entry.second.Refs;
      OS << "change=" << Change << "\n";
      if (Opts.Verbose > 0)
        Facts.printTable(It);
    }
  }
  Facts.finish(Merged.Seconds);
}

llvm::json::Value MergedReport::toJSON() const {
  llvm::json::Value V = Facts.toJSON(Verdict, Merged.Seconds);
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
