//===- FactsJSON.cpp - A run's facts as --json writes and merge reads them ===//
//
// Reading: members a leaktrace-run/1 file may lack are optional (the tests'
// own changes, a layer's order, the flags and reasons of left-out types, the
// count of uncounted classes). Members only a reader of the file needs (the
// leaks with their sites and paths, the types that are no leak, the
// creation sites' run, the totals but the seconds) are written and not read:
// merge judges the merged facts again.
//
//===----------------------------------------------------------------------===//

#include "FactsJSON.h"
#include "ToolError.h"

#include <optional>
#include <set>

namespace leaktrace {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::ObjectMapper;
using llvm::json::Path;
using llvm::json::Value;

/// The types of a layer whose growth one more run found to be objects
/// ended without their destructor only: in no change, refcount or leak of
/// the layer, as types whose counts cannot be right are, and listed apart.
using NotLeakSet = std::set<std::string>;

//===- One type's change: {"type", "insts", "refs"} ------------------------===//

/// The "changes" array: the changes of \p Changes but \p Skip's types.
static Array changesToJSON(const std::map<std::string, Delta> &Changes,
                           const NotLeakSet &Skip) {
  Array A;
  for (const auto &[Type, D] : Changes)
    if (!Skip.count(Type))
      A.push_back(Object{{"type", Type}, {"insts", D.Insts}, {"refs", D.Refs}});
  return A;
}

static bool fromJSON(const Value &V, std::pair<std::string, Delta> &C,
                     Path P) {
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

//===- One test's changes in an iteration: {"name", "changes"} -------------===//

namespace {
struct TestChanges {
  std::string Name;
  std::map<std::string, Delta> Changes;
};
bool fromJSON(const Value &V, TestChanges &T, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("name", T.Name) && mapChanges(O, T.Changes);
}
} // namespace

static Array testChangesToJSON(const IterationFacts &It,
                               const NotLeakSet &Skip) {
  Array A;
  for (const auto &[Test, Changes] : It.TestChanges) {
    Array C = changesToJSON(Changes, Skip);
    if (!C.empty())
      A.push_back(Object{{"name", Test}, {"changes", std::move(C)}});
  }
  return A;
}

//===- An iteration ---------------------------------------------------------===//

static Value toJSON(const IterationFacts &It, const NotLeakSet &Skip) {
  int64_t Sys = It.SysRefcount, Detail = It.DetailRefcount;
  for (const std::string &T : Skip)
    if (auto C = It.Counts.find(T); C != It.Counts.end()) {
      Sys -= C->second.first + C->second.second;
      Detail -= C->second.second;
    }
  return Object{{"iteration", It.Number},
                {"tests", testChangesToJSON(It, Skip)},
                {"ran", It.Ran},
                {"failures", It.Failures},
                {"errors", It.Errors},
                {"skipped", It.Skipped},
                {"seconds", It.Seconds},
                {"sys_refcount", Sys},
                {"detail_refcount", Detail},
                {"changes", changesToJSON(It.Changes, Skip)}};
}

static bool fromJSON(const Value &V, IterationFacts &It, Path P) {
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

//===- A leak of a layer (written only) -------------------------------------===//

static Value leakToJSON(const RunFacts &F, const LayerFacts &L,
                        const std::string &T) {
  Object Leak{{"type", T},
              {"insts", L.figures(T, true)},
              {"refs", L.figures(T, false)}};
  // The tests that grew either counter in every iteration after the first,
  // with both counters' figures.
  std::vector<std::string> Tests = L.leakingTests(T, true);
  for (const std::string &R : L.leakingTests(T, false))
    if (std::find(Tests.begin(), Tests.end(), R) == Tests.end())
      Tests.push_back(R);
  Array TestsJ;
  for (const std::string &Test : Tests)
    TestsJ.push_back(Object{{"name", Test},
                            {"insts", L.figures(T, true, Test)},
                            {"refs", L.figures(T, false, Test)}});
  Leak["tests"] = std::move(TestsJ);
  if (const Baseline::Entry *E = F.Known ? F.Known->accepts(L, T) : nullptr)
    Leak["baseline"] = E->Reason;
  std::vector<int64_t> RestI = L.outsideTests(T, true),
                       RestR = L.outsideTests(T, false);
  if (!RestI.empty() || !RestR.empty())
    Leak["outside_tests"] = Object{{"insts", RestI}, {"refs", RestR}};
  if (const std::vector<CreationSite> *All = F.sitesOf(L.Name)) {
    Array SitesJ;
    for (const CreationSite &S : *All)
      if (S.Type == T)
        SitesJ.push_back(S.toJSON());
    Leak["sites"] = std::move(SitesJ);
  }
  if (const TypeRetention *R = F.retentionOf(L.Name, T))
    R->addTo(Leak);
  return Leak;
}

//===- A layer --------------------------------------------------------------===//

static Value toJSON(const RunFacts &F, const LayerFacts &L,
                    const NotLeakSet &NotLeaks) {
  Array Its, Leaks;
  for (const IterationFacts &It : L.Iterations)
    Its.push_back(toJSON(It, NotLeaks));
  for (const std::string &T : F.leakingTypes(L))
    Leaks.push_back(leakToJSON(F, L, T));
  return Object{{"name", L.Name},
                {"tests", L.Tests},
                {"order", L.Order},
                {"iterations", std::move(Its)},
                {"leaks", std::move(Leaks)}};
}

static bool fromJSON(const Value &V, LayerFacts &L, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("name", L.Name) && O.map("tests", L.Tests) &&
         O.mapOptional("order", L.Order) && O.map("iterations", L.Iterations);
}

//===- A type left out ------------------------------------------------------===//

static Value toJSON(const LeftOutType &Gone) {
  return Object{{"type", Gone.Type},       {"layer", Gone.Layer},
                {"iteration", Gone.Iteration}, {"insts", Gone.Insts},
                {"refs", Gone.Refs},       {"flags", int64_t(Gone.Flags)},
                {"reason", Gone.reason()}};
}

static bool fromJSON(const Value &V, LeftOutType &T, Path P) {
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

//===- "shard" and "total" --------------------------------------------------===//

namespace {
struct ShardMembers {
  int64_t Index = 0, Count = 0;
};
bool fromJSON(const Value &V, ShardMembers &S, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("index", S.Index) && O.map("count", S.Count);
}
struct TotalMembers {
  double Seconds = 0;
};
bool fromJSON(const Value &V, TotalMembers &T, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("seconds", T.Seconds);
}
} // namespace

static Value totalToJSON(const RunFacts &F, double WallSeconds) {
  int64_t Tests = 0, Failures = 0, Errors = 0, Skipped = 0;
  for (const LayerFacts &L : F.Layers)
    for (const IterationFacts &It : L.Iterations) {
      Tests += It.Ran;
      Failures += It.Failures;
      Errors += It.Errors;
      Skipped += It.Skipped;
    }
  return Object{{"tests", Tests},
                {"failures", Failures},
                {"errors", Errors},
                {"skipped", Skipped},
                {"seconds", WallSeconds}};
}

//===- The creation sites' run (written only) -------------------------------===//

static Value sitesRunToJSON(const RunFacts &F) {
  if (!F.HaveSites)
    return nullptr;
  const SitesOfRun &S = F.Sites;
  return Object{{"seconds", S.Seconds},
                {"run_cpu_seconds", S.RunCpuSeconds},
                {"symbolising_seconds", S.SymbolisingSeconds},
                {"failure", S.Failure},
                {"scanned", S.Scanned},
                {"heap", S.NoHeap.empty() ? Value(true) : Value(S.NoHeap)},
                {"threads_missed", S.ThreadsMissed},
                {"unlisted", S.Unlisted}};
}

//===- The run --------------------------------------------------------------===//

Value runToJSON(const RunFacts &F, llvm::StringRef Verdict,
                double WallSeconds) {
  Array LayersJ, NotLeaksJ, LeftOutJ;
  for (const LayerFacts &L : F.Layers) {
    NotLeakSet NotLeaks;
    for (const std::string &T : L.leakingTypes())
      if (F.notALeak(L, T)) {
        const TypeRetention *R = F.retentionOf(L.Name, T);
        NotLeaks.insert(T);
        NotLeaksJ.push_back(Object{{"layer", L.Name},
                                   {"type", T},
                                   {"insts", L.figures(T, true)},
                                   {"refs", L.figures(T, false)},
                                   {"reason", "ended without their destructor"},
                                   {"census", R->Count.toJSON()},
                                   {"fates", R->Of.toJSON()}});
      }
    LayersJ.push_back(toJSON(F, L, NotLeaks));
  }
  for (const LeftOutType &Gone : F.LeftOut)
    LeftOutJ.push_back(toJSON(Gone));
  return Object{{"schema", "leaktrace-run/2"},
                {"repeat", int64_t(F.Repeat)},
                {"shard", Object{{"index", int64_t(F.ShardIndex)},
                                 {"count", int64_t(F.ShardCount)}}},
                {"layers", std::move(LayersJ)},
                {"left_out", std::move(LeftOutJ)},
                {"not_leaks", std::move(NotLeaksJ)},
                {"uncounted_classes", F.UncountedClasses},
                {"creation_sites", sitesRunToJSON(F)},
                {"total", totalToJSON(F, WallSeconds)},
                {"verdict", Verdict}};
}

llvm::Error runFromJSON(const Value &V, StoredRun &Out) {
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

} // namespace leaktrace
