//===- Symbolizer.cpp - Names of the addresses a run reports --------------===//

#include "Symbolizer.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace leaktrace {

std::string SourceFrame::str() const {
  if (hasLine())
    return Function + " at " + File + ":" + std::to_string(Line);
  if (hasFile())
    return Function + " at " + File;
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
      // Line 0 is code of no source line, in a function that has debug
      // information all the same: its file still says where to look.
      if (L.FileName != DILineInfo::BadString && !L.FileName.empty()) {
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
