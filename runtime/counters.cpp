// leaktrace runtime: per-thread lifetime counters.
//
// Every thread that counts owns one block of cells, one cell per type slot,
// written only by that thread with relaxed atomic load + store pairs: no
// lock, no allocation, no read-modify-write on the hot path. Instrumented
// executables do that update inline (see leaktrace.h); the functions here are
// the same update for everything else, and the slow path behind both.
// Readers sum the cells of all live threads plus the counts that exited
// threads handed over. Blocks are reserved with mmap(MAP_NORESERVE) at their
// full size once, so they never move and untouched slots cost no memory.
//
// Everything here is constant-initialised and never torn down: objects are
// constructed before main (before any runtime initialiser could run) and
// destroyed after it, and both must be counted.

#include "leaktrace/leaktrace.h"
#include "registry.h"

#include <pthread.h>
#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

namespace leaktrace::rt {
namespace {

using Cell = __leaktrace_cell;
using Field = int64_t Cell::*;
static_assert(sizeof(Cell) == 16, "the plugin indexes cells by slot * 16");

// Block of cells owned by one thread, linked into the list readers walk.
struct ThreadBlock {
  Cell *cells;
  ThreadBlock *prev;
  ThreadBlock *next;
};

// Slot 0 is never assigned: a descriptor with slot 0 is unregistered, so the
// hot path needs one test for "type known and thread set up".
constexpr uint32_t kMaxSlots = 1u << 18;
constexpr uint32_t kOverflowSlot = kMaxSlots - 1;

std::mutex gMutex; // guards everything below; never taken on the hot path
TypeInfo *gTypes;  // indexed by slot, reserved like a block
uint32_t gNumSlots = 1;
Cell *gRetired; // counts handed over by exited threads
ThreadBlock *gThreads;
std::unordered_map<std::string, uint32_t> *gSlotByName;
pthread_key_t gExitKey;
bool gExitKeyCreated;

[[noreturn]] void fatal(const char *What) {
  fprintf(stderr, "leaktrace: fatal: %s\n", What);
  abort();
}

void *reserve(size_t Bytes) {
  void *P = mmap(nullptr, Bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (P == MAP_FAILED)
    fatal("cannot reserve memory for counters (mmap failed)");
  return P;
}

inline int64_t load(const int64_t &Counter) {
  return __atomic_load_n(&Counter, __ATOMIC_RELAXED);
}

inline void bump(int64_t &Counter, int64_t Delta) {
  // Only the owning thread writes this cell; readers only load it.
  __atomic_store_n(&Counter, load(Counter) + Delta, __ATOMIC_RELAXED);
}

// Called with gMutex held.
uint32_t assignSlot(__leaktrace_type *Type) {
  if (!gTypes) {
    gTypes = static_cast<TypeInfo *>(reserve(sizeof(TypeInfo) * kMaxSlots));
    gRetired = static_cast<Cell *>(reserve(sizeof(Cell) * kMaxSlots));
    gSlotByName = new std::unordered_map<std::string, uint32_t>();
  }
  bool Local = Type->flags & LEAKTRACE_TYPE_LOCAL;
  if (!Local) {
    auto It = gSlotByName->find(Type->name);
    if (It != gSlotByName->end())
      return It->second;
  }
  if (gNumSlots == kOverflowSlot) {
    fprintf(stderr,
            "leaktrace: more than %u tracked types; further types are "
            "counted together as '(leaktrace: too many types)'\n",
            kOverflowSlot - 1);
    gTypes[kOverflowSlot].Name = "(leaktrace: too many types)";
    gNumSlots = kMaxSlots;
  }
  if (gNumSlots == kMaxSlots)
    return kOverflowSlot;
  uint32_t Slot = gNumSlots;
  // The descriptor may live in a library that is dlclose'd later: keep a copy
  // of its name.
  gTypes[Slot].Name = strdup(Type->name);
  if (!gTypes[Slot].Name)
    fatal("out of memory registering a type");
  gNumSlots = Slot + 1;
  if (!Local)
    gSlotByName->emplace(Type->name, Slot);
  return Slot;
}

void retireThread(void *Arg) {
  auto *Block = static_cast<ThreadBlock *>(Arg);
  {
    std::lock_guard<std::mutex> Lock(gMutex);
    for (uint32_t S = 1; S < gNumSlots; ++S) {
      bump(gRetired[S].insts, load(Block->cells[S].insts));
      bump(gRetired[S].refs, load(Block->cells[S].refs));
    }
    (Block->prev ? Block->prev->next : gThreads) = Block->next;
    if (Block->next)
      Block->next->prev = Block->prev;
  }
  // A destructor of another thread-exit handler may count again: it gets a
  // fresh block through the slow path, which re-arms this handler.
  __leaktrace_cells = nullptr;
  munmap(Block->cells, sizeof(Cell) * kMaxSlots);
  delete Block;
}

Cell *setUpThread() {
  auto *Block = new ThreadBlock{
      static_cast<Cell *>(reserve(sizeof(Cell) * kMaxSlots)), nullptr,
      nullptr};
  std::lock_guard<std::mutex> Lock(gMutex);
  if (!gExitKeyCreated) {
    if (pthread_key_create(&gExitKey, retireThread) != 0)
      fatal("pthread_key_create failed");
    gExitKeyCreated = true;
  }
  Block->next = gThreads;
  if (gThreads)
    gThreads->prev = Block;
  gThreads = Block;
  pthread_setspecific(gExitKey, Block);
  __leaktrace_cells = Block->cells;
  return Block->cells;
}

// The hooks are what instrumented code calls when its inline fast path
// cannot update a cell: the first count of a type, or on a thread. (Runtime
// tests call them directly too.) The inline path is not repeated here.
void count(__leaktrace_type *Type, Field F, int64_t Delta) {
  uint32_t Slot = __atomic_load_n(&Type->slot, __ATOMIC_RELAXED);
  if (Slot == 0) {
    std::lock_guard<std::mutex> Lock(gMutex);
    Slot = Type->slot; // another thread may have won
    if (Slot == 0) {
      Slot = assignSlot(Type);
      __atomic_store_n(&Type->slot, Slot, __ATOMIC_RELAXED);
    }
  }
  Cell *Cells = __leaktrace_cells ? __leaktrace_cells : setUpThread();
  bump(Cells[Slot].*F, Delta);
}

} // namespace

size_t snapshot(TypeCount *Out, size_t Capacity) {
  std::lock_guard<std::mutex> Lock(gMutex);
  size_t N = gNumSlots - 1;
  size_t Filled = N < Capacity ? N : Capacity;
  for (size_t I = 0; I < Filled; ++I) {
    uint32_t S = I + 1;
    Out[I].name = gTypes[S].Name;
    Out[I].insts = load(gRetired[S].insts);
    Out[I].refs = load(gRetired[S].refs);
  }
  // Thread-major order walks each block sequentially.
  for (ThreadBlock *B = gThreads; B; B = B->next)
    for (size_t I = 0; I < Filled; ++I) {
      Out[I].insts += load(B->cells[I + 1].insts);
      Out[I].refs += load(B->cells[I + 1].refs);
    }
  return N;
}

std::vector<TypeCount> snapshotAll() {
  // Types may register between two calls: grow until everything fits.
  std::vector<TypeCount> Counts;
  for (;;) {
    size_t N = snapshot(Counts.data(), Counts.size());
    bool AllFit = N <= Counts.size();
    Counts.resize(N);
    if (AllFit)
      return Counts;
  }
}

} // namespace leaktrace::rt

// Runs from _dl_fini, after exit() has run every atexit handler and C++ static
// destructor, so the report lists only objects that were never destroyed.
// Priority 101 puts it after the executable's other destructors. It lives in
// this file so that linking any hook from the static archive brings it along.
__attribute__((destructor(101))) static void reportAtExit() {
  leaktrace::rt::reportAtExitIfRequested();
}

using leaktrace::rt::count;

extern "C" {

// Initial-exec: the runtime is linked into the executable, so this is a fixed
// offset from the thread pointer, not a __tls_get_addr call.
__thread __leaktrace_cell *__leaktrace_cells;

void __leaktrace_construct(__leaktrace_type *Type) {
  count(Type, &__leaktrace_cell::insts, +1);
}
void __leaktrace_destruct(__leaktrace_type *Type) {
  count(Type, &__leaktrace_cell::insts, -1);
}
void __leaktrace_refs_add(__leaktrace_type *Type, int64_t Delta) {
  count(Type, &__leaktrace_cell::refs, Delta);
}

size_t leaktrace_snapshot(leaktrace_type_count *Out, size_t Capacity) {
  if (!Out)
    Capacity = 0;
  return leaktrace::rt::snapshot(Out, Capacity);
}

} // extern "C"
