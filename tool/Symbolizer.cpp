//===- Symbolizer.cpp - Names of the addresses a run reports --------------===//

#include "Symbolizer.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace leaktrace {

std::string SourceFrame::str() const {
  if (hasLine())
    return Function + " at " + File + ":" + std::to_string(Line);
  return Function + " (" + Module + "+" +
         utohexstr(Offset, /*LowerCase=*/true) + ")";
}

static symbolize::LLVMSymbolizer::Options symbolizerOptions() {
  symbolize::LLVMSymbolizer::Options O;
  O.Demangle = true;
  O.UseSymbolTable = true; // function names without debug information
  return O;
}

Symbolizer::Symbolizer() : S(symbolizerOptions()) {}

const std::vector<SourceFrame> &Symbolizer::frames(const std::string &Module,
                                                   uint64_t Offset) {
  auto [It, New] = Cache.try_emplace({Module, Offset});
  if (!New)
    return It->second;
  Expected<DIInliningInfo> Info = S.symbolizeInlinedCode(
      Module, {Offset, object::SectionedAddress::UndefSection});
  std::vector<SourceFrame> &Out = It->second;
  if (Info) {
    for (uint32_t I = 0; I < Info->getNumberOfFrames(); ++I) {
      const DILineInfo &L = Info->getFrame(I);
      SourceFrame SF;
      SF.Function =
          L.FunctionName == DILineInfo::BadString ? "??" : L.FunctionName;
      if (L.FileName != DILineInfo::BadString && L.Line != 0) {
        SF.File = L.FileName;
        SF.Line = L.Line;
      }
      SF.Module = Module;
      SF.Offset = Offset;
      Out.push_back(std::move(SF));
    }
  } else {
    consumeError(Info.takeError());
  }
  if (Out.empty())
    Out.push_back(SourceFrame{"??", "", 0, Module, Offset});
  return Out;
}

std::optional<DIGlobal> Symbolizer::global(const std::string &Module,
                                           uint64_t Offset) {
  Expected<DIGlobal> G = S.symbolizeData(
      Module, {Offset, object::SectionedAddress::UndefSection});
  if (!G) {
    consumeError(G.takeError());
    return std::nullopt;
  }
  if (G->Name == DILineInfo::BadString || G->Name.empty())
    return std::nullopt;
  return *G;
}

} // namespace leaktrace
