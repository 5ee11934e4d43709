//===- ShareUncountedStructors.h - Give back clang's structor aliases -----===//

#ifndef LEAKTRACE_PLUGIN_SHAREUNCOUNTEDSTRUCTORS_H
#define LEAKTRACE_PLUGIN_SHAREUNCOUNTEDSTRUCTORS_H

#include "llvm/IR/PassManager.h"

namespace leaktrace {

/// Undoes, for the classes leaktrace does not count, the cost of switching
/// off clang's constructor aliases.
///
/// The plugin turns `CodeGenOptions::CXXCtorDtorAliases` off for the whole
/// file: a counted class needs a complete-object constructor and destructor
/// (C1, D1) of its own to count in. Every other class then gets them too, as
/// functions that only call the base-object variant (C2, D2); in a file
/// full of standard-library and GoogleTest templates that is a quarter more
/// functions for the optimiser. This pass does to those forwarders what
/// clang does with aliases on, for classes without virtual bases: an inline
/// (discardable) C1 or D1 is replaced by its C2 or D2 everywhere, vtables
/// included, and removed; an external one becomes an alias of it.
///
/// It runs after the counting passes: a C1 or D1 that counts (or a
/// shared_ptr operation that does) is no longer a bare forwarder and stays.
class ShareUncountedStructorsPass
    : public llvm::PassInfoMixin<ShareUncountedStructorsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace leaktrace

#endif // LEAKTRACE_PLUGIN_SHAREUNCOUNTEDSTRUCTORS_H
