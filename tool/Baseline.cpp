//===- Baseline.cpp - Known growth that --fail-on-leak accepts ------------===//

#include "Baseline.h"
#include "RunFacts.h"
#include "ToolError.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

namespace leaktrace {

using namespace llvm;

llvm::Error Baseline::load(const std::string &File) {
  Path = File;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(File);
  if (!Text)
    return usageError("cannot read --baseline " + File + ": " +
                      Text.getError().message());
  Expected<json::Value> V = json::parse((*Text)->getBuffer());
  if (!V)
    return usageError("--baseline " + File +
                      " is not JSON: " + toString(V.takeError()));
  const json::Array *List = V->getAsArray();
  if (!List)
    return usageError(
        "--baseline " + File +
        " must be a JSON array of {\"type\", \"test\", \"reason\"} "
        "objects");
  for (size_t I = 0; I < List->size(); ++I) {
    std::string Where =
        "--baseline " + File + ", entry " + std::to_string(I + 1);
    const json::Object *O = (*List)[I].getAsObject();
    if (!O)
      return usageError(Where + ": not an object");
    Entry E;
    for (const auto &KV : *O) {
      StringRef Key = KV.first;
      std::optional<StringRef> Value = KV.second.getAsString();
      if (Key != "type" && Key != "test" && Key != "reason")
        return usageError(Where + ": unknown key \"" + Key.str() +
                          "\" (the keys are type, test and reason)");
      if (!Value) {
        return usageError(Where + ": \"" + Key.str() + "\" must be a string");
      }
      if (Key == "reason") {
        E.Reason = Value->str();
        continue;
      }
      // The whole name must match.
      auto R = std::make_shared<Regex>("^(" + Value->str() + ")$");
      std::string Why;
      if (Value->empty() || !R->isValid(Why))
        return usageError(Where + ": bad regular expression in \"" + Key.str() +
                          "\": '" + Value->str() + "': " +
                          (Value->empty() ? std::string("it is empty") : Why));
      (Key == "type" ? E.TypePattern : E.TestPattern) = Value->str();
      (Key == "type" ? E.Type : E.Test) = std::move(R);
    }
    if (!E.Type)
      return usageError(Where + ": \"type\" is missing");
    Entries.push_back(std::move(E));
  }
  return llvm::Error::success();
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

const Baseline::Entry *Baseline::acceptsGrowing(const std::string &Type) const {
  for (const Entry &E : Entries)
    if (!E.Test && E.Type->match(Type)) {
      ++E.Matches;
      return &E;
    }
  return nullptr;
}

} // namespace leaktrace
