// leaktrace runtime: what a recording found, as JSON (leaktrace/recording.h).
//
// One writer for both envelopes: the runner puts the text in its "sites"
// event, the control socket sends it to `leaktrace watch`. Written here,
// with the runtime's own text (no C++ library: see registry.h), because the
// control socket is served by the runtime in programs that have no runner.

#include "leaktrace/recording.h"
#include "registry.h"
#include "text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

namespace leaktrace::rt {
namespace {

const char *const kFateNames[] = LEAKTRACE_FATE_NAMES;
const char *const kLocationKinds[] = LEAKTRACE_LOCATION_KINDS;
static_assert(sizeof kFateNames / sizeof *kFateNames == LEAKTRACE_FATES,
              "a fate of leaktrace.h has no name in recording.h");
static_assert(sizeof kLocationKinds / sizeof *kLocationKinds ==
                  LEAKTRACE_LOC_THREAD + 1,
              "a location kind of leaktrace.h has no name in recording.h");

/// Members, objects and arrays appended to a Text, with the commas put
/// where they belong (a member list at depth 0: the caller's braces).
class JsonText {
public:
  explicit JsonText(Text &Out) : Out(Out) {}

  void key(const char *Key) {
    separate();
    quoted(Key);
    Out.append(":", 1);
    AfterKey = true;
  }
  void string(const char *S) {
    separate();
    quoted(S);
  }
  void number(int64_t N) {
    char Buffer[24];
    separate();
    Out.append(Buffer, size_t(snprintf(Buffer, sizeof Buffer, "%" PRId64, N)));
  }
  void unsignedNumber(uint64_t N) {
    char Buffer[24];
    separate();
    Out.append(Buffer, size_t(snprintf(Buffer, sizeof Buffer, "%" PRIu64, N)));
  }
  void boolean(bool B) {
    separate();
    Out.append(B ? "true" : "false");
  }
  void open(char C) {
    separate();
    Out.append(&C, 1);
    if (Depth + 1 >= int(sizeof First))
      fatal("the recording's JSON is nested deeper than its writer allows");
    First[++Depth] = true;
  }
  void close(char C) {
    --Depth;
    Out.append(&C, 1);
  }

  template <class T> void member(const char *Key, T V);

private:
  void separate() {
    if (AfterKey) {
      AfterKey = false;
      return;
    }
    if (!First[Depth])
      Out.append(",", 1);
    First[Depth] = false;
  }
  void quoted(const char *S) {
    Out.append("\"", 1);
    for (; *S; ++S) {
      unsigned char C = static_cast<unsigned char>(*S);
      if (C == '"' || C == '\\') {
        char Escaped[2] = {'\\', char(C)};
        Out.append(Escaped, 2);
      } else if (C < 0x20) {
        char Buffer[8];
        Out.append(Buffer, size_t(snprintf(Buffer, sizeof Buffer, "\\u%04x", C)));
      } else {
        Out.append(S, 1);
      }
    }
    Out.append("\"", 1);
  }

