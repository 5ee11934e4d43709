//===- Counts.h - Reading leaktrace counts in runtime tests -----*- C++ -*-===//
//
// The runtime tests compare counts taken before and after the code under
// test: GoogleTest's own test objects and earlier tests may leave tracked
// objects alive, so only differences are exact. A type that has never been
// counted has no row, which reads as 0.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TESTS_RUNTIME_COUNTS_H
#define LEAKTRACE_TESTS_RUNTIME_COUNTS_H

#include "leaktrace/leaktrace.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace lt_test {

// Every row of leaktrace_snapshot(). The annotation keeps the helper itself
// out of the counts it reads (it would otherwise be tracked: it has a
// non-trivial copy constructor and destructor).
class LEAKTRACE_IGNORE Snapshot {
public:
  Snapshot() {
    // Types may be registered between the two calls: retry until the buffer
    // holds them all.
    size_t N = leaktrace_snapshot(nullptr, 0);
    for (;;) {
      Rows.resize(N + 8);
      N = leaktrace_snapshot(Rows.data(), Rows.size());
      if (N <= Rows.size())
        break;
    }
    Rows.resize(N);
  }

  // Sum over the rows named Name: types in anonymous namespaces of different
  // translation units share a name but not a row.
  int64_t insts(const char *Name) const {
    int64_t Sum = 0;
    for (const leaktrace_type_count &R : Rows)
      if (strcmp(R.name, Name) == 0)
        Sum += R.insts;
    return Sum;
  }
  int64_t refs(const char *Name) const {
    int64_t Sum = 0;
    for (const leaktrace_type_count &R : Rows)
      if (strcmp(R.name, Name) == 0)
        Sum += R.refs;
    return Sum;
  }
  // The LEAKTRACE_COUNT_* flags of the rows named Name, or-ed.
  uint32_t flags(const char *Name) const {
    uint32_t Flags = 0;
    for (const leaktrace_type_count &R : Rows)
      if (strcmp(R.name, Name) == 0)
        Flags |= R.flags;
    return Flags;
  }
  size_t rowsNamed(const char *Name) const {
    size_t N = 0;
    for (const leaktrace_type_count &R : Rows)
      if (strcmp(R.name, Name) == 0)
        ++N;
    return N;
  }

  const std::vector<leaktrace_type_count> &rows() const { return Rows; }

private:
  std::vector<leaktrace_type_count> Rows;
};

// Counts relative to the moment the Baseline was made.
class LEAKTRACE_IGNORE Baseline {
public:
  int64_t insts(const char *Name) const {
    return Snapshot().insts(Name) - Before.insts(Name);
  }
  int64_t refs(const char *Name) const {
    return Snapshot().refs(Name) - Before.refs(Name);
  }

private:
  Snapshot Before;
};

} // namespace lt_test

#endif // LEAKTRACE_TESTS_RUNTIME_COUNTS_H
