// leaktrace runtime: what became of the objects recording kept, and what
// keeps alive those that are.
//
// A leak's objects are recorded in one more run of its layer (sites.cpp);
// at the end of the recorded iteration the runner calls leaktrace_scan().
// It stops the other threads, then reads the whole process the way a
// garbage collector's mark phase does, conservatively: every aligned word
// of the roots (the modules' writable data, each thread's static TLS,
// thread data, stack and registers) and of every heap block reached from
// them is taken for a pointer when it points into a live block. The heap's
// blocks come from the allocator shim the tool preloads into that run only
// (heap.h); without it, the counted objects the runtime tracks stand in for
// blocks, so that a chain of counted objects is still followed.
//
// Each recorded object is then given its fate: still alive and reached
// (with the shortest chain of pointers from a root, found breadth first),
// alive but reached by nothing (with the cycle of blocks holding it, if
// any), or ended without its destructor (its block freed, its storage made
// over by another object, its stack frame returned), which is no leak.
//
// While the threads are stopped nothing here calls malloc or takes a lock
// another thread could hold: a stopped thread may be inside the allocator.
// Every lock of the runtime and of the shim is taken before they stop, and
// the scan's memory comes from mmap.

#include "leaktrace/leaktrace.h"
#include "heap.h"
#include "registry.h"
#include "survivors.h"
#include "tables.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

namespace leaktrace::rt {
namespace {

// --- memory of the scan's own -------------------------------------------------

/// Bump allocation from mmap'd chunks, zero-filled, freed all at once.
class Arena {
public:
  void *alloc(size_t Bytes) {
    Bytes = (Bytes + 15) & ~size_t(15);
    if (Bytes > Left) {
      size_t Size = Bytes + sizeof(Chunk) + 15 > kChunk
                        ? (Bytes + sizeof(Chunk) + 15 + 4095) & ~size_t(4095)
                        : kChunk;
      void *P = mmap(nullptr, Size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (P == MAP_FAILED)
        fatal("out of memory scanning the process (mmap failed)");
      auto *C = static_cast<Chunk *>(P);
      C->Next = Chunks;
      C->Size = Size;
      Chunks = C;
      Cur = reinterpret_cast<char *>(C) + ((sizeof(Chunk) + 15) & ~15);
      Left = Size - size_t(Cur - reinterpret_cast<char *>(C));
    }
    void *P = Cur;
    Cur += Bytes;
    Left -= Bytes;
    return P;
  }
  template <class T> T *array(size_t N) {
    return static_cast<T *>(alloc((N ? N : 1) * sizeof(T)));
  }
  void release() {
    while (Chunks) {
      Chunk *Next = Chunks->Next;
      munmap(Chunks, Chunks->Size);
      Chunks = Next;
    }
    Cur = nullptr;
    Left = 0;
  }

private:
  static constexpr size_t kChunk = size_t(1) << 20;
  struct Chunk {
    Chunk *Next;
    size_t Size;
  };
  Chunk *Chunks = nullptr;
  char *Cur = nullptr;
  size_t Left = 0;
};

/// Sorts by Key(element), ascending: a heap sort, in place, allocating
/// nothing.
template <class T, class K> void sortBy(T *A, size_t N, K Key) {
  auto Down = [&](size_t I, size_t End) {
    for (;;) {
      size_t C = 2 * I + 1;
      if (C >= End)
        return;
      if (C + 1 < End && Key(A[C]) < Key(A[C + 1]))
        ++C;
      if (!(Key(A[I]) < Key(A[C])))
        return;
      T Tmp = A[I];
      A[I] = A[C];
      A[C] = Tmp;
      I = C;
    }
  };
  for (size_t I = N / 2; I-- > 0;)
    Down(I, N);
  for (size_t End = N; End > 1; --End) {
    T Tmp = A[0];
    A[0] = A[End - 1];
    A[End - 1] = Tmp;
    Down(0, End - 1);
  }
}

// --- the architecture ------------------------------------------------------------

#if defined(__x86_64__)
constexpr unsigned kRegisters = 16;
// The general registers of the signal context that can hold a pointer, in
// the order leaktrace_location.offset numbers them for REGISTER.
constexpr int kRegisterIndex[kRegisters] = {
    REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RBP, REG_R8,
    REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RSP};
const char *const kRegisterNames[kRegisters] = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
    "r9",  "r10", "r11", "r12", "r13", "r14", "r15", "rsp"};
uintptr_t threadPointer() {
  uintptr_t Tp;
  asm volatile("mov %%fs:0, %0" : "=r"(Tp));
  return Tp;
}
void readContext(const ucontext_t &U, uintptr_t *Regs, uintptr_t &Sp,
                 uintptr_t &Pc) {
  for (unsigned I = 0; I < kRegisters; ++I)
    Regs[I] = uintptr_t(U.uc_mcontext.gregs[kRegisterIndex[I]]);
  Sp = uintptr_t(U.uc_mcontext.gregs[REG_RSP]);
  Pc = uintptr_t(U.uc_mcontext.gregs[REG_RIP]);
}
constexpr bool kCanStopThreads = true;
#elif defined(__aarch64__)
constexpr unsigned kRegisters = 31;
const char *const kRegisterNames[kRegisters] = {
    "x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",  "x9",  "x10",
    "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
    "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30"};
uintptr_t threadPointer() {
  uintptr_t Tp;
  asm volatile("mrs %0, tpidr_el0" : "=r"(Tp));
  return Tp;
}
void readContext(const ucontext_t &U, uintptr_t *Regs, uintptr_t &Sp,
                 uintptr_t &Pc) {
  for (unsigned I = 0; I < kRegisters; ++I)
    Regs[I] = uintptr_t(U.uc_mcontext.regs[I]);
  Sp = uintptr_t(U.uc_mcontext.sp);
  Pc = uintptr_t(U.uc_mcontext.pc);
}
constexpr bool kCanStopThreads = true;
#else
constexpr unsigned kRegisters = 1;
const char *const kRegisterNames[kRegisters] = {"?"};
uintptr_t threadPointer() { return 0; }
void readContext(const ucontext_t &, uintptr_t *, uintptr_t &, uintptr_t &) {}
constexpr bool kCanStopThreads = false;
#endif

// --- unwinding, to tell which frame of a stack holds a pointer ---------------

using UnwindTraceFn = int (*)(void *Context, void *Arg);
struct Unwinder {
  int (*Backtrace)(UnwindTraceFn, void *);
  uintptr_t (*GetIP)(void *);
  uintptr_t (*GetCFA)(void *);
};
Unwinder gUnwind;

void findUnwinder() {
  void *Lib = RTLD_DEFAULT; // a null handle: not "none"
  if (!dlsym(Lib, "_Unwind_Backtrace")) {
    Lib = dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!Lib)
      return;
  }
  gUnwind.Backtrace = reinterpret_cast<int (*)(UnwindTraceFn, void *)>(
      dlsym(Lib, "_Unwind_Backtrace"));
  gUnwind.GetIP = reinterpret_cast<uintptr_t (*)(void *)>(
      dlsym(Lib, "_Unwind_GetIP"));
  gUnwind.GetCFA = reinterpret_cast<uintptr_t (*)(void *)>(
      dlsym(Lib, "_Unwind_GetCFA"));
  if (!gUnwind.GetIP || !gUnwind.GetCFA)
    gUnwind.Backtrace = nullptr;
}

// --- threads --------------------------------------------------------------------

constexpr unsigned kMaxFrames = 64;
constexpr unsigned kMaxThreads = 4096;

struct ThreadState {
  pid_t Tid;
  int State; // futex word: kSignalled, kStopped, kResumed
  uintptr_t Sp, Tp, Pc;
  uintptr_t Regs[kRegisters];
  uint32_t NumFrames;
  // The frames from the interrupted one outwards: an instruction of each
  // (the interrupted one, then return addresses less 1), and where each
  // starts (see frameOf()).
  uintptr_t FramePc[kMaxFrames], FrameCfa[kMaxFrames];
  // Set by the scan.
  uintptr_t StackLow, StackHigh;
};
enum { kSignalled = 0, kStopped = 1, kResumed = 2, kMissed = 3 };

// Kept for good once mapped: a thread that stops too late may still write
// its slot after the scan gave up on it.
ThreadState *gThreads;
uint32_t gNumThreads;
int gStopSignal;
uint32_t gStopGeneration;   // odd while stopping
uint32_t gResumeGeneration; // futex word: the generation let go

long futex(void *Word, int Op, int Value, const struct timespec *Timeout) {
  return syscall(SYS_futex, Word, Op, Value, Timeout, nullptr, 0);
}

struct FrameWalk {
  ThreadState *T;
  uintptr_t From; // the interrupted instruction: frames before it are the
                  // handler's and the kernel's
  bool Found;
};

int recordFrame(void *Context, void *Arg) {
  auto *W = static_cast<FrameWalk *>(Arg);
  uintptr_t Ip = gUnwind.GetIP(Context), Cfa = gUnwind.GetCFA(Context);
  if (!W->Found) {
    if (Ip != W->From)
      return 0;
    W->Found = true;
  } else {
    --Ip; // a return address: the call is before it
  }
  ThreadState &T = *W->T;
  if (T.NumFrames == kMaxFrames)
    return 4; // _URC_NORMAL_STOP
  T.FramePc[T.NumFrames] = Ip;
  T.FrameCfa[T.NumFrames] = Cfa;
  ++T.NumFrames;
  return 0;
}

void onStopSignal(int, siginfo_t *, void *Context) {
  int SavedErrno = errno;
  uint32_t Generation = __atomic_load_n(&gStopGeneration, __ATOMIC_ACQUIRE);
  pid_t Me = pid_t(syscall(SYS_gettid));
  ThreadState *T = nullptr;
  for (uint32_t I = 0; Generation % 2 && I < gNumThreads; ++I)
    if (gThreads[I].Tid == Me)
      T = &gThreads[I];
  if (!T || __atomic_load_n(&T->State, __ATOMIC_ACQUIRE) != kSignalled) {
    errno = SavedErrno;
    return;
  }
  const auto &U = *static_cast<const ucontext_t *>(Context);
  readContext(U, T->Regs, T->Sp, T->Pc);
  T->Tp = threadPointer();
  T->NumFrames = 0;
  if (gUnwind.Backtrace) {
    FrameWalk W{T, T->Pc, false};
    gUnwind.Backtrace(recordFrame, &W);
  }
  __atomic_store_n(&T->State, kStopped, __ATOMIC_RELEASE);
  futex(&T->State, FUTEX_WAKE, 1, nullptr);
  while (__atomic_load_n(&gResumeGeneration, __ATOMIC_ACQUIRE) != Generation)
    futex(&gResumeGeneration, FUTEX_WAIT, int(gResumeGeneration), nullptr);
  __atomic_store_n(&T->State, kResumed, __ATOMIC_RELEASE);
  futex(&T->State, FUTEX_WAKE, 1, nullptr);
  errno = SavedErrno;
}

// A real-time signal nobody handles, taken for good the first time.
bool installStopHandler() {
  if (gStopSignal)
    return true;
  for (int Sig = SIGRTMAX - 2; Sig >= SIGRTMIN + 3; --Sig) {
    struct sigaction Old;
    if (sigaction(Sig, nullptr, &Old) != 0 || Old.sa_handler != SIG_DFL ||
        (Old.sa_flags & SA_SIGINFO))
      continue;
    struct sigaction New;
    memset(&New, 0, sizeof New);
    New.sa_sigaction = onStopSignal;
    New.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&New.sa_mask);
    if (sigaction(Sig, &New, nullptr) == 0) {
      gStopSignal = Sig;
      return true;
    }
  }
  return false;
}

