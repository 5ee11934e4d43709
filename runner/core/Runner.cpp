// The runner core: layers, selection, sharding, iterations, snapshots and
// the event stream, for any framework an adapter puts behind
// leaktrace::runner::Framework (leaktrace/runner.h).
//
// Compiled without the plugin, against no test framework.

#include "leaktrace/runner.h"

#include "JsonWriter.h"
#include "leaktrace/events.h"
#include "leaktrace/layers.h"
#include "leaktrace/leaktrace.h"
#include "leaktrace/recording.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cfenv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

// Defined by every translation unit the plugin compiled (but the adapter's,
// see runner.h); absent (null) when the test binary was built without it.
extern "C" __attribute__((weak)) const char __leaktrace_instrumented;

namespace leaktrace {
namespace {

namespace ev = events;
namespace key = events::key;
using runner::Framework;
using runner::Outcome;
using runner::TestCase;

constexpr const char *kDefaultLayer = "leaktrace.layer.UnitTests";

std::map<std::string, Layer *> &layerOfGroup() {
  static std::map<std::string, Layer *> Map;
  return Map;
}

class UnitTestsLayer : public Layer {
public:
  UnitTestsLayer() : Layer(kDefaultLayer) {}
};

// --- events ------------------------------------------------------------------

/// One event under construction: {"event":KIND, KEY:VALUE...}, written
/// with a JsonWriter; line() closes it.
class Event {
public:
  explicit Event(const char *Kind) : W(Json) {
    W.objectBegin();
    W.attribute(key::Event, Kind);
  }
  Event(const Event &) = delete;
  Event &operator=(const Event &) = delete;

  Event &str(const char *Key, const std::string &V) {
    W.attribute(Key, V);
    return *this;
  }
  Event &num(const char *Key, long long V) {
    W.attribute(Key, V);
    return *this;
  }
  /// \p Ms milliseconds as seconds with three decimals.
  Event &secs(const char *Key, long long Ms) {
    char Buf[32];
    snprintf(Buf, sizeof Buf, "%lld.%03lld", Ms / 1000, Ms % 1000);
    W.attributeBegin(Key);
    W.rawValue(Buf);
    return *this;
  }
  /// For members that are arrays or objects.
  runner::JsonWriter &writer() { return W; }
  /// The event, closed, as one line.
  const std::string &line() {
    if (!Closed) {
      W.objectEnd();
      Json += '\n';
      Closed = true;
    }
    return Json;
  }

private:
  std::string Json;
  runner::JsonWriter W;
  bool Closed = false;
};

/// Where events go when the tool drives the runner. Test events are
/// gathered in the tool's shared buffer (events.h, EventsBuffer) and written
/// a batch at a time; every other event, a failed test's end and any batch
/// older than kMaxDelay go out at once, so that the tool's output keeps
/// pace with the run. Without the buffer, each event is one write.
class EventSink {
public:
  /// Events go to \p EventsFd, gathered in the file \p BufferFd (-1: none).
  void open(int EventsFd, int BufferFd) {
    Fd = EventsFd;
    if (BufferFd < 0)
      return;
    void *P = mmap(nullptr, ev::EventsBufferBytes, PROT_READ | PROT_WRITE,
                   MAP_SHARED, BufferFd, 0);
    close(BufferFd); // the mapping stays
    // Unbuffered if it cannot be mapped: slower, but nothing is lost.
    if (P != MAP_FAILED)
      Shared = static_cast<ev::EventsBuffer *>(P);
  }

  bool toTool() const { return Fd >= 0; }

  /// \p Urgent: write it, and whatever is gathered before it, now.
  void emit(const std::string &Line, bool Urgent) {
    if (!Shared) {
      writeAll(Line.data(), Line.size());
      return;
    }
    // The next event ends the running test: its start is void.
    __atomic_store_n(&Shared->Pending, 0ULL, __ATOMIC_RELEASE);
    if (!copyIn(Line)) {
      // Larger than the buffer (a huge counts event): straight through; the
      // tool has everything before it.
      writeAll(Line.data(), Line.size());
      __atomic_store_n(&Shared->Base, Shared->Base + Line.size(),
                       __ATOMIC_RELEASE);
      return;
    }
    // The line is whole in the buffer before the tool may count it.
    __atomic_store_n(&Shared->Length, Shared->Length + Line.size(),
                     __ATOMIC_RELEASE);
    auto Now = std::chrono::steady_clock::now();
    if (Urgent || Now - LastFlush > kMaxDelay)
      flush(Now);
  }

