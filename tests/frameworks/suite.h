// The scenario every framework's suite runs (gtest_suite.cpp,
// catch2_suite.cpp, doctest_suite.cpp), so that one expected report fits
// them all (the tests have the same names in each):
//   layer leaktrace.layer.UnitTests: "plain" builds and drops an Entry;
//     with FW_FAIL set it fails, with FW_CRASH set it aborts
//   layer fw.Cache (its group: the framework's own grouping): "leaks" keeps
//     one more Entry alive each run, "clean" builds and drops one
// Under `leaktrace -N 4 -r`, fw.Cache grows by exactly one fw::Entry in each
// iteration after the first and the unit-test layer by nothing.
#ifndef FRAMEWORKS_SUITE_H
#define FRAMEWORKS_SUITE_H

#include "leaktrace/layers.h"

#include <cstdlib>
#include <memory>
#include <vector>

namespace fw {

class Entry {
public:
  explicit Entry(int V) : V(V) {}
  ~Entry() { V = 0; }
  int value() const { return V; }

private:
  int V;
};

inline std::vector<std::unique_ptr<Entry>> &cache() {
  static std::vector<std::unique_ptr<Entry>> Cache;
  return Cache;
}

struct CacheLayer : leaktrace::Layer {
  CacheLayer() : Layer("fw.Cache") {}
};

inline int leaks() {
  cache().push_back(std::make_unique<Entry>(1));
  return cache().back()->value();
}

inline int clean() {
  Entry E(2);
  return E.value();
}

/// 0, or what FW_FAIL / FW_CRASH ask of "plain".
inline bool plain() {
  Entry E(3);
  if (std::getenv("FW_CRASH"))
    std::abort();
  return E.value() == 3 && !std::getenv("FW_FAIL");
}

} // namespace fw

#endif
