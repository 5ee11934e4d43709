//===- FindFramework.cpp - Which test framework a binary was built with ---===//

#include "FindFramework.h"

#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Program.h"

namespace leaktrace {

using namespace llvm;

/// The mangled prefix of each framework's namespace.
static std::string frameworkOf(StringRef Symbol) {
  if (Symbol.starts_with("_ZN7testing") || Symbol.starts_with("_ZNK7testing"))
    return "GoogleTest";
  if (Symbol.starts_with("_ZN5Catch") || Symbol.starts_with("_ZNK5Catch"))
    return "Catch2";
  if (Symbol.starts_with("_ZN7doctest") || Symbol.starts_with("_ZNK7doctest"))
    return "doctest";
  if (Symbol.contains("5boost9unit_test"))
    return "Boost.Test";
  return "";
}

std::string findTestFramework(StringRef Program) {
  std::string Path = Program.str();
  if (!Program.contains('/'))
    if (ErrorOr<std::string> Found = sys::findProgramByName(Program))
      Path = *Found;
  Expected<object::OwningBinary<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(Path);
  if (!Obj) {
    consumeError(Obj.takeError());
    return "";
  }
  const object::ObjectFile &O = *Obj->getBinary();
  auto Scan = [](auto &&Symbols) -> std::string {
    for (const object::SymbolRef &S : Symbols) {
      Expected<StringRef> Name = S.getName();
      if (!Name) {
        consumeError(Name.takeError());
        continue;
      }
      std::string F = frameworkOf(*Name);
      if (!F.empty())
        return F;
    }
    return "";
  };
  std::string F = Scan(O.symbols());
  // A stripped binary keeps its dynamic symbols (a shared GoogleTest's).
  if (F.empty())
    if (const auto *E = dyn_cast<object::ELFObjectFileBase>(&O))
      F = Scan(E->getDynamicSymbolIterators());
  return F;
}

} // namespace leaktrace
