// A shared library for UnwindTest.cpp, linked and loaded with dlopen: the
// unwinder finds its FDEs through another object's .eh_frame_hdr.
#include "UnwindTest.h"

extern "C" __attribute__((visibility("default"))) void
leaktraceUnwindLibraryRecurse(int Depth, UnwindCallback Callback, void *Arg) {
  if (Depth == 0)
    Callback(Arg);
  else
    leaktraceUnwindLibraryRecurse(Depth - 1, Callback, Arg);
  // Not a tail call: every level keeps its frame.
  asm volatile("" ::: "memory");
}
