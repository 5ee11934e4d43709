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
//
// Only libc and libpthread: no C++ standard library (see registry.h), so the
// lock is a pthread mutex and the name table is a hash table of our own.

#include "leaktrace/leaktrace.h"
#include "registry.h"
#include "survivors.h"
#include "tables.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

// Names, each once, with a value: open addressing with linear probing in a
// power-of-two table (from calloc) kept at most half full. Not
// std::unordered_map: the runtime links into programs built with either C++
// standard library, so it may need neither. The names are the table's
// owner's (they must outlive it).
class NameTable {
public:
  struct Entry {
    uint64_t Hash;
    const char *Name; // null: empty
    uint32_t Value;
  };

  // The entry of Name, or the empty entry where it goes, which insert()
  // fills (before any other call). Called with gMutex held.
  Entry &find(const char *Name) {
    // Grown before the search, so the entry stays valid until it is filled.
    if ((Used + 1) * 2 > Capacity)
      grow();
    uint64_t Hash = hashName(Name);
    Entry &E = probe(Entries, Capacity, Hash, Name);
    E.Hash = Hash;
    return E;
  }
  // Fills the empty entry find() returned; Name is the same name.
  void insert(Entry &E, const char *Name, uint32_t Value) {
    E.Name = Name;
    E.Value = Value;
    ++Used;
  }
  size_t size() const { return Used; }

private:
  // FNV-1a: cheap, and spreads names well enough for a table kept half
  // empty.
  static uint64_t hashName(const char *Name) {
    uint64_t Hash = 14695981039346656037ull;
    for (const char *P = Name; *P; ++P) {
      Hash ^= static_cast<unsigned char>(*P);
      Hash *= 1099511628211ull;
    }
    return Hash;
  }
  static Entry &probe(Entry *Table, size_t Capacity, uint64_t Hash,
                      const char *Name) {
    size_t Mask = Capacity - 1;
    for (size_t I = Hash & Mask;; I = (I + 1) & Mask) {
      Entry &E = Table[I];
      if (!E.Name || (E.Hash == Hash && strcmp(E.Name, Name) == 0))
        return E;
    }
  }
  void grow() {
    size_t Grown = Capacity ? Capacity * 2 : 64;
    auto *Table = static_cast<Entry *>(calloc(Grown, sizeof(Entry)));
    if (!Table)
      fatal("out of memory registering a type");
    for (size_t I = 0; I < Capacity; ++I)
      if (Entries[I].Name)
        probe(Table, Grown, Entries[I].Hash, Entries[I].Name) = Entries[I];
    free(Entries);
    Entries = Table;
    Capacity = Grown;
  }

  Entry *Entries;  // zero-initialised: usable before any initialiser ran
  size_t Capacity; // 0 or a power of two
  size_t Used;
};

// Guards everything below; never taken on the hot path. Statically
// initialised, so it works before any initialiser has run.
pthread_mutex_t gMutex = PTHREAD_MUTEX_INITIALIZER;
TypeInfo *gTypes; // indexed by slot, reserved like a block
uint32_t gNumSlots = 1;
Cell *gRetired; // counts handed over by exited threads
ThreadBlock *gThreads;
// Slots by name, so the same type seen by several modules shares one (the
// names are the copies in gTypes).
NameTable gSlotsByName;
pthread_key_t gExitKey;
bool gExitKeyCreated;
// What each instrumented module registered of its code (see
// __leaktrace_code_def in leaktrace.h), and whether a module came since the
// last check.
struct CodeRecords {
  const __leaktrace_code_def *Defs, *DefsEnd;
  const __leaktrace_code_use *Uses, *UsesEnd;
};
CodeRecords *gCode;
size_t gCodeCount, gCodeCapacity;
bool gCodeUnchecked;
// The classes the loaded modules do not count, each once by name (copies:
// a module's records go when it is unloaded, its classes stay the
// program's).
NameTable gUncountedClasses;
// The slots of watched types' descriptors, which keep slot 0 (see
// slotFor()): descriptor -> slot.
WordMap<uint32_t> gWatchedDescriptors;

// Every descriptor given a slot, so that a type can be watched while the
// process runs (watchLive(): the control socket's "sites-on"): watching
// takes its descriptors' slots away, unwatching gives them back. A module
// unloaded takes its descriptors out (__leaktrace_unregister_code).
struct DescriptorRef {
  __leaktrace_type *Type;
  uint32_t Slot;
};
DescriptorRef *gDescriptors;
size_t gNumDescriptors, gDescriptorCapacity;
// The slots watched live, and how many.
uint32_t *gLiveSlots;
size_t gNumLive;

