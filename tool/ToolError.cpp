//===- ToolError.cpp - The tool's one error path --------------------------===//

#include "ToolError.h"

#include "llvm/Support/raw_ostream.h"

namespace leaktrace {

char ToolError::ID;

int reportError(llvm::Error E) {
  int Status = Success;
  llvm::handleAllErrors(
      std::move(E),
      [&](const ToolError &T) {
        llvm::errs() << "leaktrace: error: " << T.message() << "\n";
        if (Status == Success)
          Status = T.status();
      },
      [&](const llvm::ErrorInfoBase &Other) {
        llvm::errs() << "leaktrace: error: " << Other.message() << "\n";
        if (Status == Success)
          Status = Usage;
      });
  return Status;
}

} // namespace leaktrace
