// The event stream: how a leaktrace runner and the `leaktrace` tool talk.
//
// This header is the contract. The runner core (runner/core) writes it, the
// tool (tool/Events.cpp) reads it; both spell every name through the
// constants below and nothing else.
//
// The tool starts the test binary with LEAKTRACE_EVENTS_FD set to a pipe's
// descriptor and its orders in the other variables below. The runner writes
// one JSON object per line to that descriptor, each line in one write(2), so
// that a crash never leaves half an event behind. Every object has a member
// "event" naming its kind; the members of each kind are listed with it.
//
// A runner that does not see LEAKTRACE_EVENTS_FD runs the tests once, with
// the test framework's own output, and writes no events.
//
// Plain C++14 without a library: the runner's adapters compile against the
// user's test framework, in the user's language mode.
#ifndef LEAKTRACE_EVENTS_H
#define LEAKTRACE_EVENTS_H

#include "leaktrace/recording.h"

#include <cstddef>

namespace leaktrace {
namespace events {

/// Raised when an event or a member changes meaning; the tool refuses a
/// runner of another version (the "hello" event).
constexpr int Version = 1;

// --- the tool's orders (environment variables) ----------------------------

/// The descriptor to write events to (decimal).
constexpr char EventsFdVar[] = "LEAKTRACE_EVENTS_FD";
/// A descriptor of a shared memory file (memfd) of EventsBufferBytes bytes,
/// in decimal, laid out as an EventsBuffer: the runner gathers events there
/// and writes them to LEAKTRACE_EVENTS_FD a batch at a time (one write per
/// batch, of whole lines), so that a suite of many tiny tests costs few
/// writes and few wake-ups of the tool. Since the tool still holds the
/// file when the runner dies, by any signal, _exit or the tool's own
/// timeout, the tool reads what was gathered but not written from there:
/// no event is lost. Absent: each event is written as it happens.
constexpr char EventsBufferFdVar[] = "LEAKTRACE_EVENTS_BUFFER_FD";
/// The size of that file, header included.
constexpr unsigned long EventsBufferBytes = 1UL << 20;
/// Its layout. Data holds whole event lines only: the stream's bytes from
/// offset Base (the bytes written to the pipe before them) to Base+Length,
/// then Pending bytes more: the test_start of the test running now, which is
/// sent only if the test never ends (see TestStart). The runner copies a line
/// in, then raises Length; writes the batch, then raises Base by Length and
/// sets Length to 0. So after the runner ended, and the tool has read the
/// pipe to its end (R bytes in all), the events it has not seen are
/// Data[R-Base, Length+Pending) (none when R-Base >= Length+Pending).
struct EventsBuffer {
  unsigned long long Base;
  unsigned long long Length;
  unsigned long long Pending;
  char Data[1];
};
/// The bytes of Data.
constexpr unsigned long EventsBufferCapacity =
    EventsBufferBytes - offsetof(EventsBuffer, Data);

/// Iterations per layer, a positive decimal (default 1).
constexpr char RepeatVar[] = "LEAKTRACE_REPEAT";
/// Newline-separated ECMAScript regular expressions, searched in layer
/// names; a leading '!' excludes. A layer is selected when it matches a
/// positive one (or there is none) and no negative one.
constexpr char LayersVar[] = "LEAKTRACE_LAYERS";
/// Newline-separated ECMAScript regular expressions searched in test
/// names: a test is selected when it matches one (or there is none).
constexpr char TestsVar[] = "LEAKTRACE_TESTS";
/// "layers" or "tests": list the selection instead of running it.
constexpr char ListVar[] = "LEAKTRACE_LIST";
/// "INDEX/COUNT": run only share INDEX (from 0) of the selected tests, in
/// the order they would run (zope's layer order, then the framework's): the
/// tests are cut into COUNT contiguous runs, the first ones one test longer
/// when COUNT does not divide them. Each shard runs the layers of its own
/// tests.
constexpr char ShardVar[] = "LEAKTRACE_SHARD";

// --- event kinds ------------------------------------------------------------

/// First event: {"event":"hello","version":Version,"framework":"GoogleTest"}.
constexpr char Hello[] = "hello";
/// A layer starts: {"name":LAYER,"tests":N,"order":K}, K its place among
/// the selected layers before sharding (0 first), so that the reports of
/// shards merge in the order of one unsharded run.
constexpr char LayerStart[] = "layer";
/// A layer was set up / torn down: {"layer":LAYER,"seconds":S}.
constexpr char SetUp[] = "setup";
constexpr char TearDown[] = "teardown";
/// The layers still set up after the last one are torn down next: {}.
constexpr char LeftOver[] = "leftover";
/// {"name":TEST}. With the events buffer, only of a test that never ended
/// (the runner died in it): the tool then reads it from the buffer, and
/// learns of every other test from its test_end alone.
constexpr char TestStart[] = "test_start";
/// {"name":TEST,"outcome":Outcome*,"message":TEXT[,"changes":[CHANGE...]]}
/// (TEXT: the failures, "FILE:LINE: summary" lines, empty when it passed;
/// CHANGE: {"type":NAME,"insts":D,"refs":D}, each type whose counts the test
/// changed, from its start to its end; no "changes" when it changed none).
constexpr char TestEnd[] = "test_end";
/// One run of a layer's tests ended:
/// {"layer":LAYER,"iteration":I,"ran":N,"failures":N,"errors":N,
///  "skipped":N,"seconds":S,"counts":[COUNT...]}, COUNT being
/// {"type":NAME,"insts":N,"refs":N[,"flags":LEAKTRACE_COUNT_* bits]
///  [,"uncounted_code":"SYMBOL (MODULE)"]} for every type of the program.
/// "errors" are failures outside any test (a suite's set-up).
constexpr char Iteration[] = "iteration";
/// Where the objects of the watched types (LEAKTRACE_WATCH, leaktrace.h)
/// that the last iteration of a layer made and kept were made and, when the
/// run was readied for a scan (LEAKTRACE_SCAN), what became of them and
/// what keeps them alive; sent after that iteration's event, only when
/// types are watched: {"layer":LAYER, MEMBERS}, MEMBERS the recording's
/// JSON that leaktrace/recording.h describes (the runtime writes it).
constexpr char Sites[] = "sites";
/// Listing: {"name":LAYER} / {"layer":LAYER,"name":TEST}.
constexpr char ListLayer[] = "list_layer";
constexpr char ListTest[] = "list_test";
/// The orders cannot be followed (a bad pattern): {"message":TEXT}; the
/// runner exits with status 2 after it.
constexpr char Error[] = "error";
/// The program was built without the plugin: its counts would read as "no
/// leak". {}; the runner exits with status 2 after it.
constexpr char NotInstrumented[] = "not_instrumented";
/// Last event: {"uncounted_classes":N} (classes of the program the plugin
/// does not count).
constexpr char Done[] = "done";

/// Values of "outcome".
constexpr char Passed[] = "ok";
constexpr char Failed[] = "failed";
constexpr char Skipped[] = "skipped";

// --- members -----------------------------------------------------------------

namespace key {
constexpr char Event[] = "event";
constexpr char Version[] = "version";
constexpr char Framework[] = "framework";
constexpr char Name[] = "name";
constexpr char Layer[] = "layer";
constexpr char Tests[] = "tests";
constexpr char Order[] = "order";
constexpr char Seconds[] = "seconds";
constexpr char Outcome[] = "outcome";
constexpr char Message[] = "message";
constexpr char Iteration[] = "iteration";
constexpr char Ran[] = "ran";
constexpr char Failures[] = "failures";
constexpr char Errors[] = "errors";
constexpr char Skipped[] = "skipped";
constexpr char Counts[] = "counts";
constexpr char Changes[] = "changes";
constexpr char Type[] = LEAKTRACE_KEY_TYPE;
constexpr char Insts[] = "insts";
constexpr char Refs[] = "refs";
constexpr char Flags[] = "flags";
constexpr char UncountedCode[] = "uncounted_code";
constexpr char UncountedClasses[] = "uncounted_classes";
constexpr char Sites[] = LEAKTRACE_KEY_SITES;
constexpr char Objects[] = LEAKTRACE_KEY_OBJECTS;
constexpr char Frames[] = LEAKTRACE_KEY_FRAMES;
constexpr char Module[] = LEAKTRACE_KEY_MODULE;
constexpr char Offset[] = LEAKTRACE_KEY_OFFSET;
constexpr char Scan[] = LEAKTRACE_KEY_SCAN;
constexpr char Heap[] = LEAKTRACE_KEY_HEAP;
constexpr char Threads[] = LEAKTRACE_KEY_THREADS;
constexpr char ThreadsMissed[] = LEAKTRACE_KEY_THREADS_MISSED;
constexpr char Blocks[] = LEAKTRACE_KEY_BLOCKS;
constexpr char Bytes[] = LEAKTRACE_KEY_BYTES;
constexpr char Unlisted[] = LEAKTRACE_KEY_UNLISTED;
constexpr char Fates[] = LEAKTRACE_KEY_FATES;
constexpr char Paths[] = LEAKTRACE_KEY_PATHS;
constexpr char Fate[] = LEAKTRACE_KEY_FATE;
constexpr char Cycle[] = LEAKTRACE_KEY_CYCLE;
constexpr char Locations[] = LEAKTRACE_KEY_LOCATIONS;
constexpr char Kind[] = LEAKTRACE_KEY_KIND;
constexpr char Thread[] = LEAKTRACE_KEY_THREAD;
constexpr char At[] = LEAKTRACE_KEY_AT;
constexpr char Size[] = LEAKTRACE_KEY_SIZE;
constexpr char MadeBy[] = LEAKTRACE_KEY_MADE_BY;
constexpr char FirstWord[] = LEAKTRACE_KEY_FIRST_WORD;
constexpr char TypeOffset[] = LEAKTRACE_KEY_TYPE_OFFSET;
constexpr char Run[] = LEAKTRACE_KEY_RUN;
constexpr char Register[] = LEAKTRACE_KEY_REGISTER;
constexpr char Callers[] = LEAKTRACE_KEY_CALLERS;
constexpr char Census[] = LEAKTRACE_KEY_CENSUS;
constexpr char LiveStart[] = LEAKTRACE_KEY_LIVE_START;
constexpr char LiveEnd[] = LEAKTRACE_KEY_LIVE_END;
constexpr char EndedStart[] = LEAKTRACE_KEY_ENDED_START;
constexpr char EndedEnd[] = LEAKTRACE_KEY_ENDED_END;
constexpr char Replaced[] = LEAKTRACE_KEY_REPLACED;
} // namespace key

/// Names of the fates (leaktrace.h LEAKTRACE_FATE_*) and of the locations'
/// kinds (LEAKTRACE_LOC_*), in their order.
constexpr const char *FateNames[] = LEAKTRACE_FATE_NAMES;
constexpr const char *LocationKinds[] = LEAKTRACE_LOCATION_KINDS;

} // namespace events
} // namespace leaktrace

#endif // LEAKTRACE_EVENTS_H