// Holds gMutex for a scope.
using Lock = ScopedLock<gMutex>;

// Called with gMutex held.
void rememberDescriptor(__leaktrace_type *Type, uint32_t Slot) {
  if (gNumDescriptors == gDescriptorCapacity) {
    size_t Capacity = gDescriptorCapacity ? gDescriptorCapacity * 2 : 256;
    auto *Grown = static_cast<DescriptorRef *>(
        realloc(gDescriptors, Capacity * sizeof(DescriptorRef)));
    if (!Grown)
      fatal("out of memory registering a type");
    gDescriptors = Grown;
    gDescriptorCapacity = Capacity;
  }
  gDescriptors[gNumDescriptors++] = DescriptorRef{Type, Slot};
}

// Called with gMutex held.
bool isLiveWatched(uint32_t Slot) {
  for (size_t I = 0; I < gNumLive; ++I)
    if (gLiveSlots[I] == Slot)
      return true;
  return false;
}

// The calling thread's cells, as the hooks reach them. The same as
// __leaktrace_cells, which instrumented code reads, but when readied for a
// scan, where that one stays null (see setUpThread()).
__thread Cell *tCells __attribute__((tls_model("initial-exec")));

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

// What a descriptor tells of its type: its size (some descriptors do not
// know it) and how it is counted. Called with gMutex held.
void learnType(uint32_t Slot, const __leaktrace_type *Type) {
  TypeInfo &T = gTypes[Slot];
  if (Type->size > T.Size)
    T.Size = Type->size;
  T.Kind |= Type->flags & LEAKTRACE_TYPE_BY_NEW;
}

