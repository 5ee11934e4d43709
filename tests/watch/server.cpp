// A server-like program for `leaktrace watch`'s tests: a client thread
// writes RATE requests a second into a pipe, the server loop reads and
// handles each. What each request leaves, by type (the shapes of a live
// program's counts):
//   watch::Session     kept in a registry never cleared: one more per
//                      request, for as long as requests come (a leak)
//   watch::CacheEntry  an LRU cache of at most 40 entries, one per request
//                      until it is full, then as many as before (bounded)
//   watch::Buffer      one per request, freed in batches of 25 (0..24 alive:
//                      a saw-tooth)
//   watch::Worker      every 10th request starts a thread that holds one
//                      while it handles 15 requests' worth of time, at most
//                      3 at once (a thread pool that starts and ends
//                      threads)
//   watch::Pooled      one per request, made in a static pool of 64 slots
//                      taken in turn, each over the last one made there,
//                      which ends without its destructor (as an arena's
//                      objects do): its count grows by one per request,
//                      but never more than 64 are really alive (not a
//                      leak; the "pool" shape, not run by default)
// `server RATE [SHAPE...]` runs the shapes named (leak, cache, sawtooth,
// threads, pool; all but pool by default) until SIGTERM or SIGINT, then
// ends cleanly: status 0, and on standard error "handled N requests".
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace watch {

struct Session {
  explicit Session(long Id) : Id(Id), Peer("client-" + std::to_string(Id)) {}
  ~Session() {}
  long Id;
  std::string Peer;
};

struct CacheEntry {
  explicit CacheEntry(long Key) : Key(Key), Value(64, 'v') {}
  ~CacheEntry() {}
  long Key;
  std::string Value;
};

struct Buffer {
  Buffer() : Bytes(256, 'b') {}
  ~Buffer() {}
  std::string Bytes;
};

struct Worker {
  explicit Worker(long Id) : Id(Id) {}
  ~Worker() {}
  long Id;
};

struct Pooled {
  explicit Pooled(long Id) : Id(Id) {}
  ~Pooled() {}
  long Id;
};

} // namespace watch

namespace {

std::atomic<bool> Stop{false};
void onSignal(int) { Stop = true; }

bool Leak = false, Cache = false, Sawtooth = false, Threads = false,
     Pooling = false;

std::vector<std::unique_ptr<watch::Session>> Registry; // never cleared
std::list<std::unique_ptr<watch::CacheEntry>> Lru;
std::vector<std::unique_ptr<watch::Buffer>> Batch;
std::vector<std::thread> Pool;
std::atomic<int> Running{0};
constexpr int PoolSlots = 64;
alignas(watch::Pooled) unsigned char PoolStorage[PoolSlots][sizeof(watch::Pooled)];

void handle(long Id, double RequestSeconds) {
  if (Leak)
    Registry.push_back(std::make_unique<watch::Session>(Id));
  if (Cache) {
    Lru.push_front(std::make_unique<watch::CacheEntry>(Id));
    if (Lru.size() > 40)
      Lru.pop_back();
  }
  if (Sawtooth) {
    Batch.push_back(std::make_unique<watch::Buffer>());
    if (Batch.size() == 25)
      Batch.clear();
  }
  if (Pooling)
    ::new (PoolStorage[Id % PoolSlots]) watch::Pooled(Id);
  if (Threads && Id % 10 == 0 && Running < 3) {
    ++Running;
    Pool.emplace_back([Id, RequestSeconds] {
      watch::Worker W(Id);
      std::this_thread::sleep_for(
          std::chrono::duration<double>(15 * RequestSeconds));
      --Running;
    });
  }
  // Threads that ended are joined (their std::thread objects go).
  if (Threads && Pool.size() > 6) {
    for (std::thread &T : Pool)
      T.join();
    Pool.clear();
  }
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || atof(argv[1]) <= 0) {
    fprintf(stderr,
            "usage: %s RATE [leak|cache|sawtooth|threads|pool...]\n",
            argv[0]);
    return 2;
  }
  double Rate = atof(argv[1]);
  for (int I = 2; I < argc; ++I) {
    Leak |= !strcmp(argv[I], "leak");
    Cache |= !strcmp(argv[I], "cache");
    Sawtooth |= !strcmp(argv[I], "sawtooth");
    Threads |= !strcmp(argv[I], "threads");
    Pooling |= !strcmp(argv[I], "pool");
  }
  if (argc == 2)
    Leak = Cache = Sawtooth = Threads = true;
  struct sigaction A = {};
  A.sa_handler = onSignal;
  sigaction(SIGTERM, &A, nullptr);
  sigaction(SIGINT, &A, nullptr);

  int Pipe[2];
  if (pipe(Pipe) != 0)
    return 1;
  std::thread Client([&] {
    auto Start = std::chrono::steady_clock::now();
    for (long Id = 0; !Stop; ++Id) {
      std::this_thread::sleep_until(
          Start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                      std::chrono::duration<double>(double(Id) / Rate)));
      if (write(Pipe[1], &Id, sizeof Id) != sizeof Id)
        break;
    }
    close(Pipe[1]);
  });
  long Handled = 0, Id;
  while (read(Pipe[0], &Id, sizeof Id) == sizeof Id) {
    handle(Id, 1 / Rate);
    ++Handled;
  }
  Client.join();
  for (std::thread &T : Pool)
    T.join();
  fprintf(stderr, "handled %ld requests\n", Handled);
  return 0;
}
