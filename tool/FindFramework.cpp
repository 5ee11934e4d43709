//===- FindFramework.cpp - Which test framework a binary was built with ---===//

#include "FindFramework.h"

#include "leaktrace/leaktrace.h"

#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
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

/// The program's file: a path, or a name searched in PATH.
static std::string programPath(StringRef Program) {
  std::string Path = Program.str();
  if (!Program.contains('/'))
    if (ErrorOr<std::string> Found = sys::findProgramByName(Program))
      Path = *Found;
  return Path;
}

std::string findTestFramework(StringRef Program) {
  std::string Path = programPath(Program);
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

RunnerLink findRunnerLink(StringRef Program) {
  Expected<object::OwningBinary<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(programPath(Program));
  if (!Obj) {
    consumeError(Obj.takeError());
    return RunnerLink::Unknown;
  }
  bool Any = false, Module = false, Wrap = false;
  for (const object::SymbolRef &S : Obj->getBinary()->symbols()) {
    Any = true;
    Expected<StringRef> Name = S.getName();
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    // Every adapter's file defines LEAKTRACE_RUNNER_MODULE_SYMBOL
    // (leaktrace/runner.h), a local symbol; the runners that keep the
    // program's main define the wrapper of testing::UnitTest::Run()
    // (gtest_runner.cpp) or the hook a framework's run offers itself to
    // (catch2_runner.cpp, doctest_runner.cpp).
    Module |= *Name == LEAKTRACE_RUNNER_MODULE_SYMBOL;
    Wrap |= *Name == "__wrap_" LEAKTRACE_GTEST_RUN_SYMBOL ||
            *Name == LEAKTRACE_TAKE_OVER_RUN_SYMBOL;
  }
  if (!Any)
    return RunnerLink::Unknown;
  if (Wrap)
    return RunnerLink::KeepsMain;
  return Module ? RunnerLink::OwnMain : RunnerLink::None;
}

/// The names of the symbols \p Symbols defines (undefined ones skipped,
/// unreadable ones too), to \p Visit until it returns a non-empty answer,
/// which is returned.
template <class Range>
static std::string firstDefined(Range &&Symbols,
                                function_ref<std::string(StringRef)> Visit) {
  for (const object::SymbolRef &S : Symbols) {
    Expected<StringRef> Name = S.getName();
    Expected<uint32_t> Flags = S.getFlags();
    if (!Name || !Flags) {
      consumeError(Name.takeError());
      consumeError(Flags.takeError());
      continue;
    }
    if (*Flags & object::SymbolRef::SF_Undefined)
      continue;
    if (std::string Answer = Visit(*Name); !Answer.empty())
      return Answer;
  }
  return "";
}

/// Whether the ELF file at \p Path defines malloc (an allocator of its own).
static bool definesMalloc(StringRef Path) {
  Expected<object::OwningBinary<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(Path);
  if (!Obj) {
    consumeError(Obj.takeError());
    return false;
  }
  const auto *Elf = dyn_cast<object::ELFObjectFileBase>(Obj->getBinary());
  if (!Elf)
    return false;
  return !firstDefined(Elf->getDynamicSymbolIterators(), [](StringRef Name) {
            return std::string(Name == "malloc" ? "yes" : "");
          }).empty();
}

std::string whyNoHeapShim(StringRef Program, StringRef Shim) {
  if (!sys::fs::exists(Shim))
    return Shim.str() + " is missing (build leaktrace completely: make)";
  // A preloaded allocator comes before the shim's.
  if (const char *Preload = getenv("LD_PRELOAD")) {
    SmallVector<StringRef, 4> Libraries;
    StringRef(Preload).split(Libraries, ' ', -1, /*KeepEmpty=*/false);
    for (StringRef Part : Libraries) {
      SmallVector<StringRef, 4> Split;
      Part.split(Split, ':', -1, /*KeepEmpty=*/false);
      for (StringRef Library : Split)
        if (definesMalloc(Library))
          return "LD_PRELOAD names " + Library.str() +
                 ", an allocator of its own";
    }
  }
  Expected<object::OwningBinary<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(programPath(Program));
  if (!Obj) {
    consumeError(Obj.takeError());
    return "";
  }
  const auto *Elf =
      dyn_cast<object::ELF64LEObjectFile>(Obj->getBinary());
  if (!Elf)
    return "";
  const auto &File = Elf->getELFFile();
  Expected<typename object::ELF64LE::PhdrRange> Headers =
      File.program_headers();
  if (!Headers) {
    consumeError(Headers.takeError());
    return "";
  }
  bool Dynamic = false;
  for (const auto &H : *Headers)
    Dynamic |= H.p_type == ELF::PT_INTERP;
  if (!Dynamic)
    return "the program is statically linked, so nothing can be preloaded "
           "into it";
  // An allocator of its own, in a library: its blocks are not glibc's, and
  // the shim would hand them to glibc.
  if (Expected<typename object::ELF64LE::DynRange> Entries =
          File.dynamicEntries()) {
    uint64_t StrTab = 0;
    for (const auto &D : *Entries)
      if (D.d_tag == ELF::DT_STRTAB)
        StrTab = D.getPtr();
    Expected<const uint8_t *> Strings = File.toMappedAddr(StrTab);
    if (Strings && StrTab) {
      for (const auto &D : *Entries) {
        if (D.d_tag != ELF::DT_NEEDED)
          continue;
        StringRef Needed(reinterpret_cast<const char *>(*Strings) + D.getVal());
        for (StringRef Allocator : {"libtcmalloc", "libjemalloc", "libmimalloc",
                                    "libhoard", "libasan", "libtsan",
                                    "libmsan", "libhwasan"})
          if (Needed.starts_with(Allocator))
            return "the program links " + Needed.str() +
                   ", an allocator the shim cannot stand in for";
      }
    } else if (!Strings) {
      consumeError(Strings.takeError());
    }
  } else {
    consumeError(Entries.takeError());
  }
  return firstDefined(Elf->symbols(), [](StringRef Name) -> std::string {
    if (Name == "__asan_init" || Name == "__tsan_init" ||
        Name == "__msan_init" || Name == "__hwasan_init")
      return "the program is built with a sanitizer, whose allocator the "
             "shim cannot stand in for";
    if (Name == "malloc" || Name == "tc_malloc" || Name == "je_malloc" ||
        Name == "mi_malloc")
      return "the program has an allocator of its own (it defines " +
             Name.str() + ")";
    return "";
  });
}

} // namespace leaktrace