  /// A line the tool is to see only if the runner dies before the next
  /// event (a test's start: every test that ends is known by its end).
  void emitIfDying(const std::string &Line) {
    if (!Shared || !copyIn(Line)) {
      emit(Line, /*Urgent=*/true);
      return;
    }
    __atomic_store_n(&Shared->Pending, static_cast<unsigned long long>(Line.size()),
                     __ATOMIC_RELEASE);
  }

private:
  static constexpr std::chrono::milliseconds kMaxDelay{50};

  /// Copies \p Line after the gathered lines, writing those first when it
  /// does not fit beside them; false when it cannot fit at all. What is
  /// copied counts only once Length or Pending says so.
  bool copyIn(const std::string &Line) {
    if (Line.size() > ev::EventsBufferCapacity - Shared->Length)
      flush();
    if (Line.size() > ev::EventsBufferCapacity)
      return false;
    memcpy(Shared->Data + Shared->Length, Line.data(), Line.size());
    return true;
  }

  void flush(std::chrono::steady_clock::time_point Now =
                 std::chrono::steady_clock::now()) {
    LastFlush = Now;
    if (!Shared->Length)
      return;
    writeAll(Shared->Data, size_t(Shared->Length));
    // Written: the tool reads these from the pipe, not from the buffer.
    __atomic_store_n(&Shared->Base, Shared->Base + Shared->Length,
                     __ATOMIC_RELEASE);
    __atomic_store_n(&Shared->Length, 0ULL, __ATOMIC_RELEASE);
  }

  // Whole lines in one write each (a pipe write is atomic up to PIPE_BUF;
  // beyond that a crash may cut one, which the tool drops).
  void writeAll(const char *P, size_t Left) {
    while (Left > 0) {
      ssize_t N = write(Fd, P, Left);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0)
        return; // the tool is gone; nobody is left to tell
      P += N;
      Left -= size_t(N);
    }
  }

  int Fd = -1;
  ev::EventsBuffer *Shared = nullptr;
  std::chrono::steady_clock::time_point LastFlush;
};

EventSink gEvents;

void emit(Event &E, bool Urgent = true) {
  gEvents.emit(E.line(), Urgent);
}
void emit(Event &&E, bool Urgent = true) { emit(E, Urgent); }

/// Milliseconds since \p Since, rounded. In integers: a program's test may
/// check that no floating-point exception is pending (fmt's float tests do),
/// and the runner's arithmetic between tests must not raise FE_INEXACT.
long long millisecondsSince(std::chrono::steady_clock::time_point Since) {
  auto Ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now() - Since)
                .count();
  return (Ns + 500000) / 1000000;
}

// Bad orders or a bad program: the tool reports the "error" event as a usage
// error; run directly, the message goes to standard error.
[[noreturn]] void usageError(const std::string &Message) {
  if (gEvents.toTool())
    emit(Event(ev::Error).str(key::Message, Message));
  else
    fprintf(stderr, "leaktrace runner: %s\n", Message.c_str());
  exit(2);
}

// --- tests and layers --------------------------------------------------------

struct TestRef {
  size_t Index; ///< into Framework::tests()
  const TestCase *Test;
  Layer *In;
};

Layer *layerOf(const TestCase &T, Layer &Default) {
  Layer *Found = nullptr;
  const std::string *FoundGroup = nullptr;
  for (const std::string &G : T.Groups) {
    auto It = layerOfGroup().find(G);
    if (It == layerOfGroup().end() || It->second == Found)
      continue;
    if (Found)
      usageError("test '" + T.Name + "' is in two layers: " + Found->name() +
                 " (by '" + *FoundGroup + "') and " + It->second->name() +
                 " (by '" + G + "'); give its groups one layer");
    Found = It->second;
    FoundGroup = &G;
  }
  return Found ? Found : &Default;
}

std::vector<TestRef> allTests(const std::vector<TestCase> &Tests,
                              Layer &Default) {
  std::vector<TestRef> Refs;
  for (size_t I = 0; I < Tests.size(); ++I)
    Refs.push_back({I, &Tests[I], layerOf(Tests[I], Default)});
  return Refs;
}

// Bases first, each once: the order layers are set up in.
void lineage(Layer *L, std::vector<Layer *> &Out) {
  for (Layer *B : L->bases())
    lineage(B, Out);
  if (std::find(Out.begin(), Out.end(), L) == Out.end())
    Out.push_back(L);
}

