// Internal interface between the runtime's counters and its readers.
//
// The runtime (libleaktrace_rt.a) links into programs built against either
// C++ standard library (libstdc++ or libc++), so it uses none: nothing here
// or in its sources may need a C++ library at link time (only libc and
// libpthread). tests/runtime checks that by linking it into a C program.
#ifndef LEAKTRACE_RUNTIME_REGISTRY_H
#define LEAKTRACE_RUNTIME_REGISTRY_H

#include "leaktrace/leaktrace.h"

#include <stddef.h>

namespace leaktrace::rt {

struct TypeInfo {
  const char *Name;
};

using TypeCount = leaktrace_type_count;

// Prints the message to standard error and aborts.
[[noreturn]] void fatal(const char *What);

// Sums every thread's counts; see leaktrace_snapshot().
size_t snapshot(TypeCount *Out, size_t Capacity);

// Every registered type's counts, however many types there are, in an array
// from malloc (the caller frees it; NULL when Count is 0).
TypeCount *snapshotAll(size_t &Count);

// Writes Size bytes of Data to Fd (retrying short writes); gives up on an
// error.
void writeAll(int Fd, const char *Data, size_t Size);

// Writes the at-exit report to standard error when LEAKTRACE_REPORT=exit.
void reportAtExitIfRequested();

} // namespace leaktrace::rt

#endif
