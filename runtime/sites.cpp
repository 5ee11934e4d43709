// leaktrace runtime: where the objects of watched types were made.
//
// The tool asks for this only after a run found a leak, in a second run of
// the leaking layer, for the growing types only (LEAKTRACE_WATCH). Those
// types skip the inline update (counters.cpp leaves their descriptors
// without a slot), so every count of them reaches the hooks, and from there
// recordObjects(). Other types pay nothing: their path is the same as
// without watching.
//
// While recording is on, each object made is remembered by its address with
// the stack that made it, until it is destroyed; what is left when the
// runner reads the sites is what the recorded stretch of the program made
// and kept. Copies are followed (see originOf()): an object that took over
// from one destroyed since is no new object. Stacks come from the runtime's
// own unwinder (unwind.cpp: rules cached per code address, glibc's
// backtrace() when it cannot walk a stack), taken before the lock:
// unwinding is the expensive part, and a first fallback loads libgcc_s,
// which must not happen under a lock a library's initialiser could want.

#include "leaktrace/leaktrace.h"
#include "heap.h"
#include "registry.h"
#include "survivors.h"
#include "tables.h"
#include "unwind.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

namespace leaktrace::rt {
namespace {

// --- LEAKTRACE_WATCH -------------------------------------------------------

pthread_once_t gWatchOnce = PTHREAD_ONCE_INIT;
char **gWatched; // the names LEAKTRACE_WATCH gave, from malloc
size_t gNumWatched;

void readWatchRequest() {
  const char *List = getenv(LEAKTRACE_WATCH_VAR);
  if (!List || !*List)
    return;
  size_t Lines = 1;
  for (const char *P = List; *P; ++P)
    Lines += *P == '\n';
  gWatched = static_cast<char **>(calloc(Lines, sizeof(char *)));
  if (!gWatched)
    fatal("out of memory reading " LEAKTRACE_WATCH_VAR);
  for (const char *P = List; *P;) {
    const char *End = strchr(P, '\n');
    size_t Size = End ? size_t(End - P) : strlen(P);
    if (Size) {
      char *Name = strndup(P, Size);
      if (!Name)
        fatal("out of memory reading " LEAKTRACE_WATCH_VAR);
      gWatched[gNumWatched++] = Name;
    }
    P += Size + (End ? 1 : 0);
  }
}

// --- recorded objects
// ----------------------------------------------------------

struct Site {
  uint32_t Slot;
  uint32_t Depth;
  const void *Frames[LEAKTRACE_SITE_FRAMES];
  // Its objects that another object of their type was made over (their
  // storage reused) before they were destroyed.
  int64_t Reused;
};

// SourceSerial of an object copied from one made before recording started.
constexpr uint64_t kOldSource = ~uint64_t(0);
// The site of objects that only took over from one made before recording.
constexpr uint32_t kNoSite = ~uint32_t(0);

struct Made {
  uint32_t Site;           // index into gSites
  bool Copied;             // a copy or move was made of it
  int64_t Count;           // objects at the address: an array's length, or 1
  uint64_t Serial;         // from 1: tells it from a later object there
  uint64_t SourceSerial;   // what it was copied from: 0 none, kOldSource, or
  uintptr_t SourceAddress; // that object's serial and address
  Storage Where;           // what its storage was when it was made
  bool OverOlder;          // made over an object made before recording
  Storage Older;           // and never destroyed, whose storage this was
};

// An object that was copied and then destroyed while recording: what its
// copies take over.
struct Ended {
  uint32_t Site;
  uint64_t SourceSerial;
  uintptr_t SourceAddress;
};

pthread_mutex_t gSitesMutex = PTHREAD_MUTEX_INITIALIZER;
bool gRecording; // written under gSitesMutex, read before it as a hint
Site *gSites;
size_t gNumSites, gSitesCapacity;
uint64_t gNextSerial;
WordMap<uint32_t> gSiteByStack; // (hash of the frames, slot) -> site
WordMap<Made> gObjects;         // (address, slot) -> how it was made
WordMap<Ended> gEnded;          // (serial, 0) -> a copied object since gone
// (address, slot) of objects made before recording that were copied ->
// whether they have been destroyed since.
WordMap<bool> gOldSources;

using SitesLock = ScopedLock<gSitesMutex>;

// The fates the last scan found, per site (LEAKTRACE_FATES each), from
// internal memory; null until a scan, forgotten with the sites.
int64_t *gFates;
size_t gNumFated; // the sites there were at the scan, which gFates covers

// --- what an object's storage is -------------------------------------------

const __leaktrace_heap_provider *gHeap;
pthread_once_t gHeapOnce = PTHREAD_ONCE_INIT;

void findHeap() {
  auto *P = static_cast<const __leaktrace_heap_provider *>(
      dlsym(RTLD_DEFAULT, LEAKTRACE_HEAP_PROVIDER));
  if (P && P->version == LEAKTRACE_HEAP_VERSION)
    gHeap = P;
}

// An object on the calling thread's stack (currentStack(), shared with the
// unwinder) ends with its frame; the others are the heap's or static.
Storage storageOf(const void *Object) {
  Storage S = {0, 0};
  const ThreadStack &Stack = currentStack();
  if (uintptr_t(Object) >= Stack.Low && uintptr_t(Object) < Stack.High)
    S.StackTid = Stack.Tid;
  else if (const __leaktrace_heap_provider *H = heapProvider())
    S.HeapSerial = H->last_serial();
  return S;
}

// The stack from Caller (the return address into the code that counted)
// outwards: the runtime's own frames are dropped.
uint32_t captureStack(const void *Caller, const void **Frames) {
  void *Buffer[LEAKTRACE_SITE_FRAMES + 8];
  int N = captureFrames(Buffer, int(sizeof Buffer / sizeof *Buffer));
  int First = 0;
  while (First < N && Buffer[First] != Caller)
    ++First;
  if (First == N) {
    // Not on the unwound stack (no unwind tables there): the caller is
    // still known.
    Frames[0] = Caller;
    return 1;
  }
  uint32_t Depth = 0;
  for (int I = First; I < N && Depth < LEAKTRACE_SITE_FRAMES; ++I)
    Frames[Depth++] = Buffer[I];
  return Depth;
}

uint64_t hashStack(const void *const *Frames, uint32_t Depth) {
  uint64_t Hash = 14695981039346656037ull;
  for (uint32_t I = 0; I < Depth; ++I) {
    Hash ^= uint64_t(uintptr_t(Frames[I]));
    Hash *= 1099511628211ull;
  }
  return Hash | 1; // never 0: 0 is the map's empty key
}

// The site of Frames for Slot, made on first use. Called with gSitesMutex.
uint32_t siteOf(uint32_t Slot, const void *const *Frames, uint32_t Depth) {
  // Two stacks with one hash: the second takes the next key.
  for (uint64_t Hash = hashStack(Frames, Depth);; Hash = (Hash + 2) | 1) {
    bool New;
    auto &E = gSiteByStack.insert(uintptr_t(Hash), Slot, New);
    if (!New) {
      const Site &S = gSites[E.V];
      if (S.Depth == Depth &&
          memcmp(S.Frames, Frames, Depth * sizeof(void *)) == 0)
        return E.V;
      continue;
    }
    if (gNumSites == gSitesCapacity) {
      size_t Capacity = gSitesCapacity ? gSitesCapacity * 2 : 64;
      auto *Grown = static_cast<Site *>(
          internalRealloc(gSites, Capacity * sizeof(Site)));
      if (!Grown)
        fatal("out of memory recording creation sites");
      gSites = Grown;
      gSitesCapacity = Capacity;
    }
    Site &S = gSites[gNumSites];
    S.Slot = Slot;
    S.Depth = Depth;
    S.Reused = 0;
    memcpy(S.Frames, Frames, Depth * sizeof(void *));
    E.V = uint32_t(gNumSites);
    return uint32_t(gNumSites++);
  }
}

// Where a live object's count belongs. An object copied from one that is
// still alive is an object of its own, made where it was made; one copied
// from an object destroyed since took over from it (a growing vector's
// elements, a moved-from temporary) and belongs where that one was made --
// nowhere, when that one was made before recording: it is no new object.
// Called with gSitesMutex.
uint32_t originOf(const Made &M, uint32_t Slot) {
  uint32_t Site = M.Site;
  uint64_t SourceSerial = M.SourceSerial;
  uintptr_t SourceAddress = M.SourceAddress;
  // Chains are as long as the copies of copies destroyed in between.
  while (SourceSerial != 0) {
    if (SourceSerial == kOldSource) {
      auto *Old = gOldSources.find(SourceAddress, Slot);
      return Old && Old->V ? kNoSite : Site;
    }
    auto *Live = gObjects.find(SourceAddress, Slot);
    if (Live && Live->V.Serial == SourceSerial)
      return Site;
    auto *Gone = gEnded.find(uintptr_t(SourceSerial), 0);
    if (!Gone)
      return Site;
    Site = Gone->V.Site;
    SourceSerial = Gone->V.SourceSerial;
    SourceAddress = Gone->V.SourceAddress;
  }
  return Site;
}

// The site an object made at Slot was counted under: gone now, since
// another was made at its address. Called with gSitesMutex.
void endedByReuse(WordMap<Made>::Entry &Old, uint32_t Slot) {
  uint32_t Site = originOf(Old.V, Slot);
  if (Site != kNoSite)
    gSites[Site].Reused += Old.V.Count;
  if (Old.V.Copied) {
    bool New;
    gEnded.insert(uintptr_t(Old.V.Serial), 0, New).V =
        Ended{Old.V.Site, Old.V.SourceSerial, Old.V.SourceAddress};
  }
}

// Called with gSitesMutex.
void forgetAll() {
  internalFree(gFates);
  gFates = nullptr;
  internalFree(gSites);
  gSites = nullptr;
  gNumSites = gSitesCapacity = 0;
  gNextSerial = 0;
  gSiteByStack.clear();
  gObjects.clear();
  gEnded.clear();
  gOldSources.clear();
}

// --- every counted object, readied for a scan -------------------------------

pthread_once_t gTrackOnce = PTHREAD_ONCE_INIT;
bool gTrackingAll;

void readScanRequest() {
  const char *V = getenv(LEAKTRACE_SCAN_VAR);
  gTrackingAll = V && strcmp(V, "1") == 0;
}

// Live objects by address, in tables chosen by the address, each behind its
// own lock, so that threads counting at once seldom wait for each other.
struct Tracked {
  int64_t Count; // objects there: an array's elements, or 1
  Storage Where;
};
struct alignas(64) TrackStripe {
  pthread_mutex_t Mutex;
  WordMap<Tracked> Objects; // (address, slot) -> what is there
};
constexpr unsigned kTrackBits = 6;
TrackStripe gTracked[1u << kTrackBits];

// Per slot, while recording: objects made over one of their type that was
// never destroyed (internal memory, kMaxSlots entries, from the first).
int64_t *gReplaced;
pthread_once_t gReplacedOnce = PTHREAD_ONCE_INIT;
void makeReplaced() {
  gReplaced = static_cast<int64_t *>(internalCalloc(1u << 18, sizeof(int64_t)));
  if (!gReplaced)
    fatal("out of memory tracking objects");
}

TrackStripe &trackStripeOf(const void *Object) {
  return gTracked[((uintptr_t(Object) >> 3) * 0x9e3779b97f4a7c15ull) >>
                  (64 - kTrackBits)];
}

} // namespace

const __leaktrace_heap_provider *heapProvider() {
  pthread_once(&gHeapOnce, findHeap);
  return gHeap;
}

bool trackingAll() {
  pthread_once(&gTrackOnce, readScanRequest);
  if (gTrackingAll)
    pthread_once(&gReplacedOnce, makeReplaced);
  return gTrackingAll;
}

void trackObjects(uint32_t Slot, const void *Object, int64_t Delta) {
  if (!Object || !Delta)
    return;
  Storage Where = Delta > 0 ? storageOf(Object) : Storage{0, 0};
  TrackStripe &S = trackStripeOf(Object);
  pthread_mutex_lock(&S.Mutex);
  bool New;
  if (Delta > 0) {
    // Made over one that was never destroyed: that one ended without its
    // destructor, and this one takes its place.
    auto &E = S.Objects.insert(uintptr_t(Object), Slot, New);
    if (!New && __atomic_load_n(&gRecording, __ATOMIC_RELAXED))
      __atomic_add_fetch(&gReplaced[Slot < (1u << 18) ? Slot : 0], E.V.Count,
                         __ATOMIC_RELAXED);
    E.V = Tracked{Delta, Where};
  } else if (auto *E = S.Objects.find(uintptr_t(Object), Slot)) {
    if ((E->V.Count += Delta) <= 0)
      S.Objects.erase(*E);
  }
  pthread_mutex_unlock(&S.Mutex);
}

bool trackedAt(const void *Object, uint32_t Slot, Storage &Where) {
  TrackStripe &S = trackStripeOf(Object);
  pthread_mutex_lock(&S.Mutex);
  auto *E = S.Objects.find(uintptr_t(Object), Slot);
  if (E)
    Where = E->V.Where;
  pthread_mutex_unlock(&S.Mutex);
  return E != nullptr;
}

int64_t takeReplaced(uint32_t Slot) {
  pthread_once(&gReplacedOnce, makeReplaced);
  return __atomic_exchange_n(&gReplaced[Slot < (1u << 18) ? Slot : 0], 0,
                             __ATOMIC_RELAXED);
}

void lockTracked() {
  for (TrackStripe &S : gTracked)
    pthread_mutex_lock(&S.Mutex);
}

void unlockTracked() {
  for (TrackStripe &S : gTracked)
    pthread_mutex_unlock(&S.Mutex);
}

size_t trackedObjects(TrackedObject *Out, size_t Capacity) {
  size_t N = 0;
  for (TrackStripe &S : gTracked)
    S.Objects.forEach([&](WordMap<Tracked>::Entry &E) {
      if (N < Capacity)
        Out[N] = {E.Key, uint32_t(E.Key2), E.V.Count, E.V.Where};
      ++N;
    });
  return N;
}

// --- what the scan reads of the recorded objects -------------------------------

void lockSites() { pthread_mutex_lock(&gSitesMutex); }
void unlockSites() { pthread_mutex_unlock(&gSitesMutex); }

size_t numSites() { return gNumSites; }

int64_t siteReused(uint32_t Site) { return gSites[Site].Reused; }

size_t survivors(Survivor *Out, size_t Capacity) {
  size_t N = 0;
  gObjects.forEach([&](WordMap<Made>::Entry &E) {
    uint32_t Site = originOf(E.V, uint32_t(E.Key2));
    if (Site == kNoSite)
      return;
    if (N < Capacity)
      Out[N] = {E.Key, uint32_t(E.Key2), E.V.Count, Site, E.V.Where,
                E.V.OverOlder, E.V.Older};
    ++N;
  });
  return N;
}

void setFates(const int64_t *Fates) {
  internalFree(gFates);
  gFates = nullptr;
  if (!gNumSites)
    return;
  size_t Bytes = gNumSites * LEAKTRACE_FATES * sizeof(int64_t);
  gFates = static_cast<int64_t *>(internalCalloc(1, Bytes));
  if (!gFates)
    fatal("out of memory keeping what the scan found");
  memcpy(gFates, Fates, Bytes);
  gNumFated = gNumSites;
}

void beginRecordingLocked() {
  __atomic_store_n(&gRecording, true, __ATOMIC_RELAXED);
}

void pauseRecording() {
  SitesLock Held;
  __atomic_store_n(&gRecording, false, __ATOMIC_RELAXED);
}

bool isWatched(const char *Name) {
  pthread_once(&gWatchOnce, readWatchRequest);
  for (size_t I = 0; I < gNumWatched; ++I)
    if (strcmp(gWatched[I], Name) == 0)
      return true;
  return false;
}

bool watchingAny() {
  pthread_once(&gWatchOnce, readWatchRequest);
  return gNumWatched != 0;
}

void recordObjects(uint32_t Slot, const void *Object, int64_t Delta,
                   const void *Caller, const void *Source) {
  if (!Object || !Delta)
    return;
  if (Delta > 0) {
    if (!__atomic_load_n(&gRecording, __ATOMIC_RELAXED))
      return;
    const void *Frames[LEAKTRACE_SITE_FRAMES];
    uint32_t Depth = captureStack(Caller, Frames);
    Storage Where = storageOf(Object);
    Storage Older = {0, 0};
    bool OverOlder = trackingAll() && trackedAt(Object, Slot, Older);
    SitesLock Held;
    if (!gRecording)
      return;
    Made M = {siteOf(Slot, Frames, Depth), false, Delta, ++gNextSerial, 0, 0,
              Where, false, {0, 0}};
    if (Source) {
      M.SourceAddress = uintptr_t(Source);
      if (auto *S = gObjects.find(uintptr_t(Source), Slot)) {
        S->V.Copied = true;
        M.SourceSerial = S->V.Serial;
      } else {
        M.SourceSerial = kOldSource;
        bool New;
        auto &Old = gOldSources.insert(uintptr_t(Source), Slot, New);
        if (New)
          Old.V = false;
      }
    }
    // An address made again without a destruction seen in between: the
    // old object ended without its destructor (its storage reused, as a
    // pool or an arena does), or by code that does not count; the new one
    // wins.
    bool New;
    auto &E = gObjects.insert(uintptr_t(Object), Slot, New);
    if (!New) {
      endedByReuse(E, Slot);
    } else if (OverOlder) {
      // Over one made before recording: whether it took that one's place
      // in storage that stayed allocated, the scan tells.
      M.OverOlder = true;
      M.Older = Older;
    }
    E.V = M;
    return;
  }
  SitesLock Held;
  if (auto *E = gObjects.find(uintptr_t(Object), Slot)) {
    if (E->V.Copied) {
      bool New;
      gEnded.insert(uintptr_t(E->V.Serial), 0, New).V =
          Ended{E->V.Site, E->V.SourceSerial, E->V.SourceAddress};
    }
    gObjects.erase(*E);
  } else if (auto *Old = gOldSources.find(uintptr_t(Object), Slot)) {
    Old->V = true;
  }
}

} // namespace leaktrace::rt