// zope's order: the unit-test layer first, then layers sorted by their
// lineage of names, so that layers sharing bases run next to each other.
std::string orderKey(Layer *L) {
  if (L->name() == kDefaultLayer)
    return "";
  std::vector<Layer *> Chain;
  lineage(L, Chain);
  std::string Key;
  for (Layer *C : Chain)
    Key += C->name() + '\x01';
  return Key;
}

// Tests grouped by layer, the layers in zope's order.
struct LayerPlan {
  std::vector<Layer *> Order;
  std::map<Layer *, std::vector<const TestRef *>> Tests;
};

LayerPlan planLayers(const std::vector<const TestRef *> &Tests) {
  LayerPlan P;
  for (const TestRef *T : Tests)
    P.Tests[T->In].push_back(T);
  for (auto &Entry : P.Tests)
    P.Order.push_back(Entry.first);
  std::sort(P.Order.begin(), P.Order.end(),
            [](Layer *A, Layer *B) { return orderKey(A) < orderKey(B); });
  return P;
}

std::vector<size_t> indexes(const std::vector<const TestRef *> &Tests) {
  std::vector<size_t> Out;
  for (const TestRef *T : Tests)
    Out.push_back(T->Index);
  return Out;
}

struct Selection {
  std::vector<std::regex> Include, Exclude;
  /// A test is selected when it matches one of these (or there is none).
  std::vector<std::regex> Tests;
};

bool selected(const Selection &Sel, const TestRef &T) {
  const std::string &Name = T.In->name();
  if (!Sel.Include.empty() &&
      std::none_of(
          Sel.Include.begin(), Sel.Include.end(),
          [&](const std::regex &R) { return std::regex_search(Name, R); }))
    return false;
  for (const std::regex &R : Sel.Exclude)
    if (std::regex_search(Name, R))
      return false;
  if (Sel.Tests.empty())
    return true;
  for (const std::regex &R : Sel.Tests)
    if (std::regex_search(T.Test->Name, R))
      return true;
  return false;
}

std::regex compile(const std::string &Pattern, const char *What) {
  try {
    return std::regex(Pattern);
  } catch (const std::regex_error &E) {
    usageError(std::string("bad ") + What + " '" + Pattern +
               "' (an ECMAScript regular expression): " + E.what());
  }
}

Selection readSelection() {
  Selection Sel;
  if (const char *Layers = getenv(ev::LayersVar)) {
    std::istringstream In(Layers);
    for (std::string Line; std::getline(In, Line);) {
      if (Line.empty())
        continue;
      if (Line[0] == '!')
        Sel.Exclude.push_back(compile(Line.substr(1), "--layer"));
      else
        Sel.Include.push_back(compile(Line, "--layer"));
    }
  }
  if (const char *Tests = getenv(ev::TestsVar)) {
    std::istringstream In(Tests);
    for (std::string Line; std::getline(In, Line);)
      if (!Line.empty())
        Sel.Tests.push_back(compile(Line, "--tests-pattern"));
  }
  return Sel;
}

long readNumber(const char *Text, const char *What, long Min, long Max) {
  char *End;
  errno = 0;
  long V = strtol(Text, &End, 10);
  if (*Text == '\0' || *End != '\0' || errno || V < Min || V > Max)
    usageError(std::string(What) + " must be a number from " +
               std::to_string(Min) + " to " + std::to_string(Max) + ", not '" +
               Text + "'");
  return V;
}

struct Shard {
  long Index = 0, Count = 1;
};

Shard readShard() {
  Shard S;
  const char *Text = getenv(ev::ShardVar);
  if (!Text || !*Text)
    return S;
  std::string T = Text;
  size_t Slash = T.find('/');
  if (Slash == std::string::npos)
    usageError(std::string(ev::ShardVar) + " must be INDEX/COUNT, not '" + T +
               "'");
  S.Count =
      readNumber(T.substr(Slash + 1).c_str(), "the shard count", 1, 1000000);
  S.Index =
      readNumber(T.substr(0, Slash).c_str(), "the shard index", 0, S.Count - 1);
  return S;
}

// --- running -----------------------------------------------------------------

// The layers set up now, in set-up order. zope's rule: before a layer runs,
// tear down (newest first) what it does not build on, then set up its
// missing bases and itself; bases shared by consecutive layers stay up.
class LayerStack {
public:
  /// Told of every set-up and tear-down: the event kind, layer, seconds.
  using Observer = std::function<void(const char *, Layer &, long long)>;
  explicit LayerStack(Observer Tell) : Tell(std::move(Tell)) {}

