//===- RunFacts.cpp - What a run of the layers found ----------------------===//

#include "RunFacts.h"

#include "leaktrace/leaktrace.h"

#include <algorithm>

namespace leaktrace {

std::string LeftOutType::reason() const {
  if (!Reason.empty())
    return Reason;
  std::string R;
  if (Flags & LEAKTRACE_COUNT_NEGATIVE)
    R = Flags & LEAKTRACE_COUNT_BY_NEW ? LEAKTRACE_REASON_NEGATIVE_BY_NEW
                                       : LEAKTRACE_REASON_NEGATIVE;
  if ((Flags & LEAKTRACE_COUNT_UNCOUNTED_CODE) && !UncountedCode.empty())
    R += (R.empty() ? "" : "; ") + UncountedCode +
         " " LEAKTRACE_REASON_UNCOUNTED_CODE;
  return R;
}

std::vector<std::string> LayerFacts::leakingTypes() const {
  std::vector<std::string> Types;
  if (Iterations.size() < 2)
    return Types;
  // Candidates: what grew in the second iteration; kept if it grew in all.
  for (const auto &[Type, D] : Iterations[1].Changes) {
    auto Grew = [&, Type = Type](const IterationFacts &It, bool Insts) {
      auto F = It.Changes.find(Type);
      return F != It.Changes.end() &&
             (Insts ? F->second.Insts : F->second.Refs) > 0;
    };
    for (bool Insts : {true, false}) {
      bool All = true;
      for (size_t I = 1; I < Iterations.size(); ++I)
        All &= Grew(Iterations[I], Insts);
      if (All) {
        Types.push_back(Type);
        break;
      }
    }
  }
  return Types;
}

std::vector<int64_t> LayerFacts::figures(const std::string &Type, bool Insts,
                                         const std::string &Test) const {
  std::vector<int64_t> Out;
  for (size_t I = 1; I < Iterations.size(); ++I) {
    const std::map<std::string, Delta> *Changes = &Iterations[I].Changes;
    if (!Test.empty()) {
      auto T = Iterations[I].TestChanges.find(Test);
      Changes = T == Iterations[I].TestChanges.end() ? nullptr : &T->second;
    }
    int64_t V = 0;
    if (Changes)
      if (auto F = Changes->find(Type); F != Changes->end())
        V = Insts ? F->second.Insts : F->second.Refs;
    Out.push_back(V);
  }
  return Out;
}

static bool allPositive(const std::vector<int64_t> &V) {
  return !V.empty() &&
         std::all_of(V.begin(), V.end(), [](int64_t X) { return X > 0; });
}

std::vector<std::string> LayerFacts::leakingTests(const std::string &Type,
                                                  bool Insts) const {
  std::vector<std::string> Tests;
  if (Iterations.size() < 2)
    return Tests;
  // Candidates: the tests that changed it in the second iteration. A test
  // that only warmed a cache or a lazy static did so in the first.
  for (const auto &Entry : Iterations[1].TestChanges)
    if (Entry.second.count(Type) &&
        allPositive(figures(Type, Insts, Entry.first)))
      Tests.push_back(Entry.first);
  return Tests;
}

std::vector<int64_t> LayerFacts::outsideTests(const std::string &Type,
                                              bool Insts) const {
  std::vector<int64_t> Rest = figures(Type, Insts);
  for (size_t I = 1; I < Iterations.size(); ++I)
    for (const auto &Entry : Iterations[I].TestChanges)
      if (auto F = Entry.second.find(Type); F != Entry.second.end())
        Rest[I - 1] -= Insts ? F->second.Insts : F->second.Refs;
  return allPositive(Rest) ? Rest : std::vector<int64_t>();
}

/// " +1 +1 -2": a counter's figures in iterations 2..N.
const std::vector<CreationSite> *
RunFacts::sitesOf(const std::string &Layer) const {
  if (!HaveSites || !Sites.Failure.empty())
    return nullptr;
  static const std::vector<CreationSite> None;
  auto It = Sites.ByLayer.find(Layer);
  return It == Sites.ByLayer.end() ? &None : &It->second;
}

const TypeRetention *RunFacts::retentionOf(const std::string &Layer,
                                             const std::string &Type) const {
  if (!HaveSites || !Sites.Failure.empty())
    return nullptr;
  auto L = Sites.Retention.find(Layer);
  if (L == Sites.Retention.end())
    return nullptr;
  auto T = L->second.find(Type);
  return T == L->second.end() ? nullptr : &T->second;
}

bool RunFacts::notALeak(const LayerFacts &L, const std::string &T) const {
  const TypeRetention *R = retentionOf(L.Name, T);
  // The census is of objects: growth in handles (refs) is a leak of its
  // own, whatever became of the objects.
  return R && R->endedOnly() && !allPositive(L.figures(T, /*Insts=*/false));
}

std::vector<std::string> RunFacts::leakingTypes(const LayerFacts &L) const {
  std::vector<std::string> Types = L.leakingTypes();
  Types.erase(
      std::remove_if(Types.begin(), Types.end(),
                     [&](const std::string &T) { return notALeak(L, T); }),
      Types.end());
  return Types;
}

std::map<std::string, std::vector<std::string>> RunFacts::leaks() const {
  std::map<std::string, std::vector<std::string>> Out;
  for (const LayerFacts &L : Layers)
    if (std::vector<std::string> Types = L.leakingTypes(); !Types.empty())
      Out[L.Name] = std::move(Types);
  return Out;
}

int64_t RunFacts::failures() const {
  int64_t N = 0;
  for (const LayerFacts &L : Layers)
    for (const IterationFacts &It : L.Iterations)
      N += It.Failures + It.Errors;
  return N;
}

bool RunFacts::foundLeak() const {
  for (const LayerFacts &L : Layers)
    for (const std::string &T : leakingTypes(L))
      if (!Known || !Known->accepts(L, T))
        return true;
  return false;
}

} // namespace leaktrace
