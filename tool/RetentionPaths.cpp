//===- RetentionPaths.cpp - What keeps a leak's objects alive, in words ---===//

#include "RetentionPaths.h"
#include "Symbolizer.h"

#include "leaktrace/events.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Path.h"

#include <map>

using namespace llvm;

namespace leaktrace {

namespace key = events::key;

StringRef fateName(Fate F) { return events::FateNames[unsigned(F)]; }

int64_t Fates::total() const {
  int64_t N = 0;
  for (int64_t X : Of)
    N += X;
  return N;
}

int64_t Fates::alive() const {
  return (*this)[Fate::Reachable] + (*this)[Fate::Unreachable] +
         (*this)[Fate::Unknown];
}

int64_t Fates::ended() const {
  return (*this)[Fate::Freed] + (*this)[Fate::Reused] +
         (*this)[Fate::FrameGone];
}

json::Value Fates::toJSON() const {
  json::Object O;
  for (unsigned F = 0; F < NumFates; ++F)
    O[fateName(Fate(F))] = Of[F];
  return O;
}

json::Value Census::toJSON() const {
  return json::Object{{"live_start", LiveStart},   {"live_end", LiveEnd},
                      {"ended_start", EndedStart}, {"ended_end", EndedEnd},
                      {"replaced", Replaced}};
}

bool readRawPath(const json::Object &O, RawPath &Out) {
  std::optional<StringRef> Type = O.getString(key::Type);
  std::optional<StringRef> F = O.getString(key::Fate);
  std::optional<bool> Cycle = O.getBoolean(key::Cycle);
  std::optional<int64_t> Objects = O.getInteger(key::Objects);
  const json::Array *Locations = O.getArray(key::Locations);
  if (!Type || !F || !Cycle || !Objects || !Locations)
    return false;
  Out.Type = Type->str();
  Out.Cycle = *Cycle;
  Out.Objects = *Objects;
  unsigned Found = NumFates;
  for (unsigned I = 0; I < NumFates; ++I)
    if (*F == events::FateNames[I])
      Found = I;
  if (Found == NumFates)
    return false;
  Out.F = Fate(Found);
  for (const json::Value &V : *Locations) {
    const json::Object *L = V.getAsObject();
    std::optional<StringRef> Kind = L ? L->getString(key::Kind) : std::nullopt;
    if (!Kind)
      return false;
    RawLocation R;
    R.Kind = Kind->str();
    auto Num = [&](StringRef K, uint64_t &To) {
      if (std::optional<int64_t> N = L->getInteger(K))
        To = uint64_t(*N);
    };
    uint64_t Thread = 0;
    Num(key::Thread, Thread);
    R.Thread = unsigned(Thread);
    R.Register = L->getString(key::Register).value_or("").str();
    R.Module = L->getString(key::Module).value_or("").str();
    Num(key::Offset, R.Offset);
    Num(key::At, R.At);
    Num(key::Size, R.Size);
    for (auto [Member, Module, Offset] :
         {std::tuple{key::MadeBy, &R.MadeByModule, &R.MadeByOffset},
          {key::FirstWord, &R.FirstWordModule, &R.FirstWordOffset}})
      if (const json::Object *Frame = L->getObject(Member)) {
        *Module = Frame->getString(key::Module).value_or("").str();
        *Offset = uint64_t(Frame->getInteger(key::Offset).value_or(0));
      }
    if (const json::Array *Callers = L->getArray(key::Callers))
      for (const json::Value &C : *Callers)
        if (const json::Object *F = C.getAsObject())
          R.Callers.push_back(
              {F->getString(key::Module).value_or("").str(),
               uint64_t(F->getInteger(key::Offset).value_or(0))});
    R.Type = L->getString(key::Type).value_or("").str();
    Num(key::TypeOffset, R.TypeOffset);
    if (const json::Array *Run = L->getArray(key::Run); Run && Run->size() == 2) {
      R.RunMin = (*Run)[0].getAsInteger().value_or(1);
      R.RunMax = (*Run)[1].getAsInteger().value_or(1);
    }
    Out.Locations.push_back(std::move(R));
  }
  return !Out.Locations.empty();
}

// --- words ---------------------------------------------------------------------

namespace {

/// A demangled name without the template arguments that only repeat the
/// defaults (std::allocator<T>, std::less<K>, std::default_delete<T>), so
/// that "std::vector<keep::Entry*, std::allocator<keep::Entry*> >" reads
/// "std::vector<keep::Entry*>".
std::string withoutDefaults(std::string Name) {
  for (StringRef Default :
       {", std::allocator<", ", std::less<", ", std::default_delete<",
        ", std::char_traits<", ", std::hash<", ", std::equal_to<"}) {
    for (size_t At; (At = Name.find(Default.str())) != std::string::npos;) {
      // The argument ends at its matching '>'.
      size_t I = At + Default.size();
      for (int Depth = 1; I < Name.size() && Depth; ++I)
        Depth += Name[I] == '<' ? 1 : Name[I] == '>' ? -1 : 0;
      Name.erase(At, I - At);
    }
  }
  for (auto [Long, Short] :
       {std::pair<std::string, std::string>{"std::__cxx11::basic_string<char>",
                                            "std::string"},
        {"std::basic_string<char>", "std::string"},
        {"std::__1::basic_string<char>", "std::string"}})
    for (size_t At; (At = Name.find(Long)) != std::string::npos;)
      Name.replace(At, Long.size(), Short);
  // "X<Y> >" from older demanglers reads "X<Y>>".
  for (size_t At; (At = Name.find("> >")) != std::string::npos;)
    Name.erase(At + 1, 1);
  return Name;
}

/// The qualified name of a function, without its return type and
/// parameters ("std::vector<int>::_M_realloc_append<int>",
/// "keep::Courier::start()::$_0::operator()").
std::string functionName(StringRef Demangled) {
  std::string Name = Demangled.trim().str();
  // Qualifiers after the parameters.
  for (bool Again = true; Again;) {
    Again = false;
    for (StringRef Q : {" const", " volatile", " &&", " &", " noexcept"})
      if (StringRef(Name).ends_with(Q)) {
        Name.resize(Name.size() - Q.size());
        Again = true;
      }
  }
  // The parameters: the last parenthesised group.
  if (!Name.empty() && Name.back() == ')') {
    int Depth = 0;
    for (size_t I = Name.size(); I-- > 0;) {
      char C = Name[I];
      Depth += C == ')' || C == '>' ? 1 : C == '(' || C == '<' ? -1 : 0;
      if (Depth == 0) {
        Name.resize(I);
        break;
      }
    }
  }
  // The return type, before the last space outside brackets.
  int Depth = 0;
  size_t LastSpace = std::string::npos;
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    Depth += C == '(' || C == '<' ? 1 : C == ')' || C == '>' ? -1 : 0;
    if (Depth == 0 && C == ' ' &&
        !StringRef(Name).substr(0, I).ends_with("operator"))
      LastSpace = I;
  }
  if (LastSpace < Name.size())
    Name = Name.substr(LastSpace + 1);
  return withoutDefaults(Name);
}

/// "std::allocator<T>" for an allocator's allocate() (std::__new_allocator,
/// __gnu_cxx::new_allocator, std::allocator), or "".
std::string allocatorOf(StringRef Function) {
  for (StringRef Prefix : {"std::__new_allocator<", "__gnu_cxx::new_allocator<",
                           "std::allocator<", "std::__1::allocator<"}) {
    if (!Function.starts_with(Prefix))
      continue;
    StringRef Rest = Function.substr(Prefix.size());
    int Depth = 1;
    size_t I = 0;
    for (; I < Rest.size() && Depth; ++I)
      Depth += Rest[I] == '<' ? 1 : Rest[I] == '>' ? -1 : 0;
    if (Depth == 0)
      return "std::allocator<" + Rest.substr(0, I - 1).str() + ">";
  }
  return "";
}

/// A name without its template arguments ("std::vector::push_back").
std::string withoutTemplateArguments(StringRef Name) {
  std::string Out;
  int Depth = 0;
  for (char C : Name) {
    if (C == '<')
      ++Depth;
    else if (C == '>')
      --Depth;
    else if (Depth == 0)
      Out += C;
  }
  return Out;
}

/// Frames that only pass an allocation on (allocators, operator new, a
/// container's node making, the parts of a shared_ptr that make its control
/// block): never what made the block. Judged by the function's own name,
/// not its template arguments (every container's name has an allocator).
bool passesAllocationOn(StringRef Function) {
  std::string Name = withoutTemplateArguments(functionName(Function));
  for (StringRef Part :
       {"allocat", "operator new", "_M_get_node", "_M_create_node",
        "__shared_count", "__shared_ptr", "_Sp_counted", "_Sp_make_shared",
        "std::shared_ptr::shared_ptr", "std::__1::shared_ptr::shared_ptr"})
    if (StringRef(Name).contains(Part))
      return true;
  return false;
}

/// The name of the type of a shared_ptr control block from its vtable's
/// name ("vtable for std::_Sp_counted_ptr_inplace<T, ...>"), or "".
std::string controlBlockElement(StringRef Vtable) {
  for (StringRef Prefix :
       {"std::_Sp_counted_ptr_inplace<", "std::_Sp_counted_ptr<",
        "std::_Sp_counted_deleter<", "std::__1::__shared_ptr_emplace<",
        "std::__1::__shared_ptr_pointer<", "std::__shared_ptr_emplace<",
        "std::__shared_ptr_pointer<"}) {
    size_t At = Vtable.find(Prefix);
    if (At == StringRef::npos)
      continue;
    StringRef Rest = Vtable.substr(At + Prefix.size());
    // The first template argument: up to the first ',' at depth 0.
    int Depth = 0;
    size_t I = 0;
    for (; I < Rest.size(); ++I) {
      char C = Rest[I];
      if (C == '<')
        ++Depth;
      else if (C == '>') {
        if (Depth-- == 0)
          break;
      } else if (C == ',' && Depth == 0)
        break;
    }
    std::string Element = Rest.substr(0, I).trim().str();
    // _Sp_counted_ptr<T*, ...> and _Sp_counted_deleter<T*, ...> own a T*.
    if (!Prefix.contains("inplace") && !Prefix.contains("emplace") &&
        StringRef(Element).ends_with("*"))
      Element = StringRef(Element).drop_back().trim().str();
    return withoutDefaults(Element);
  }
  return "";
}

std::string fileName(StringRef Path) { return sys::path::filename(Path).str(); }

/// Code of the system: the C library, the C++ library, the dynamic linker
/// (their files, or without them their modules).
bool systemCode(const SourceFrame &F) {
  for (StringRef Path : {StringRef(F.File), StringRef(F.Module)})
    for (StringRef Dir : {"/usr/lib/", "/lib/", "/lib64/", "./nptl/",
                          "./csu/", "./elf/", "./posix/", "./misc/"})
      if (Path.starts_with(Dir))
        return true;
  return false;
}

/// leaktrace's own runtime, linked into the program: a thread stopped in a
/// hook (counting, tracking an object) holds its caller's pointers there.
bool runtimeCode(const SourceFrame &F) {
  StringRef Name(F.Function);
  return Name.starts_with("leaktrace::rt::") ||
         Name.starts_with("__leaktrace_") || Name.starts_with("leaktrace_");
}

std::string hex(uint64_t V) { return "0x" + utohexstr(V, /*LowerCase=*/true); }

} // namespace

