// Is it really alive, and who keeps it alive: each test leaves objects of
// its own type behind in a different way, and the leak summary must say
// for each what became of them (leaktrace.h, LEAKTRACE_FATE_*) and, for
// those alive, the shortest chain of pointers from the root that holds
// them. Every test leaves exactly one object per run, or three for the
// pools, so each growing type grows by +1 (or +3) per iteration.

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <vector>

namespace keep {

// --- alive, reached from a root -----------------------------------------------

/// Kept by a global container: the path is the global, then the vector's
/// buffer.
struct Entry {
  explicit Entry(int Id) : Id(Id) {}
  ~Entry() { Id = -1; }
  int Id;
};
std::vector<Entry *> Registry;

/// Kept by a function-local static map of shared_ptrs: the static, the
/// map's tree node, then the shared_ptr's control block (make_shared).
struct Session {
  Session() {}
  ~Session() {}
  int Id = 0;
};
std::map<int, std::shared_ptr<Session>> &sessions() {
  static std::map<int, std::shared_ptr<Session>> All;
  return All;
}

/// Kept by a member of a counted object kept by a thread_local.
struct Item {
  Item() {}
  ~Item() {}
  long Payload = 7;
};
struct Holder {
  Holder() {}
  ~Holder() {}
  std::vector<std::unique_ptr<Item>> Items;
};
thread_local Holder PerThread;

// --- alive, reached by nothing --------------------------------------------------

/// Two types holding each other through shared_ptrs: a cycle.
struct Right;
struct Left {
  Left() {}
  ~Left() {}
  std::shared_ptr<Right> R;
};
struct Right {
  Right() {}
  ~Right() {}
  std::shared_ptr<Left> L;
};

/// Leaked with no pointer left to it.
struct Lost {
  Lost() {}
  ~Lost() {}
  char Bytes[24] = {};
};

// --- ended without the destructor: no leak -------------------------------------------

struct Value {
  explicit Value(int X) : V(X) {}
  ~Value() {}
  int V;
};

/// A bump arena over one block it reuses from the start on every reset.
class Arena {
public:
  explicit Arena(size_t Size) : Block(static_cast<unsigned char *>(::operator new(Size))), Size(Size) {}
  ~Arena() { ::operator delete(Block); }
  void *allocate(size_t N) {
    if (Used + N > Size)
      return nullptr;
    void *P = Block + Used;
    Used += N;
    return P;
  }
  void reset() { Used = 0; }

private:
  unsigned char *Block;
  size_t Size, Used = 0;
};
Arena &arena() {
  static Arena A(sizeof(Value) * 16);
  return A;
}

struct Slotted {
  explicit Slotted(int X) : V(X) {}
  ~Slotted() {}
  int V;
};

struct Pooled {
  explicit Pooled(int X) : V(X) {}
  ~Pooled() {}
  int V;
};
struct Kept {
  Kept() {}
  ~Kept() {}
};
std::vector<std::unique_ptr<Kept>> KeptToo;

// --- held by another thread ---------------------------------------------------------

/// Kept only by a local of a thread that waits, until the layer's end.
struct Parcel {
  Parcel() {}
  ~Parcel() {}
  int Id = 3;
};
class Courier {
public:
  /// Returns once the courier carries it.
  void hand(Parcel *P) {
    std::unique_lock<std::mutex> Lock(M);
    Inbox = P;
    Ready.notify_all();
    Taken.wait(Lock, [&] { return !Inbox; });
  }
  void stop() {
    {
      std::unique_lock<std::mutex> Lock(M);
      Stopping = true;
    }
    Ready.notify_all();
    if (T.joinable())
      T.join();
  }
  void start() {
    T = std::thread([this] { run(); });
  }

private:
  // Moves each parcel it is handed into its own frame's vector, and
  // waits: only its stack holds them.
  void run();
  std::thread T;
  std::mutex M;
  std::condition_variable Ready, Taken;
  Parcel *Inbox = nullptr;
  bool Stopping = false;
};

__attribute__((noinline)) void Courier::run() {
  std::vector<std::unique_ptr<Parcel>> Carried;
  std::unique_lock<std::mutex> Lock(M);
  for (;;) {
    Ready.wait(Lock, [&] { return Inbox || Stopping; });
    if (Stopping)
      return;
    Carried.emplace_back(Inbox);
    Inbox = nullptr;
    Taken.notify_all();
  }
}

#if defined(__x86_64__)
/// Kept only in a register of a thread waiting in a system call: no word of
/// memory the scan reads holds its address (the thread's stack holds it
/// masked, the frame that made it is gone).
struct Token {
  Token() {}
  ~Token() {}
  long Id = 5;
};
constexpr uintptr_t kMask = 0x5a5a5a5a5a5a5a5aull;
__attribute__((noinline)) uintptr_t maskedToken() {
  return reinterpret_cast<uintptr_t>(new Token) ^ kMask;
}
/// Unmasks it into r12, says so in *Ready, and waits on *Word for good.
[[noreturn]] __attribute__((noinline)) void holdInRegister(uintptr_t Masked,
                                                           int *Ready,
                                                           int *Word) {
  asm volatile("mov %%rdi, %%r12\n\t"
               "movabs $0x5a5a5a5a5a5a5a5a, %%rax\n\t"
               "xor %%rax, %%r12\n\t"
               "movl $1, (%%rsi)\n\t"
               "mov %%rdx, %%rdi\n\t"
               "mov $128, %%esi\n\t" // FUTEX_WAIT_PRIVATE
               "xor %%edx, %%edx\n\t"
               "xor %%r10d, %%r10d\n\t"
               "1:\n\t"
               "mov $202, %%eax\n\t" // SYS_futex
               "syscall\n\t"
               "jmp 1b"
               :
               : "D"(Masked), "S"(Ready), "d"(Word)
               : "rax", "rcx", "r10", "r11", "r12", "memory");
  __builtin_unreachable();
}
#endif

Courier &courier() {
  static Courier *C = [] {
    auto *New = new Courier;
    New->start();
    return New;
  }();
  return *C;
}

} // namespace keep

