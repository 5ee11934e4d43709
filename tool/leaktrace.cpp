//===- leaktrace.cpp - the leaktrace command-line tool --------------------===//
//
// Prints what a hand-written build adds to instrument a program, the way
// llvm-config does. Paths are found relative to this executable, so they are
// right both in the build tree (build/bin, build/lib, build/include) and in an
// installation, which has the same layout.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

using namespace llvm;

namespace {

cl::OptionCategory Category("leaktrace options");

cl::opt<bool> CxxFlags("cxxflags",
                       cl::desc("Print the compiler flags that instrument a "
                                "translation unit"),
                       cl::cat(Category));
cl::opt<bool> LdFlags("ldflags",
                      cl::desc("Print the linker flags that add the counting "
                               "runtime to an instrumented executable"),
                      cl::cat(Category));

struct Layout {
  std::string Plugin, Runtime, DynamicList, IncludeDir;
};

std::string parentOf(StringRef Path) { return sys::path::parent_path(Path).str(); }

Layout findLayout(const char *Argv0) {
  std::string Exe = sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(&findLayout));
  SmallString<256> Prefix(parentOf(parentOf(Exe)));
  auto At = [&](StringRef A, StringRef B) {
    SmallString<256> P(Prefix);
    sys::path::append(P, A, B);
    return std::string(P);
  };
  SmallString<256> Include(Prefix);
  sys::path::append(Include, "include");
  return {At("lib", "leaktrace.so"), At("lib", "libleaktrace_rt.a"),
          At("lib", "leaktrace.dynlist"), std::string(Include)};
}

bool checkExists(StringRef Path) {
  if (sys::fs::exists(Path))
    return true;
  errs() << "leaktrace: error: " << Path
         << " is missing: build leaktrace completely (make) or reinstall it\n";
  return false;
}

} // namespace

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "leaktrace " << LEAKTRACE_VERSION << " (plugin for clang "
       << LEAKTRACE_LLVM_MAJOR << ")\n";
  });
  cl::ParseCommandLineOptions(
      argc, argv,
      "leaktrace: count live C++ objects per type\n\n"
      "  Instrument a hand-written build:\n"
      "    clang++-" + std::to_string(LEAKTRACE_LLVM_MAJOR) +
          " $(leaktrace --cxxflags) -c app.cpp\n"
          "    clang++-" + std::to_string(LEAKTRACE_LLVM_MAJOR) +
          " app.o $(leaktrace --ldflags) -o app\n");

  if (!CxxFlags && !LdFlags) {
    errs() << "leaktrace: error: nothing to do: give --cxxflags or --ldflags "
              "(see --help)\n";
    return 2;
  }
  Layout L = findLayout(argv[0]);
  std::string Line;
  if (CxxFlags) {
    if (!checkExists(L.Plugin) || !checkExists(L.IncludeDir))
      return 1;
    // -isystem: the plugin leaves system headers alone, so the runtime's own
    // structs get no remarks.
    Line += "-fplugin=" + L.Plugin + " -isystem " + L.IncludeDir;
  }
  if (LdFlags) {
    if (!checkExists(L.Runtime) || !checkExists(L.DynamicList))
      return 1;
    if (!Line.empty())
      Line += ' ';
    Line += L.Runtime + " -Wl,--dynamic-list=" + L.DynamicList;
  }
  outs() << Line << '\n';
  return 0;
}