// --- what the modules' files say: members and thread_locals ---------------------

struct PathNamer::Modules {
  struct TlsSymbol {
    uint64_t Value, Size;
    std::string Name;
  };
  struct Module {
    object::OwningBinary<object::Binary> Binary;
    std::unique_ptr<DWARFContext> Dwarf;
    bool Indexed = false;
    StringMap<DWARFDie> Types; ///< by qualified name, without spaces
    std::vector<TlsSymbol> Tls;
  };
  std::map<std::string, Module> ByPath;

  Module &get(StringRef Path) {
    auto [It, New] = ByPath.try_emplace(Path.str());
    if (!New)
      return It->second;
    Module &M = It->second;
    Expected<object::OwningBinary<object::Binary>> B =
        object::createBinary(Path);
    if (!B) {
      consumeError(B.takeError());
      return M;
    }
    M.Binary = std::move(*B);
    auto *Obj = dyn_cast<object::ObjectFile>(M.Binary.getBinary());
    if (!Obj)
      return M;
    M.Dwarf = DWARFContext::create(*Obj);
    if (auto *Elf = dyn_cast<object::ELFObjectFileBase>(Obj))
      for (const object::ELFSymbolRef &Sym : Elf->symbols()) {
        if (Sym.getELFType() != ELF::STT_TLS)
          continue;
        Expected<StringRef> Name = Sym.getName();
        Expected<uint64_t> Value = Sym.getValue();
        if (!Name || !Value) {
          consumeError(Name.takeError());
          consumeError(Value.takeError());
          continue;
        }
        M.Tls.push_back({*Value, Sym.getSize(), demangle(Name->str())});
      }
    return M;
  }