// Called with gMutex held.
uint32_t assignSlot(__leaktrace_type *Type) {
  if (!gTypes) {
    gTypes = static_cast<TypeInfo *>(reserve(sizeof(TypeInfo) * kMaxSlots));
    gRetired = static_cast<Cell *>(reserve(sizeof(Cell) * kMaxSlots));
  }
  bool Local = Type->flags & LEAKTRACE_TYPE_LOCAL;
  // Where a new non-local type's slot goes.
  NameTable::Entry *Entry = Local ? nullptr : &gSlotsByName.find(Type->name);
  if (Entry && Entry->Name) {
    learnType(Entry->Value, Type);
    return Entry->Value;
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
  if (Entry)
    gSlotsByName.insert(*Entry, gTypes[Slot].Name, Slot);
  learnType(Slot, Type);
  return Slot;
}

void retireThread(void *Arg) {
  auto *Block = static_cast<ThreadBlock *>(Arg);
  {
    Lock Held;
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
  tCells = nullptr;
  __leaktrace_cells = nullptr;
  munmap(Block->cells, sizeof(Cell) * kMaxSlots);
  free(Block);
}

Cell *setUpThread() {
  auto *Block = static_cast<ThreadBlock *>(malloc(sizeof(ThreadBlock)));
  if (!Block)
    fatal("out of memory setting up a thread's counters");
  *Block = ThreadBlock{static_cast<Cell *>(reserve(sizeof(Cell) * kMaxSlots)),
                       nullptr, nullptr};
  Lock Held;
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
  tCells = Block->cells;
  // Readied for a scan, instrumented code finds no cells and calls the
  // hooks for every count, which keep each object's address.
  if (!trackingAll())
    __leaktrace_cells = Block->cells;
  return Block->cells;
}

// The slot of a descriptor that has none yet: assigned, or found by name,
// and stored in the descriptor so that the inline path can update its cell
// from now on. A watched type's descriptor (LEAKTRACE_WATCH) is left
// without one: all its counts then come through the hooks, which record
// where its objects are made. Called with gMutex held.
uint32_t slotFor(__leaktrace_type *Type, bool &Watched) {
  Watched = false;
  if (!watchingAny() && gNumLive == 0) {
    uint32_t Slot = assignSlot(Type);
    rememberDescriptor(Type, Slot);
    __atomic_store_n(&Type->slot, Slot, __ATOMIC_RELAXED);
    return Slot;
  }
  // The name is compared too: a descriptor of an unloaded library may have
  // left its address to another type's.
  if (auto *E = gWatchedDescriptors.find(uintptr_t(Type), 0);
      E && strcmp(gTypes[E->V].Name, Type->name) == 0) {
    Watched = true;
    return E->V;
  }
  uint32_t Slot = assignSlot(Type);
  rememberDescriptor(Type, Slot);
  if (isWatched(gTypes[Slot].Name) || isLiveWatched(Slot)) {
    bool New;
    gWatchedDescriptors.insert(uintptr_t(Type), 0, New).V = Slot;
    Watched = true;
    return Slot;
  }
  __atomic_store_n(&Type->slot, Slot, __ATOMIC_RELAXED);
  return Slot;
}

// The hooks are what instrumented code calls when its inline fast path
// cannot update a cell: the first count of a type, or on a thread, or every
// count of a watched type. (Runtime tests call them directly too.) The
// inline path is not repeated here. Object is the counted object's address,
// Caller the return address into the code that counted.
void count(__leaktrace_type *Type, Field F, int64_t Delta, const void *Object,
           const void *Caller, const void *Source = nullptr) {
  uint32_t Slot = __atomic_load_n(&Type->slot, __ATOMIC_RELAXED);
  bool Watched = false;
  if (Slot == 0) {
    Lock Held;
    Slot = Type->slot; // another thread may have won
    if (Slot == 0)
      Slot = slotFor(Type, Watched);
  }
  Cell *Cells = tCells ? tCells : setUpThread();
  bump(Cells[Slot].*F, Delta);
  if (F != &Cell::insts)
    return;
  if (Watched)
    recordObjects(Slot, Object, Delta, Caller, Source);
  if (trackingAll())
    trackObjects(Slot, Object, Delta);
}

} // namespace

void fatal(const char *What) {
  fprintf(stderr, "leaktrace: fatal: %s\n", What);
  abort();
}

namespace {

int byAddress(const void *A, const void *B) {
  const void *X = *static_cast<const void *const *>(A);
  const void *Y = *static_cast<const void *const *>(B);
  return X < Y ? -1 : X > Y ? 1 : 0;
}

// "SYMBOL (MODULE)" in memory of the runtime's own: the module may be
// unloaded later.
char *describeCode(const __leaktrace_code_use &Use) {
  Dl_info Info;
  const char *Module =
      dladdr(Use.function, &Info) && Info.dli_fname && *Info.dli_fname
          ? Info.dli_fname
          : "?";
  size_t Size = strlen(Use.symbol) + strlen(Module) + 4;
  char *Text = static_cast<char *>(malloc(Size));
  if (!Text)
    fatal("out of memory checking the program's code");
  snprintf(Text, Size, "%s (%s)", Use.symbol, Module);
  return Text;
}

// Matches every module's uses with every module's defs, once per new
// module: a use with no def runs code compiled without the plugin, so the
// counts of its type cannot be right. Called with gMutex held.
void checkCode() {
  if (!gCodeUnchecked)
    return;
  gCodeUnchecked = false;
  size_t NumDefs = 0;
  for (size_t M = 0; M < gCodeCount; ++M)
    NumDefs += size_t(gCode[M].DefsEnd - gCode[M].Defs);
  const void **Defs =
      static_cast<const void **>(malloc((NumDefs ? NumDefs : 1) * sizeof(void *)));
  if (!Defs)
    fatal("out of memory checking the program's code");
  size_t N = 0;
  for (size_t M = 0; M < gCodeCount; ++M)
    for (const __leaktrace_code_def *D = gCode[M].Defs; D < gCode[M].DefsEnd;
         ++D)
      if (D->function)
        Defs[N++] = D->function;
  qsort(Defs, N, sizeof(void *), byAddress);
  for (size_t M = 0; M < gCodeCount; ++M)
    for (const __leaktrace_code_use *U = gCode[M].Uses; U < gCode[M].UsesEnd;
         ++U) {
      if (!U->function || !U->type ||
          bsearch(&U->function, Defs, N, sizeof(void *), byAddress))
        continue;
      uint32_t Slot = U->type->slot;
      bool Watched;
      if (Slot == 0)
        Slot = slotFor(U->type, Watched);
      if (!(gTypes[Slot].Flags & LEAKTRACE_COUNT_UNCOUNTED_CODE)) {
        gTypes[Slot].Flags |= LEAKTRACE_COUNT_UNCOUNTED_CODE;
        gTypes[Slot].UncountedCode = describeCode(*U);
      }
    }
  free(Defs);
}

// One type's counts summed over the threads, newest block first or last.
// Called with gMutex held.
Cell sumSlot(uint32_t Slot, bool NewestFirst) {
  Cell Sum = {load(gRetired[Slot].insts), load(gRetired[Slot].refs)};
  ThreadBlock *B = gThreads;
  if (!NewestFirst)
    while (B && B->next)
      B = B->next;
  for (; B; B = NewestFirst ? B->next : B->prev) {
    Sum.insts += load(B->cells[Slot].insts);
    Sum.refs += load(B->cells[Slot].refs);
  }
  return Sum;
}

} // namespace

size_t snapshot(TypeCount *Out, size_t Capacity) {
  Lock Held;
  checkCode();
  size_t N = gNumSlots - 1;
  size_t Filled = N < Capacity ? N : Capacity;
  for (size_t I = 0; I < Filled; ++I) {
    uint32_t S = I + 1;
    Out[I].name = gTypes[S].Name;
    Out[I].insts = load(gRetired[S].insts);
    Out[I].refs = load(gRetired[S].refs);
  }
  // Thread-major order walks each block sequentially, newest thread first.
  for (ThreadBlock *B = gThreads; B; B = B->next)
    for (size_t I = 0; I < Filled; ++I) {
      Out[I].insts += load(B->cells[I + 1].insts);
      Out[I].refs += load(B->cells[I + 1].refs);
    }
  // Threads keep counting while they are read, so a sum can come out too
  // low for a moment: objects built on one thread and destroyed on another
  // read as destroyed-but-not-built when the builder's cell was read before
  // the destroyer's. The same flow reads too high when the cells are read
  // the other way round, so a type negative both ways really lost counts.
  for (size_t I = 0; I < Filled; ++I) {
    uint32_t S = I + 1;
    if (gTypes[S].Flags & LEAKTRACE_COUNT_NEGATIVE)
      continue;
    if (Out[I].insts >= 0 && Out[I].refs >= 0)
      continue;
    Cell Again = sumSlot(S, /*NewestFirst=*/false);
    if (Again.insts < 0 || Again.refs < 0)
      gTypes[S].Flags |= LEAKTRACE_COUNT_NEGATIVE |
                         (Again.insts < 0 && (gTypes[S].Kind & LEAKTRACE_TYPE_BY_NEW)
                              ? LEAKTRACE_COUNT_BY_NEW
                              : 0);
  }
  for (size_t I = 0; I < Filled; ++I) {
    Out[I].flags = gTypes[I + 1].Flags;
    Out[I].uncounted_code = gTypes[I + 1].UncountedCode;
  }
  return N;
}

TypeCount *snapshotAll(size_t &Count) {
  // Types may register between two calls: grow until everything fits.
  TypeCount *Counts = nullptr;
  size_t Capacity = 0;
  for (;;) {
    size_t N = snapshot(Counts, Capacity);
    if (N <= Capacity) {
      Count = N;
      return Counts;
    }
    auto *Grown =
        static_cast<TypeCount *>(realloc(Counts, N * sizeof(TypeCount)));
    if (!Grown)
      fatal("out of memory reading the counts");
    Counts = Grown;
    Capacity = N;
  }
}

} // namespace leaktrace::rt

