//===- FactsJSON.cpp - A run's facts as --json writes them ----------------===//

#include "FactsJSON.h"

#include <set>

namespace leaktrace {

using llvm::json::Object;

llvm::json::Value runToJSON(const RunFacts &F, llvm::StringRef Verdict,
                            double WallSeconds) {
  llvm::json::Array LayersJ;
  int64_t Tests = 0, Failures = 0, Errors = 0, Skipped = 0;
  llvm::json::Array NotLeaksJ;
  for (const LayerFacts &L : F.Layers) {
    // Types whose growth one more run found to be objects ended without
    // their destructor only: in no change, refcount or leak of the layer,
    // as types whose counts cannot be right are, and listed apart.
    std::set<std::string> NotLeaks;
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
    llvm::json::Array Its;
    for (const IterationFacts &It : L.Iterations) {
      llvm::json::Array Changes;
      for (const auto &[Type, D] : It.Changes)
        if (!NotLeaks.count(Type))
          Changes.push_back(
              Object{{"type", Type}, {"insts", D.Insts}, {"refs", D.Refs}});
      llvm::json::Array TestsJ;
      for (const auto &[Test, Changes] : It.TestChanges) {
        llvm::json::Array C;
        for (const auto &[Type, D] : Changes)
          if (!NotLeaks.count(Type))
            C.push_back(
                Object{{"type", Type}, {"insts", D.Insts}, {"refs", D.Refs}});
        if (!C.empty())
          TestsJ.push_back(Object{{"name", Test}, {"changes", std::move(C)}});
      }
      int64_t Sys = It.SysRefcount, Detail = It.DetailRefcount;
      for (const std::string &T : NotLeaks)
        if (auto C = It.Counts.find(T); C != It.Counts.end()) {
          Sys -= C->second.first + C->second.second;
          Detail -= C->second.second;
        }
      Its.push_back(Object{{"iteration", It.Number},
                           {"tests", std::move(TestsJ)},
                           {"ran", It.Ran},
                           {"failures", It.Failures},
                           {"errors", It.Errors},
                           {"skipped", It.Skipped},
                           {"seconds", It.Seconds},
                           {"sys_refcount", Sys},
                           {"detail_refcount", Detail},
                           {"changes", std::move(Changes)}});
      Tests += It.Ran;
      Failures += It.Failures;
      Errors += It.Errors;
      Skipped += It.Skipped;
    }
    llvm::json::Array Leaks;
    for (const std::string &T : F.leakingTypes(L)) {
      Object Leak{{"type", T},
                  {"insts", L.figures(T, true)},
                  {"refs", L.figures(T, false)}};
      // The tests that grew either counter in every iteration after the
      // first, with both counters' figures.
      std::vector<std::string> Tests = L.leakingTests(T, true);
      for (const std::string &R : L.leakingTests(T, false))
        if (std::find(Tests.begin(), Tests.end(), R) == Tests.end())
          Tests.push_back(R);
      llvm::json::Array TestsJ;
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
        llvm::json::Array SitesJ;
        for (const CreationSite &S : *All)
          if (S.Type == T)
            SitesJ.push_back(S.toJSON());
        Leak["sites"] = std::move(SitesJ);
      }
      if (const TypeRetention *R = F.retentionOf(L.Name, T)) {
        Leak["fates"] = R->Of.toJSON();
        Leak["census"] = R->Count.toJSON();
        llvm::json::Array PathsJ;
        for (const RetentionPath &P : R->Paths)
          PathsJ.push_back(P.toJSON());
        Leak["paths"] = std::move(PathsJ);
      }
      Leaks.push_back(std::move(Leak));
    }
    LayersJ.push_back(Object{{"name", L.Name},
                             {"tests", L.Tests},
                             {"order", L.Order},
                             {"iterations", std::move(Its)},
                             {"leaks", std::move(Leaks)}});
  }
  llvm::json::Array LeftOutJ;
  for (const LeftOutType &Gone : F.LeftOut)
    LeftOutJ.push_back(Object{{"type", Gone.Type},
                              {"layer", Gone.Layer},
                              {"iteration", Gone.Iteration},
                              {"insts", Gone.Insts},
                              {"refs", Gone.Refs},
                              {"flags", int64_t(Gone.Flags)},
                              {"reason", Gone.reason()}});
  return Object{
      {"schema", "leaktrace-run/2"},
      {"repeat", int64_t(F.Repeat)},
      {"shard",
       Object{{"index", int64_t(F.ShardIndex)}, {"count", int64_t(F.ShardCount)}}},
      {"layers", std::move(LayersJ)},
      {"left_out", std::move(LeftOutJ)},
      {"not_leaks", std::move(NotLeaksJ)},
      {"uncounted_classes", F.UncountedClasses},
      {"creation_sites",
       !F.HaveSites ? llvm::json::Value(nullptr)
                  : llvm::json::Value(Object{
                        {"seconds", F.Sites.Seconds},
                        {"run_cpu_seconds", F.Sites.RunCpuSeconds},
                        {"symbolising_seconds", F.Sites.SymbolisingSeconds},
                        {"failure", F.Sites.Failure},
                        {"scanned", F.Sites.Scanned},
                        {"heap", F.Sites.NoHeap.empty()
                                     ? llvm::json::Value(true)
                                     : llvm::json::Value(F.Sites.NoHeap)},
                        {"threads_missed", F.Sites.ThreadsMissed},
                        {"unlisted", F.Sites.Unlisted}})},
      {"total", Object{{"tests", Tests},
                       {"failures", Failures},
                       {"errors", Errors},
                       {"skipped", Skipped},
                       {"seconds", WallSeconds}}},
      {"verdict", Verdict}};
}


} // namespace leaktrace