  /// The qualified name of a type's DIE, as the plugin spells type names.
  static std::string qualifiedName(DWARFDie D) {
    const char *Short = D.getShortName();
    std::string Name = Short ? Short : "";
    for (DWARFDie P = D.getParent(); P; P = P.getParent()) {
      dwarf::Tag T = P.getTag();
      if (T == dwarf::DW_TAG_namespace) {
        const char *N = P.getShortName();
        Name = std::string(N ? N : "(anonymous namespace)") + "::" + Name;
      } else if (T == dwarf::DW_TAG_class_type ||
                 T == dwarf::DW_TAG_structure_type ||
                 T == dwarf::DW_TAG_union_type) {
        const char *N = P.getShortName();
        Name = std::string(N ? N : "") + "::" + Name;
      } else {
        break;
      }
    }
    return Name;
  }

  static std::string withoutSpaces(StringRef Name) {
    std::string Out;
    for (char C : Name)
      if (C != ' ')
        Out += C;
    return Out;
  }

  /// The definition of the class named \p Type, or an invalid DIE.
  DWARFDie type(Module &M, StringRef Type) {
    if (!M.Dwarf)
      return {};
    if (!M.Indexed) {
      M.Indexed = true;
      for (const std::unique_ptr<DWARFUnit> &U : M.Dwarf->normal_units())
        for (const DWARFDebugInfoEntry &E : U->dies()) {
          DWARFDie D(U.get(), &E);
          dwarf::Tag T = D.getTag();
          if (T != dwarf::DW_TAG_class_type &&
              T != dwarf::DW_TAG_structure_type &&
              T != dwarf::DW_TAG_union_type)
            continue;
          if (!D.getShortName() ||
              dwarf::toUnsigned(D.find(dwarf::DW_AT_declaration), 0))
            continue;
          M.Types.try_emplace(withoutSpaces(qualifiedName(D)), D);
        }
    }
    return M.Types.lookup(withoutSpaces(Type));
  }