double now() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return double(T.tv_sec) + double(T.tv_nsec) / 1e9;
}

/// The threads of the process, by their ids, with raw system calls.
template <class F> void forEachTask(F Visit) {
  int Fd = int(syscall(SYS_openat, AT_FDCWD, "/proc/self/task",
                       O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (Fd < 0)
    return;
  alignas(8) char Buffer[4096];
  for (;;) {
    long N = syscall(SYS_getdents64, Fd, Buffer, sizeof Buffer);
    if (N <= 0)
      break;
    for (long At = 0; At < N;) {
      struct Dirent {
        uint64_t Ino;
        int64_t Off;
        unsigned short Reclen;
        unsigned char Type;
        char Name[1];
      };
      auto *D = reinterpret_cast<Dirent *>(Buffer + At);
      At += D->Reclen;
      pid_t Tid = 0;
      const char *P = D->Name;
      for (; *P >= '0' && *P <= '9'; ++P)
        Tid = Tid * 10 + (*P - '0');
      if (*P == '\0' && Tid > 0)
        Visit(Tid);
    }
  }
  close(Fd);
}

/// Stops every other thread of the process; returns how many did not stop.
/// gThreads[0] is the calling thread.
uint32_t stopOtherThreads(pid_t Self) {
  __atomic_add_fetch(&gStopGeneration, 1, __ATOMIC_ACQ_REL); // odd
  gNumThreads = 1;
  gThreads[0].Tid = Self;
  gThreads[0].State = kStopped;
  if (!kCanStopThreads || !gStopSignal)
    return 0;
  pid_t Pid = getpid();
  uint32_t Missed = 0;
  double Deadline = now() + 2.0;
  // Threads may start others while they are being stopped: list again
  // until a listing finds nothing new.
  for (int Round = 0; Round < 16; ++Round) {
    uint32_t Before = gNumThreads;
    forEachTask([&](pid_t Tid) {
      for (uint32_t I = 0; I < gNumThreads; ++I)
        if (gThreads[I].Tid == Tid)
          return;
      if (gNumThreads == kMaxThreads) {
        ++Missed;
        return;
      }
      ThreadState &T = gThreads[gNumThreads];
      memset(&T, 0, sizeof T);
      T.Tid = Tid;
      T.State = kSignalled;
      __atomic_thread_fence(__ATOMIC_SEQ_CST);
      ++gNumThreads;
      if (syscall(SYS_tgkill, Pid, Tid, gStopSignal) != 0)
        T.State = kMissed; // it ended meanwhile
    });
    for (uint32_t I = Before; I < gNumThreads; ++I) {
      ThreadState &T = gThreads[I];
      while (__atomic_load_n(&T.State, __ATOMIC_ACQUIRE) == kSignalled) {
        double Left = Deadline - now();
        if (Left <= 0) {
          // It blocks the signal, or waits for a lock a stopped thread
          // holds: go on without it.
          __atomic_store_n(&T.State, kMissed, __ATOMIC_RELEASE);
          if (T.Tid)
            ++Missed;
          break;
        }
        struct timespec Wait = {0, 10 * 1000 * 1000};
        futex(&T.State, FUTEX_WAIT, kSignalled, &Wait);
      }
    }
    if (gNumThreads == Before)
      break;
  }
  return Missed;
}

void resumeOtherThreads() {
  uint32_t Generation = __atomic_load_n(&gStopGeneration, __ATOMIC_ACQUIRE);
  __atomic_store_n(&gResumeGeneration, Generation, __ATOMIC_RELEASE);
  futex(&gResumeGeneration, FUTEX_WAKE, 0x7fffffff, nullptr);
  // Once every stopped thread has left the wait, the slots can be reused.
  double Deadline = now() + 2.0;
  for (uint32_t I = 1; I < gNumThreads; ++I) {
    ThreadState &T = gThreads[I];
    while (__atomic_load_n(&T.State, __ATOMIC_ACQUIRE) == kStopped &&
           now() < Deadline) {
      struct timespec Wait = {0, 10 * 1000 * 1000};
      futex(&T.State, FUTEX_WAIT, kStopped, &Wait);
    }
  }
  __atomic_add_fetch(&gStopGeneration, 1, __ATOMIC_ACQ_REL); // even
}

// --- the memory map -----------------------------------------------------------

struct Mapping {
  uintptr_t Low, High;
  bool Readable;
};

/// /proc/self/maps, read with raw system calls into the arena.
Mapping *readMappings(Arena &A, size_t &Count) {
  size_t Capacity = size_t(1) << 20, Size = 0;
  char *Text = A.array<char>(Capacity);
  int Fd = int(syscall(SYS_openat, AT_FDCWD, "/proc/self/maps",
                       O_RDONLY | O_CLOEXEC));
  if (Fd >= 0) {
    for (;;) {
      if (Size + 4096 > Capacity) {
        char *Grown = A.array<char>(Capacity * 2);
        memcpy(Grown, Text, Size);
        Text = Grown;
        Capacity *= 2;
      }
      long N = read(Fd, Text + Size, Capacity - Size);
      if (N <= 0)
        break;
      Size += size_t(N);
    }
    close(Fd);
  }
  size_t Lines = 0;
  for (size_t I = 0; I < Size; ++I)
    Lines += Text[I] == '\n';
  Mapping *Out = A.array<Mapping>(Lines);
  Count = 0;
  auto Hex = [](const char *&P) {
    uintptr_t V = 0;
    for (;; ++P) {
      char C = *P;
      int D = C >= '0' && C <= '9'   ? C - '0'
              : C >= 'a' && C <= 'f' ? C - 'a' + 10
                                     : -1;
      if (D < 0)
        return V;
      V = V * 16 + uintptr_t(D);
    }
  };
  for (const char *P = Text, *End = Text + Size; P < End;) {
    const char *Line = P;
    while (P < End && *P != '\n')
      ++P;
    ++P;
    const char *Q = Line;
    uintptr_t Low = Hex(Q);
    if (*Q != '-')
      continue;
    ++Q;
    uintptr_t High = Hex(Q);
    if (*Q != ' ')
      continue;
    Out[Count++] = {Low, High, Q[1] == 'r'};
  }
  return Out;
}

const Mapping *mappingOf(const Mapping *Maps, size_t N, uintptr_t Address) {
  size_t Lo = 0, Hi = N;
  while (Lo < Hi) {
    size_t Mid = (Lo + Hi) / 2;
    if (Maps[Mid].High <= Address)
      Lo = Mid + 1;
    else
      Hi = Mid;
  }
  return Lo < N && Maps[Lo].Low <= Address ? &Maps[Lo] : nullptr;
}

// --- modules: static data and static TLS ------------------------------------------

struct Module {
  uintptr_t Image;        // an address of its image, for telling the module
  intptr_t TlsOffset;     // its TLS block is at thread pointer + this
  uint64_t TlsSize;       // 0: none, or not static
};
struct DataRange {
  uintptr_t Low, High;
  uint32_t Module;
};

constexpr size_t kMaxModules = 4096, kMaxDataRanges = 4 * kMaxModules;

struct ModuleWalk {
  Module *Modules;
  size_t NumModules;
  DataRange *Data;
  size_t NumData;
  uintptr_t Tp;
  uintptr_t Skip; // an address of the allocator shim: its data is its own
};

/// The C library's and the dynamic linker's writable data are their own
/// state, no program's root; and glibc's allocator keeps there pointers to
/// the headers of free chunks, each inside the live block before it.
bool isCLibrary(const char *Path) {
  const char *Name = strrchr(Path ? Path : "", '/');
  Name = Name ? Name + 1 : (Path ? Path : "");
  return strncmp(Name, "libc.so", 7) == 0 || strncmp(Name, "ld-linux", 8) == 0;
}

int addModule(struct dl_phdr_info *Info, size_t, void *Arg) {
  auto &W = *static_cast<ModuleWalk *>(Arg);
  if (W.NumModules == kMaxModules)
    return 0;
  bool OwnState = isCLibrary(Info->dlpi_name);
  uintptr_t Image = 0;
  bool Skip = false;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD)
      continue;
    uintptr_t Low = Info->dlpi_addr + P.p_vaddr;
    if (!Image)
      Image = Low;
    if (W.Skip >= Low && W.Skip < Low + P.p_memsz)
      Skip = true;
  }
  if (Skip)
    return 0;
  uint32_t Index = uint32_t(W.NumModules);
  Module &M = W.Modules[W.NumModules++];
  M = {Image, 0, 0};
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type == PT_LOAD && (P.p_flags & PF_W) && !OwnState &&
        W.NumData < kMaxDataRanges) {
      uintptr_t Low = Info->dlpi_addr + P.p_vaddr;
      W.Data[W.NumData++] = {Low & ~uintptr_t(7), Low + P.p_memsz, Index};
    }
    if (P.p_type == PT_TLS && Info->dlpi_tls_data && P.p_memsz) {
      intptr_t Offset = intptr_t(uintptr_t(Info->dlpi_tls_data) - W.Tp);
      // Static TLS is next to the thread pointer, the same offset for
      // every thread; a dlopen'ed module's may be anywhere (and is a heap
      // block, reached through the thread's DTV).
      if (Offset > -(intptr_t(1) << 24) && Offset < (intptr_t(1) << 24)) {
        M.TlsOffset = Offset;
        M.TlsSize = P.p_memsz;
      }
    }
  }
  return 0;
}