  void enter(Layer *L) {
    std::vector<Layer *> Needed;
    lineage(L, Needed);
    while (true) {
      auto Stale = std::find_if(Up.rbegin(), Up.rend(), [&](Layer *Old) {
        return std::find(Needed.begin(), Needed.end(), Old) == Needed.end();
      });
      if (Stale == Up.rend())
        break;
      tearDown(*Stale);
    }
    for (Layer *N : Needed)
      if (std::find(Up.begin(), Up.end(), N) == Up.end()) {
        auto Start = std::chrono::steady_clock::now();
        N->setUp();
        Up.push_back(N);
        Tell(ev::SetUp, *N, millisecondsSince(Start));
      }
  }

  bool empty() const { return Up.empty(); }

  void leaveAll() {
    while (!Up.empty())
      tearDown(Up.back());
  }

private:
  void tearDown(Layer *L) {
    auto Start = std::chrono::steady_clock::now();
    L->tearDown();
    Up.erase(std::find(Up.begin(), Up.end(), L));
    Tell(ev::TearDown, *L, millisecondsSince(Start));
  }

  Observer Tell;
  std::vector<Layer *> Up;
};

/// Every type's counts, in the runtime's slot order: types are only ever
/// added, at the end, so two snapshots compare index by index. The buffer
/// only grows: a test's snapshots allocate nothing once it fits.
struct Snapshot {
  std::vector<leaktrace_type_count> Slots;
  size_t N = 0; ///< the types in Slots

  void take() {
    if (Slots.empty())
      Slots.resize(256);
    // Libraries loaded later register their types: ask until all fit.
    while ((N = leaktrace_snapshot(Slots.data(), Slots.size())) > Slots.size())
      Slots.resize(N + N / 4);
  }
};

/// The types whose counts differ between two snapshots, as the "changes"
/// member of test_end: [{"type":T,"insts":D,"refs":D}...]; no member when
/// none.
void writeChanges(runner::JsonWriter &W, const Snapshot &Before,
                  const Snapshot &After) {
  bool Any = false;
  for (size_t I = 0; I < After.N; ++I) {
    const leaktrace_type_count &A = After.Slots[I];
    int64_t Insts = A.insts - (I < Before.N ? Before.Slots[I].insts : 0);
    int64_t Refs = A.refs - (I < Before.N ? Before.Slots[I].refs : 0);
    if (!Insts && !Refs)
      continue;
    if (!Any) {
      W.attributeBegin(key::Changes);
      W.arrayBegin();
      Any = true;
    }
    W.object([&] {
      W.attribute(key::Type, A.name);
      W.attribute(key::Insts, static_cast<long long>(Insts));
      W.attribute(key::Refs, static_cast<long long>(Refs));
    });
  }
  if (Any)
    W.arrayEnd();
}

/// Reports each test's start and end, so the tool can name the test running
/// when the process dies and print zope's progress dots with -v, and what
/// each test changed, so that it can name the tests that leak; counts the
/// outcomes of an iteration.
class TestEvents : public runner::TestObserver {
public:
  void testStarted(const std::string &Name) override {
    gEvents.emitIfDying(Event(ev::TestStart).str(key::Name, Name).line());
    // After the event: writing it is no part of the test.
    Before.take();
  }
  void testEnded(const std::string &Name, Outcome O,
                 const std::string &Failures) override {
    const char *Word = O == Outcome::Passed   ? ev::Passed
                       : O == Outcome::Failed ? ev::Failed
                                              : ev::Skipped;
    After.take();
    ++Ran;
    Failed += O == Outcome::Failed;
    Skipped += O == Outcome::Skipped;
    Event E(ev::TestEnd);
    E.str(key::Name, Name).str(key::Outcome, Word).str(key::Message, Failures);
    writeChanges(E.writer(), Before, After);
    // A failure is shown at once, next to the test's own output.
    emit(E, /*Urgent=*/O == Outcome::Failed);
  }
  long Ran = 0, Failed = 0, Skipped = 0;

private:
  Snapshot Before, After;
};

/// Every type's counts, as the "counts" member of the iteration event.
void writeCounts(runner::JsonWriter &W) {
  Snapshot S;
  S.take();
  W.attributeArray(key::Counts, [&] {
    for (size_t I = 0; I < S.N; ++I) {
      const leaktrace_type_count &C = S.Slots[I];
      W.object([&] {
        W.attribute(key::Type, C.name);
        W.attribute(key::Insts, static_cast<long long>(C.insts));
        W.attribute(key::Refs, static_cast<long long>(C.refs));
        // LEAKTRACE_COUNT_* bits, only when some are set: these counts
        // cannot be right.
        if (C.flags)
          W.attribute(key::Flags, C.flags);
        if (C.uncounted_code)
          W.attribute(key::UncountedCode, C.uncounted_code);
      });
    }
  });
}