// Runs from _dl_fini, after exit() has run every atexit handler and C++ static
// destructor, so the report lists only objects that were never destroyed.
// Priority 101 puts it after the executable's other destructors. It lives in
// this file so that linking any hook from the static archive brings it along.
__attribute__((destructor(101))) static void reportAtExit() {
  leaktrace::rt::stopControl();
  leaktrace::rt::reportAtExitIfRequested();
}

// This copy of the runtime itself, however the dynamic linker binds the
// name leaktrace_snapshot.
extern "C" size_t leaktrace_snapshot(leaktrace_type_count *, size_t);
extern "C" size_t __leaktrace_snapshot_here(leaktrace_type_count *, size_t)
    __attribute__((alias("leaktrace_snapshot"), visibility("hidden")));

// Before the program's own initialisers: whether to report is decided for
// the process as it starts, before it can start another one.
__attribute__((constructor(101))) static void readReportRequestAtStart() {
  // Linker flags put in LDFLAGS may link the runtime into a shared library
  // as well as into the executable. Every instrumented module then binds
  // the hooks to one copy (the executable's: it exports them, and comes
  // first), which keeps all the counts; another copy must not report.
  void *Bound = dlsym(RTLD_DEFAULT, "leaktrace_snapshot");
  if (Bound && Bound != reinterpret_cast<void *>(&__leaktrace_snapshot_here))
    return;
  leaktrace::rt::readReportRequest();
  leaktrace::rt::startControlIfRequested();
}

