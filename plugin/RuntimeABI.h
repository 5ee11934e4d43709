//===- RuntimeABI.h - The runtime's names, from leaktrace/abi.def ---------===//
//
// The functions of the runtime that instrumented code calls and the sections
// the plugin puts its records in, as leaktrace/abi.def lists them: the one
// place both the runtime's declarations and the plugin's calls come from.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_PLUGIN_RUNTIMEABI_H
#define LEAKTRACE_PLUGIN_RUNTIMEABI_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"

namespace leaktrace {

enum class RuntimeHook {
#define LEAKTRACE_HOOK(Id, Name, CParameters, IRParameters) Id,
#include "leaktrace/abi.def"
};

/// The hook's symbol.
llvm::StringRef runtimeHookName(RuntimeHook H);

/// Declares \p H in \p M (once; a module declares only the hooks it calls),
/// with its parameters from abi.def, returning void, never unwinding.
llvm::FunctionCallee getRuntimeHook(llvm::Module &M, RuntimeHook H);

enum class RecordSection {
#define LEAKTRACE_SECTION(Id, Name) Id,
#include "leaktrace/abi.def"
};

/// The section's name (its records lie between the linker's __start_NAME
/// and __stop_NAME).
llvm::StringRef sectionName(RecordSection S);

} // namespace leaktrace

#endif