/// The frame of runner::main(): the scan reads the test thread's stack from
/// there up (the program's own main and what called it), not the runner's
/// frames below, which hold nothing of the program's but dead words the
/// tests left.
const void *gMainFrame;

int runUnderTool(Framework &F, int EventsFd, int BufferFd) {
  // The floating-point exception flags as the program left them: each
  // iteration's tests start with these, as the first one's do. A framework
  // computes its timings in floating point after its tests (Catch2, doctest,
  // GoogleTest), which would leave FE_INEXACT raised for the next
  // iteration's tests only (fmt's float_test.isnan checks that none is).
  std::fexcept_t ProgramFpFlags;
  fegetexceptflag(&ProgramFpFlags, FE_ALL_EXCEPT);
  gEvents.open(EventsFd, BufferFd);
  emit(Event(ev::Hello)
           .num(key::Version, ev::Version)
           .str(key::Framework, F.name()));
  UnitTestsLayer Default;
  std::vector<TestCase> Cases = F.tests();
  std::vector<TestRef> Tests = allTests(Cases, Default);

  const char *List = getenv(ev::ListVar);
  Selection Sel = readSelection();
  int Repeat = 1;
  if (const char *R = getenv(ev::RepeatVar))
    Repeat = int(readNumber(R, ev::RepeatVar, 1, 1000000));
  Shard S = readShard();

  // The selection in the order it would run, then this shard's share of it.
  std::vector<const TestRef *> Selected;
  for (const TestRef &T : Tests)
    if (selected(Sel, T))
      Selected.push_back(&T);
  LayerPlan All = planLayers(Selected);
  if (S.Count > 1) {
    std::vector<const TestRef *> Ordered;
    for (Layer *L : All.Order)
      Ordered.insert(Ordered.end(), All.Tests[L].begin(), All.Tests[L].end());
    // Contiguous runs of tests, as Catch2 shards: tests that follow one
    // another unsharded still do, which suites whose tests lean on the one
    // before (they exist) survive. The first shards take one test more when
    // the count does not divide.
    size_t Size = Ordered.size() / size_t(S.Count),
           Extra = Ordered.size() % size_t(S.Count), I = size_t(S.Index);
    size_t Begin = I * Size + std::min(I, Extra);
    size_t End = (I + 1) * Size + std::min(I + 1, Extra);
    Selected.assign(Ordered.begin() + std::ptrdiff_t(Begin),
                    Ordered.begin() + std::ptrdiff_t(End));
  }
  LayerPlan Plan = planLayers(Selected);

  if (List) {
    bool Layers = strcmp(List, "layers") == 0;
    if (!Layers && strcmp(List, "tests") != 0)
      usageError(std::string(ev::ListVar) + " must be 'layers' or 'tests'");
    for (Layer *L : Plan.Order) {
      if (Layers) {
        emit(Event(ev::ListLayer).str(key::Name, L->name()));
        continue;
      }
      for (const TestRef *T : Plan.Tests[L])
        emit(Event(ev::ListTest)
                 .str(key::Layer, L->name())
                 .str(key::Name, T->Test->Name));
    }
    emit(Event(ev::Done));
    return 0;
  }

  // Counts of a program built without the plugin would read as "no leak".
  if (&__leaktrace_instrumented == nullptr) {
    emit(Event(ev::NotInstrumented));
    return 2;
  }

  bool Watching = leaktrace_watched_types() > 0;
  LayerStack Layers([&](const char *What, Layer &L, long long Ms) {
    emit(Event(What).str(key::Layer, L.name()).secs(key::Seconds, Ms));
  });
  long FailedTotal = 0;
  for (Layer *L : Plan.Order) {
    std::vector<size_t> Chosen = indexes(Plan.Tests[L]);
    long Order =
        std::find(All.Order.begin(), All.Order.end(), L) - All.Order.begin();
    emit(Event(ev::LayerStart)
             .str(key::Name, L->name())
             .num(key::Tests, long(Chosen.size()))
             .num(key::Order, Order));
    Layers.enter(L);
    for (int Iteration = 1; Iteration <= Repeat; ++Iteration) {
      // The tool watches types to learn where a leak's objects are made:
      // what the last iteration made and kept, after earlier ones warmed
      // the caches.
      bool Record = Watching && Iteration == Repeat;
      if (Record)
        leaktrace_record_sites(1);
      TestEvents Observer;
      fesetexceptflag(&ProgramFpFlags, FE_ALL_EXCEPT);
      auto Start = std::chrono::steady_clock::now();
      int Errors = F.run(Chosen, Observer);
      long long Took = millisecondsSince(Start);
      // What became of the recorded objects, read before the runner itself
      // allocates again.
      leaktrace_scan_status Scan{};
      if (Record)
        leaktrace_scan(&Scan, gMainFrame);
      FailedTotal += Observer.Failed + Errors;
      Event It(ev::Iteration);
      It.str(key::Layer, L->name())
          .num(key::Iteration, Iteration)
          .num(key::Ran, Observer.Ran)
          .num(key::Failures, Observer.Failed)
          .num(key::Errors, Errors)
          .num(key::Skipped, Observer.Skipped)
          .secs(key::Seconds, Took);
      writeCounts(It.writer());
      emit(It);
      if (Record) {
        Event E(ev::Sites);
        E.str(key::Layer, L->name());
        // The sites, and what the scan found of them (recording.h).
        char *Recording = leaktrace_recording_json(&Scan);
        E.writer().rawMembers(Recording);
        free(Recording);
        emit(E);
        leaktrace_record_sites(0);
      }
    }
  }
  if (!Layers.empty()) {
    emit(Event(ev::LeftOver));
    Layers.leaveAll();
  }
  emit(Event(ev::Done).num(key::UncountedClasses,
                           long(leaktrace_uncounted_classes())));
  return FailedTotal ? 1 : 0;
}