  /// The member of \p D holding byte \p Offset: "m", "Base::m", "m.n" for
  /// anonymous aggregates; "" when none does (before the first member: the
  /// vtable pointer). Members are laid out in declaration order, so it is
  /// the last that starts at or before Offset (a member's type is often
  /// only declared in the unit, without its size, so sizes cannot tell).
  static std::string memberAt(DWARFDie D, uint64_t Offset, unsigned Depth = 0) {
    if (Depth > 8)
      return "";
    DWARFDie Best;
    uint64_t BestAt = 0;
    for (DWARFDie C : D.children()) {
      dwarf::Tag T = C.getTag();
      if (T != dwarf::DW_TAG_member && T != dwarf::DW_TAG_inheritance)
        continue;
      std::optional<uint64_t> At =
          dwarf::toUnsigned(C.find(dwarf::DW_AT_data_member_location));
      if (!At || *At > Offset)
        continue;
      // At one place, an empty base and the first member: the member.
      if (!Best || *At > BestAt ||
          (*At == BestAt && T == dwarf::DW_TAG_member))
        Best = C, BestAt = *At;
    }
    if (!Best)
      return "";
    DWARFDie Type = Best.getAttributeValueAsReferencedDie(dwarf::DW_AT_type);
    if (Best.getTag() == dwarf::DW_TAG_inheritance) {
      std::string Inner =
          Type ? memberAt(Type.resolveTypeUnitReference(), Offset - BestAt,
                          Depth + 1)
               : "";
      const char *Base = Type ? Type.getShortName() : nullptr;
      return Inner.empty() || !Base ? Inner : std::string(Base) + "::" + Inner;
    }
    if (const char *Name = Best.getShortName())
      return Name;
    // An anonymous struct or union: its members are the class's.
    return Type ? memberAt(Type, Offset - BestAt, Depth + 1) : "";
  }
};

