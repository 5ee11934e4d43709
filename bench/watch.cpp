// leaktrace-bench-watch: what `leaktrace watch` costs the program it samples.
//
// Sets up what the snapshot benchmark does at its largest point (N type
// descriptors made at run time, T threads each counting one live instance of
// every type and staying alive), with the runtime's control socket on
// (LEAKTRACE_CONTROL; the program runs itself again with it set), then asks
// its own socket for S samples exactly as the tool does, reading every reply
// whole. Each reply says how much CPU time the runtime's control thread has
// used: the difference between two replies is what one sample cost the
// program. At an interval of I seconds, sampling takes that over I of one
// core.
//
// Then what recording a type's creation sites does to counting it, and what
// is left after: this file is compiled with the plugin, and the time of one
// construct+destroy of bench::watch::Hot (counted inline) is measured in
// rounds, each before `sites-on bench::watch::Hot`, while recording, and
// after `sites-off`. After must cost what before did: recording gives the
// type's descriptors their slots back.
//
// Usage: leaktrace-bench-watch [--types N] [--threads T] [--samples S]
//          [--out FILE]
// Prints the figures; --out FILE also writes them as JSON.

#include "leaktrace/control.h"
#include "leaktrace/leaktrace.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace bench::watch {
/// The type whose counting is timed; not inlined away.
struct Hot {
  Hot() : V(1) {}
  ~Hot() {}
  volatile int V;
};
} // namespace bench::watch

namespace {

/// ns per construct+destroy of a Hot, the median of 7 batches of N.
__attribute__((noinline)) void makeOne() { bench::watch::Hot H; }
double hotNs(size_t N) {
  std::vector<double> Batches;
  for (int B = 0; B < 7; ++B) {
    auto Start = std::chrono::steady_clock::now();
    for (size_t I = 0; I < N; ++I)
      makeOne();
    Batches.push_back(std::chrono::duration<double, std::nano>(
                          std::chrono::steady_clock::now() - Start)
                          .count() /
                      double(N));
  }
  std::sort(Batches.begin(), Batches.end());
  return Batches[Batches.size() / 2];
}

struct LEAKTRACE_IGNORE Parked {
  std::mutex M;
  std::condition_variable Changed;
  size_t Ready = 0;
  bool Released = false;
};

/// Reads one reply to "counts": its header's CPU nanoseconds, after reading
/// the N lines and "end" that follow.
long long readCounts(int Fd, std::string &Pending) {
  auto Line = [&]() -> std::string {
    for (;;) {
      size_t End = Pending.find('\n');
      if (End != std::string::npos) {
        std::string L = Pending.substr(0, End);
        Pending.erase(0, End + 1);
        return L;
      }
      char Buffer[1 << 16];
      ssize_t N = read(Fd, Buffer, sizeof Buffer);
      if (N <= 0) {
        fprintf(stderr, "leaktrace-bench-watch: the control socket closed\n");
        exit(1);
      }
      Pending.append(Buffer, size_t(N));
    }
  };
  unsigned long long Count = 0;
  long long Cpu = 0;
  std::string Header = Line();
  if (sscanf(Header.c_str(), LEAKTRACE_CONTROL_COUNTS " %llu %lld", &Count,
             &Cpu) != 2) {
    fprintf(stderr, "leaktrace-bench-watch: bad reply '%s'\n", Header.c_str());
    exit(1);
  }
  for (unsigned long long I = 0; I < Count; ++I)
    Line();
  if (Line() != LEAKTRACE_CONTROL_END) {
    fprintf(stderr, "leaktrace-bench-watch: the counts did not end\n");
    exit(1);
  }
  return Cpu;
}

} // namespace

