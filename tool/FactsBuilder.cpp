//===- FactsBuilder.cpp - A run's facts from the runner's events ----------===//

#include "FactsBuilder.h"

#include "leaktrace/events.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Demangle/Demangle.h"

#include <algorithm>

namespace leaktrace {

namespace ev = events;

/// "SYMBOL (MODULE)" from the runtime, SYMBOL demangled.
static std::string demangledCode(llvm::StringRef Code) {
  auto [Symbol, Module] = Code.split(" (");
  std::string Name = llvm::demangle(Symbol.str());
  return Module.empty() ? Name : Name + " (" + Module.str();
}

void FactsBuilder::apply(const event::Event &E) {
  AnyEvent = true;
  std::visit([&](const auto &Ev) { on(Ev); }, E);
}

void FactsBuilder::on(const event::LayerStart &E) {
  Facts.Layers.push_back({E.Name, E.Tests, E.Order, {}});
  HavePrevious = false;
}

void FactsBuilder::on(const event::TestStart &E) {
  // Sent by a buffering runner only when the test never ended.
  CurrentTest = E.Name;
}

void FactsBuilder::on(const event::TestEnd &E) {
  if (!Facts.Layers.empty()) {
    LayerFacts &L = Facts.Layers.back();
    auto [At, New] = L.TestRunIndex.try_emplace(E.Name, L.TestRuns.size());
    if (New)
      L.TestRuns.push_back(TestRecord{E.Name});
    TestRecord &R = L.TestRuns[At->getValue()];
    ++R.Runs;
    R.Skips += E.Outcome == ev::Skipped;
    if (E.Outcome == ev::Failed && !R.Failures++) {
      R.FirstFailedIteration = unsigned(L.Iterations.size() + 1);
      R.FirstFailure = E.Message;
    }
  }
  if (!E.Changes.empty()) {
    std::map<std::string, Delta> &Mine = PendingTestChanges[E.Name];
    for (const event::TypeCount &C : E.Changes) {
      Delta &D = Mine[C.Type];
      D.Insts += C.Insts;
      D.Refs += C.Refs;
    }
  }
  // A framework that catches fatal signals (Catch2, doctest) ends the
  // test as failed before the process dies of it: it stays the test to
  // name.
  if (E.Outcome == ev::Failed)
    CurrentTest = E.Name;
  else
    CurrentTest.clear();
}

void FactsBuilder::on(const event::Done &E) {
  Done = true;
  Facts.UncountedClasses = E.UncountedClasses;
}

void FactsBuilder::on(const event::Iteration &E) {
  CurrentTest.clear();
  if (Facts.Layers.empty())
    return;
  LayerFacts &L = Facts.Layers.back();
  IterationFacts It;
  It.Number = unsigned(L.Iterations.size() + 1);
  It.Ran = E.Ran;
  It.Failures = E.Failures;
  It.Errors = E.Errors;
  It.Skipped = E.Skipped;
  It.Seconds = E.Seconds;

  // Rows are keyed by name: types of different translation units that share
  // a name (anonymous namespaces) are summed, as a reader sees one name.
  std::map<std::string, std::pair<int64_t, int64_t>> Now;
  std::map<std::string, uint32_t> Flags;
  std::map<std::string, std::string> Code;
  for (const event::TypeCount &C : E.Counts) {
    auto &Slot = Now[C.Type];
    Slot.first += C.Insts;
    Slot.second += C.Refs;
    if (C.Flags)
      Flags[C.Type] |= C.Flags;
    if (!C.UncountedCode.empty())
      Code[C.Type] = demangledCode(C.UncountedCode);
  }
  // Counts that cannot be right are left out from the first iteration that
  // shows them, and out of the previous iteration's too, so that the change
  // compares like with like.
  std::vector<LeftOutType> &LeftOut = Facts.LeftOut;
  for (const auto &[Type, F] : Flags)
    if (std::none_of(LeftOut.begin(), LeftOut.end(),
                     [&, &Type = Type](const LeftOutType &Gone) {
                       return Gone.Type == Type;
                     }))
      LeftOut.push_back({Type, L.Name, It.Number, Now[Type].first,
                         Now[Type].second, F, Code[Type]});
  It.TestChanges = std::move(PendingTestChanges);
  PendingTestChanges.clear();
  for (const LeftOutType &Gone : LeftOut) {
    Now.erase(Gone.Type);
    Previous.erase(Gone.Type);
    for (auto &Entry : It.TestChanges)
      Entry.second.erase(Gone.Type);
  }
  for (const auto &[Type, C] : Now) {
    It.SysRefcount += C.first + C.second;
    It.DetailRefcount += C.second;
  }
  It.Counts = Now;
  if (HavePrevious) {
    std::map<std::string, std::pair<int64_t, int64_t>> All = Now;
    for (const auto &[Type, C] : Previous)
      All.try_emplace(Type, 0, 0);
    for (const auto &[Type, C] : All) {
      auto P = Previous.find(Type);
      int64_t PI = P == Previous.end() ? 0 : P->second.first;
      int64_t PR = P == Previous.end() ? 0 : P->second.second;
      Delta D{C.first - PI, C.second - PR};
      if (D.Insts || D.Refs)
        It.Changes[Type] = D;
    }
  }
  L.Iterations.push_back(std::move(It));
  Previous = std::move(Now);
  HavePrevious = true;
}

std::string FactsBuilder::position() const {
  if (Facts.Layers.empty())
    return "before any layer started";
  const LayerFacts &L = Facts.Layers.back();
  std::string P = "layer " + L.Name + ", iteration " +
                  std::to_string(L.Iterations.size() + 1);
  if (!CurrentTest.empty())
    P += ", test " + CurrentTest;
  return P;
}

} // namespace leaktrace