PathNamer::PathNamer(Symbolizer &S, StringRef RunnerDir, StringRef Program,
                     StringRef Scanner)
    : S(S), RunnerDir(RunnerDir.str()), Program(Program.str()),
      Scanner(Scanner.str()), M(std::make_unique<Modules>()) {}

PathNamer::~PathNamer() = default;

std::string PathNamer::member(StringRef Module, StringRef Type,
                              uint64_t Offset) {
  std::string Name = withoutDefaults(Type.str());
  DWARFDie D;
  // The module the pointer is in knows the type, or else the program.
  for (StringRef In : {Module, StringRef(Program)})
    if (!D && !In.empty())
      D = M->type(M->get(In), Type);
  if (!D) {
    MembersMissing = true;
    return Name + "+" + hex(Offset);
  }
  std::string Member = Modules::memberAt(D, Offset);
  return Member.empty() ? Name + "+" + hex(Offset) : Name + "::" + Member;
}

std::string PathNamer::dynamicType(const RawLocation &L) {
  if (L.FirstWordModule.empty())
    return "";
  std::optional<DIGlobal> G = S.global(L.FirstWordModule, L.FirstWordOffset);
  if (!G || !StringRef(G->Name).starts_with("vtable for "))
    return "";
  StringRef Class = StringRef(G->Name).drop_front(strlen("vtable for "));
  std::string Element = controlBlockElement(Class);
  if (!Element.empty())
    return "the control block of a std::shared_ptr<" + Element + ">";
  return "a " + withoutDefaults(Class.str());
}

std::string PathNamer::madeBy(const RawLocation &L, bool &Plumbing) {
  Plumbing = false;
  if (L.MadeByModule.empty())
    return "";
  const std::vector<SourceFrame> &Frames =
      S.frames(L.MadeByModule, L.MadeByOffset);
  // Innermost first: the first frame that does more than pass the
  // allocation on; in the standard library, the outermost of its frames
  // there, which is what the program called (std::map<K, V>::operator[],
  // std::make_shared<T>), when it was inlined into the program's code.
  auto InStd = [](const SourceFrame &F) {
    std::string Name = functionName(F.Function);
    return StringRef(Name).starts_with("std::") ||
           StringRef(Name).starts_with("__gnu_cxx::");
  };
  for (size_t I = 0; I < Frames.size(); ++I) {
    if (passesAllocationOn(Frames[I].Function))
      continue;
    if (InStd(Frames[I]))
      while (I + 1 < Frames.size() && InStd(Frames[I + 1]))
        ++I;
    return "made by " + functionName(Frames[I].Function);
  }
  // All do (the allocator's allocate() was not inlined, at -O0): which
  // allocator it is still names what the block holds.
  Plumbing = true;
  for (const SourceFrame &F : Frames)
    if (std::string A = allocatorOf(functionName(F.Function)); !A.empty())
      return "from " + A;
  return "made by " + functionName(Frames.back().Function);
}

