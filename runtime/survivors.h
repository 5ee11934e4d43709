// Internal interface between what the runtime records of objects
// (sites.cpp) and the scan that finds what became of them (scan.cpp).
#ifndef LEAKTRACE_RUNTIME_SURVIVORS_H
#define LEAKTRACE_RUNTIME_SURVIVORS_H

#include "heap.h"
#include "leaktrace/leaktrace.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

namespace leaktrace::rt {

/// What an object's storage was when it was made: the stack of a thread
/// (its storage ends with its frame), or else the heap's serial then (the
/// block it is in, if in a block, is not newer than that).
struct Storage {
  pid_t StackTid;      ///< the thread whose stack holds it, or 0
  uint64_t HeapSerial; ///< heap_provider->last_serial() then, or 0
};

/// The allocator shim's provider (heap.h), or null when the program runs
/// without it.
const __leaktrace_heap_provider *heapProvider();

// --- recorded objects (with the sites lock held) ----------------------------

void lockSites();
void unlockSites();

/// An object recording kept, made at a site and not destroyed since.
struct Survivor {
  uintptr_t Address;
  uint32_t Slot;
  int64_t Count; ///< objects at the address (an array's elements), or 1
  uint32_t Site; ///< the site it counts under
  Storage Where;
  /// It was made over an object of its type made before recording and
  /// never destroyed, whose storage was Older.
  bool OverOlder;
  Storage Older;
};

/// The sites recorded so far.
size_t numSites();
/// How many objects of Site another object of their type was made over.
int64_t siteReused(uint32_t Site);
/// Writes up to Capacity survivors and returns how many there are.
size_t survivors(Survivor *Out, size_t Capacity);
/// Keeps the fates the scan found: numSites() * LEAKTRACE_FATES counts,
/// copied; leaktrace_sites() reports them.
void setFates(const int64_t *Fates);

/// Forgets what the last scan found (scan.cpp): recording starts again.
void forgetScan();
/// Counts the watched types' objects whose storage is alive and starts
/// recording (beginRecordingLocked()) while the other threads are stopped,
/// so that objects made after the census are recorded and those made
/// before it are not (scan.cpp); the scan counts them again at its end. A
/// thread stopped inside count(), between recording an object and tracking
/// it, can leave that one object in neither. False,
/// recording not started, when there is no census to take (the process was
/// not readied for a scan, or no type is watched).
bool startCensus();
/// Recording starts; called with the sites' lock held (sites.cpp).
void beginRecordingLocked();
/// No object made from now on is recorded; what was recorded is kept, for
/// a scan of a process whose threads go on running (the control socket).
void pauseRecording();
/// The slots of the watched types, by LEAKTRACE_WATCH or the control
/// socket (counters.cpp; takes the counters' lock).
size_t watchedSlots(uint32_t *Out, size_t Capacity);
/// How many objects of Slot's type were made, while recording, over one of
/// their type never destroyed (it ended without its destructor), since the
/// last call.
int64_t takeReplaced(uint32_t Slot);
/// Whether a live object of Slot's type is tracked at Object, and its
/// storage then.
bool trackedAt(const void *Object, uint32_t Slot, Storage &Where);

// --- every counted object, when trackingAll() --------------------------------

struct TrackedObject {
  uintptr_t Address;
  uint32_t Slot;
  int64_t Count;
  Storage Where;
};
void lockTracked();
void unlockTracked();
/// With the lock held: writes up to Capacity live objects, and returns how
/// many there are.
size_t trackedObjects(TrackedObject *Out, size_t Capacity);

} // namespace leaktrace::rt

#endif
