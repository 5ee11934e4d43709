// leaktrace-bench-snapshot: how long one leaktrace_snapshot() takes, as a
// function of the number of registered types and of live counting threads.
//
// Uses only the runtime's C ABI, the way the plugin's code does: it makes N
// type descriptors at run time, and on each of T threads counts one instance
// of every type through __leaktrace_construct(). The threads then park on a
// condition variable, alive (their cells are what a snapshot sums), while
// the main thread, which counts nothing, times leaktrace_snapshot().
//
// Usage: leaktrace-bench-snapshot [--types 10,100,1000,10000]
//          [--threads 1,8,64] [--batches N] [--batch-ms MS] [--out FILE]
// Prints a table; --out FILE also writes the figures as JSON.

#include "leaktrace/leaktrace.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::vector<size_t> parseList(const char *Arg, const char *Option) {
  std::vector<size_t> Values;
  std::string S(Arg);
  size_t Pos = 0;
  while (Pos <= S.size()) {
    size_t Comma = S.find(',', Pos);
    std::string Item = S.substr(
        Pos, Comma == std::string::npos ? std::string::npos : Comma - Pos);
    char *End;
    unsigned long V = strtoul(Item.c_str(), &End, 10);
    if (Item.empty() || *End != '\0' || V == 0) {
      fprintf(stderr,
              "leaktrace-bench-snapshot: %s wants positive numbers "
              "separated by commas, not '%s'\n",
              Option, Arg);
      exit(2);
    }
    Values.push_back(V);
    if (Comma == std::string::npos)
      break;
    Pos = Comma + 1;
  }
  std::sort(Values.begin(), Values.end());
  Values.erase(std::unique(Values.begin(), Values.end()), Values.end());
  return Values;
}

// T threads that count one instance of each of the first N types, stay alive
// until released, then destroy their instances and exit.
class ParkedThreads {
public:
  ParkedThreads(std::vector<__leaktrace_type> &Types, size_t N, size_t T) {
    for (size_t I = 0; I < T; ++I)
      Threads.emplace_back([this, &Types, N] {
        for (size_t J = 0; J < N; ++J)
          __leaktrace_construct(&Types[J], nullptr);
        std::unique_lock<std::mutex> Lock(M);
        ++Ready;
        Changed.notify_all();
        Changed.wait(Lock, [this] { return Released; });
        Lock.unlock();
        for (size_t J = 0; J < N; ++J)
          __leaktrace_destruct(&Types[J], nullptr);
      });
    std::unique_lock<std::mutex> Lock(M);
    Changed.wait(Lock, [&] { return Ready == T; });
  }
  ~ParkedThreads() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Released = true;
    }
    Changed.notify_all();
    for (std::thread &Th : Threads)
      Th.join();
  }

private:
  std::mutex M;
  std::condition_variable Changed;
  size_t Ready = 0;
  bool Released = false;
  std::vector<std::thread> Threads;
};

struct Result {
  size_t Types, Threads, CallsPerBatch;
  std::vector<double> Ns; // per call, one figure per batch, sorted
  double median() const { return Ns[Ns.size() / 2]; }
};

} // namespace