PathStep PathNamer::step(const RawLocation &L, bool Last,
                         const std::string &Kept) {
  PathStep St;
  St.Kind = L.Kind;
  St.RunMin = L.RunMin;
  St.RunMax = L.RunMax;
  St.Type = L.Type;
  std::string Thread = L.Thread == 0 ? Scanner : "another thread";
  // The counted object holding the pointer, by its member.
  std::string Holder;
  if (!L.Type.empty() && !Last) {
    Holder = member(L.Kind == "global" || L.Kind == "tls" ? L.Module : "",
                    L.Type, L.TypeOffset);
    St.Member = Holder;
  }
  auto Located = [&](std::string Text) {
    // Without debug information a global has its unit's file, no line.
    if (!St.Line)
      St.File.clear();
    if (!St.File.empty())
      Text += " at " + St.File + ":" + std::to_string(St.Line);
    return Text;
  };
  if (L.Kind == "global") {
    std::optional<DIGlobal> G = S.global(L.Module, L.Offset);
    if (G) {
      St.Name = G->Name;
      St.File = G->DeclFile;
      St.Line = unsigned(G->DeclLine);
      bool Local = StringRef(G->Name).contains("()::");
      std::string What = (Local ? "static " : "global ") + G->Name;
      // Inside a large variable (an array, a buffer: not a container,
      // whose words are its own business), and no counted object's member
      // to name: where.
      if (L.Type.empty() && L.Offset > G->Start && G->Size > 64)
        What += "+" + hex(L.Offset - G->Start);
      St.Text = Located(What);
    } else {
      St.Text = "the static data of " + fileName(L.Module) + " (+" +
                hex(L.Offset) + ")";
    }
  } else if (L.Kind == "tls") {
    Modules::Module &Mod = M->get(L.Module);
    for (const Modules::TlsSymbol &T : Mod.Tls)
      if (L.At >= T.Value && L.At < T.Value + std::max<uint64_t>(T.Size, 1))
        St.Name = T.Name;
    St.Text = St.Name.empty() ? "a thread_local of " + fileName(L.Module)
                              : "thread_local " + St.Name;
    St.Text += " (of " + Thread + ")";
  } else if (L.Kind == "stack" || L.Kind == "register") {
    const std::vector<SourceFrame> &Frames = S.frames(L.Module, L.Offset);
    // The frame is the function the code was inlined into.
    const SourceFrame &F = Frames.back();
    St.Name = functionName(F.Function);
    // A system library's lines are no help, and its debug information may
    // be installed or not.
    if (!systemCode(F)) {
      St.File = F.File;
      St.Line = F.Line;
    } else {
      St.Name += " (" + fileName(F.Module) + ")";
    }
    if (L.Kind == "stack")
      St.Text = Located("the stack of " + Thread + ", in the frame of " +
                        St.Name);
    else
      St.Text = Located("register " + L.Register + " of " + Thread +
                        ", in " + St.Name);
    // In a system library's frame or the runtime's (a register it saved
    // for its caller, or its own argument), what holds the pointer is the
    // program's code that called it: name the first of its callers that is
    // the program's.
    if (systemCode(F) || runtimeCode(F))
      for (const auto &[Module, Offset] : L.Callers) {
        const SourceFrame &C = S.frames(Module, Offset).back();
        if (systemCode(C) || runtimeCode(C))
          continue;
        St.Text += ", called from " + functionName(C.Function);
        if (C.Line)
          St.Text += " at " + C.File + ":" + std::to_string(C.Line);
        St.Caller = functionName(C.Function);
        break;
      }
  } else if (L.Kind == "thread") {
    St.Text = "the thread data (pthread_setspecific) of " + Thread;
  } else if (L.Kind == "block") {
    St.Size = L.Size;
    bool Plumbing;
    std::string By = madeBy(L, Plumbing);
    for (StringRef Prefix : {"made by ", "from "})
      if (StringRef(By).starts_with(Prefix))
        St.Name = By.substr(Prefix.size());
    std::string What = dynamicType(L);
    bool Typed = !What.empty();
    if (!Typed)
      What = "a " + std::to_string(L.Size) + "-byte block";
    // A control block's allocator says nothing its type does not.
    if (!By.empty() && !(Typed && Plumbing))
      What += " " + By;
    St.Text = What;
    St.Runs = true;
  } else {
    St.Size = L.Size;
    St.Text = "memory leaktrace knows nothing of";
  }
  if (Last)
    St.Text = withoutDefaults(Kept) + ", in " + St.Text;
  else if (!Holder.empty())
    St.Holder = Holder;
  St.compose();
  return St;
}

