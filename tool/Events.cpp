//===- Events.cpp - The runner's events, decoded into plain structs -------===//

#include "Events.h"

#include "leaktrace/events.h"

namespace leaktrace {
namespace event {

namespace ev = leaktrace::events;
namespace key = leaktrace::events::key;
using llvm::json::ObjectMapper;
using llvm::json::Path;
using llvm::json::Value;

// One fromJSON per struct: the members events.h documents, required unless
// it says they may be absent.

static bool fromJSON(const Value &V, Hello &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map(key::Version, E.Version) &&
         O.map(key::Framework, E.Framework);
}

static bool fromJSON(const Value &V, LayerStart &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map(key::Name, E.Name) && O.map(key::Tests, E.Tests) &&
         O.map(key::Order, E.Order);
}

static bool fromJSON(const Value &V, LayerSetUp &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map(key::Layer, E.Layer) && O.map(key::Seconds, E.Seconds);
}

static bool fromJSON(const Value &V, TestStart &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map(key::Name, E.Name);
}

static bool fromJSON(const Value &V, TypeCount &E, Path P) {
  ObjectMapper O(V, P);
  int64_t Flags = 0;
  if (!(O && O.map(key::Type, E.Type) && O.map(key::Insts, E.Insts) &&
        O.map(key::Refs, E.Refs) && O.mapOptional(key::Flags, Flags) &&
        O.mapOptional(key::UncountedCode, E.UncountedCode)))
    return false;
  if (Flags < 0 || Flags > int64_t(UINT32_MAX)) {
    P.field(key::Flags).report("expected LEAKTRACE_COUNT_* bits");
    return false;
  }
  E.Flags = uint32_t(Flags);
  return true;
}

static bool fromJSON(const Value &V, TestEnd &E, Path P) {
  ObjectMapper O(V, P);
  if (!(O && O.map(key::Name, E.Name) && O.map(key::Outcome, E.Outcome) &&
        O.map(key::Message, E.Message) &&
        O.mapOptional(key::Changes, E.Changes)))
    return false;
  if (E.Outcome != ev::Passed && E.Outcome != ev::Failed &&
      E.Outcome != ev::Skipped) {
    P.field(key::Outcome).report("expected \"ok\", \"failed\" or \"skipped\"");
    return false;
  }
  return true;
}

static bool fromJSON(const Value &V, Iteration &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map(key::Layer, E.Layer) && O.map(key::Iteration, E.Number) &&
         O.map(key::Ran, E.Ran) && O.map(key::Failures, E.Failures) &&
         O.map(key::Errors, E.Errors) && O.map(key::Skipped, E.Skipped) &&
         O.map(key::Seconds, E.Seconds) && O.map(key::Counts, E.Counts);
}

static bool fromJSON(const Value &V, Listed &E, Path P, bool Test) {
  ObjectMapper O(V, P);
  return O && O.map(key::Name, E.Name) && (!Test || O.map(key::Layer, E.Layer));
}

static bool fromJSON(const Value &V, RunnerError &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map(key::Message, E.Message);
}

static bool fromJSON(const Value &V, Done &E, Path P) {
  ObjectMapper O(V, P);
  // Absent after a listing, which counts nothing.
  return O && O.mapOptional(key::UncountedClasses, E.UncountedClasses);
}

/// Decodes \p V as an event of type \p T, or an error naming the member
/// (rooted at the event's kind).
template <class T, class... Extra>
static llvm::Expected<Event> as(const Value &V, llvm::StringRef Kind,
                                Extra... More) {
  T E;
  Path::Root Root(Kind);
  if (!fromJSON(V, E, Root, More...))
    return Root.getError();
  return Event(std::move(E));
}

llvm::Expected<Event> decode(llvm::StringRef Line) {
  llvm::Expected<Value> V = llvm::json::parse(Line);
  if (!V)
    return V.takeError();
  const llvm::json::Object *O = V->getAsObject();
  std::optional<llvm::StringRef> Kind =
      O ? O->getString(key::Event) : std::nullopt;
  if (!Kind)
    return llvm::createStringError("not an event object");

  if (*Kind == ev::Hello) {
    llvm::Expected<Event> E = as<Hello>(*V, *Kind);
    if (E && std::get<Hello>(*E).Version != ev::Version)
      return llvm::createStringError(
          "the program's leaktrace runner speaks version " +
          std::to_string(std::get<Hello>(*E).Version) +
          " of the event stream, this tool " + std::to_string(ev::Version) +
          ": rebuild the program against this leaktrace");
    return E;
  }
  if (*Kind == ev::LayerStart)
    return as<LayerStart>(*V, *Kind);
  if (*Kind == ev::SetUp || *Kind == ev::TearDown) {
    llvm::Expected<Event> E = as<LayerSetUp>(*V, *Kind);
    if (E)
      std::get<LayerSetUp>(*E).TornDown = *Kind == ev::TearDown;
    return E;
  }
  if (*Kind == ev::LeftOver)
    return Event(LeftOver{});
  if (*Kind == ev::TestStart)
    return as<TestStart>(*V, *Kind);
  if (*Kind == ev::TestEnd)
    return as<TestEnd>(*V, *Kind);
  if (*Kind == ev::Iteration)
    return as<Iteration>(*V, *Kind);
  if (*Kind == ev::ListLayer || *Kind == ev::ListTest)
    return as<Listed>(*V, *Kind, *Kind == ev::ListTest);
  if (*Kind == ev::Error)
    return as<RunnerError>(*V, *Kind);
  if (*Kind == ev::NotInstrumented)
    return Event(NotInstrumented{});
  if (*Kind == ev::Done)
    return as<Done>(*V, *Kind);
  if (*Kind == ev::Sites)
    return Event(Sites{std::move(*V->getAsObject())});
  return llvm::createStringError("unknown event '" + Kind->str() + "'");
}

} // namespace event
} // namespace leaktrace