extern "C" {

size_t leaktrace_watched_types(void) {
  using namespace leaktrace::rt;
  return watchingAny() ? gNumWatched : 0;
}

void leaktrace_record_sites(int On) {
  using namespace leaktrace::rt;
  forgetScan();
  {
    SitesLock Held;
    forgetAll();
    __atomic_store_n(&gRecording, false, __ATOMIC_RELAXED);
  }
  // With a census, recording starts when it is taken.
  if (On && !startCensus()) {
    SitesLock Held;
    beginRecordingLocked();
  }
}

size_t leaktrace_sites(leaktrace_site *Out, size_t Capacity) {
  using namespace leaktrace::rt;
  if (!Out)
    Capacity = 0;
  SitesLock Held;
  if (!gNumSites)
    return 0;
  auto *Objects =
      static_cast<int64_t *>(internalCalloc(gNumSites, sizeof(int64_t)));
  if (!Objects)
    fatal("out of memory reading creation sites");
  gObjects.forEach([&](WordMap<Made>::Entry &E) {
    uint32_t Site = originOf(E.V, uint32_t(E.Key2));
    if (Site != kNoSite)
      Objects[Site] += E.V.Count;
  });
  size_t N = 0;
  for (size_t I = 0; I < gNumSites; ++I) {
    const Site &S = gSites[I];
    // Objects made over are no longer in gObjects, but were never
    // destroyed: they are part of what grew.
    int64_t Kept = Objects[I] + S.Reused;
    // After a scan, what it judged: the fates sum to the objects, though
    // threads still running may have destroyed some since (the control
    // socket's scan; the runner's process stays still).
    const int64_t *Fated = gFates && I < gNumFated
                               ? gFates + I * LEAKTRACE_FATES
                               : nullptr;
    if (Fated) {
      Kept = 0;
      for (int F = 0; F < LEAKTRACE_FATES; ++F)
        Kept += Fated[F];
    }
    if (Kept <= 0)
      continue;
    if (N < Capacity) {
      leaktrace_site &O = Out[N];
      O.type = slotName(S.Slot);
      O.objects = Kept;
      O.depth = S.Depth;
      memcpy(O.frames, S.Frames, S.Depth * sizeof(void *));
      memset(O.fates, 0, sizeof O.fates);
      if (Fated)
        memcpy(O.fates, Fated, sizeof O.fates);
    }
    ++N;
  }
  internalFree(Objects);
  return N;
}

} // extern "C"