// --- the graph --------------------------------------------------------------------

constexpr int32_t kUnreached = -1;
// A node reached from root R has Parent -2 - R.
int32_t fromRoot(uint32_t R) { return -2 - int32_t(R); }
uint32_t rootOf(int32_t Parent) { return uint32_t(-2 - Parent); }

struct Node {
  uintptr_t Start, End; // End: Start + size (at least 1)
  uint64_t Size;
  const void *MadeBy;   // null for a counted object standing in for a block
  uint64_t Serial;
  uint32_t Slot;        // a counted object's type, for one standing in
  int32_t Parent;       // kUnreached, a node, or fromRoot()
  uintptr_t From;       // the address of the pointer that reached it
  uintptr_t FirstWord;
  uint32_t Path;        // in the path trie
  uint32_t Run;         // blocks made by the same code in a row, ending here
  uint32_t Stamp;       // for the cycle search
  int32_t Back;         // the cycle search's parent
};

struct Root {
  uint32_t Kind; // LEAKTRACE_LOC_*
  uint32_t Thread;
  uint32_t Module; // GLOBAL, TLS
  uintptr_t Low, High;
};

struct Scan {
  Arena Work;
  Mapping *Maps;
  size_t NumMaps;
  Module *Modules;
  size_t NumModules;
  DataRange *Data;
  size_t NumData;
  Root *Roots;
  size_t NumRoots, RootCapacity;
  Node *Nodes;
  size_t NumNodes;
  uintptr_t MinAddress, MaxAddress;
  TrackedObject *Tracked; // sorted by address
  size_t NumTracked;
  uint64_t BytesScanned;

