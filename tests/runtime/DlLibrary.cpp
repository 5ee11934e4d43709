//===- DlLibrary.cpp - An instrumented library the tests dlopen -----------===//
//
// Built with leaktrace_instrument(... NO_RUNTIME): its hooks resolve to the
// runtime of the executable that loads it.
//
//===----------------------------------------------------------------------===//

#include "DlShared.h"

namespace {
// The executable has a class of the same name.
struct Impl {
  Impl() : S("library") {}
  ~Impl() {}
  std::string S;
};
} // namespace

namespace plugin {

// Left alive on purpose: its row must outlive the library.
struct Only {
  Only() : S("only") {}
  ~Only() {}
  std::string S;
};

// Constructed by dlopen, destroyed by dlclose.
struct Global {
  Global() : S("global") {}
  ~Global() {}
  std::string S;
};
Global TheGlobal;

// Not counted (annotated), and recorded as such by the library.
struct [[clang::annotate("leaktrace::ignore")]] Settings {
  std::string Path;
  int Port;
};
Settings TheSettings{"/tmp", 1};

} // namespace plugin

extern "C" {

__attribute__((visibility("default"))) shared::Widget *dl_new_widget(int N) {
  return new shared::Widget(N);
}
__attribute__((visibility("default"))) void dl_delete_widget(shared::Widget *W) {
  delete W;
}
__attribute__((visibility("default"))) void *dl_new_impl() { return new Impl; }
__attribute__((visibility("default"))) void dl_delete_impl(void *P) {
  delete static_cast<Impl *>(P);
}
__attribute__((visibility("default"))) void dl_leak_only() { new plugin::Only; }

} // extern "C"
