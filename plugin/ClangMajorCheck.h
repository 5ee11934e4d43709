//===- ClangMajorCheck.h - Refuse to run inside another clang major -------===//
//
// A plugin built against one Clang major and loaded into another reads
// another version's AST layout: it crashes or computes garbage. Both the
// loader (leaktrace.so) and the plugin proper (leaktrace-clangN.so, which a
// user may name directly) check the running compiler from a load-time
// initialiser, before any Clang or LLVM code of theirs runs. No LLVM headers
// here: the loader must not depend on LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_CLANGMAJORCHECK_H
#define LEAKTRACE_PLUGIN_CLANGMAJORCHECK_H

#include <link.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace leaktrace {

/// The major of the first libclang-cpp.so.N loaded in this process (the
/// compiler's own: it precedes anything a plugin drags in), or 0.
inline int runningClangMajor() {
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

/// Stops the compiler with \p Message. A library initialiser has no error
/// channel, and returning would leave the compiler running without the
/// instrumentation the user asked for, or with a plugin that would crash it.
[[noreturn]] inline void failToLoad(const std::string &Message) {
  fprintf(stderr, "error: %s\n", Message.c_str());
  fflush(stderr);
  _exit(1);
}

inline std::string rebuildAdvice(int Running) {
  std::string R = std::to_string(Running);
  return "rebuild it with `make LLVM=" + R +
         "` or cmake -DLLVM_DIR=/usr/lib/llvm-" + R + "/lib/cmake/llvm";
}

/// Stops with a clear error unless the running clang is of major \p Built.
inline void requireClangMajor(int Built, const char *Plugin) {
  int Running = runningClangMajor();
  std::string B = std::to_string(Built);
  if (Running == 0)
    failToLoad(std::string(Plugin) +
               " must be loaded by clang with -fplugin=; this process has no "
               "libclang-cpp loaded (" +
               Plugin + " was built for clang " + B + ")");
  if (Running != Built)
    failToLoad(std::string(Plugin) + " was built for clang " + B +
               ", this is clang " + std::to_string(Running) + ": " +
               rebuildAdvice(Running) + ", or compile with clang-" + B);
}

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_CLANGMAJORCHECK_H