using namespace keep;

TEST(Alive, GlobalContainer) { Registry.push_back(new Entry(1)); }

TEST(Alive, StaticMapOfSharedPtrs) {
  int Next = int(sessions().size());
  sessions()[Next] = std::make_shared<Session>();
}

TEST(Alive, ThreadLocalMember) {
  PerThread.Items.push_back(std::make_unique<Item>());
}

TEST(Unreachable, SharedPtrCycle) {
  auto L = std::make_shared<Left>();
  L->R = std::make_shared<Right>();
  L->R->L = L;
}

TEST(Unreachable, NoPointerLeft) {
  Lost *P = new Lost();
  P = nullptr;
  EXPECT_EQ(P, nullptr);
}

// The two pools: three objects made per run, none destroyed, none
// alive at the end.
TEST(Pool, FreedWholesale) {
  std::vector<unsigned char> Pool(sizeof(Value) * 3);
  for (int I = 0; I < 3; ++I)
    ::new (Pool.data() + I * sizeof(Value)) Value(I);
}

TEST(Pool, SlotReused) {
  alignas(Slotted) unsigned char Slot[sizeof(Slotted)];
  for (int I = 0; I < 3; ++I)
    ::new (Slot) Slotted(I);
}

// An arena that lives on and reuses its one block: what it held is made
// over by the next run.
TEST(Pool, ArenaReusesOneBlock) {
  arena().reset();
  for (int I = 0; I < 3; ++I)
    ::new (arena().allocate(sizeof(Value))) Value(I);
}

// Both: the pool's objects are no leak, the kept one is.
TEST(Pool, AndALeak) {
  std::vector<unsigned char> Pool(sizeof(Pooled) * 3);
  for (int I = 0; I < 3; ++I)
    ::new (Pool.data() + I * sizeof(Pooled)) Pooled(I);
  KeptToo.push_back(std::make_unique<Kept>());
}

TEST(Threads, HeldByAnotherThreadsStack) { courier().hand(new Parcel); }

#if defined(__x86_64__)
TEST(Threads, HeldInAnotherThreadsRegister) {
  static int Word = 0; // never changes: the threads wait for good
  int Ready = 0;
  std::thread([&Ready] {
    holdInRegister(maskedToken(), &Ready, &Word);
  }).detach();
  while (!__atomic_load_n(&Ready, __ATOMIC_ACQUIRE))
    std::this_thread::yield();
}
#endif