  int32_t find(uintptr_t P) const {
    if (P < MinAddress || P >= MaxAddress)
      return -1;
    size_t Lo = 0, Hi = NumNodes;
    while (Lo < Hi) {
      size_t Mid = (Lo + Hi) / 2;
      if (Nodes[Mid].Start <= P)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    if (Lo == 0)
      return -1;
    const Node &N = Nodes[Lo - 1];
    return P < N.End ? int32_t(Lo - 1) : -1;
  }

  void addRoot(uint32_t Kind, uint32_t Thread, uint32_t Module, uintptr_t Low,
               uintptr_t High) {
    if (Low >= High)
      return;
    if (NumRoots == RootCapacity) {
      size_t Capacity = RootCapacity ? RootCapacity * 2 : 256;
      Root *Grown = Work.array<Root>(Capacity);
      if (NumRoots)
        memcpy(Grown, Roots, NumRoots * sizeof(Root));
      Roots = Grown;
      RootCapacity = Capacity;
    }
    Roots[NumRoots++] = {Kind, Thread, Module, Low, High};
  }

  /// Marks what the words of [Low, High) point to as reached from Parent,
  /// queueing them; only readable memory is read.
  void scanRange(uintptr_t Low, uintptr_t High, int32_t Parent,
                 int32_t *Queue, size_t &Tail) {
    Low = (Low + 7) & ~uintptr_t(7);
    while (Low < High) {
      const Mapping *M = mappingOf(Maps, NumMaps, Low);
      if (!M) {
        // Skip to the next mapping.
        size_t Lo = 0, Hi = NumMaps;
        while (Lo < Hi) {
          size_t Mid = (Lo + Hi) / 2;
          if (Maps[Mid].Low <= Low)
            Lo = Mid + 1;
          else
            Hi = Mid;
        }
        if (Lo == NumMaps)
          return;
        Low = Maps[Lo].Low;
        continue;
      }
      uintptr_t End = M->High < High ? M->High : High;
      if (M->Readable) {
        BytesScanned += End - Low;
        for (uintptr_t A = Low; A + 8 <= End; A += 8) {
          uintptr_t Word = *reinterpret_cast<const uintptr_t *>(A);
          int32_t N = find(Word);
          if (N < 0 || Nodes[N].Parent != kUnreached || N == Parent)
            continue;
          Nodes[N].Parent = Parent;
          Nodes[N].From = A;
          Queue[Tail++] = N;
        }
      }
      Low = End;
    }
  }

  void markValue(uintptr_t Word, int32_t Parent, uintptr_t From,
                 int32_t *Queue, size_t &Tail) {
    int32_t N = find(Word);
    if (N < 0 || Nodes[N].Parent != kUnreached)
      return;
    Nodes[N].Parent = Parent;
    Nodes[N].From = From;
    Queue[Tail++] = N;
  }

  /// The outermost tracked counted object holding Address, or null.
  const TrackedObject *objectAt(uintptr_t Address, uint64_t &Offset) const {
    size_t Lo = 0, Hi = NumTracked;
    while (Lo < Hi) {
      size_t Mid = (Lo + Hi) / 2;
      if (Tracked[Mid].Address <= Address)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    const TrackedObject *Best = nullptr;
    // Members start after their owner: look back a little for an owner
    // that also holds the address.
    for (size_t I = Lo, Seen = 0; I-- > 0 && Seen < 64; ++Seen) {
      const TrackedObject &T = Tracked[I];
      const TypeInfo *Info = slotInfoLocked(T.Slot);
      uint64_t Size = Info && Info->Size ? Info->Size * uint64_t(T.Count) : 1;
      if (Address < T.Address + Size) {
        Best = &T;
        Offset = Address - T.Address;
      }
    }
    return Best;
  }
};

/// How a path is keyed for grouping: its trie node, the objects' type, fate
/// and cycle.
struct Kept {
  uint32_t Path;   // a trie node (for a cycle or an unreached block, one
                   // keyed by what the blocks were made by)
  uint32_t Slot;
  uint32_t Fate;
  uint32_t Cycle;  // 0, or 1 + index into the cycles found
  int64_t Objects;
  uintptr_t Where; // an example: the object's address
  int32_t Node;    // its node, or -1 (in static storage, on a stack)
  uint32_t Root;   // when not in a node: the root region holding it
};

// The path trie: each location of a path, once per path that leads to it.
struct TrieNode {
  uint32_t Parent; // 0: none (ids from 1)
  uint32_t Kind;
  uintptr_t Key;
  int32_t Example; // a node of this location (blocks), or -1 (roots)
  uintptr_t Word;  // roots: the pointer's address
  uint32_t Root;   // roots: the region
  uint32_t RunMin, RunMax;
};

struct Trie {
  TrieNode *Nodes; // [0] unused
  size_t Count, Capacity;
  // Open addressing over (Parent, Kind, Key) -> id.
  uint32_t *Table;
  size_t TableSize;

  void init(Arena &A, size_t Most) {
    Capacity = Most + 2;
    Nodes = A.array<TrieNode>(Capacity);
    Count = 1;
    TableSize = 64;
    while (TableSize < Capacity * 2)
      TableSize *= 2;
    Table = A.array<uint32_t>(TableSize);
  }
  static uint64_t hash(uint32_t Parent, uint32_t Kind, uintptr_t Key) {
    uint64_t H = (uint64_t(Parent) << 8 | Kind) * 0x9e3779b97f4a7c15ull ^
                 uint64_t(Key) * 0xff51afd7ed558ccdull;
    return H ^ (H >> 31);
  }
  uint32_t intern(uint32_t Parent, uint32_t Kind, uintptr_t Key, bool &New) {
    for (size_t I = hash(Parent, Kind, Key) & (TableSize - 1);;
         I = (I + 1) & (TableSize - 1)) {
      uint32_t Id = Table[I];
      if (!Id) {
        New = true;
        if (Count == Capacity)
          fatal("leaktrace: the path trie overflowed");
        Id = uint32_t(Count++);
        Nodes[Id] = {Parent, Kind, Key, -1, 0, 0, 0, 0};
        Table[I] = Id;
        return Id;
      }
      const TrieNode &T = Nodes[Id];
      if (T.Parent == Parent && T.Kind == Kind && T.Key == Key) {
        New = false;
        return Id;
      }
    }
  }
};

/// The frame of Thread's stack that holds Address, by its index into
/// FramePc (NumFrames when none was unwound). While _Unwind_Backtrace
/// calls back for a frame, _Unwind_GetCFA gives the canonical frame address
/// of the frame it came from (the one called), so FrameCfa[I] is where
/// frame I starts, and frame I spans up to FrameCfa[I + 1].
uint32_t frameIndexOf(const ThreadState &T, uintptr_t Address) {
  for (uint32_t I = 1; I < T.NumFrames; ++I)
    if (Address < T.FrameCfa[I])
      return I - 1;
  return T.NumFrames ? T.NumFrames - 1 : T.NumFrames;
}

/// An instruction of the frame holding Address.
uintptr_t frameOf(const ThreadState &T, uintptr_t Address) {
  uint32_t I = frameIndexOf(T, Address);
  return I < T.NumFrames ? T.FramePc[I] : T.Pc;
}

/// The callers of frame I of T into L.callers.
void setCallers(leaktrace_location &L, const ThreadState &T, uint32_t I) {
  L.callers_count = 0;
  for (uint32_t C = I + 1; C < T.NumFrames && L.callers_count < 8; ++C)
    L.callers[L.callers_count++] = reinterpret_cast<const void *>(T.FramePc[C]);
}

bool scanned(const ThreadState &T) {
  return T.State == kStopped || (&T == gThreads && T.Tid);
}

// --- the stopped process ------------------------------------------------------------

/// The process with its other threads stopped and every lock of the runtime
/// and the shim held: what the scan and the census read. The heap's blocks,
/// the counted objects, the roots; then the nodes the scan follows.
struct World : Scan {
  const __leaktrace_heap_provider *Heap;
  __leaktrace_heap_block *Blocks;
  size_t NumBlocks;
  size_t NumRegionRoots; // the roots before the registers
  uint32_t Missed;       // threads that did not stop

  /// Stops the world. \p OwnSp: this thread's stack is a root from there up
  /// (the frames below are the scan's own).
  void open(uintptr_t OwnSp);
  /// Lets it go on. What the scan keeps must be copied out before.
  void close();

  int64_t blockOf(uintptr_t P) const {
    size_t Lo = 0, Hi = NumBlocks;
    while (Lo < Hi) {
      size_t Mid = (Lo + Hi) / 2;
      if (Blocks[Mid].start <= P)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    if (!Lo)
      return -1;
    const auto &B = Blocks[Lo - 1];
    return P < B.start + (B.size ? B.size : 1) ? int64_t(Lo - 1) : -1;
  }

  /// The region root holding P, of the kinds that can be an object's
  /// storage (static data, static TLS), or -1.
  int64_t storageRoot(uintptr_t P) const {
    for (size_t R = 0; R < NumRegionRoots; ++R)
      if ((Roots[R].Kind == LEAKTRACE_LOC_GLOBAL ||
           Roots[R].Kind == LEAKTRACE_LOC_TLS) &&
          P >= Roots[R].Low && P < Roots[R].High)
        return int64_t(R);
    return -1;
  }

  enum StorageState { InHeap, InRoot, Freed, FrameGone, NotKnown };
  /// What has become of the storage of an object made at P, which was
  /// \p W when it was made. \p Root: the root it is in (InRoot).
  StorageState storage(uintptr_t P, const Storage &W, uint32_t &Root) const {
    if (W.StackTid) {
      for (uint32_t J = 0; J < gNumThreads; ++J) {
        const ThreadState &T = gThreads[J];
        if (T.Tid != W.StackTid)
          continue;
        if (!scanned(T))
          return NotKnown; // it did not stop: its stack was not read
        if (P < T.StackLow || P >= T.StackHigh)
          return FrameGone;
        for (size_t R = 0; R < NumRegionRoots; ++R)
          if (Roots[R].Kind == LEAKTRACE_LOC_STACK && Roots[R].Thread == J)
            Root = uint32_t(R);
        return InRoot;
      }
      return FrameGone; // the thread ended
    }
    if (int64_t B = blockOf(P); B >= 0)
      // A block newer than the object: its storage was freed and given out
      // again.
      return W.HeapSerial && Blocks[B].serial > W.HeapSerial ? Freed : InHeap;
    if (int64_t R = storageRoot(P); R >= 0) {
      Root = uint32_t(R);
      return InRoot;
    }
    if ((Heap && Heap->was_heap(P)) || !mappingOf(Maps, NumMaps, P))
      return Freed;
    return NotKnown;
  }
};

void World::open(uintptr_t OwnSp) {
  static pthread_once_t Once = PTHREAD_ONCE_INIT;
  pthread_once(&Once, findUnwinder);
  void *Warm[4];
  backtrace(Warm, 4); // loads the unwinder, once, outside any lock
  Heap = heapProvider();
  if (!gThreads) {
    void *P = mmap(nullptr, sizeof(ThreadState) * kMaxThreads,
                   PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (P == MAP_FAILED)
      fatal("cannot map the scan's thread table (mmap failed)");
    gThreads = static_cast<ThreadState *>(P);
  }
  bool CanStop = installStopHandler();
  ModuleWalk MW{Work.array<Module>(kMaxModules), 0,
                Work.array<DataRange>(kMaxDataRanges), 0, threadPointer(),
                Heap ? reinterpret_cast<uintptr_t>(Heap) : 0};
  dl_iterate_phdr(addModule, &MW);
  Modules = MW.Modules;
  NumModules = MW.NumModules;
  Data = MW.Data;
  NumData = MW.NumData;
  pid_t Self = pid_t(syscall(SYS_gettid));

  // Every lock the program's threads could hold while they are stopped.
  lockSites();
  lockCounters();
  lockTracked();
  if (Heap)
    Heap->lock();
  Missed = CanStop ? stopOtherThreads(Self) : 0;
  if (!CanStop) {
    __atomic_add_fetch(&gStopGeneration, 1, __ATOMIC_ACQ_REL);
    gNumThreads = 1;
    gThreads[0].Tid = Self;
  }
  ThreadState &T0 = gThreads[0];
  T0.Sp = OwnSp;
  T0.Tp = threadPointer();
  T0.Pc = reinterpret_cast<uintptr_t>(__builtin_return_address(0)) - 1;
  T0.NumFrames = 0;
  if (gUnwind.Backtrace) {
    FrameWalk W{&T0, 0, true};
    gUnwind.Backtrace(recordFrame, &W);
  }
  Maps = readMappings(Work, NumMaps);

  NumBlocks = Heap ? Heap->blocks(nullptr, 0) : 0;
  Blocks = Work.array<__leaktrace_heap_block>(NumBlocks);
  if (Heap)
    NumBlocks = Heap->blocks(Blocks, NumBlocks);
  sortBy(Blocks, NumBlocks,
         [](const __leaktrace_heap_block &B) { return B.start; });

  NumTracked = trackedObjects(nullptr, 0);
  Tracked = Work.array<TrackedObject>(NumTracked);
  NumTracked = trackedObjects(Tracked, NumTracked);
  sortBy(Tracked, NumTracked, [](const TrackedObject &T) { return T.Address; });

  // The roots: the modules' writable data, then each thread's static TLS,
  // its descriptor and its stack.
  for (size_t I = 0; I < NumData; ++I)
    addRoot(LEAKTRACE_LOC_GLOBAL, 0, Data[I].Module, Data[I].Low,
            Data[I].High);
  for (uint32_t J = 0; J < gNumThreads; ++J) {
    ThreadState &T = gThreads[J];
    T.StackLow = T.StackHigh = 0;
    if (!scanned(T))
      continue;
    uintptr_t Lowest = T.Tp;
    for (size_t M = 0; M < NumModules; ++M) {
      if (!Modules[M].TlsSize)
        continue;
      uintptr_t Low = T.Tp + uintptr_t(Modules[M].TlsOffset);
      addRoot(LEAKTRACE_LOC_TLS, J, uint32_t(M), Low,
              Low + Modules[M].TlsSize);
      if (Low < Lowest)
        Lowest = Low;
    }
    // The thread's descriptor: pthread_setspecific's values among others.
    if (const Mapping *M = mappingOf(Maps, NumMaps, T.Tp))
      addRoot(LEAKTRACE_LOC_THREAD, J, 0, T.Tp,
              T.Tp + 4096 < M->High ? T.Tp + 4096 : M->High);
    if (const Mapping *M = mappingOf(Maps, NumMaps, T.Sp)) {
      uintptr_t High = M->High;
      // A thread's TLS and descriptor sit at the top of its stack's
      // mapping: they are roots of their own.
      if (Lowest > T.Sp && Lowest < High)
        High = Lowest;
      // From the stack pointer, as LeakSanitizer does: below it (x86-64's
      // red zone of a leaf function) lie dead frames' words as often as a
      // leaf's own, and a leaf's live values are in its registers.
      T.StackLow = T.Sp > M->Low ? T.Sp : M->Low;
      T.StackHigh = High;
      addRoot(LEAKTRACE_LOC_STACK, J, 0, T.StackLow, T.StackHigh);
    }
  }
  NumRegionRoots = NumRoots;
}

void World::close() {
  resumeOtherThreads();
  if (Heap)
    Heap->unlock();
  unlockTracked();
  unlockCounters();
  unlockSites();
}

// --- the census: the growing types' objects really alive ---------------------------

/// Per watched type: its objects whose storage is alive, and those counted
/// alive whose storage ended without their destructor, at the start of
/// recording and at the scan.
struct Census {
  uint32_t Slot;
  int64_t Live[2], Ended[2];
  int64_t Replaced; // made over others never destroyed, while recording
};
Census *gCensus; // internal memory
size_t gNumCensus;

/// Counts the watched types' tracked objects by what their storage is now,
/// into gCensus[..].Live[When] and Ended[When]. Called with the world
/// stopped: no allocation.
void takeCensus(const World &W, int When, Census *Into, size_t N) {
  for (size_t I = 0; I < W.NumTracked; ++I) {
    const TrackedObject &T = W.Tracked[I];
    Census *C = nullptr;
    for (size_t J = 0; J < N && !C; ++J)
      if (Into[J].Slot == T.Slot)
        C = &Into[J];
    if (!C)
      continue;
    uint32_t Root;
    switch (W.storage(T.Address, T.Where, Root)) {
    case World::Freed:
    case World::FrameGone:
      C->Ended[When] += T.Count;
      break;
    default:
      C->Live[When] += T.Count;
    }
  }
}

// --- results, kept until the next scan or recording ---------------------------------

Arena gResults;
leaktrace_path *gPaths;
size_t gNumPaths;
leaktrace_location *gLocations;
size_t gNumLocations;

pthread_mutex_t gScanMutex = PTHREAD_MUTEX_INITIALIZER;

void forgetResults() {
  gResults.release();
  gPaths = nullptr;
  gLocations = nullptr;
  gNumPaths = gNumLocations = 0;
}

} // namespace

void forgetScan() {
  ScopedLock<gScanMutex> Held;
  forgetResults();
}

bool startCensus() {
  if (!trackingAll())
    return false;
  ScopedLock<gScanMutex> Held;
  internalFree(gCensus);
  gCensus = nullptr;
  gNumCensus = 0;
  size_t Watched = watchedSlots(nullptr, 0);
  if (!Watched)
    return false;
  auto *C = static_cast<Census *>(internalCalloc(Watched, sizeof(Census)));
  auto *Slots = static_cast<uint32_t *>(internalCalloc(Watched, sizeof(uint32_t)));
  if (!C || !Slots)
    fatal("out of memory taking a census of the watched types");
  Watched = watchedSlots(Slots, Watched);
  for (size_t I = 0; I < Watched; ++I) {
    C[I].Slot = Slots[I];
    takeReplaced(Slots[I]);
  }
  internalFree(Slots);
  World W{};
  W.open(uintptr_t(__builtin_frame_address(0)));
  takeCensus(W, 0, C, Watched);
  // open() took the sites' lock: recording starts before any stopped
  // thread counts again.
  beginRecordingLocked();
  W.close();
  W.Work.release();
  gCensus = C;
  gNumCensus = Watched;
  return true;
}

} // namespace leaktrace::rt

using namespace leaktrace::rt;

namespace {

/// What a scan found and is kept: see leaktrace_scan().
void findPaths(World &S, leaktrace_scan_status &St);

} // namespace

extern "C" void leaktrace_scan(leaktrace_scan_status *Status,
                               const void *CallersFrame) {
  leaktrace_scan_status St;
  memset(&St, 0, sizeof St);
  if (trackingAll()) {
    ScopedLock<gScanMutex> OneAtATime;
    forgetResults();
    World W{};
    uintptr_t Own = uintptr_t(__builtin_frame_address(0));
    // From the given frame up, when it is above this one on this stack.
    W.open(uintptr_t(CallersFrame) > Own ? uintptr_t(CallersFrame) : Own);
    St.scanned = 1;
    findPaths(W, St);
    W.Work.release();
  }
  if (Status)
    *Status = St;
}

extern "C" size_t leaktrace_census(leaktrace_census_entry *Out,
                                   size_t Capacity) {
  ScopedLock<gScanMutex> Held;
  for (size_t I = 0; Out && I < Capacity && I < gNumCensus; ++I) {
    const Census &C = gCensus[I];
    lockCounters();
    const TypeInfo *Info = slotInfoLocked(C.Slot);
    Out[I].type = Info ? Info->Name : "?";
    unlockCounters();
    Out[I].live_start = C.Live[0];
    Out[I].live_end = C.Live[1];
    Out[I].ended_start = C.Ended[0];
    Out[I].ended_end = C.Ended[1];
    Out[I].replaced = C.Replaced;
  }
  return gNumCensus;
}

extern "C" size_t leaktrace_paths(leaktrace_path *Out, size_t Capacity) {
  ScopedLock<gScanMutex> Held;
  for (size_t I = 0; Out && I < Capacity && I < gNumPaths; ++I)
    Out[I] = gPaths[I];
  return gNumPaths;
}

extern "C" size_t leaktrace_path_locations(leaktrace_location *Out,
                                           size_t Capacity) {
  ScopedLock<gScanMutex> Held;
  for (size_t I = 0; Out && I < Capacity && I < gNumLocations; ++I)
    Out[I] = gLocations[I];
  return gNumLocations;
}

namespace {

void findPaths(World &S, leaktrace_scan_status &St) {
  const __leaktrace_heap_provider *Heap = S.Heap;
  St.threads_missed = S.Missed;
  St.heap = Heap != nullptr;
  St.blocks = S.NumBlocks;
  for (uint32_t J = 0; J < gNumThreads; ++J)
    St.threads += scanned(gThreads[J]);
  takeCensus(S, 1, gCensus, gNumCensus);
  for (size_t I = 0; I < gNumCensus; ++I)
    gCensus[I].Replaced = takeReplaced(gCensus[I].Slot);

  size_t NumSurvivors = survivors(nullptr, 0);
  Survivor *Survivors = S.Work.array<Survivor>(NumSurvivors);
  NumSurvivors = survivors(Survivors, NumSurvivors);

  auto SizeOf = [](uint32_t Slot, int64_t Count) -> uint64_t {
    const TypeInfo *Info = slotInfoLocked(Slot);
    return Info && Info->Size ? Info->Size * uint64_t(Count > 0 ? Count : 1)
                              : 1;
  };
  // Whether P is in a root's memory, or anywhere on a thread's stack (below
  // its stack pointer too: that is no object's storage any more).
  auto InRoot = [&](uintptr_t P) {
    for (size_t R = 0; R < S.NumRoots; ++R)
      if (P >= S.Roots[R].Low && P < S.Roots[R].High)
        return true;
    const Mapping *M = mappingOf(S.Maps, S.NumMaps, P);
    for (uint32_t J = 0; M && J < gNumThreads; ++J)
      if (gThreads[J].StackHigh && gThreads[J].Sp >= M->Low &&
          gThreads[J].Sp < M->High)
        return true;
    return false;
  };

  // --- the nodes: the heap's blocks, and counted objects standing in -------
  // Counted objects outside every block, the roots and the stacks (no
  // shim; memory the program mapped itself) stand in for blocks.
  auto *Standing = S.Work.array<TrackedObject>(S.NumTracked);
  size_t NumStanding = 0;
  for (size_t I = 0; I < S.NumTracked; ++I) {
    const TrackedObject &T = S.Tracked[I];
    if (S.blockOf(T.Address) >= 0 || InRoot(T.Address))
      continue;
    uint32_t Root;
    if (S.storage(T.Address, T.Where, Root) != World::NotKnown)
      continue; // freed storage is no node
    // A member of the previous one stands with it.
    if (NumStanding && T.Address < Standing[NumStanding - 1].Address +
                                       SizeOf(Standing[NumStanding - 1].Slot,
                                              Standing[NumStanding - 1].Count))
      continue;
    Standing[NumStanding++] = T;
  }
  S.NumNodes = S.NumBlocks + NumStanding;
  S.Nodes = S.Work.array<Node>(S.NumNodes);
  {
    size_t B = 0, T = 0, N = 0;
    while (B < S.NumBlocks || T < NumStanding) {
      bool TakeBlock =
          T == NumStanding ||
          (B < S.NumBlocks && S.Blocks[B].start < Standing[T].Address);
      Node &Out = S.Nodes[N++];
      if (TakeBlock) {
        const auto &Bl = S.Blocks[B++];
        Out.Start = Bl.start;
        Out.Size = Bl.size;
        Out.End = Bl.start + (Bl.size ? Bl.size : 1);
        Out.MadeBy = Bl.made_by;
        Out.Serial = Bl.serial;
      } else {
        const TrackedObject &Tr = Standing[T++];
        Out.Start = Tr.Address;
        Out.Size = SizeOf(Tr.Slot, Tr.Count);
        Out.End = Out.Start + Out.Size;
        Out.Slot = Tr.Slot;
      }
      Out.Parent = kUnreached;
      Out.Back = -1;
    }
  }
  S.MinAddress = S.NumNodes ? S.Nodes[0].Start : 0;
  S.MaxAddress = 0;
  for (size_t I = 0; I < S.NumNodes; ++I)
    if (S.Nodes[I].End > S.MaxAddress)
      S.MaxAddress = S.Nodes[I].End;

  // --- breadth first from the roots: the shortest chains ----------------------
  int32_t *Queue = S.Work.array<int32_t>(S.NumNodes);
  size_t Head = 0, Tail = 0;
  for (size_t R = 0; R < S.NumRegionRoots; ++R)
    S.scanRange(S.Roots[R].Low, S.Roots[R].High, fromRoot(uint32_t(R)), Queue,
                Tail);
  for (uint32_t J = 1; J < gNumThreads; ++J) {
    ThreadState &T = gThreads[J];
    if (!scanned(T))
      continue;
    for (unsigned I = 0; I < kRegisters; ++I) {
      S.addRoot(LEAKTRACE_LOC_REGISTER, J, I, 0, 1);
      S.markValue(T.Regs[I], fromRoot(uint32_t(S.NumRoots - 1)), I, Queue,
                  Tail);
    }
  }
  while (Head < Tail) {
    int32_t N = Queue[Head++];
    Node &Nd = S.Nodes[N];
    Nd.FirstWord = 0;
    if (const Mapping *M = mappingOf(S.Maps, S.NumMaps, Nd.Start);
        M && M->Readable && Nd.Start + 8 <= M->High && Nd.Size >= 8)
      Nd.FirstWord = *reinterpret_cast<const uintptr_t *>(Nd.Start);
    S.scanRange(Nd.Start, Nd.Start + Nd.Size, N, Queue, Tail);
  }
  St.bytes = S.BytesScanned;

  // --- the fate of each kept object ---------------------------------------------
  size_t NumSites = numSites();
  int64_t *Fates = S.Work.array<int64_t>(NumSites * LEAKTRACE_FATES + 1);
  Kept *Keep = S.Work.array<Kept>(NumSurvivors);
  size_t NumKeep = 0;
  for (size_t I = 0; I < NumSurvivors; ++I) {
    const Survivor &V = Survivors[I];
    int64_t *F = Fates + size_t(V.Site) * LEAKTRACE_FATES;
    Kept K = {0, V.Slot, LEAKTRACE_FATE_REACHABLE, 0, V.Count, V.Address, -1,
              0};
    uint32_t Root = 0;
    World::StorageState State = S.storage(V.Address, V.Where, Root);
    // Made over an older object in storage that stayed allocated since
    // before that one was made (the same block, or static storage): it took
    // that one's place. Not over a stack slot, or a block freed and given
    // out again in between: that one had ended already.
    if (V.OverOlder && !V.Older.StackTid &&
        (State == World::InHeap || State == World::InRoot)) {
      int64_t B = S.blockOf(V.Address);
      bool Continuous =
          B >= 0 ? V.Older.HeapSerial &&
                       S.Blocks[B].serial <= V.Older.HeapSerial
                 : S.Roots[Root].Kind != LEAKTRACE_LOC_STACK;
      if (Continuous) {
        F[LEAKTRACE_FATE_REPLACING] += V.Count;
        continue;
      }
    }
    switch (State) {
    case World::Freed:
      F[LEAKTRACE_FATE_FREED] += V.Count;
      continue;
    case World::FrameGone:
      F[LEAKTRACE_FATE_FRAME_GONE] += V.Count;
      continue;
    case World::InRoot:
      // Alive in static storage, static TLS or a live frame: that is its
      // root.
      K.Root = Root;
      F[LEAKTRACE_FATE_REACHABLE] += V.Count;
      Keep[NumKeep++] = K;
      continue;
    case World::InHeap:
    case World::NotKnown:
      break;
    }
    int32_t N = S.find(V.Address);
    // A node of the heap, or a counted object standing in for one.
    if (N < 0 || (S.Nodes[N].Parent == kUnreached && !S.Nodes[N].MadeBy)) {
      // Without the shim, or in memory the program mapped itself: what
      // holds it cannot be known.
      F[LEAKTRACE_FATE_UNKNOWN] += V.Count;
      continue;
    }
    K.Node = N;
    if (S.Nodes[N].Parent == kUnreached)
      K.Fate = LEAKTRACE_FATE_UNREACHABLE;
    F[K.Fate] += V.Count;
    Keep[NumKeep++] = K;
  }
  for (size_t Site = 0; Site < NumSites; ++Site)
    Fates[Site * LEAKTRACE_FATES + LEAKTRACE_FATE_REUSED] +=
        siteReused(uint32_t(Site));

  // Cycles among the unreached: from each unreached block holding kept
  // objects, the shortest way back to it through unreached blocks
  // (bounded: a leaked list of a million nodes is one long cycle).
  int32_t *Search = S.Work.array<int32_t>(S.NumNodes);
  struct Cycle {
    int32_t *Nodes;  // [0] the kept objects' block; each points to the
    uintptr_t *From; // next (the last to the first) from From[i]
    uint32_t Length;
  };
  Cycle *Cycles = S.Work.array<Cycle>(NumKeep);
  size_t NumCycles = 0;
  uint32_t Stamp = 0;
  constexpr size_t kMostSearched = 4096;
  for (size_t I = 0; I < NumKeep; ++I) {
    Kept &K = Keep[I];
    if (K.Fate != LEAKTRACE_FATE_UNREACHABLE)
      continue;
    // Objects of one block share its cycle.
    bool Shared = false;
    for (size_t J = 0; J < I && !Shared; ++J)
      if (Keep[J].Node == K.Node && Keep[J].Fate == K.Fate) {
        K.Cycle = Keep[J].Cycle;
        Shared = true;
      }
    if (Shared)
      continue;
    ++Stamp;
    size_t QH = 0, QT = 0;
    Search[QT++] = K.Node;
    S.Nodes[K.Node].Stamp = Stamp;
    S.Nodes[K.Node].Back = -1;
    int32_t Closing = -1;
    uintptr_t ClosingFrom = 0;
    while (QH < QT && QT < kMostSearched && Closing < 0) {
      int32_t N = Search[QH++];
      const Node &Nd = S.Nodes[N];
      const Mapping *M = mappingOf(S.Maps, S.NumMaps, Nd.Start);
      if (!M || !M->Readable)
        continue;
      uintptr_t End =
          Nd.Start + Nd.Size < M->High ? Nd.Start + Nd.Size : M->High;
      for (uintptr_t A = (Nd.Start + 7) & ~uintptr_t(7); A + 8 <= End;
           A += 8) {
        int32_t T = S.find(*reinterpret_cast<const uintptr_t *>(A));
        if (T < 0 || S.Nodes[T].Parent != kUnreached)
          continue;
        if (T == K.Node) {
          Closing = N;
          ClosingFrom = A;
          break;
        }
        if (S.Nodes[T].Stamp == Stamp)
          continue;
        S.Nodes[T].Stamp = Stamp;
        S.Nodes[T].Back = N;
        S.Nodes[T].From = A;
        Search[QT++] = T;
        if (QT == kMostSearched)
          break;
      }
    }
    if (Closing < 0)
      continue;
    uint32_t Length = 1;
    for (int32_t N = Closing; N != K.Node; N = S.Nodes[N].Back)
      ++Length;
    Cycle &C = Cycles[NumCycles++];
    C.Nodes = S.Work.array<int32_t>(Length);
    C.From = S.Work.array<uintptr_t>(Length);
    C.Length = Length;
    // C.Nodes[0] is the kept objects' block, C.Nodes[Length-1] the closing
    // one; the pointer to C.Nodes[i+1] is in C.Nodes[i] at its From, as
    // this search set it (a later search may set it again).
    uint32_t At = Length;
    for (int32_t N = Closing;; N = S.Nodes[N].Back) {
      C.Nodes[--At] = N;
      if (N == K.Node)
        break;
    }
    for (uint32_t L = 0; L + 1 < Length; ++L)
      C.From[L] = S.Nodes[C.Nodes[L + 1]].From;
    C.From[Length - 1] = ClosingFrom;
    K.Cycle = uint32_t(NumCycles);
  }

  // --- the world goes on ------------------------------------------------------------
  // Nothing below reads the program's memory: the locations hold what was
  // read above. The counters' lock stays held for the types' names.
  resumeOtherThreads();
  if (Heap)
    Heap->unlock();
  unlockTracked();

  // --- the paths, grouped ------------------------------------------------------------
  // The trie, in the order the search reached the nodes: a node's parent
  // came before it.
  Trie T;
  T.init(S.Work, S.NumNodes + S.NumRoots + NumKeep);
  auto RootKey = [&](uint32_t R, uintptr_t Word, uint32_t &Kind) -> uintptr_t {
    const Root &Ro = S.Roots[R];
    Kind = Ro.Kind;
    switch (Ro.Kind) {
    case LEAKTRACE_LOC_GLOBAL:
      return Word;
    case LEAKTRACE_LOC_TLS:
      return uintptr_t(Ro.Module) << 32 ^ (Word - Ro.Low);
    case LEAKTRACE_LOC_STACK:
      return frameOf(gThreads[Ro.Thread], Word);
    case LEAKTRACE_LOC_REGISTER:
      return uintptr_t(Ro.Thread) << 8 | Ro.Module;
    default:
      return uintptr_t(Ro.Thread) << 32 ^ (Word - Ro.Low);
    }
  };
  for (size_t Q = 0; Q < Tail; ++Q) {
    Node &Nd = S.Nodes[Queue[Q]];
    uint32_t ParentPath;
    bool New;
    if (Nd.Parent < kUnreached) {
      uint32_t Kind;
      uint32_t R = rootOf(Nd.Parent);
      uintptr_t Key = RootKey(R, Nd.From, Kind);
      ParentPath = T.intern(0, Kind, Key, New);
      if (New) {
        T.Nodes[ParentPath].Word = Nd.From;
        T.Nodes[ParentPath].Root = R;
      }
    } else {
      const Node &P = S.Nodes[Nd.Parent];
      ParentPath = P.Path;
      // A run of blocks made by the same code (a list, a tree) is one
      // location of the path.
      TrieNode &Last = T.Nodes[ParentPath];
      if (Last.Kind == LEAKTRACE_LOC_BLOCK &&
          Last.Key == uintptr_t(Nd.MadeBy) + Nd.Slot &&
          (Nd.MadeBy || Nd.Slot)) {
        Nd.Path = ParentPath;
        Nd.Run = P.Run + 1;
        continue;
      }
      // The run of the parent's location ends at the parent here.
      if (P.Run < Last.RunMin)
        Last.RunMin = P.Run;
      if (P.Run > Last.RunMax)
        Last.RunMax = P.Run;
    }
    Nd.Path = T.intern(ParentPath, LEAKTRACE_LOC_BLOCK,
                       uintptr_t(Nd.MadeBy) + Nd.Slot, New);
    Nd.Run = 1;
    if (New) {
      T.Nodes[Nd.Path].Example = Queue[Q];
      T.Nodes[Nd.Path].RunMin = UINT32_MAX;
    }
  }
  for (size_t I = 0; I < NumKeep; ++I) {
    Kept &K = Keep[I];
    bool New;
    if (K.Fate == LEAKTRACE_FATE_REACHABLE && K.Node >= 0) {
      K.Path = S.Nodes[K.Node].Path;
    } else if (K.Fate == LEAKTRACE_FATE_REACHABLE) {
      // In static storage or in a frame: the root itself.
      uint32_t Kind;
      uintptr_t Key = RootKey(K.Root, K.Where, Kind);
      K.Path = T.intern(0, Kind, Key, New);
      if (New) {
        T.Nodes[K.Path].Word = K.Where;
        T.Nodes[K.Path].Root = K.Root;
      }
    } else if (K.Cycle) {
      const Cycle &C = Cycles[K.Cycle - 1];
      uintptr_t Sig = 0;
      for (uint32_t L = 0; L < C.Length; ++L)
        Sig = Sig * 31 + uintptr_t(S.Nodes[C.Nodes[L]].MadeBy) +
              S.Nodes[C.Nodes[L]].Slot;
      // Unreached keys are children of the trie's nothing, which no chain
      // from a root is.
      K.Path = T.intern(0, LEAKTRACE_LOC_UNKNOWN + 100, Sig, New);
    } else {
      K.Path = T.intern(0, LEAKTRACE_LOC_UNKNOWN + 101,
                        uintptr_t(S.Nodes[K.Node].MadeBy), New);
    }
  }
  // Group the kept objects by (path, type, fate): sort, then merge.
  sortBy(Keep, NumKeep, [](const Kept &K) {
    return (uint64_t(K.Path) << 32) ^ (uint64_t(K.Slot) << 4) ^ K.Fate;
  });
  size_t NumGroups = 0;
  for (size_t I = 0; I < NumKeep; ++I) {
    if (NumGroups && Keep[NumGroups - 1].Path == Keep[I].Path &&
        Keep[NumGroups - 1].Slot == Keep[I].Slot &&
        Keep[NumGroups - 1].Fate == Keep[I].Fate) {
      Keep[NumGroups - 1].Objects += Keep[I].Objects;
      continue;
    }
    Keep[NumGroups++] = Keep[I];
  }
  // Most objects first; at most kMaxPaths listed.
  sortBy(Keep, NumGroups, [](const Kept &K) { return -K.Objects; });
  constexpr size_t kMaxPaths = 4096;
  size_t Listed = NumGroups < kMaxPaths ? NumGroups : kMaxPaths;
  for (size_t I = Listed; I < NumGroups; ++I)
    St.unlisted += Keep[I].Objects;

  // --- the locations ------------------------------------------------------------
  size_t MostLocations = 0;
  for (size_t I = 0; I < Listed; ++I) {
    const Kept &K = Keep[I];
    if (K.Cycle) {
      MostLocations += Cycles[K.Cycle - 1].Length + 1;
      continue;
    }
    for (uint32_t P = K.Path; P; P = T.Nodes[P].Parent)
      ++MostLocations;
    ++MostLocations;
  }
  gPaths = gResults.array<leaktrace_path>(Listed);
  gLocations = gResults.array<leaktrace_location>(MostLocations);
  auto Typed = [&](leaktrace_location &L, uintptr_t Address) {
    uint64_t Offset = 0;
    if (const TrackedObject *O = S.objectAt(Address, Offset)) {
      const TypeInfo *Info = slotInfoLocked(O->Slot);
      L.type = Info ? Info->Name : nullptr;
      L.type_offset = Offset;
    }
  };
  auto BlockLocation = [&](int32_t N, uintptr_t Pointer) {
    const Node &Nd = S.Nodes[N];
    leaktrace_location &L = gLocations[gNumLocations++];
    L.kind = Nd.MadeBy || !Nd.Slot ? LEAKTRACE_LOC_BLOCK : LEAKTRACE_LOC_UNKNOWN;
    L.address = reinterpret_cast<const void *>(Nd.Start);
    L.offset = Pointer - Nd.Start;
    L.size = Nd.Size;
    L.made_by = Nd.MadeBy;
    L.first_word = reinterpret_cast<const void *>(Nd.FirstWord);
    L.run_min = L.run_max = 1;
    Typed(L, Pointer);
    return &L;
  };
  auto RootLocation = [&](uint32_t R, uintptr_t Word) {
    const Root &Ro = S.Roots[R];
    leaktrace_location &L = gLocations[gNumLocations++];
    L.kind = Ro.Kind;
    L.thread = Ro.Thread;
    switch (Ro.Kind) {
    case LEAKTRACE_LOC_GLOBAL:
      L.address = reinterpret_cast<const void *>(Word);
      break;
    case LEAKTRACE_LOC_TLS:
      L.address = reinterpret_cast<const void *>(S.Modules[Ro.Module].Image);
      L.offset = Word - Ro.Low;
      break;
    case LEAKTRACE_LOC_STACK: {
      const ThreadState &Th = gThreads[Ro.Thread];
      uint32_t I = frameIndexOf(Th, Word);
      L.address = reinterpret_cast<const void *>(frameOf(Th, Word));
      setCallers(L, Th, I);
      break;
    }
    case LEAKTRACE_LOC_REGISTER:
      L.address = reinterpret_cast<const void *>(gThreads[Ro.Thread].Pc);
      L.offset = Ro.Module;
      L.register_name = kRegisterNames[Ro.Module];
      setCallers(L, gThreads[Ro.Thread], 0);
      return &L;
    default:
      L.offset = Word - Ro.Low;
      break;
    }
    Typed(L, Word);
    return &L;
  };
  uint32_t *Chain = S.Work.array<uint32_t>(T.Count + 1);
  for (size_t I = 0; I < Listed; ++I) {
    const Kept &K = Keep[I];
    leaktrace_path &P = gPaths[gNumPaths++];
    const TypeInfo *Info = slotInfoLocked(K.Slot);
    P.type = Info ? Info->Name : "?";
    P.fate = K.Fate;
    P.objects = K.Objects;
    P.first = uint32_t(gNumLocations);
    if (K.Cycle) {
      const Cycle &C = Cycles[K.Cycle - 1];
      P.cycle = 1;
      for (uint32_t L = 0; L < C.Length; ++L)
        BlockLocation(C.Nodes[L], C.From[L]);
      leaktrace_location *Last = BlockLocation(C.Nodes[0], K.Where);
      Last->type = P.type;
      Last->type_offset = 0;
      P.count = uint32_t(gNumLocations) - P.first;
      continue;
    }
    if (K.Fate == LEAKTRACE_FATE_UNREACHABLE || K.Node < 0) {
      // Where the objects are, and nothing before (unreachable), or the
      // root that is their own storage.
      leaktrace_location *Last = K.Node >= 0 ? BlockLocation(K.Node, K.Where)
                                             : RootLocation(K.Root, K.Where);
      Last->type = P.type;
      Last->type_offset = 0;
      P.count = 1;
      continue;
    }
    size_t Length = 0;
    for (uint32_t Id = K.Path; Id; Id = T.Nodes[Id].Parent)
      Chain[Length++] = Id;
    // Chain[Length-1] is the root. Each location is shown with the pointer
    // to the next: the example of the next location was reached from an
    // address in a block (or the root word) of this one.
    for (size_t J = Length; J-- > 0;) {
      const TrieNode &Tn = T.Nodes[Chain[J]];
      if (J == Length - 1) {
        // The root: the word that points to the next location's example.
        uintptr_t Word = Tn.Word;
        const TrieNode &Next = T.Nodes[Chain[J - 1]];
        if (Next.Example >= 0 && S.Nodes[Next.Example].Parent < kUnreached)
          Word = S.Nodes[Next.Example].From;
        RootLocation(Tn.Root, Word);
        continue;
      }
      int32_t Example = Tn.Example;
      uintptr_t Pointer = S.Nodes[Example].Start;
      if (J > 0) {
        const TrieNode &Next = T.Nodes[Chain[J - 1]];
        int32_t Holder = S.Nodes[Next.Example].Parent;
        if (Holder >= 0) {
          Example = Holder;
          Pointer = S.Nodes[Next.Example].From;
        }
      } else {
        Example = K.Node;
        Pointer = K.Where;
      }
      leaktrace_location *L = BlockLocation(Example, Pointer);
      L->run_min = Tn.RunMin != UINT32_MAX && Tn.RunMin ? Tn.RunMin : 1;
      L->run_max = Tn.RunMax ? Tn.RunMax : 1;
      if (J == 0) {
        L->type = P.type;
        L->type_offset = 0;
        L->run_min = L->run_max = S.Nodes[K.Node].Run;
      }
    }
    P.count = uint32_t(gNumLocations) - P.first;
  }
  setFates(Fates);
  unlockCounters();
  unlockSites();
}

} // namespace