int main(int argc, char **argv) {
  size_t Types = 10000, Threads = 64, Samples = 30;
  const char *Out = nullptr;
  for (int I = 1; I < argc; ++I) {
    std::string A = argv[I];
    if (I + 1 >= argc && A != "--child") {
      fprintf(stderr, "usage: %s [--types N] [--threads T] [--samples S] "
                      "[--out FILE]\n", argv[0]);
      return 2;
    }
    if (A == "--types")
      Types = strtoul(argv[++I], nullptr, 10);
    else if (A == "--threads")
      Threads = strtoul(argv[++I], nullptr, 10);
    else if (A == "--samples")
      Samples = strtoul(argv[++I], nullptr, 10);
    else if (A == "--out")
      Out = argv[++I];
    else if (A == "--socket")
      ++I; // the child's own
    else {
      fprintf(stderr, "usage: %s [--types N] [--threads T] [--samples S] "
                      "[--out FILE]\n", argv[0]);
      return 2;
    }
  }
  if (!Types || !Threads || Samples < 2) {
    fprintf(stderr, "leaktrace-bench-watch: --types and --threads at least "
                    "1, --samples at least 2\n");
    return 2;
  }
  // The runtime reads LEAKTRACE_CONTROL when the process starts: run again
  // with it set, the socket's path also given as --socket.
  std::string Socket;
  for (int I = 1; I + 1 < argc; ++I)
    if (!strcmp(argv[I], "--socket"))
      Socket = argv[I + 1];
  if (Socket.empty()) {
    Socket = "/tmp/leaktrace-bench-watch-" + std::to_string(getpid()) + ".sock";
    setenv(LEAKTRACE_CONTROL_VAR, Socket.c_str(), 1);
    std::vector<char *> Args(argv, argv + argc);
    std::string Flag = "--socket";
    Args.push_back(Flag.data());
    Args.push_back(Socket.data());
    Args.push_back(nullptr);
    execv("/proc/self/exe", Args.data());
    perror("leaktrace-bench-watch: execv");
    return 1;
  }

  std::vector<std::string> Names;
  std::vector<__leaktrace_type> Descriptors(Types);
  Names.reserve(Types);
  for (size_t I = 0; I < Types; ++I) {
    Names.push_back("bench::watch::Generated" + std::to_string(I));
    Descriptors[I] = {0, 0, Names.back().c_str()};
  }
  Parked P;
  std::vector<std::thread> Workers;
  for (size_t T = 0; T < Threads; ++T)
    Workers.emplace_back([&] {
      for (__leaktrace_type &D : Descriptors)
        __leaktrace_construct(&D, nullptr);
      std::unique_lock<std::mutex> Lock(P.M);
      ++P.Ready;
      P.Changed.notify_all();
      P.Changed.wait(Lock, [&] { return P.Released; });
      Lock.unlock();
      for (__leaktrace_type &D : Descriptors)
        __leaktrace_destruct(&D, nullptr);
    });
  {
    std::unique_lock<std::mutex> Lock(P.M);
    P.Changed.wait(Lock, [&] { return P.Ready == Threads; });
  }

  int Fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un Address = {};
  Address.sun_family = AF_UNIX;
  snprintf(Address.sun_path, sizeof Address.sun_path, "%s", Socket.c_str());
  if (connect(Fd, reinterpret_cast<sockaddr *>(&Address), sizeof Address)) {
    perror("leaktrace-bench-watch: connect");
    return 1;
  }
  std::string Pending;
  { // The greeting.
    char C;
    while (read(Fd, &C, 1) == 1 && C != '\n')
      ;
  }
  std::vector<double> Us;
  long long Before = -1;
  for (size_t S = 0; S <= Samples; ++S) {
    const char Request[] = LEAKTRACE_CONTROL_COUNTS "\n";
    if (write(Fd, Request, sizeof Request - 1) != ssize_t(sizeof Request - 1))
      return 1;
    long long Cpu = readCounts(Fd, Pending);
    if (Before >= 0)
      Us.push_back(double(Cpu - Before) / 1e3);
    Before = Cpu;
  }

  // Counting Hot before, while and after its sites are recorded, in rounds
  // (a change of machine speed shows in every column alike).
  auto Ask = [&](const std::string &Request) {
    std::string L = Request + "\n";
    if (write(Fd, L.data(), L.size()) != ssize_t(L.size()))
      exit(1);
    for (;;) { // the one-line answer
      size_t End = Pending.find('\n');
      if (End != std::string::npos) {
        Pending.erase(0, End + 1);
        return;
      }
      char B[256];
      ssize_t N = read(Fd, B, sizeof B);
      if (N <= 0)
        exit(1);
      Pending.append(B, size_t(N));
    }
  };
  makeOne(); // registered: its descriptor has its slot
  std::vector<double> HotBefore, Recording, HotAfter;
  for (int Round = 0; Round < 5; ++Round) {
    HotBefore.push_back(hotNs(2000000));
    Ask(LEAKTRACE_CONTROL_SITES_ON " bench::watch::Hot");
    Recording.push_back(hotNs(20000));
    Ask(LEAKTRACE_CONTROL_SITES_OFF);
    HotAfter.push_back(hotNs(2000000));
  }
  auto MedianOf = [](std::vector<double> V) {
    std::sort(V.begin(), V.end());
    return V[V.size() / 2];
  };
  close(Fd);
  {
    std::lock_guard<std::mutex> Lock(P.M);
    P.Released = true;
  }
  P.Changed.notify_all();
  for (std::thread &T : Workers)
    T.join();

  std::vector<double> Sorted = Us;
  std::sort(Sorted.begin(), Sorted.end());
  double SampleUs = Sorted[Sorted.size() / 2];
  printf("%zu types, %zu threads: one sample costs the program %.0f us of "
         "CPU (median of %zu; min %.0f, max %.0f): %.3f%% of one core at a "
         "1 s interval\n",
         Types, Threads, SampleUs, Us.size(), Sorted.front(), Sorted.back(),
         SampleUs / 1e4);
  printf("construct+destroy of a counted class: %.2f ns before its sites are "
         "recorded, %.1f ns while, %.2f ns after (after/before %.3f)\n",
         MedianOf(HotBefore), MedianOf(Recording), MedianOf(HotAfter),
         MedianOf(HotAfter) / MedianOf(HotBefore));
  if (Out) {
    FILE *F = fopen(Out, "w");
    if (!F) {
      perror(Out);
      return 1;
    }
    fprintf(F, "{\"types\": %zu, \"threads\": %zu, \"cpu_us_per_sample\": [",
            Types, Threads);
    for (size_t I = 0; I < Us.size(); ++I)
      fprintf(F, "%s%.3f", I ? ", " : "", Us[I]);
    fprintf(F, "]");
    auto List = [&](const char *Name, const std::vector<double> &V) {
      fprintf(F, ", \"%s\": [", Name);
      for (size_t I = 0; I < V.size(); ++I)
        fprintf(F, "%s%.3f", I ? ", " : "", V[I]);
      fprintf(F, "]");
    };
    List("hot_ns_before", HotBefore);
    List("hot_ns_recording", Recording);
    List("hot_ns_after", HotAfter);
    fprintf(F, "}\n");
    fclose(F);
  }
  return 0;
}
