//===- Symbolizer.h - Names of the addresses a run reports ----------------===//
//
// Code and data addresses of the test binary and the libraries it loaded,
// each given as a module and an address of that module's file, put into
// names with LLVM's symbolizer: the frames of a creation site (inlined
// calls each a frame of its own), the global or static a pointer is in.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_SYMBOLIZER_H
#define LEAKTRACE_TOOL_SYMBOLIZER_H

#include "llvm/DebugInfo/Symbolize/Symbolize.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leaktrace {

/// One frame of a creation site, an inlined call being a frame of its own.
struct SourceFrame {
  std::string Function; ///< demangled; "??" when unknown
  std::string File;     ///< empty without debug information
  unsigned Line = 0;    ///< 0 for code the compiler made (an implicit
                        ///< constructor's member initialisation)
  std::string Module; ///< the binary, and the call's address in its file
  uint64_t Offset = 0;

  bool hasFile() const { return !File.empty(); }
  bool hasLine() const { return hasFile() && Line != 0; }
  /// "FUNCTION at FILE:LINE", "FUNCTION at FILE" for code of no line, or
  /// "FUNCTION (MODULE+0xOFFSET)" without debug information.
  std::string str() const;
};

/// LLVM's symbolizer, with each address asked once.
class Symbolizer {
public:
  Symbolizer();

  /// The source frames of the code at \p Offset of \p Module, inlined
  /// calls included, innermost first (one "??" frame when unknown).
  const std::vector<SourceFrame> &frames(const std::string &Module,
                                         uint64_t Offset);
  /// The global or static variable holding \p Offset of \p Module: its
  /// name (demangled), start, size and, with debug information, where it
  /// is declared.
  std::optional<llvm::DIGlobal> global(const std::string &Module,
                                       uint64_t Offset);

private:
  llvm::symbolize::LLVMSymbolizer S;
  std::map<std::pair<std::string, uint64_t>, std::vector<SourceFrame>> Cache;
};

} // namespace leaktrace

#endif