void PathStep::compose() {
  if (Base.empty())
    Base = Text;
  Text = Base;
  if (Runs && RunMax > 1)
    Text += RunMin == RunMax ? " (" + std::to_string(RunMin) + " in a row)"
                             : " (" + std::to_string(RunMin) + " to " +
                                   std::to_string(RunMax) + " in a row)";
  if (!Holder.empty())
    Text += ": " + Holder;
}

RetentionPath PathNamer::name(const RawPath &P) {
  RetentionPath Out;
  Out.Type = P.Type;
  Out.F = P.F;
  Out.Cycle = P.Cycle;
  Out.Objects = P.Objects;
  for (size_t I = 0; I < P.Locations.size(); ++I) {
    const RawLocation &L = P.Locations[I];
    bool Last = I + 1 == P.Locations.size();
    if (P.Cycle && !Last) {
      // A cycle reads by its members: each block by the counted object in
      // it that holds the pointer to the next.
      PathStep St = step(L, /*Last=*/false, P.Type);
      if (!St.Member.empty()) {
        St.Text = St.Base = St.Member;
        St.Runs = false;
        St.Holder.clear();
      }
      Out.Steps.push_back(std::move(St));
      continue;
    }
    Out.Steps.push_back(step(L, Last, P.Type));
  }
  if (P.Cycle && !Out.Steps.empty()) {
    PathStep &Last = Out.Steps.back();
    Last.Text = Last.Base = withoutDefaults(P.Type);
    Last.Runs = false;
  }
  return Out;
}

json::Value PathStep::toJSON() const {
  json::Object O{{"kind", Kind}, {"text", Text}};
  if (!Name.empty())
    O["name"] = Name;
  if (!File.empty() && Line) {
    O["file"] = File;
    O["line"] = int64_t(Line);
  }
  if (Size)
    O["size"] = int64_t(Size);
  if (!Type.empty())
    O["type"] = Type;
  if (!Member.empty())
    O["member"] = Member;
  if (!Caller.empty())
    O["caller"] = Caller;
  if (RunMax > 1)
    O["run"] = json::Array{RunMin, RunMax};
  return O;
}

json::Value RetentionPath::toJSON() const {
  json::Array S;
  for (const PathStep &St : Steps)
    S.push_back(St.toJSON());
  return json::Object{{"objects", Objects},
                      {"fate", fateName(F)},
                      {"cycle", Cycle},
                      {"steps", std::move(S)}};
}

std::string RetentionPath::text(const std::string &Indent) const {
  std::string Count = std::to_string(Objects);
  std::string Under(Count.size() + 2, ' ');
  if (Cycle) {
    std::string Line;
    for (const PathStep &St : Steps)
      Line += (Line.empty() ? "" : " -> ") + St.Text;
    return Indent + Count + "  " + Line + "\n";
  }
  if (F == Fate::Unreachable)
    return Indent + Count + "  " + Steps.front().Text +
           ": no pointer from a root reaches it\n";
  std::string Out;
  for (size_t I = 0; I < Steps.size(); ++I)
    Out += Indent + (I ? Under + "-> " : Count + "  ") + Steps[I].Text + "\n";
  return Out;
}

} // namespace leaktrace
