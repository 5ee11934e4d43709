//===- InstrumentationPlan.h - What the IR passes instrument --------------===//
//
// Plain data handed from the AST consumer to the IR passes. Clang frees the
// AST before the backend runs (ClearASTBeforeBackend), so nothing here may
// point into it.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_INSTRUMENTATIONPLAN_H
#define LEAKTRACE_PLUGIN_INSTRUMENTATIONPLAN_H

#include <cstdint>
#include <string>
#include <vector>

namespace leaktrace {

/// A row of the counts: one type, described to the runtime by a
/// `__leaktrace_type` global.
struct CountedType {
  std::string Name;             ///< the name shown to users
  std::string DescriptorSymbol; ///< the __leaktrace_type global for it
  /// Internal linkage: a distinct type in each translation unit, counted on
  /// its own row through an internal descriptor.
  bool Local = false;
  /// sizeof the type; 0 where this translation unit does not know it (a
  /// std::shared_ptr of an incomplete type).
  uint64_t Size = 0;
  /// Counted by its objects made with new only (HeapAllocations.h).
  bool ByNew = false;
};

/// One class whose complete objects are counted.
struct TrackedClass {
  CountedType Type;
  /// Mangled complete-object constructors (C1, CI1) that count +1 on return,
  /// constructor template specialisations included.
  std::vector<std::string> Constructors;
  /// Those of Constructors that copy or move (their second parameter is the
  /// source object): the runtime's creation sites follow an object that
  /// takes over from another, as a vector does when it grows.
  std::vector<std::string> Copies;
  /// Mangled complete-object constructors that delegate to another one,
  /// which counts: not counted themselves.
  std::vector<std::string> Delegating;
  /// Mangled complete-object destructor (D1) that counts -1 on entry; empty
  /// when this translation unit never declared it.
  std::string Destructor;
};

/// A global, static or thread_local variable holding complete objects of
/// counted classes (itself, its members, the elements of its arrays). When
/// it is constant-initialised they are built at compile time, without a
/// constructor call, and destroyed through their destructors when the
/// program (or thread) ends: they are counted where that destruction is
/// registered (__cxa_atexit, __cxa_thread_atexit), once per object, and per
/// thread for a thread_local.
struct ConstantObjects {
  std::string Symbol; ///< the variable, mangled
  /// Per class (index into InstrumentationPlan::Classes), how many.
  std::vector<std::pair<unsigned, uint64_t>> Counts;
};

/// A class of the program whose objects can be built without a call the
/// plugin sees (an aggregate, a trivially destructible class allocated with
/// new, ...): not counted, and said so to the runtime, which tells how many
/// in its reports.
struct UncountedClass {
  CountedType Type;   ///< its name, and the symbol its record derives from
  std::string Reason; ///< why, as the remark gives it
};

/// A function that stands in, in the generated code, for what a
/// new-expression or delete-expression calls, so that the IR pass can count
/// there the heap objects of a class whose objects are otherwise built or
/// ended without a call (see HeapAllocations.h). The pass replaces each call
/// of it and removes it: no stand-in is left for the linker.
struct HeapStandIn {
  enum Kind {
    /// Called instead of the (replaceable, global) allocation function of
    /// `new T`, and declared like it: the call is
    /// redirected to Original and counts +1 once it returns (a null result,
    /// which only a non-throwing allocation function gives, counts nothing).
    Allocate,
    /// Called instead of the deallocation function a `new T` calls when T's
    /// initialisation throws: redirected to Original, and counts -1.
    AllocationFailed,
    /// Called on the operand of `delete p` and returns it: removed, and counts
    /// -1 when the pointer is not null.
    Delete,
  };
  Kind K;
  std::string Symbol;   ///< the stand-in, mangled
  std::string Original; ///< the function it stands for (not for Delete)
  unsigned Type;        ///< index into InstrumentationPlan::HeapTypes
  /// Allocate: Original does not throw, so it reports failure with null.
  bool MayReturnNull = false;
};

/// A std::shared_ptr handle an operation may start, stop or change owning.
struct HandleArgument {
  enum Kind {
    Created,   ///< constructed by the call: owning or not afterwards
    Destroyed, ///< destroyed by the call: owning or not before
    Changed,   ///< may gain or lose ownership (assigned, moved from, swapped)
  };
  Kind K;
  unsigned ArgNo;         ///< IR argument holding the handle's address
  uint64_t ControlOffset; ///< byte offset of its control-block pointer
  unsigned ElementType;   ///< index into InstrumentationPlan::ElementTypes
};

/// A function of the smart-pointer implementation that code outside it calls;
/// each call is counted where it is made (see CountReferencesPass).
struct HandleOperation {
  std::string Symbol; ///< mangled
  std::vector<HandleArgument> Handles;
};

struct InstrumentationPlan {
  std::vector<TrackedClass> Classes;
  std::vector<ConstantObjects> StaticObjects;
  std::vector<UncountedClass> Uncounted;

  /// Classes counted by their objects made with new (HeapAllocations.h),
  /// and the stand-ins that count them.
  std::vector<CountedType> HeapTypes;
  std::vector<HeapStandIn> HeapStandIns;

  /// Element types of the std::shared_ptr<T> handles counted in `refs`.
  std::vector<CountedType> ElementTypes;
  std::vector<HandleOperation> HandleOperations;
  /// Mangled functions of the smart-pointer implementation (the handle
  /// classes, their members and friends). Calls made inside them are steps
  /// of an operation already counted at its call site, so they are not
  /// counted again.
  std::vector<std::string> SmartPointerInternals;
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_INSTRUMENTATIONPLAN_H
