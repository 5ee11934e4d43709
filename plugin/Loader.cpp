//===- Loader.cpp - leaktrace.so: check the clang, then load the plugin ---===//
//
// A plugin built against one Clang major and loaded into another either fails
// to load with an unhelpful undefined-symbol message or, worse, loads and
// reads garbage. leaktrace.so is therefore a small loader with no LLVM or
// Clang dependency: its constructor finds which libclang-cpp the running
// compiler uses, stops with a clear error when the major differs from the one
// the plugin was built for, and otherwise loads the real plugin that sits
// beside it. Its static registrations then reach the compiler's registries as
// if it had been named by -fplugin itself.
//
//===----------------------------------------------------------------------===//

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#ifndef LEAKTRACE_LLVM_MAJOR
#error "LEAKTRACE_LLVM_MAJOR must name the LLVM major the plugin is built for"
#endif
#ifndef LEAKTRACE_PLUGIN_IMPL
#error "LEAKTRACE_PLUGIN_IMPL must name the file of the real plugin"
#endif

namespace {

// The major of the libclang-cpp.so.N loaded in this process, or 0.
int runningClangMajor() {
  int Major = 0;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Data) {
        const char *Base = strrchr(Info->dlpi_name, '/');
        Base = Base ? Base + 1 : Info->dlpi_name;
        constexpr char Prefix[] = "libclang-cpp.so.";
        if (strncmp(Base, Prefix, sizeof Prefix - 1) != 0)
          return 0;
        *static_cast<int *>(Data) = atoi(Base + sizeof Prefix - 1);
        return 1;
      },
      &Major);
  return Major;
}

[[noreturn]] void fail(const std::string &Message) {
  fprintf(stderr, "error: %s\n", Message.c_str());
  fflush(stderr);
  // Returning would leave the compiler running without the instrumentation
  // the user asked for; there is no error channel from a library constructor.
  _exit(1);
}

__attribute__((constructor)) void loadPlugin() {
  const int Built = LEAKTRACE_LLVM_MAJOR;
  int Running = runningClangMajor();
  std::string Rebuild = "rebuild it with `make LLVM=" + std::to_string(Running) +
                        "` or cmake -DLLVM_DIR=/usr/lib/llvm-" +
                        std::to_string(Running) + "/lib/cmake/llvm";
  if (Running == 0)
    fail("leaktrace.so must be loaded by clang with -fplugin=; this process "
         "has no libclang-cpp loaded (leaktrace.so was built for clang " +
         std::to_string(Built) + ")");
  if (Running != Built)
    fail("leaktrace.so was built for clang " + std::to_string(Built) +
         ", this is clang " + std::to_string(Running) + ": " + Rebuild +
         ", or compile with clang-" + std::to_string(Built));

  Dl_info Self;
  if (!dladdr(reinterpret_cast<void *>(&runningClangMajor), &Self) ||
      !Self.dli_fname)
    fail("leaktrace.so cannot find its own path");
  std::string Dir = Self.dli_fname;
  Dir = Dir.substr(0, Dir.find_last_of('/') + 1);
  std::string Impl = Dir + LEAKTRACE_PLUGIN_IMPL;
  if (!dlopen(Impl.c_str(), RTLD_NOW | RTLD_GLOBAL))
    fail(std::string("leaktrace.so cannot load its implementation: ") +
         dlerror() + "; it must sit beside leaktrace.so (" + Rebuild + ")");
}

} // namespace