const char *leaktrace::rt::slotName(uint32_t Slot) {
  Lock Held;
  return Slot < gNumSlots ? gTypes[Slot].Name : "?";
}

// The descriptors of the module holding Record, which is being unloaded:
// they go with it. Called with gMutex held.
void leaktrace::rt::forgetDescriptorsOf(const void *Record) {
  if (!Record || !gNumDescriptors)
    return;
  LoadedModule M;
  if (!findLoadedModule(Record, M))
    return;
  size_t Kept = 0;
  for (size_t I = 0; I < gNumDescriptors; ++I) {
    uintptr_t A = uintptr_t(gDescriptors[I].Type);
    if (M.holds(A)) {
      if (auto *E = gWatchedDescriptors.find(A, 0))
        gWatchedDescriptors.erase(*E);
    } else {
      gDescriptors[Kept++] = gDescriptors[I];
    }
  }
  gNumDescriptors = Kept;
}

size_t leaktrace::rt::watchLive(const char *const *Names, size_t N) {
  Lock Held;
  unwatchLiveLocked();
  if (N) {
    gLiveSlots = static_cast<uint32_t *>(calloc(N, sizeof(uint32_t)));
    if (!gLiveSlots)
      fatal("out of memory watching types");
  }
  // Every slot of each name: types of anonymous namespaces have one per
  // translation unit.
  size_t Capacity = N;
  for (uint32_t S = 1; S < gNumSlots; ++S)
    for (size_t I = 0; I < N; ++I)
      if (strcmp(gTypes[S].Name, Names[I]) == 0 && !isLiveWatched(S)) {
        if (gNumLive == Capacity) {
          Capacity *= 2;
          auto *Grown = static_cast<uint32_t *>(
              realloc(gLiveSlots, Capacity * sizeof(uint32_t)));
          if (!Grown)
            fatal("out of memory watching types");
          gLiveSlots = Grown;
        }
        gLiveSlots[gNumLive++] = S;
      }
  // Their descriptors lose their slots: every count of them comes through
  // the hooks now, which record where their objects are made.
  for (size_t I = 0; I < gNumDescriptors; ++I) {
    DescriptorRef &D = gDescriptors[I];
    if (!isLiveWatched(D.Slot) ||
        __atomic_load_n(&D.Type->slot, __ATOMIC_RELAXED) == 0)
      continue;
    bool New;
    gWatchedDescriptors.insert(uintptr_t(D.Type), 0, New).V = D.Slot;
    __atomic_store_n(&D.Type->slot, 0u, __ATOMIC_RELAXED);
  }
  return gNumLive;
}

// Called with gMutex held.
void leaktrace::rt::unwatchLiveLocked() {
  if (!gNumLive)
    return;
  for (size_t I = 0; I < gNumDescriptors; ++I) {
    DescriptorRef &D = gDescriptors[I];
    if (!isLiveWatched(D.Slot) || isWatched(gTypes[D.Slot].Name))
      continue;
    if (auto *E = gWatchedDescriptors.find(uintptr_t(D.Type), 0))
      gWatchedDescriptors.erase(*E);
    __atomic_store_n(&D.Type->slot, D.Slot, __ATOMIC_RELAXED);
  }
  free(gLiveSlots);
  gLiveSlots = nullptr;
  gNumLive = 0;
}

void leaktrace::rt::unwatchLive() {
  Lock Held;
  unwatchLiveLocked();
}

size_t leaktrace::rt::watchedSlots(uint32_t *Out, size_t Capacity) {
  Lock Held;
  size_t N = 0;
  for (uint32_t S = 1; S < gNumSlots; ++S)
    if (isWatched(gTypes[S].Name) || isLiveWatched(S)) {
      if (N < Capacity)
        Out[N] = S;
      ++N;
    }
  return N;
}

