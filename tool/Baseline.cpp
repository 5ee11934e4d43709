//===- Baseline.cpp - Known growth that --fail-on-leak accepts ------------===//

#include "Baseline.h"
#include "LeakReport.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

namespace leaktrace {

using namespace llvm;

bool Baseline::load(const std::string &File, std::string &Error) {
  Path = File;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(File);
  if (!Text) {
    Error = "cannot read --baseline " + File + ": " + Text.getError().message();
    return false;
  }
  Expected<json::Value> V = json::parse((*Text)->getBuffer());
  if (!V) {
    Error = "--baseline " + File + " is not JSON: " + toString(V.takeError());
    return false;
  }
  const json::Array *List = V->getAsArray();
  if (!List) {
    Error = "--baseline " + File +
            " must be a JSON array of {\"type\", \"test\", \"reason\"} "
            "objects";
    return false;
  }
  for (size_t I = 0; I < List->size(); ++I) {
    std::string Where =
        "--baseline " + File + ", entry " + std::to_string(I + 1);
    const json::Object *O = (*List)[I].getAsObject();
    if (!O) {
      Error = Where + ": not an object";
      return false;
    }
    Entry E;
    for (const auto &KV : *O) {
      StringRef Key = KV.first;
      std::optional<StringRef> Value = KV.second.getAsString();
      if (Key != "type" && Key != "test" && Key != "reason") {
        Error = Where + ": unknown key \"" + Key.str() +
                "\" (the keys are type, test and reason)";
        return false;
      }
      if (!Value) {
        Error = Where + ": \"" + Key.str() + "\" must be a string";
        return false;
      }
      if (Key == "reason") {
        E.Reason = Value->str();
        continue;
      }
      // The whole name must match.
      auto R = std::make_shared<Regex>("^(" + Value->str() + ")$");
      std::string Why;
      if (Value->empty() || !R->isValid(Why)) {
        Error = Where + ": bad regular expression in \"" + Key.str() + "\": '" +
                Value->str() +
                "': " + (Value->empty() ? std::string("it is empty") : Why);
        return false;
      }
      (Key == "type" ? E.TypePattern : E.TestPattern) = Value->str();
      (Key == "type" ? E.Type : E.Test) = std::move(R);
    }
    if (!E.Type) {
      Error = Where + ": \"type\" is missing";
      return false;
    }
    Entries.push_back(std::move(E));
  }
  return true;
}

const Baseline::Entry *Baseline::accepts(const LayerFacts &L,
                                         const std::string &Type) const {
  // Who grew it: its tests, and "" for growth outside every test.
  std::vector<std::string> Culprits;
  for (bool Insts : {true, false}) {
    for (const std::string &T : L.leakingTests(Type, Insts))
      if (std::find(Culprits.begin(), Culprits.end(), T) == Culprits.end())
        Culprits.push_back(T);
    if (!L.outsideTests(Type, Insts).empty() &&
        std::find(Culprits.begin(), Culprits.end(), "") == Culprits.end())
      Culprits.push_back("");
  }
  // Grown by no one test each time (a little here, a little there): only an
  // entry for any test accepts it.
  if (Culprits.empty())
    Culprits.push_back("");
  const Entry *First = nullptr;
  std::vector<const Entry *> Used;
  for (const std::string &C : Culprits) {
    const Entry *Match = nullptr;
    for (const Entry &E : Entries)
      if (E.Type->match(Type) &&
          (!E.Test || (!C.empty() && E.Test->match(C)))) {
        Match = &E;
        break;
      }
    if (!Match)
      return nullptr;
    First = First ? First : Match;
    Used.push_back(Match);
  }
  for (const Entry *E : Used)
    ++E->Matches;
  return First;
}

} // namespace leaktrace
