//===- CounterUpdates.h - Emitting updates of the runtime's counters ------===//
//
// What the IR passes share: the `__leaktrace_type` descriptors of counted
// types, the runtime's hooks, and the inline fast path that updates the
// calling thread's counter of a type.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_COUNTERUPDATES_H
#define LEAKTRACE_PLUGIN_COUNTERUPDATES_H

#include "InstrumentationPlan.h"
#include "RuntimeABI.h"

#include "llvm/IR/Module.h"

namespace leaktrace {

/// The descriptor of \p T in \p M, created on first use.
llvm::GlobalVariable *getOrCreateDescriptor(llvm::Module &M,
                                            const CountedType &T);

/// Which counter of a cell (struct __leaktrace_cell) an update changes.
enum class Counter { Insts = 0, Refs = 1 };

/// Inserts counter updates: the runtime's fast path, inline. A call costs
/// more than the update itself.
///
/// The thread's cells are the runtime's initial-exec TLS variable, defined in
/// the executable. Executables reach it at a fixed offset from the thread
/// pointer; shared libraries (dlopen'ed ones included) through a TPOFF
/// relocation against the executable's static TLS, which the dynamic linker
/// resolves at load time. Neither goes through the PLT.
class CounterUpdater {
public:
  explicit CounterUpdater(llvm::Module &M);

  /// Adds \p Delta objects at \p Object (a pointer) to the instance count
  /// of \p Descriptor's type before \p Before. \p Source: the object a copy
  /// or move constructor copies (with \p Delta 1 only).
  void addInsts(llvm::GlobalVariable *Descriptor, int64_t Delta,
                llvm::Value *Object, llvm::Instruction *Before,
                llvm::Value *Source = nullptr) const;
  /// Adds \p Delta (an i64 computed at run time) objects at \p Object to
  /// the instance count of \p Descriptor's type before \p Before.
  void addInsts(llvm::GlobalVariable *Descriptor, llvm::Value *Delta,
                llvm::Value *Object, llvm::Instruction *Before) const;
  /// Adds \p Delta (an i64 computed at run time) to the reference count of
  /// \p Descriptor's type before \p Before, only when it is not 0.
  void addRefs(llvm::GlobalVariable *Descriptor, llvm::Value *Delta,
               llvm::Instruction *Before) const;

private:
  /// \p Object, then \p Source: passed to the hook last, unless null.
  void update(llvm::GlobalVariable *Descriptor, Counter C, llvm::Value *Delta,
              llvm::Value *Object, RuntimeHook Which,
              llvm::Instruction *Before, llvm::Value *Source = nullptr) const;

  llvm::Module &M;
  llvm::GlobalVariable *Cells;
};

/// Reports \p Message as a warning of the compilation (clang shows it as
/// "warning: MESSAGE [-Wbackend-plugin]").
void warn(llvm::Module &M, const llvm::Twine &Message);

/// Marks \p M as instrumented under \p Flag, or returns false when a pass
/// already did: two copies of the plugin loaded from different paths register
/// their passes twice, and counting twice would double every count.
bool markInstrumented(llvm::Module &M, llvm::StringRef Flag);

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_COUNTERUPDATES_H