void leaktrace::rt::lockCounters() { pthread_mutex_lock(&gMutex); }
void leaktrace::rt::unlockCounters() { pthread_mutex_unlock(&gMutex); }
const leaktrace::rt::TypeInfo *leaktrace::rt::slotInfoLocked(uint32_t Slot) {
  return Slot < gNumSlots ? &gTypes[Slot] : nullptr;
}

using leaktrace::rt::count;

extern "C" {

// Initial-exec: the runtime is linked into the executable, so this is a fixed
// offset from the thread pointer, not a __tls_get_addr call.
__thread __leaktrace_cell *__leaktrace_cells;

void __leaktrace_construct(__leaktrace_type *Type, const void *Object) {
  count(Type, &__leaktrace_cell::insts, +1, Object,
        __builtin_return_address(0));
}
void __leaktrace_construct_copy(__leaktrace_type *Type, const void *Object,
                                const void *Source) {
  count(Type, &__leaktrace_cell::insts, +1, Object,
        __builtin_return_address(0), Source);
}
void __leaktrace_destruct(__leaktrace_type *Type, const void *Object) {
  count(Type, &__leaktrace_cell::insts, -1, Object,
        __builtin_return_address(0));
}
void __leaktrace_refs_add(__leaktrace_type *Type, int64_t Delta) {
  count(Type, &__leaktrace_cell::refs, Delta, nullptr,
        __builtin_return_address(0));
}
void __leaktrace_insts_add(__leaktrace_type *Type, int64_t Delta,
                           const void *Object) {
  count(Type, &__leaktrace_cell::insts, Delta, Object,
        __builtin_return_address(0));
}

void __leaktrace_register_code(const __leaktrace_code_def *Defs,
                               const __leaktrace_code_def *DefsEnd,
                               const __leaktrace_code_use *Uses,
                               const __leaktrace_code_use *UsesEnd) {
  using namespace leaktrace::rt;
  if (Defs == DefsEnd && Uses == UsesEnd)
    return;
  Lock Held;
  // Every translation unit of a module registers the module's sections.
  for (size_t M = 0; M < gCodeCount; ++M)
    if (gCode[M].Defs == Defs && gCode[M].Uses == Uses)
      return;
  if (gCodeCount == gCodeCapacity) {
    size_t Capacity = gCodeCapacity ? gCodeCapacity * 2 : 16;
    auto *Grown = static_cast<CodeRecords *>(
        realloc(gCode, Capacity * sizeof(CodeRecords)));
    if (!Grown)
      fatal("out of memory registering a module's code");
    gCode = Grown;
    gCodeCapacity = Capacity;
  }
  gCode[gCodeCount++] = CodeRecords{Defs, DefsEnd, Uses, UsesEnd};
  gCodeUnchecked = true;
}

void __leaktrace_unregister_code(const __leaktrace_code_def *Defs,
                                 const __leaktrace_code_def *DefsEnd,
                                 const __leaktrace_code_use *Uses,
                                 const __leaktrace_code_use *UsesEnd) {
  using namespace leaktrace::rt;
  (void)DefsEnd, (void)UsesEnd;
  Lock Held;
  // What its records have to say is said before they go: flags are sticky.
  checkCode();
  forgetDescriptorsOf(Defs ? static_cast<const void *>(Defs)
                           : static_cast<const void *>(Uses));
  for (size_t M = 0; M < gCodeCount; ++M)
    if (gCode[M].Defs == Defs && gCode[M].Uses == Uses) {
      gCode[M] = gCode[--gCodeCount];
      return;
    }
}

void __leaktrace_register_uncounted(const __leaktrace_uncounted_class *Begin,
                                    const __leaktrace_uncounted_class *End) {
  using namespace leaktrace::rt;
  Lock Held;
  for (const __leaktrace_uncounted_class *C = Begin; C < End; ++C)
    if (NameTable::Entry &E = gUncountedClasses.find(C->name); !E.Name) {
      char *Copy = strdup(C->name);
      if (!Copy)
        fatal("out of memory registering a module's uncounted classes");
      gUncountedClasses.insert(E, Copy, 0);
    }
}

size_t leaktrace_uncounted_classes(void) {
  using namespace leaktrace::rt;
  Lock Held;
  return gUncountedClasses.size();
}

size_t leaktrace_snapshot(leaktrace_type_count *Out, size_t Capacity) {
  if (!Out)
    Capacity = 0;
  return leaktrace::rt::snapshot(Out, Capacity);
}

} // extern "C"