  Text &Out;
  bool First[16] = {true};
  int Depth = 0;
  bool AfterKey = false;
};

template <> void JsonText::member(const char *Key, const char *V) {
  key(Key);
  string(V);
}
template <> void JsonText::member(const char *Key, int64_t V) {
  key(Key);
  number(V);
}
template <> void JsonText::member(const char *Key, uint64_t V) {
  key(Key);
  unsignedNumber(V);
}
template <> void JsonText::member(const char *Key, uint32_t V) {
  key(Key);
  unsignedNumber(V);
}

/// "module":PATH,"offset":N of Address: the module holding it (the
/// executable by its path, "?" when none) and Address as an address of that
/// file, for a symbolizer. False when no module holds it.
bool moduleMembers(JsonText &W, const void *Address) {
  uintptr_t Offset = uintptr_t(Address);
  const char *Module = leaktrace_module_of(Address, &Offset);
  char Exe[4096];
  if (Module && !*Module) {
    // The executable's entry has no name; argv[0] may be relative.
    ssize_t N = readlink("/proc/self/exe", Exe, sizeof Exe - 1);
    Exe[N > 0 ? N : 0] = '\0';
    Module = N > 0 ? Exe : "?";
  }
  W.member(LEAKTRACE_KEY_MODULE, Module ? Module : "?");
  W.member(LEAKTRACE_KEY_OFFSET, uint64_t(Offset));
  return Module != nullptr;
}

void frame(JsonText &W, const void *Address) {
  W.open('{');
  moduleMembers(W, Address);
  W.close('}');
}

/// A return address: the call is the byte before it.
const void *callOf(const void *ReturnAddress) {
  return static_cast<const char *>(ReturnAddress) - 1;
}

void sites(JsonText &W) {
  size_t Capacity = 64, N;
  leaktrace_site *Sites = nullptr;
  for (;;) {
    auto *Grown = static_cast<leaktrace_site *>(
        realloc(Sites, Capacity * sizeof(leaktrace_site)));
    if (!Grown)
      fatal("out of memory writing the creation sites");
    Sites = Grown;
    N = leaktrace_sites(Sites, Capacity);
    if (N <= Capacity)
      break;
    Capacity = N + N / 4;
  }
  W.key(LEAKTRACE_KEY_SITES);
  W.open('[');
  for (size_t I = 0; I < N; ++I) {
    const leaktrace_site &S = Sites[I];
    W.open('{');
    W.member(LEAKTRACE_KEY_TYPE, S.type);
    W.member(LEAKTRACE_KEY_OBJECTS, S.objects);
    W.key(LEAKTRACE_KEY_FRAMES);
    W.open('[');
    for (uint32_t J = 0; J < S.depth; ++J)
      frame(W, callOf(S.frames[J]));
    W.close(']');
    bool AnyFate = false;
    for (int F = 0; F < LEAKTRACE_FATES; ++F)
      AnyFate |= S.fates[F] != 0;
    if (AnyFate) {
      W.key(LEAKTRACE_KEY_FATES);
      W.open('{');
      for (int F = 0; F < LEAKTRACE_FATES; ++F)
        if (S.fates[F])
          W.member(kFateNames[F], S.fates[F]);
      W.close('}');
    }
    W.close('}');
  }
  W.close(']');
  free(Sites);
}

void scanStatus(JsonText &W, const leaktrace_scan_status &S) {
  W.key(LEAKTRACE_KEY_SCAN);
  W.open('{');
  W.member(LEAKTRACE_KEY_HEAP, S.heap);
  W.member(LEAKTRACE_KEY_THREADS, S.threads);
  W.member(LEAKTRACE_KEY_THREADS_MISSED, S.threads_missed);
  W.member(LEAKTRACE_KEY_BLOCKS, S.blocks);
  W.member(LEAKTRACE_KEY_BYTES, S.bytes);
  W.member(LEAKTRACE_KEY_UNLISTED, S.unlisted);
  W.close('}');
}

void census(JsonText &W) {
  size_t N = leaktrace_census(nullptr, 0);
  auto *C = static_cast<leaktrace_census_entry *>(
      calloc(N ? N : 1, sizeof(leaktrace_census_entry)));
  if (!C)
    fatal("out of memory writing the census");
  N = leaktrace_census(C, N);
  W.key(LEAKTRACE_KEY_CENSUS);
  W.open('[');
  for (size_t I = 0; I < N; ++I) {
    W.open('{');
    W.member(LEAKTRACE_KEY_TYPE, C[I].type);
    W.member(LEAKTRACE_KEY_LIVE_START, C[I].live_start);
    W.member(LEAKTRACE_KEY_LIVE_END, C[I].live_end);
    W.member(LEAKTRACE_KEY_ENDED_START, C[I].ended_start);
    W.member(LEAKTRACE_KEY_ENDED_END, C[I].ended_end);
    W.member(LEAKTRACE_KEY_REPLACED, C[I].replaced);
    W.close('}');
  }
  W.close(']');
  free(C);
}

void location(JsonText &W, const leaktrace_location &L) {
  W.open('{');
  W.member(LEAKTRACE_KEY_KIND, kLocationKinds[L.kind]);
  switch (L.kind) {
  case LEAKTRACE_LOC_GLOBAL:
    moduleMembers(W, L.address);
    break;
  case LEAKTRACE_LOC_TLS:
    W.member(LEAKTRACE_KEY_THREAD, L.thread);
    moduleMembers(W, L.address);
    W.member(LEAKTRACE_KEY_AT, L.offset);
    break;
  case LEAKTRACE_LOC_STACK:
  case LEAKTRACE_LOC_REGISTER:
    W.member(LEAKTRACE_KEY_THREAD, L.thread);
    moduleMembers(W, L.address);
    if (L.kind == LEAKTRACE_LOC_REGISTER)
      W.member(LEAKTRACE_KEY_REGISTER,
               L.register_name ? L.register_name : "?");
    W.key(LEAKTRACE_KEY_CALLERS);
    W.open('[');
    for (uint32_t I = 0; I < L.callers_count && I < 8; ++I)
      frame(W, L.callers[I]);
    W.close(']');
    break;
  case LEAKTRACE_LOC_THREAD:
    W.member(LEAKTRACE_KEY_THREAD, L.thread);
    W.member(LEAKTRACE_KEY_AT, L.offset);
    break;
  default: { // a block, or memory the runtime knows nothing of
    W.member(LEAKTRACE_KEY_SIZE, L.size);
    W.member(LEAKTRACE_KEY_AT, L.offset);
    if (L.made_by) {
      W.key(LEAKTRACE_KEY_MADE_BY);
      frame(W, callOf(L.made_by));
    }
    // Only a first word that points into a module (a vtable) says
    // anything of the block.
    uintptr_t Offset;
    if (L.first_word && leaktrace_module_of(L.first_word, &Offset)) {
      W.key(LEAKTRACE_KEY_FIRST_WORD);
      frame(W, L.first_word);
    }
    if (L.run_max > 1) {
      W.key(LEAKTRACE_KEY_RUN);
      W.open('[');
      W.unsignedNumber(L.run_min);
      W.unsignedNumber(L.run_max);
      W.close(']');
    }
  }
  }
  if (L.type) {
    W.member(LEAKTRACE_KEY_TYPE, L.type);
    W.member(LEAKTRACE_KEY_TYPE_OFFSET, L.type_offset);
  }
  W.close('}');
}

void paths(JsonText &W) {
  size_t NumPaths = leaktrace_paths(nullptr, 0);
  size_t NumLocations = leaktrace_path_locations(nullptr, 0);
  auto *Paths = static_cast<leaktrace_path *>(
      calloc(NumPaths ? NumPaths : 1, sizeof(leaktrace_path)));
  auto *Locations = static_cast<leaktrace_location *>(
      calloc(NumLocations ? NumLocations : 1, sizeof(leaktrace_location)));
  if (!Paths || !Locations)
    fatal("out of memory writing the retention paths");
  NumPaths = leaktrace_paths(Paths, NumPaths);
  NumLocations = leaktrace_path_locations(Locations, NumLocations);
  W.key(LEAKTRACE_KEY_PATHS);
  W.open('[');
  for (size_t I = 0; I < NumPaths; ++I) {
    const leaktrace_path &P = Paths[I];
    W.open('{');
    W.member(LEAKTRACE_KEY_TYPE, P.type);
    W.member(LEAKTRACE_KEY_FATE, kFateNames[P.fate]);
    W.key(LEAKTRACE_KEY_CYCLE);
    W.boolean(P.cycle != 0);
    W.member(LEAKTRACE_KEY_OBJECTS, P.objects);
    W.key(LEAKTRACE_KEY_LOCATIONS);
    W.open('[');
    for (uint32_t J = 0; J < P.count && P.first + J < NumLocations; ++J)
      location(W, Locations[P.first + J]);
    W.close(']');
    W.close('}');
  }
  W.close(']');
  free(Paths);
  free(Locations);
}

} // namespace

void appendRecording(Text &Out, const leaktrace_scan_status *Scan) {
  JsonText W(Out);
  sites(W);
  if (Scan && Scan->scanned) {
    scanStatus(W, *Scan);
    census(W);
    paths(W);
  }
}

} // namespace leaktrace::rt

extern "C" char *leaktrace_recording_json(const leaktrace_scan_status *Scan) {
  using namespace leaktrace::rt;
  Text Out;
  Out.reserveMore(1);
  appendRecording(Out, Scan);
  // The caller frees it: Text's buffer is realloc'd, so free() fits.
  char *Json = Out.Data;
  Out.Data = nullptr;
  return Json;
}
