// Internal interface between the runtime's counters and its readers.
//
// The runtime (libleaktrace_rt.a) links into programs built against either
// C++ standard library (libstdc++ or libc++), so it uses none: nothing here
// or in its sources may need a C++ library at link time (only libc and
// libpthread). tests/runtime checks that by linking it into a C program.
#ifndef LEAKTRACE_RUNTIME_REGISTRY_H
#define LEAKTRACE_RUNTIME_REGISTRY_H

#include "leaktrace/leaktrace.h"

#include <stddef.h>
#include <stdint.h>

namespace leaktrace::rt {

struct TypeInfo {
  const char *Name;
  uint32_t Flags;             // LEAKTRACE_COUNT_*, sticky
  const char *UncountedCode;  // with LEAKTRACE_COUNT_UNCOUNTED_CODE; owned
  uint64_t Size;              // sizeof, 0 until a descriptor told it
  uint32_t Kind;              // LEAKTRACE_TYPE_BY_NEW of its descriptors
};

using TypeCount = leaktrace_type_count;

// Prints the message to standard error and aborts.
[[noreturn]] void fatal(const char *What);

// Sums every thread's counts; see leaktrace_snapshot(). A type whose sum is
// negative is read again, walking the threads the other way round, and is
// flagged LEAKTRACE_COUNT_NEGATIVE when it is negative both ways (see
// counters.cpp).
size_t snapshot(TypeCount *Out, size_t Capacity);

// Every registered type's counts, however many types there are, in an array
// from malloc (the caller frees it; NULL when Count is 0).
TypeCount *snapshotAll(size_t &Count);

// Writes Size bytes of Data to Fd (retrying short writes); gives up on an
// error.
void writeAll(int Fd, const char *Data, size_t Size);

// Reads LEAKTRACE_REPORT, at start-up.
void readReportRequest();

// Watches the types Names (N of them) while the process runs, instead of
// those watched live before: every count of them goes through the hooks,
// which record their objects' sites while recording is on; their inline
// updates resume at unwatchLive(). Returns how many slots that is (a name
// not counted yet has none, and is not watched). Takes gMutex.
size_t watchLive(const char *const *Names, size_t N);
void unwatchLive();
void unwatchLiveLocked(); // with gMutex held
// A module holding Record is unloaded: its descriptors are forgotten (with
// gMutex held).
void forgetDescriptorsOf(const void *Record);

// Appends the recording's JSON members (leaktrace/recording.h) of the
// recording now and of Scan (null, or not scanned: the sites only) to Out
// (recording.cpp; leaktrace_recording_json() returns the same as a string).
struct Text;
void appendRecording(Text &Out, const leaktrace_scan_status *Scan);

// A loaded module (modules.cpp): its path ("" for the executable), load
// bias and PT_LOAD ranges.
struct LoadedModule {
  static constexpr unsigned kMaxRanges = 16;
  uintptr_t Address = 0; // what was looked for
  const char *Name = nullptr;
  uintptr_t Base = 0;
  uintptr_t Low[kMaxRanges] = {}, High[kMaxRanges] = {};
  unsigned NumRanges = 0;
  bool holds(uintptr_t A) const;
};
// The module holding Address; false when none does.
bool findLoadedModule(const void *Address, LoadedModule &M);

// Listens on the control socket LEAKTRACE_CONTROL names, at start-up
// (control.cpp); removes its file at exit.
void startControlIfRequested();
void stopControl();

// Writes the at-exit report to standard error when LEAKTRACE_REPORT asked
// for one for this process.
void reportAtExitIfRequested();

// Creation sites (sites.cpp).
// Whether LEAKTRACE_WATCH names any type / the type Name. Safe with gMutex
// held (they take no lock of the counters').
bool watchingAny();
bool isWatched(const char *Name);
// What a count of Delta objects of a watched type's Slot at Object, by code
// that returned to Caller, does to the recorded sites: made ones are
// remembered with their stack while recording is on, ended ones forgotten.
// Source: the object a copy or move constructor copied, or null. Called
// without gMutex.
void recordObjects(uint32_t Slot, const void *Object, int64_t Delta,
                   const void *Caller, const void *Source);
// The name of the type in Slot (counters.cpp; takes gMutex).
const char *slotName(uint32_t Slot);
// The counters' lock (gMutex), for the scan, which holds every lock of the
// runtime while the other threads are stopped; and with it held, what is
// known of the type in Slot (null when there is none).
void lockCounters();
void unlockCounters();
const TypeInfo *slotInfoLocked(uint32_t Slot);

// Whether LEAKTRACE_SCAN readied the process for a scan: every count comes
// through the hooks, and trackObjects() keeps each live object's address.
bool trackingAll();
// Delta objects of Slot's type at Object were made (> 0) or ended (< 0).
// Called without gMutex.
void trackObjects(uint32_t Slot, const void *Object, int64_t Delta);


// leaktrace_write_report(), its heading naming Process when not null.
void writeReport(int Fd, const char *Process);

} // namespace leaktrace::rt

#endif