int main(int argc, char **argv) {
  std::vector<size_t> TypeCounts = {10, 100, 1000, 10000};
  std::vector<size_t> ThreadCounts = {1, 8, 64};
  size_t Batches = 15;
  double BatchMs = 2.0;
  const char *Out = nullptr;
  for (int I = 1; I < argc; ++I) {
    std::string A = argv[I];
    const char *V = I + 1 < argc ? argv[I + 1] : nullptr;
    if (A == "--types" && V)
      TypeCounts = parseList(argv[++I], "--types");
    else if (A == "--threads" && V)
      ThreadCounts = parseList(argv[++I], "--threads");
    else if (A == "--batches" && V)
      Batches = parseList(argv[++I], "--batches").front();
    else if (A == "--batch-ms" && V)
      BatchMs = atof(argv[++I]);
    else if (A == "--out" && V)
      Out = argv[++I];
    else {
      fprintf(stderr,
              "usage: %s [--types N,N,...] [--threads N,N,...] "
              "[--batches N] [--batch-ms MS] [--out FILE]\n",
              argv[0]);
      return 2;
    }
  }

  // Names like the plugin's; each descriptor is registered once, the first
  // time a thread counts it. The grid runs in increasing type counts, so
  // that exactly N types are registered while N are measured.
  size_t MaxTypes = TypeCounts.back();
  std::vector<std::string> Names;
  std::vector<__leaktrace_type> Types(MaxTypes);
  Names.reserve(MaxTypes);
  for (size_t I = 0; I < MaxTypes; ++I) {
    Names.push_back("bench::snapshot::Generated" + std::to_string(I));
    Types[I] = {0, 0, Names.back().c_str()};
  }
  std::vector<leaktrace_type_count> Buffer(MaxTypes);

  std::vector<Result> Results;
  printf("%8s %8s %14s %14s %14s\n", "types", "threads", "median us", "min us",
         "max us");
  for (size_t N : TypeCounts)
    for (size_t T : ThreadCounts) {
      ParkedThreads Parked(Types, N, T);
      // The self-check: the snapshot sees exactly N types, each with one
      // live instance per parked thread.
      size_t Registered = leaktrace_snapshot(Buffer.data(), Buffer.size());
      if (Registered != N) {
        fprintf(stderr,
                "leaktrace-bench-snapshot: %zu types registered, "
                "expected %zu\n",
                Registered, N);
        return 1;
      }
      for (size_t I = 0; I < N; ++I)
        if (Buffer[I].insts != int64_t(T) ||
            strcmp(Buffer[I].name, Names[I].c_str()) != 0) {
          fprintf(stderr,
                  "leaktrace-bench-snapshot: %s has insts=%lld, "
                  "expected %zu live (one per thread)\n",
                  Buffer[I].name, (long long)Buffer[I].insts, T);
          return 1;
        }

      // Batches of K calls, K such that a batch lasts about BatchMs: the
      // clock's resolution and call overhead vanish, and the median over
      // batches drops the ones another process interrupted.
      auto Time = [&](size_t K) {
        auto Start = Clock::now();
        for (size_t I = 0; I < K; ++I)
          leaktrace_snapshot(Buffer.data(), Buffer.size());
        return std::chrono::duration<double, std::nano>(Clock::now() - Start)
            .count();
      };
      size_t K = 1;
      while (Time(K) < BatchMs * 1e6 && K < (size_t(1) << 24))
        K *= 2;
      Result R{N, T, K, {}};
      for (size_t B = 0; B < Batches; ++B)
        R.Ns.push_back(Time(K) / double(K));
      std::sort(R.Ns.begin(), R.Ns.end());
      printf("%8zu %8zu %14.3f %14.3f %14.3f\n", N, T, R.median() / 1e3,
             R.Ns.front() / 1e3, R.Ns.back() / 1e3);
      fflush(stdout);
      Results.push_back(std::move(R));
    }

  if (Out) {
    FILE *F = fopen(Out, "w");
    if (!F) {
      perror(Out);
      return 1;
    }
    fprintf(F, "{\"batches\": %zu, \"results\": [", Batches);
    for (size_t I = 0; I < Results.size(); ++I) {
      const Result &R = Results[I];
      fprintf(F,
              "%s\n  {\"types\": %zu, \"threads\": %zu, "
              "\"calls_per_batch\": %zu, \"ns_per_call\": [",
              I ? "," : "", R.Types, R.Threads, R.CallsPerBatch);
      for (size_t J = 0; J < R.Ns.size(); ++J)
        fprintf(F, "%s%.1f", J ? ", " : "", R.Ns[J]);
      fprintf(F, "]}");
    }
    fprintf(F, "\n]}\n");
    fclose(F);
  }
  return 0;
}
