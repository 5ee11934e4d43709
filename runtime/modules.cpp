// leaktrace runtime: which loaded module holds an address.
//
// One walk of the loaded modules (dl_iterate_phdr, so in a statically
// linked program too) for what needs it: naming a frame's module for a
// symbolizer (leaktrace_module_of), and telling which type descriptors go
// with a module being unloaded (counters.cpp).

#include "leaktrace/leaktrace.h"
#include "registry.h"

#include <link.h>

namespace {

int findModule(struct dl_phdr_info *Info, size_t, void *Arg) {
  auto &M = *static_cast<leaktrace::rt::LoadedModule *>(Arg);
  bool Holds = false;
  unsigned N = 0;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD)
      continue;
    uintptr_t Low = Info->dlpi_addr + P.p_vaddr, High = Low + P.p_memsz;
    Holds |= M.Address >= Low && M.Address < High;
    if (N < leaktrace::rt::LoadedModule::kMaxRanges) {
      M.Low[N] = Low;
      M.High[N++] = High;
    }
  }
  if (!Holds)
    return 0;
  M.Name = Info->dlpi_name ? Info->dlpi_name : "";
  M.Base = Info->dlpi_addr;
  M.NumRanges = N;
  return 1;
}

} // namespace

bool leaktrace::rt::findLoadedModule(const void *Address, LoadedModule &M) {
  M = LoadedModule{};
  M.Address = uintptr_t(Address);
  return dl_iterate_phdr(findModule, &M) != 0;
}

bool leaktrace::rt::LoadedModule::holds(uintptr_t A) const {
  for (unsigned R = 0; R < NumRanges; ++R)
    if (A >= Low[R] && A < High[R])
      return true;
  return false;
}

extern "C" const char *leaktrace_module_of(const void *Address,
                                          uintptr_t *Offset) {
  leaktrace::rt::LoadedModule M;
  if (!leaktrace::rt::findLoadedModule(Address, M))
    return nullptr;
  *Offset = uintptr_t(Address) - M.Base;
  return M.Name;
}
