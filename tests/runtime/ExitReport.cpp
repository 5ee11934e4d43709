//===- ExitReport.cpp - What LEAKTRACE_REPORT=exit prints -----------------===//
//
// The report is written after exit() has run every exit handler and static
// destructor, so it lists exactly the objects that were never destroyed:
// here the leaked ones (also from a thread that has exited, and references
// counted through the hooks), and none of those with static storage or
// released by an exit handler. Prints nothing itself; the test compares the
// whole standard error with ExitReport.expected.
//
//===----------------------------------------------------------------------===//

#include "leaktrace/leaktrace.h"

#include <cstdlib>
#include <string>
#include <thread>

namespace report {

// Destroyed by the destructor of Global, after main.
struct Owned {
  Owned() : S("owned") {}
  ~Owned() {}
  std::string S;
};

struct Global {
  Global() : O(new Owned), S("global") {}
  Global(const Global &) = delete;
  ~Global() { delete O; }
  Owned *O;
  std::string S;
};

struct LocalStatic {
  LocalStatic() : S("local static") {}
  ~LocalStatic() {}
  std::string S;
};

struct ByAtexit {
  ByAtexit() : S("atexit") {}
  ~ByAtexit() {}
  std::string S;
};

struct Gone {
  Gone() : S("gone") {}
  ~Gone() {}
  std::string S;
};

struct Leaked {
  Leaked() : S("leaked") {}
  ~Leaked() {}
  std::string S;
};

struct FromThread {
  FromThread() : S("from thread") {}
  ~FromThread() {}
  std::string S;
};

} // namespace report

namespace ns {
template <class T> struct Box {
  Box() : S("box") {}
  ~Box() {}
  T Value{};
  std::string S;
};
} // namespace ns

namespace {
struct Hidden {
  Hidden() : S("hidden") {}
  ~Hidden() {}
  std::string S;
};

report::ByAtexit *ViaAtexit;
// Leaked objects stay reachable from here.
void *volatile Keep[5];
} // namespace

report::Global TheGlobal;

int main() {
  static report::LocalStatic Local;
  ViaAtexit = new report::ByAtexit;
  atexit([] { delete ViaAtexit; });
  { report::Gone G; }

  Keep[0] = new report::Leaked;
  Keep[1] = new ns::Box<int>;
  Keep[2] = new ns::Box<int>;
  Keep[3] = new Hidden;
  std::thread([] { Keep[4] = new report::FromThread; }).join();

  static __leaktrace_type Handle = {0, 0, "manual::Handle"};
  __leaktrace_refs_add(&Handle, +2);
  return 0;
}
