// libleaktrace_heap.so: what the scan for retention paths knows of the heap.
//
// The `leaktrace` tool preloads it (LD_PRELOAD) into the one run that looks
// for what keeps a leak's objects alive, and into no other: the first run
// of a suite never pays for it. It interposes malloc and its relatives and
// the global operator new, passes every call on to the C library's own
// allocator (glibc's __libc_* entry points), and keeps each live block's
// size, the code that asked for it, and a serial that tells it from a later
// block at the same address. The runtime reads that through the provider
// of heap.h when it scans.
//
// Blocks live in 64 tables, each behind its own lock and chosen by the
// block's address, so that threads allocating at once seldom wait for each
// other. The tables themselves come from the C library directly: they are
// not the program's blocks, and the scan must not find the addresses they
// hold.
//
// No C++ library: it is loaded into programs built against either.

#include "heap.h"
#include "tables.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

extern "C" {
void *__libc_malloc(size_t);
void *__libc_memalign(size_t, size_t);
void *__libc_valloc(size_t);
void *__libc_pvalloc(size_t);
}

namespace leaktrace::rt {

// The caller of operator new, for the malloc it calls: that malloc's own
// caller is the C++ library (heapshim_new.cpp sets it).
__thread const void *tCaller __attribute__((tls_model("initial-exec")));

void fatal(const char *What) {
  fprintf(stderr, "leaktrace heap shim: fatal: %s\n", What);
  abort();
}

void *allocateFor(size_t Size, size_t Alignment, const void *Caller);

namespace {

struct BlockInfo {
  uint64_t Size;
  const void *MadeBy;
  uint64_t Serial;
};

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// A lock held for a few instructions by the thread that allocates or frees
// (a pthread mutex's round trip cost more than the rest of the work), and
// for the whole scan by the runtime: a waiter spins briefly, then yields.
struct SpinLock {
  int Word; // zero-initialised: unlocked
  void lock() {
    for (unsigned Spins = 0; __atomic_exchange_n(&Word, 1, __ATOMIC_ACQUIRE);)
      while (__atomic_load_n(&Word, __ATOMIC_RELAXED)) {
        if (++Spins > 64)
          sched_yield();
        else
          cpuRelax();
      }
  }
  void unlock() { __atomic_store_n(&Word, 0, __ATOMIC_RELEASE); }
};

// Zero-initialised: an unlocked lock and an empty WordMap are zeros, so the
// tables work from the first allocation of the process, before any
// initialiser of this library has run.
struct alignas(64) Stripe {
  SpinLock Lock;
  WordMap<BlockInfo> Blocks;
};
constexpr unsigned kStripeBits = 6;
Stripe gStripes[1u << kStripeBits];

uint64_t gSerial;

// One bit per MiB of the 47-bit address space (16 MiB reserved, touched
// where the heap is): was it ever the heap's?
constexpr unsigned kGranuleBits = 20;
constexpr uintptr_t kAddressLimit = uintptr_t(1) << 47;
uint64_t *gGranules;


Stripe &stripeOf(uintptr_t P) {
  return gStripes[((P >> 4) * 0x9e3779b97f4a7c15ull) >> (64 - kStripeBits)];
}

uint64_t *granules() {
  uint64_t *G = __atomic_load_n(&gGranules, __ATOMIC_ACQUIRE);
  if (G)
    return G;
  void *P = mmap(nullptr, (kAddressLimit >> kGranuleBits) / 8,
                 PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (P == MAP_FAILED)
    fatal("cannot reserve the heap's granule map (mmap failed)");
  uint64_t *Expected = nullptr;
  if (!__atomic_compare_exchange_n(&gGranules, &Expected,
                                   static_cast<uint64_t *>(P), false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    munmap(P, (kAddressLimit >> kGranuleBits) / 8);
    return Expected;
  }
  return static_cast<uint64_t *>(P);
}

void markGranules(uintptr_t P, uint64_t Size) {
  uint64_t *G = granules();
  uintptr_t End = P + (Size ? Size : 1);
  if (End > kAddressLimit || End < P)
    return;
  for (uintptr_t I = P >> kGranuleBits; I <= (End - 1) >> kGranuleBits; ++I) {
    uint64_t Bit = uint64_t(1) << (I % 64);
    // Read first: a granule is marked once and read ever after.
    if (!(__atomic_load_n(&G[I / 64], __ATOMIC_RELAXED) & Bit))
      __atomic_fetch_or(&G[I / 64], Bit, __ATOMIC_RELAXED);
  }
}

const void *takeCaller(const void *Here) {
  const void *C = tCaller;
  if (!C)
    return Here;
  tCaller = nullptr;
  return C;
}

void remember(void *P, uint64_t Size, const void *MadeBy,
              uint64_t Serial = 0) {
  if (!P)
    return;
  if (!Serial)
    Serial = __atomic_add_fetch(&gSerial, 1, __ATOMIC_RELAXED);
  markGranules(uintptr_t(P), Size);
  Stripe &S = stripeOf(uintptr_t(P));
  S.Lock.lock();
  bool New;
  S.Blocks.insert(uintptr_t(P), 0, New).V = BlockInfo{Size, MadeBy, Serial};
  S.Lock.unlock();
}

// Forgets P before the C library frees it: once freed, another thread may
// be given the same address, and its block must not be forgotten instead.
bool forget(void *P, BlockInfo *Was = nullptr) {
  if (!P)
    return false;
  Stripe &S = stripeOf(uintptr_t(P));
  S.Lock.lock();
  auto *E = S.Blocks.find(uintptr_t(P), 0);
  if (E) {
    if (Was)
      *Was = E->V;
    S.Blocks.erase(*E);
  }
  S.Lock.unlock();
  return E != nullptr;
}

// A block is handed out zeroed. The scan reads every word of a live block,
// the parts the program has not written yet too (a vector's spare
// capacity, padding, a buffer's unused tail); there a freed block's old
// pointers would still stand and make paths through objects nothing holds.
// Zeroed, the block holds only what the program wrote. Reading memory it
// never wrote is undefined behaviour, so no correct program sees the
// difference.
void *cleared(void *P, size_t Size) {
  if (P)
    __builtin_memset(P, 0, Size);
  return P;
}

// --- the provider -----------------------------------------------------------

uint64_t lastSerial() { return __atomic_load_n(&gSerial, __ATOMIC_RELAXED); }

void lockAll() {
  for (Stripe &S : gStripes)
    S.Lock.lock();
}

void unlockAll() {
  for (Stripe &S : gStripes)
    S.Lock.unlock();
}

size_t liveBlocks(__leaktrace_heap_block *Out, size_t Capacity) {
  size_t N = 0;
  for (Stripe &S : gStripes)
    S.Blocks.forEach([&](WordMap<BlockInfo>::Entry &E) {
      if (N < Capacity)
        Out[N] = {E.Key, E.V.Size, E.V.MadeBy, E.V.Serial};
      ++N;
    });
  return N;
}

int wasHeap(uintptr_t Address) {
  uint64_t *G = __atomic_load_n(&gGranules, __ATOMIC_ACQUIRE);
  if (!G || Address >= kAddressLimit)
    return 0;
  uintptr_t I = Address >> kGranuleBits;
  return (__atomic_load_n(&G[I / 64], __ATOMIC_RELAXED) >> (I % 64)) & 1;
}

// A child forked while another thread held a table's lock would wait for it
// forever.
__attribute__((constructor)) void guardFork() {
  pthread_atfork(lockAll, unlockAll, unlockAll);
}

} // namespace
} // namespace leaktrace::rt

using namespace leaktrace::rt;

#define LEAKTRACE_EXPORT extern "C" __attribute__((visibility("default")))

/// For the shim's operator new (heapshim_new.cpp): a block of Size bytes,
/// aligned to Alignment (0: malloc's), made by Caller; null when out of
/// memory.
void *leaktrace::rt::allocateFor(size_t Size, size_t Alignment,
                                 const void *Caller) {
  void *P = cleared(
      Alignment ? __libc_memalign(Alignment, Size) : __libc_malloc(Size), Size);
  remember(P, Size, Caller);
  return P;
}

LEAKTRACE_EXPORT const __leaktrace_heap_provider __leaktrace_heap_provider = {
    LEAKTRACE_HEAP_VERSION, lastSerial, lockAll, unlockAll, liveBlocks,
    wasHeap};

// --- the C allocation functions -----------------------------------------------

LEAKTRACE_EXPORT void *malloc(size_t Size) {
  void *P = cleared(__libc_malloc(Size), Size);
  remember(P, Size, takeCaller(__builtin_return_address(0)));
  return P;
}

LEAKTRACE_EXPORT void free(void *P) {
  forget(P);
  __libc_free(P);
}

LEAKTRACE_EXPORT void *calloc(size_t Count, size_t Size) {
  void *P = __libc_calloc(Count, Size); // null when Count * Size overflows
  remember(P, uint64_t(Count) * Size, takeCaller(__builtin_return_address(0)));
  return P;
}

LEAKTRACE_EXPORT void *realloc(void *P, size_t Size) {
  const void *Caller = takeCaller(__builtin_return_address(0));
  if (!P) {
    void *Q = cleared(__libc_malloc(Size), Size);
    remember(Q, Size, Caller);
    return Q;
  }
  BlockInfo Was{0, nullptr, 0};
  bool Known = forget(P, &Was);
  void *Q = __libc_realloc(P, Size); // Size 0 frees P and returns null
  if (!Q) {
    if (Size != 0 && Known)
      remember(P, Was.Size, Was.MadeBy, Was.Serial); // P is unchanged
    return Q;
  }
  if (Known && Size > Was.Size)
    cleared(static_cast<char *>(Q) + Was.Size, Size - Was.Size);
  // Grown in place, the objects in it are where they were; moved, they were
  // copied byte for byte and their storage freed.
  remember(Q, Size, Caller, Q == P && Known ? Was.Serial : 0);
  return Q;
}

LEAKTRACE_EXPORT void *reallocarray(void *P, size_t Count, size_t Size) {
  if (Size && Count > size_t(-1) / Size) {
    errno = ENOMEM;
    return nullptr;
  }
  tCaller = takeCaller(__builtin_return_address(0));
  return realloc(P, Count * Size);
}

LEAKTRACE_EXPORT void *memalign(size_t Alignment, size_t Size) {
  void *P = cleared(__libc_memalign(Alignment, Size), Size);
  remember(P, Size, takeCaller(__builtin_return_address(0)));
  return P;
}

LEAKTRACE_EXPORT void *aligned_alloc(size_t Alignment, size_t Size) {
  void *P = cleared(__libc_memalign(Alignment, Size), Size);
  remember(P, Size, takeCaller(__builtin_return_address(0)));
  return P;
}

LEAKTRACE_EXPORT int posix_memalign(void **Out, size_t Alignment, size_t Size) {
  if (Alignment % sizeof(void *) != 0 || (Alignment & (Alignment - 1)) != 0)
    return EINVAL;
  void *P = cleared(__libc_memalign(Alignment, Size), Size);
  if (!P)
    return ENOMEM;
  remember(P, Size, takeCaller(__builtin_return_address(0)));
  *Out = P;
  return 0;
}

LEAKTRACE_EXPORT void *valloc(size_t Size) {
  void *P = cleared(__libc_valloc(Size), Size);
  remember(P, Size, takeCaller(__builtin_return_address(0)));
  return P;
}

LEAKTRACE_EXPORT void *pvalloc(size_t Size) {
  void *P = cleared(__libc_pvalloc(Size), Size);
  remember(P, Size, takeCaller(__builtin_return_address(0)));
  return P;
}

