//===- ToolError.cpp - The tool's one error path --------------------------===//

#include "ToolError.h"

#include "llvm/Support/FileSystem.h"
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

llvm::Error writeOutput(llvm::StringRef Option, llvm::StringRef Path,
                        llvm::function_ref<void(llvm::raw_ostream &)> Write) {
  if (Path.empty())
    return llvm::Error::success();
  std::string Temp = (Path + ".tmp").str();
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Temp, EC);
    if (EC)
      return brokenError("cannot write " + Option + " " + Path + ": " +
                         EC.message());
    Write(Out);
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path))
    return brokenError("cannot write " + Option + " " + Path + ": " +
                       EC.message());
  return llvm::Error::success();
}

} // namespace leaktrace