// Without the tool: every test once (or those the framework's own command
// line selects), layers set up and torn down as under the tool, the
// framework's usual output.
int runDirectly(Framework &F) {
  UnitTestsLayer Default;
  std::vector<TestCase> Cases = F.tests();
  std::vector<TestRef> Tests = allTests(Cases, Default);
  std::vector<const TestRef *> Selected;
  for (const TestRef &T : Tests)
    if (F.selectedByCommandLine(T.Index))
      Selected.push_back(&T);
  LayerPlan Plan = planLayers(Selected);
  LayerStack Layers([](const char *, Layer &, long long) {});
  bool Only = Plan.Order.size() > 1;
  // Nothing selected: the framework says so in its own words.
  if (Plan.Order.empty())
    return F.runWithOwnOutput({}, false);
  int Status = 0;
  for (Layer *L : Plan.Order) {
    Layers.enter(L);
    Status |= F.runWithOwnOutput(indexes(Plan.Tests[L]), Only);
  }
  Layers.leaveAll();
  return Status;
}

} // namespace

bool detail::assignLayer(const char *Group, Layer &L) {
  layerOfGroup()[Group] = &L;
  return true;
}

bool runner::takeOverRun(int (*RunLayers)(void *), void *Arg, int &Status) {
  enum class State { NotYet, Running, Done };
  static State Now = State::NotYet;
  static int Result = 0;
  switch (Now) {
  case State::Running:
    return false;
  case State::Done:
    Status = Result;
    return true;
  case State::NotYet:
    break;
  }
  if (!getenv(events::EventsFdVar))
    return false;
  Now = State::Running;
  // What the program printed before (gtest_main's "Running main() from
  // ...") comes out before the tool's report of the layers, not inside it.
  fflush(stdout);
  Result = RunLayers(Arg);
  Now = State::Done;
  Status = Result;
  return true;
}

int runner::main(Framework &F) {
  gMainFrame = __builtin_frame_address(0);
  const char *Fd = getenv(events::EventsFdVar);
  if (!Fd)
    return runDirectly(F);
  int EventsFd = atoi(Fd);
  const char *Buffer = getenv(events::EventsBufferFdVar);
  int BufferFd = Buffer ? atoi(Buffer) : -1;
  // The descriptors are this process's alone: a program the tests start
  // (a GoogleTest death test re-running the binary, a helper, a daemon)
  // must neither take orders meant for this one, nor write events, nor keep
  // the pipe open (which keeps the tool waiting after this process ended).
  unsetenv(events::EventsFdVar);
  unsetenv(events::EventsBufferFdVar);
  fcntl(EventsFd, F_SETFD, FD_CLOEXEC);
  return runUnderTool(F, EventsFd, BufferFd);
}

} // namespace leaktrace
