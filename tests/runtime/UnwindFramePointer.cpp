// Frames with a frame pointer, for UnwindTest.cpp: the CFA is rbp-based
// after the prologue, and code called from here finds rbp live.
#include "UnwindTest.h"

void recurseWithFramePointer(int Depth, UnwindCallback Callback, void *Arg) {
  if (Depth == 0)
    Callback(Arg);
  else
    recurseWithFramePointer(Depth - 1, Callback, Arg);
  // Not a tail call: every level keeps its frame.
  asm volatile("" ::: "memory");
}
