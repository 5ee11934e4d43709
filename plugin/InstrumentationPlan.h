//===- InstrumentationPlan.h - What the IR pass instruments ---------------===//
//
// Plain data handed from the AST consumer to the IR pass. Clang frees the AST
// before the backend runs (ClearASTBeforeBackend), so nothing here may point
// into it.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_INSTRUMENTATIONPLAN_H
#define LEAKTRACE_PLUGIN_INSTRUMENTATIONPLAN_H

#include <string>
#include <vector>

namespace leaktrace {

/// One class whose complete objects are counted.
struct TrackedClass {
  std::string Name;             ///< qualified name shown to users
  std::string DescriptorSymbol; ///< the __leaktrace_type global for it
  /// Internal linkage: a distinct type in each translation unit, counted on
  /// its own row through an internal descriptor.
  bool Local = false;
  /// Mangled complete-object constructors (C1, CI1) that count +1 on return.
  /// Delegating constructors are left out: they return through one of these.
  std::vector<std::string> Constructors;
  /// Mangled complete-object destructor (D1) that counts -1 on entry; empty
  /// when this translation unit never declared it.
  std::string Destructor;
};

struct InstrumentationPlan {
  std::vector<TrackedClass> Classes;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_INSTRUMENTATIONPLAN_H
