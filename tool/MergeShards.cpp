//===- MergeShards.cpp - One report from the --json files of shards ------===//

#include "MergeShards.h"
#include "ToolError.h"

#include <algorithm>
#include <map>
#include <optional>

namespace leaktrace {

using llvm::json::Array;
using llvm::json::Object;

llvm::Error readRunFacts(const llvm::json::Value &V, RunFacts &Out) {
  const Object *O = V.getAsObject();
  // /1 lacks the tests' own changes: its runs merge without them.
  std::optional<llvm::StringRef> Schema =
      O ? O->getString("schema") : std::nullopt;
  if (!Schema ||
      (*Schema != "leaktrace-run/1" && *Schema != "leaktrace-run/2")) {
    return usageError("not the --json output of a leaktrace run (schema "
                      "leaktrace-run/2 or /1)");
  }
  auto Int = [](const Object &O, llvm::StringRef K) {
    return O.getInteger(K).value_or(0);
  };
  if (const Object *S = O->getObject("shard")) {
    Out.ShardIndex = unsigned(Int(*S, "index"));
    Out.ShardCount = unsigned(Int(*S, "count"));
  }
  Out.Repeat = unsigned(O->getInteger("repeat").value_or(1));
  Out.Verdict = O->getString("verdict").value_or("").str();
  Out.UncountedClasses = Int(*O, "uncounted_classes");
  if (const Object *T = O->getObject("total"))
    Out.Seconds = T->getNumber("seconds").value_or(0);
  if (const Array *Layers = O->getArray("layers"))
    for (const llvm::json::Value &LV : *Layers) {
      const Object *L = LV.getAsObject();
      if (!L)
        continue;
      LayerFacts F;
      F.Name = L->getString("name").value_or("").str();
      F.Tests = Int(*L, "tests");
      F.Order = Int(*L, "order");
      if (const Array *Its = L->getArray("iterations"))
        for (const llvm::json::Value &IV : *Its) {
          const Object *I = IV.getAsObject();
          if (!I)
            continue;
          IterationFacts It;
          It.Number = unsigned(Int(*I, "iteration"));
          It.Ran = Int(*I, "ran");
          It.Failures = Int(*I, "failures");
          It.Errors = Int(*I, "errors");
          It.Skipped = Int(*I, "skipped");
          It.Seconds = I->getNumber("seconds").value_or(0);
          auto ReadChanges = [&](const Object &Of,
                                 std::map<std::string, Delta> &Into) {
            if (const Array *Changes = Of.getArray("changes"))
              for (const llvm::json::Value &CV : *Changes)
                if (const Object *C = CV.getAsObject())
                  Into[C->getString("type").value_or("").str()] = {
                      Int(*C, "insts"), Int(*C, "refs")};
          };
          ReadChanges(*I, It.Changes);
          if (const Array *Tests = I->getArray("tests"))
            for (const llvm::json::Value &TV : *Tests)
              if (const Object *T = TV.getAsObject())
                ReadChanges(
                    *T,
                    It.TestChanges[T->getString("name").value_or("").str()]);
          F.Iterations.push_back(std::move(It));
        }
      Out.Layers.push_back(std::move(F));
    }
  if (const Array *Gone = O->getArray("left_out"))
    for (const llvm::json::Value &GV : *Gone)
      if (const Object *G = GV.getAsObject()) {
        LeftOutType T;
        T.Type = G->getString("type").value_or("").str();
        T.Layer = G->getString("layer").value_or("").str();
        T.Iteration = unsigned(Int(*G, "iteration"));
        T.Insts = Int(*G, "insts");
        T.Refs = Int(*G, "refs");
        T.Reason = G->getString("reason").value_or("").str();
        T.Flags = uint32_t(Int(*G, "flags"));
        Out.LeftOut.push_back(std::move(T));
      }
  return llvm::Error::success();
}

llvm::Error MergedReport::merge(std::vector<RunFacts> Runs) {
  if (Runs.empty())
    return usageError("no --json files to merge");
  unsigned Count = Runs.front().ShardCount;
  std::vector<const RunFacts *> ByIndex(Count, nullptr);
  for (const RunFacts &R : Runs) {
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
  for (const RunFacts *R : ByIndex) {
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
