// End-to-end: every shape of shapes.h built, copied, moved and destroyed,
// compiled with the plugin at -O0 and -O2 and run with
// LEAKTRACE_REPORT=exit. What each class leaves alive at exit is written
// next to its use; the report must equal expected.txt exactly. A copy made
// without a count would show as a negative number.
#include "shapes.h"

#include <leaktrace/leaktrace.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

using namespace shapes;

// Built before main, destroyed after it (before the report).
Fd GlobalFd(1);
Empty GlobalEmpty;

// Constant-initialised: built at compile time, no constructor runs. They
// are counted where their destruction is registered, before main: 1 + 4 + 2
// Counters and one Named.
Counter GlobalCounter;
Counter GlobalCounters[4];
Pair GlobalPair;
Named GlobalNamed;

// A heap object made before main.                              -> Record 1
Record *EarlyRecord = new Record{"early", 0};

Counter &localCounter() {
  static Counter Local; // constant-initialised, counted on first use
  return Local;
}
thread_local Counter PerThread; // counted in each thread that uses it

static long insts(const char *Name) {
  leaktrace_type_count Rows[64];
  size_t N = leaktrace_snapshot(Rows, 64);
  for (size_t I = 0; I < N && I < 64; ++I)
    if (strcmp(Rows[I].name, Name) == 0)
      return long(Rows[I].insts);
  return 0;
}

int main() {
  // Before anything else: the constant-initialised objects.
  printf("Counter %ld, Named %ld\n", insts("shapes::Counter"),
         insts("shapes::Named"));
  localCounter();
  std::thread([] { (void)&PerThread; }).join();
  printf("Counter %ld after the static and a thread's thread_local\n",
         insts("shapes::Counter"));

  // Fd: copies and moves of stack objects, a copy into the heap, a vector
  // that reallocates (it copies: no noexcept move), an array, an optional
  // copied twice, a pair, a lambda capture kept in a std::function, copies
  // made on another thread.                                          -> 5
  {
    Fd A(1);
    Fd B = A;
    Fd C(static_cast<Fd &&>(B));
    new Fd(C);                                          // 1
    std::vector<Fd> V;
    for (int I = 0; I < 5; ++I)
      V.push_back(Fd(I));
    new std::vector<Fd>(V);                             // 5 more... see below
    Fd Arr[3] = {Fd(1), Fd(2), Fd(3)};
    Fd Copies[3] = {Arr[0], Arr[1], Arr[2]};
    (void)Copies;
    std::optional<Fd> O(std::in_place, 4);
    std::optional<Fd> O2 = O;
    new std::optional<Fd>(O2);                          // 1 more
    std::pair<Fd, int> P(Fd(5), 5);
    auto P2 = P;
    (void)P2;
    new std::function<int()>([A] { return A.F; });      // 1 more
    std::thread([&A] { Fd T = A; new Fd(T); }).join();  // 1 more
    Fd M = makeFd(9);
    (void)M;
  }
  // The heap copies: 1 + 5 (the vector copy) + 1 + 1 + 1 = 9 Fds.

  // Box<int>: copies, moved into a vector, one leaked copy.           -> 1
  {
    Box<int> B(1);
    Box<int> C = B;
    std::vector<Box<int>> V{B, C};
    new Box<int>(V.back());
  }

  // Empty: an array on the heap, copies.                              -> 3
  {
    Empty E;
    Empty F = E;
    (void)F;
    new Empty[3];
  }

  // Counter: default-constructed (defaulted), delegating, copies; an array
  // of default-constructed ones kept.                                 -> 4
  {
    Counter A, B("seven"), C(A);
    (void)B, (void)C;
    new Counter[3];
    new Counter(A);
  }

  // Holder: copies of the holder copy its Fd; one holder kept.
  //                                                       -> Holder 1, Fd 1
  {
    Holder H(1);
    Holder G = H;
    new Holder(G);
  }

  // Span and Record: only objects made with new count. Stack objects and
  // their copies, vector elements, std::make_shared's object (built in its
  // control block) and arrays count nothing; new/delete pairs, a
  // unique_ptr reset, a shared_ptr deleting what it owns, a nothrow new and
  // an initialisation that throws leave nothing.
  //                                                     -> Span 3, Record 1
  {
    Span S{"s", 1};
    Span T = S;
    std::vector<Span> Spans{S, T, S};
    delete new Span{S};
    delete[] new Span[4];
    auto U = std::make_unique<Span>(S);
    U.reset();
    delete new (std::nothrow) Span{};
    new Span(T);                                        // 1
    std::make_unique<Span>(S).release();                // 1
    Record R{"r", 1};
    Record R2 = R;
    std::vector<Record> Records{R, R2};
    auto Shared = std::make_shared<Record>(R);
    std::shared_ptr<Record> Owner(new Record{"owned", 2});
    delete new Record{"deleted", 3};
    try {
      new Record{std::string(std::string().max_size() + 1, 'x'), 4};
    } catch (const std::length_error &) {
    }
    new Record{R2};                                     // 1
    std::thread([] {
      delete new Record{"thread", 5};
      new Span{"thread", 6};                            // 1
    }).join();
  }
}
