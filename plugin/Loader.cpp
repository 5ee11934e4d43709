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

#include "ClangMajorCheck.h"

#include <dlfcn.h>

#include <string>

#ifndef LEAKTRACE_LLVM_MAJOR
#error "LEAKTRACE_LLVM_MAJOR must name the LLVM major the plugin is built for"
#endif
#ifndef LEAKTRACE_PLUGIN_IMPL
#error "LEAKTRACE_PLUGIN_IMPL must name the file of the real plugin"
#endif

using namespace leaktrace;

namespace {

__attribute__((constructor)) void loadPlugin() {
  requireClangMajor(LEAKTRACE_LLVM_MAJOR, "leaktrace.so");

  Dl_info Self;
  if (!dladdr(reinterpret_cast<void *>(&loadPlugin), &Self) || !Self.dli_fname)
    failToLoad("leaktrace.so cannot find its own path");
  std::string Dir = Self.dli_fname;
  Dir = Dir.substr(0, Dir.find_last_of('/') + 1);
  std::string Impl = Dir + LEAKTRACE_PLUGIN_IMPL;
  if (!dlopen(Impl.c_str(), RTLD_NOW | RTLD_GLOBAL))
    failToLoad(std::string("leaktrace.so cannot load its implementation: ") +
               dlerror() + "; it must sit beside leaktrace.so (" +
               rebuildAdvice(LEAKTRACE_LLVM_MAJOR) + ")");
}

} // namespace
