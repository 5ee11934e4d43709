//===- DlShared.h - A class both the test and its dlopen'ed library use ---===//
//
// Its members are inline, so the executable and the library each emit and
// instrument a copy with a descriptor of its own (neither exports it to the
// other); the runtime must still show one row for the one name.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TESTS_RUNTIME_DLSHARED_H
#define LEAKTRACE_TESTS_RUNTIME_DLSHARED_H

#include <string>

namespace shared {

struct Widget {
  explicit Widget(int N) : S(std::to_string(N)) {}
  ~Widget() {}
  std::string S;
};

} // namespace shared

// Entry points of the library, looked up with dlsym.
extern "C" {
using DlNewWidget = shared::Widget *(int);
using DlDeleteWidget = void(shared::Widget *);
using DlNewImpl = void *();
using DlDeleteImpl = void(void *);
using DlLeakOnly = void();
}

#endif // LEAKTRACE_TESTS_RUNTIME_DLSHARED_H
