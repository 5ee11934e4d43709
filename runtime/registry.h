// Internal interface between the runtime's counters and its readers.
#ifndef LEAKTRACE_RUNTIME_REGISTRY_H
#define LEAKTRACE_RUNTIME_REGISTRY_H

#include "leaktrace/leaktrace.h"

#include <cstddef>
#include <string>
#include <vector>

namespace leaktrace::rt {

struct TypeInfo {
  const char *Name;
};

using TypeCount = leaktrace_type_count;

// Sums every thread's counts; see leaktrace_snapshot().
size_t snapshot(TypeCount *Out, size_t Capacity);

// Every registered type's counts, however many types there are.
std::vector<TypeCount> snapshotAll();

// Writes all of Text to Fd (retrying short writes); gives up on an error.
void writeAll(int Fd, const std::string &Text);

// Writes the at-exit report to standard error when LEAKTRACE_REPORT=exit.
void reportAtExitIfRequested();

} // namespace leaktrace::rt

#endif
