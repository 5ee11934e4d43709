// Frames for the unwinder tests (UnwindTest.cpp) from code built otherwise:
// with frame pointers, in a shared library.
#ifndef LEAKTRACE_TESTS_RUNTIME_UNWINDTEST_H
#define LEAKTRACE_TESTS_RUNTIME_UNWINDTEST_H

using UnwindCallback = void (*)(void *);

/// Depth frames of code built with -fno-omit-frame-pointer, then Callback
/// (UnwindFramePointer.cpp).
void recurseWithFramePointer(int Depth, UnwindCallback Callback, void *Arg);

/// Depth frames in a shared library built at -O2 without frame pointers,
/// then Callback (UnwindLibrary.cpp). The name dlsym looks up.
extern "C" void leaktraceUnwindLibraryRecurse(int Depth,
                                              UnwindCallback Callback,
                                              void *Arg);

#endif
