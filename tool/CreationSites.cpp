//===- CreationSites.cpp - Where the objects of a leak were made ----------===//

#include "CreationSites.h"
#include "ChildProcess.h"
#include "Events.h"
#include "FindFramework.h"

#include "leaktrace/events.h"
#include "leaktrace/leaktrace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <set>

using namespace llvm;

namespace leaktrace {

namespace ev = events;
namespace key = events::key;

namespace {

/// The qualified name of a frame's function, without the return type
/// demangled templates have and without the parameters.
std::string qualifiedName(const SourceFrame &F) {
  std::string Name = F.Function;
  for (size_t At;
       (At = Name.find("(anonymous namespace)")) != std::string::npos;)
    Name.replace(At, strlen("(anonymous namespace)"), "{anonymous}");
  // The parameters start at the first '(' outside template arguments; the
  // return type ends at the last space outside them before it.
  int Depth = 0;
  size_t LastSpace = std::string::npos;
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (C == '<')
      ++Depth;
    else if (C == '>')
      --Depth;
    else if (Depth == 0 && C == ' ')
      LastSpace = I;
    else if (Depth == 0 && C == '(') {
      Name.resize(I);
      break;
    }
  }
  return LastSpace < Name.size() ? Name.substr(LastSpace + 1) : Name;
}

/// Code of the system (the standard library, an installed framework, libc),
/// by its path or, without line information, by its namespace.
bool inSystemCode(const SourceFrame &F) {
  for (StringRef Path : {StringRef(F.File), StringRef(F.Module)})
    for (StringRef Dir : {"/usr/include/", "/usr/lib/", "/usr/src/", "/lib/"})
      if (Path.starts_with(Dir))
        return true;
  std::string Name = qualifiedName(F);
  for (StringRef Prefix : {"std::", "__gnu_cxx::", "_start", "__libc_start"})
    if (StringRef(Name).starts_with(Prefix))
      return true;
  // A thread's start in the C and C++ libraries, linked into a static
  // program (where no path tells them).
  for (StringRef Start : {"start_thread", "clone", "clone3",
                          "execute_native_thread_routine"})
    if (Name == Start)
      return true;
  return false;
}

/// Code of a test framework or of leaktrace's runner: never where a test
/// made its objects.
bool inTestFramework(const SourceFrame &F, StringRef RunnerDir) {
  if (!RunnerDir.empty() && StringRef(F.File).starts_with(RunnerDir))
    return true;
  std::string Name = qualifiedName(F);
  for (StringRef Namespace :
       {"testing::", "Catch::", "doctest::", "leaktrace::"})
    if (StringRef(Name).starts_with(Namespace))
      return true;
  // GoogleTest's entry point is a global function of its header, inlined
  // into whichever main calls it.
  if (Name == "RUN_ALL_TESTS")
    return true;
  // A framework's headers, wherever the suite vendors them: what they
  // define outside the framework's namespace is its plumbing too.
  StringRef File(F.File);
  for (StringRef Dir : {"/gtest/", "/gmock/", "/catch2/"})
    if (File.contains(Dir))
      return true;
  StringRef Base = sys::path::filename(File);
  return Base == "doctest.h" || Base == "catch.hpp" ||
         Base.starts_with("catch_amalgamated");
}

/// Where a frame's code is, for telling one library from another: its
/// file's directory, or without line information its module.
std::string placeOf(const SourceFrame &F) {
  if (F.hasFile())
    return sys::path::parent_path(F.File).str();
  return F.Module;
}

} // namespace

std::vector<SiteLine> siteLines(const std::vector<SourceFrame> &Stack,
                                unsigned MaxLines, StringRef RunnerDir) {
  std::vector<SiteLine> Lines;
  auto FrameLine = [&](unsigned I) {
    Lines.push_back({SiteLine::Frame, {I}, ""});
  };
  // Everything, for when the rules below hide what a reader looks for.
  if (MaxLines == 0) {
    for (unsigned I = 0; I < Stack.size(); ++I)
      FrameLine(I);
    return Lines;
  }
  MaxLines = std::max(MaxLines, 2u);
  std::vector<unsigned> Own; // indices of the program's own frames
  auto IsOwn = [&](unsigned I) {
    return !inSystemCode(Stack[I]) && !inTestFramework(Stack[I], RunnerDir);
  };
  for (unsigned I = 0; I < Stack.size(); ++I) {
    if (!IsOwn(I))
      continue;
    // A complete-object constructor that calls the base-object one (C1
    // and C2, or D1 and D2) is two frames of one function and line: one
    // says it all.
    if (!Own.empty() && Own.back() + 1 == I &&
        Stack[I].str() == Stack[Own.back()].str())
      continue;
    Own.push_back(I);
  }
  if (Own.empty()) {
    // Nothing of the program's own (its code has no symbols): the
    // innermost frames say at least where to look.
    for (unsigned I = 0; I < Stack.size() && I < MaxLines; ++I)
      FrameLine(I);
    return Lines;
  }
  // The test's frame: the outermost own frame whose caller, past the
  // system's frames (a std::function), is a framework's or the runner's.
  // Outermost, so that a framework's call back into the program inside a
  // test (a gMock matcher or action) does not stop the site short of the
  // test. Without one (a thread's stack, a static initialiser, a stack cut
  // short) the outermost own frame ends it.
  unsigned End = Own.size() - 1;
  for (unsigned K = Own.size(); K-- > 0;) {
    unsigned Caller = Own[K] + 1;
    while (Caller < Stack.size() && inSystemCode(Stack[Caller]))
      ++Caller;
    if (Caller < Stack.size() && inTestFramework(Stack[Caller], RunnerDir)) {
      End = K;
      break;
    }
  }
  // The maker, then the own frames between it and the test's frame, runs
  // of one place other than the test's collapsed (a run of two is shown
  // whole: its collapsed line would name both frames anyway), then the
  // test's frame.
  FrameLine(Own[0]);
  std::string TestPlace = placeOf(Stack[Own[End]]);
  for (unsigned K = 1; K < End;) {
    std::string Place = placeOf(Stack[Own[K]]);
    unsigned RunEnd = K + 1;
    while (RunEnd < End && placeOf(Stack[Own[RunEnd]]) == Place)
      ++RunEnd;
    if (Place != TestPlace && RunEnd - K >= 3) {
      Lines.push_back({SiteLine::Collapsed,
                       std::vector<unsigned>(Own.begin() + K,
                                             Own.begin() + RunEnd),
                       Place});
      K = RunEnd;
      continue;
    }
    for (; K < RunEnd; ++K)
      FrameLine(Own[K]);
  }
  if (End > 0)
    FrameLine(Own[End]);
  if (Lines.size() <= MaxLines)
    return Lines;
  // Too many: the first ones and the test's frame, the rest counted.
  SiteLine Rest{SiteLine::LeftOut, {}, ""};
  for (size_t L = MaxLines - 1; L + 1 < Lines.size(); ++L)
    Rest.Members.insert(Rest.Members.end(), Lines[L].Members.begin(),
                        Lines[L].Members.end());
  SiteLine Test = std::move(Lines.back());
  Lines.resize(MaxLines - 1);
  Lines.push_back(std::move(Rest));
  Lines.push_back(std::move(Test));
  return Lines;
}

std::string CreationSite::lineText(const SiteLine &L) const {
  switch (L.Kind) {
  case SiteLine::Frame:
    return Frames[L.Members.front()].str();
  case SiteLine::Collapsed:
    return "... " + std::to_string(L.Members.size()) + " frames in " +
           L.Place + ", from " + Frames[L.Members.front()].Function + " to " +
           Frames[L.Members.back()].Function;
  case SiteLine::LeftOut:
    return "... " + std::to_string(L.Members.size()) +
           (L.Members.size() == 1 ? " frame" : " frames") +
           " not shown (see --site-frames)";
  }
  llvm_unreachable("unknown SiteLine kind");
}

json::Value CreationSite::toJSON() const {
  // How each frame is shown: on a line of its own, in a collapsed line, or
  // not at all (the system's and frameworks' frames, those past the test's
  // frame, those --site-frames leaves out).
  std::vector<StringRef> Shown(Frames.size(), "hidden");
  for (const SiteLine &L : Lines)
    for (unsigned I : L.Members)
      Shown[I] = L.Kind == SiteLine::Frame       ? "line"
                 : L.Kind == SiteLine::Collapsed ? "collapsed"
                                                 : "hidden";
  json::Array FramesJ;
  for (size_t I = 0; I < Frames.size(); ++I) {
    const SourceFrame &F = Frames[I];
    json::Object J{{"function", F.Function},
                   {"module", F.Module},
                   {"offset", int64_t(F.Offset)},
                   {"shown", Shown[I]}};
    if (F.hasFile())
      J["file"] = F.File;
    if (F.hasLine())
      J["line"] = int64_t(F.Line);
    FramesJ.push_back(std::move(J));
  }
  return json::Object{{"objects", Objects}, {"frames", std::move(FramesJ)}};
}

void TypeRetention::addTo(json::Object &O) const {
  O["fates"] = Of.toJSON();
  O["census"] = Count.toJSON();
  json::Array PathsJ;
  for (const RetentionPath &P : Paths)
    PathsJ.push_back(P.toJSON());
  O["paths"] = std::move(PathsJ);
}

namespace {

/// A layer name as an ECMAScript regular expression matching it alone.
std::string exactly(StringRef Name) {
  std::string R = "^";
  for (char C : Name) {
    if (StringRef("\\^$.|?*+()[]{}").contains(C))
      R += '\\';
    R += C;
  }
  return R + "$";
}

/// A site as the runner sent it.
struct RawFrame {
  std::string Module;
  uint64_t Offset;
};
struct RawSite {
  std::string Layer, Type;
  int64_t Objects;
  std::vector<RawFrame> Frames;
  Fates Of;
};

/// What a layer's scan sent besides its sites.
struct RawScan {
  bool Heap = false;
  int64_t ThreadsMissed = 0, Unlisted = 0;
  std::map<std::string, Census> Counts; ///< by type
  std::vector<RawPath> Paths;
};

/// The fates of a site (its "fates" member, absent when the process was not
/// scanned).
bool readFates(const json::Object &S, Fates &Out) {
  const json::Object *F = S.getObject(key::Fates);
  if (!F)
    return true;
  for (const auto &[Name, N] : *F) {
    unsigned I = 0;
    while (I < NumFates && Name != events::FateNames[I])
      ++I;
    std::optional<int64_t> Count = N.getAsInteger();
    if (I == NumFates || !Count)
      return false;
    Out.Of[I] = *Count;
  }
  return true;
}

/// The scan's members of a sites event, when the process was scanned.
bool readScan(const json::Object &E, std::optional<RawScan> &Out) {
  const json::Object *Scan = E.getObject(key::Scan);
  if (!Scan)
    return true;
  RawScan R;
  R.Heap = Scan->getInteger(key::Heap).value_or(0) != 0;
  R.ThreadsMissed = Scan->getInteger(key::ThreadsMissed).value_or(0);
  R.Unlisted = Scan->getInteger(key::Unlisted).value_or(0);
  const json::Array *Counts = E.getArray(key::Census);
  const json::Array *Paths = E.getArray(key::Paths);
  if (!Counts || !Paths)
    return false;
  for (const json::Value &V : *Counts) {
    const json::Object *C = V.getAsObject();
    std::optional<StringRef> Type = C ? C->getString(key::Type) : std::nullopt;
    if (!Type)
      return false;
    // A type of an anonymous namespace has a slot per file, each with its
    // entry: the type's census is their sum.
    Census &N = R.Counts[Type->str()];
    N.Known = true;
    for (auto [Member, Field] :
         {std::pair{key::LiveStart, &N.LiveStart}, {key::LiveEnd, &N.LiveEnd},
          {key::EndedStart, &N.EndedStart}, {key::EndedEnd, &N.EndedEnd},
          {key::Replaced, &N.Replaced}}) {
      std::optional<int64_t> X = C->getInteger(Member);
      if (!X)
        return false;
      *Field += *X;
    }
  }
  for (const json::Value &V : *Paths) {
    const json::Object *P = V.getAsObject();
    RawPath Path;
    if (!P || !readRawPath(*P, Path))
      return false;
    R.Paths.push_back(std::move(Path));
  }
  Out = std::move(R);
  return true;
}

/// The sites of a recording (leaktrace/recording.h), as of \p Layer.
bool readSites(const json::Object &E, StringRef Layer,
               std::vector<RawSite> &Out) {
  const json::Array *Sites = E.getArray(key::Sites);
  if (!Sites)
    return false;
  for (const json::Value &V : *Sites) {
    const json::Object *S = V.getAsObject();
    if (!S)
      return false;
    std::optional<StringRef> Type = S->getString(key::Type);
    std::optional<int64_t> Objects = S->getInteger(key::Objects);
    const json::Array *Frames = S->getArray(key::Frames);
    if (!Type || !Objects || !Frames)
      return false;
    RawSite R{Layer.str(), Type->str(), *Objects, {}, {}};
    if (!readFates(*S, R.Of))
      return false;
    for (const json::Value &FV : *Frames) {
      const json::Object *F = FV.getAsObject();
      std::optional<StringRef> Module =
          F ? F->getString(key::Module) : std::nullopt;
      std::optional<int64_t> Offset =
          F ? F->getInteger(key::Offset) : std::nullopt;
      if (!Module || !Offset)
        return false;
      R.Frames.push_back({Module->str(), uint64_t(*Offset)});
    }
    Out.push_back(std::move(R));
  }
  return true;
}

/// The sites of each layer symbolised, one per stack, sorted by objects
/// (most first).
void symbolizeSites(Symbolizer &S, std::vector<RawSite> &Raw,
                    StringRef RunnerDir, unsigned SiteFrames,
                    SitesOfRun &Out) {
  auto Key = [](const CreationSite &C) {
    std::string K = C.Type;
    for (const SourceFrame &F : C.Frames)
      K += "\n" + F.str();
    return K;
  };
  std::map<std::string, std::map<std::string, CreationSite>> Merged;
  for (RawSite &R : Raw) {
    CreationSite C{R.Type, R.Objects, {}, {}};
    for (const RawFrame &F : R.Frames) {
      const std::vector<SourceFrame> &Fs = S.frames(F.Module, F.Offset);
      C.Frames.insert(C.Frames.end(), Fs.begin(), Fs.end());
    }
    auto [It, New] = Merged[R.Layer].try_emplace(Key(C), C);
    if (!New)
      It->second.Objects += C.Objects;
  }
  for (auto &[Layer, Sites] : Merged) {
    // Most objects first; ties go by type and frames (the map's order), so
    // the same run gives the same order, without building the keys again.
    std::vector<std::pair<CreationSite *, size_t>> Order; // site, map rank
    for (auto &[K, C] : Sites) {
      C.Lines = siteLines(C.Frames, SiteFrames, RunnerDir);
      for (const SiteLine &L : C.Lines)
        if (L.Kind == SiteLine::Frame)
          Out.LinesMissing |= !C.Frames[L.Members.front()].hasFile();
      Order.push_back({&C, Order.size()});
    }
    std::sort(Order.begin(), Order.end(), [](const auto &A, const auto &B) {
      if (A.first->Objects != B.first->Objects)
        return A.first->Objects > B.first->Objects;
      return A.second < B.second;
    });
    std::vector<CreationSite> &List = Out.ByLayer[Layer];
    for (auto &[C, Rank] : Order)
      List.push_back(std::move(*C));
  }
}

/// What the scans found of each layer's growing types, in words.
void nameRetention(Symbolizer &S, StringRef Program,
                   const std::vector<RawSite> &Raw,
                   std::map<std::string, RawScan> &Scans,
                   const std::map<std::string, std::vector<std::string>> &Leaks,
                   StringRef RunnerDir, SitesOfRun &Out,
                   StringRef Scanner = "the thread running the tests") {
  Out.Scanned = true;
  PathNamer Namer(S, RunnerDir, Program, Scanner);
  for (auto &[Layer, Scan] : Scans) {
    auto L = Leaks.find(Layer);
    if (L == Leaks.end())
      continue;
    if (!Scan.Heap && Out.NoHeap.empty())
      Out.NoHeap = "the allocator shim did not load in it";
    Out.ThreadsMissed += Scan.ThreadsMissed;
    Out.Unlisted += Scan.Unlisted;
    std::map<std::string, TypeRetention> &Types = Out.Retention[Layer];
    for (const std::string &Type : L->second) {
      TypeRetention &T = Types[Type];
      if (auto C = Scan.Counts.find(Type); C != Scan.Counts.end())
        T.Count = C->second;
    }
    for (const RawSite &R : Raw)
      if (R.Layer == Layer && Types.count(R.Type))
        for (unsigned F = 0; F < NumFates; ++F)
          Types[R.Type].Of.Of[F] += R.Of.Of[F];
    // Paths alike once named are one.
    std::map<std::string, std::map<std::string, RetentionPath>> Merged;
    for (const RawPath &P : Scan.Paths) {
      if (!Types.count(P.Type))
        continue;
      RetentionPath Named = Namer.name(P);
      // Alike but for how many blocks in a row: one path, with the runs'
      // ranges joined.
      std::string Key = std::string(fateName(Named.F)) + (Named.Cycle ? "c" : "");
      for (const PathStep &St : Named.Steps)
        Key += "\n" + St.Base + "\t" + St.Holder;
      auto [It, New] = Merged[P.Type].try_emplace(Key, Named);
      if (New)
        continue;
      It->second.Objects += Named.Objects;
      for (size_t I = 0; I < Named.Steps.size(); ++I) {
        PathStep &Into = It->second.Steps[I];
        Into.RunMin = std::min(Into.RunMin, Named.Steps[I].RunMin);
        Into.RunMax = std::max(Into.RunMax, Named.Steps[I].RunMax);
        Into.compose();
      }
    }
    for (auto &[Type, Paths] : Merged) {
      std::vector<RetentionPath> &List = Types[Type].Paths;
      std::vector<std::pair<std::string, RetentionPath>> Sorted(Paths.begin(),
                                                                Paths.end());
      // Most objects first; ties by their words, so that a run prints the
      // same summary as the last.
      std::sort(Sorted.begin(), Sorted.end(), [](const auto &A, const auto &B) {
        if (A.second.Objects != B.second.Objects)
          return A.second.Objects > B.second.Objects;
        return A.first < B.first;
      });
      for (auto &[K, P] : Sorted)
        List.push_back(std::move(P));
    }
  }
  Out.MembersMissing = Namer.membersMissing();
}

} // namespace

std::string readyForScan(std::map<std::string, std::string> &Env,
                         StringRef Program, StringRef HeapShim) {
  Env[LEAKTRACE_SCAN_VAR] = "1";
  std::string NoHeap = whyNoHeapShim(Program, HeapShim);
  if (NoHeap.empty()) {
    const char *Preload = getenv("LD_PRELOAD");
    Env["LD_PRELOAD"] = (Preload && *Preload ? std::string(Preload) + " " : "") +
                        HeapShim.str();
  }
  return NoHeap;
}

llvm::Expected<SitesOfRun>
nameRecording(const json::Object &Recording,
              const std::vector<std::string> &Types, StringRef Layer,
              StringRef Program, unsigned SiteFrames) {
  std::vector<RawSite> Raw;
  std::optional<RawScan> Scan;
  if (!readSites(Recording, Layer, Raw) || !readScan(Recording, Scan))
    return createStringError(inconvertibleErrorCode(),
                             "the program sent a malformed recording");
  Raw.erase(std::remove_if(Raw.begin(), Raw.end(),
                           [&](const RawSite &S) {
                             return std::find(Types.begin(), Types.end(),
                                              S.Type) == Types.end();
                           }),
            Raw.end());
  SitesOfRun Out;
  Symbolizer S;
  symbolizeSites(S, Raw, "", SiteFrames, Out);
  if (Scan) {
    std::map<std::string, RawScan> Scans;
    Scans[Layer.str()] = std::move(*Scan);
    nameRetention(S, Program, Raw, Scans, {{Layer.str(), Types}}, "", Out,
                  "leaktrace's control thread");
  }
  return Out;
}

SitesOfRun
findCreationSites(const std::vector<std::string> &Command,
                  std::map<std::string, std::string> Env,
                  const std::map<std::string, std::vector<std::string>> &Leaks,
                  unsigned TimeoutSeconds, StringRef RunnerDir,
                  unsigned SiteFrames, StringRef HeapShim) {
  SitesOfRun Out;
  std::set<std::string> Types;
  std::string Layers;
  for (const auto &[Layer, LayerTypes] : Leaks) {
    Layers += exactly(Layer) + "\n";
    Types.insert(LayerTypes.begin(), LayerTypes.end());
  }
  std::string Watch;
  for (const std::string &T : Types)
    Watch += T + "\n";
  // Two iterations: the first warms what the layer's tests warm, the
  // second is recorded. A shard's share depends on every selected layer,
  // so a sharded run keeps its selection and runs its whole share again.
  Env[ev::RepeatVar] = "2";
  if (!Env.count(ev::ShardVar))
    Env[ev::LayersVar] = Layers;
  Env[LEAKTRACE_WATCH_VAR] = Watch;
  // A scan at the end of the recorded iteration, with the heap known from
  // the allocator shim, where the program can take it.
  Out.NoHeap = readyForScan(Env, Command.front(), HeapShim);

  std::vector<RawSite> Raw;
  std::map<std::string, RawScan> Scans; // by layer
  bool Done = false, Malformed = false;
  std::string Test;
  auto Start = std::chrono::steady_clock::now();
  ChildResult R =
      runWithEvents(Command, Env, TimeoutSeconds, [&](StringRef Line) {
        Expected<event::Event> E = event::decode(Line);
        if (!E) {
          consumeError(E.takeError());
          Malformed = true;
          return;
        }
        if (const auto *S = std::get_if<event::Sites>(&*E)) {
          std::optional<StringRef> Layer = S->Raw.getString(key::Layer);
          std::optional<RawScan> Scan;
          if (!Layer || !readSites(S->Raw, *Layer, Raw) ||
              !readScan(S->Raw, Scan))
            Malformed = true;
          else if (Scan)
            Scans[Layer->str()] = std::move(*Scan);
        } else if (const auto *T = std::get_if<event::TestStart>(&*E)) {
          Test = T->Name;
        } else if (std::holds_alternative<event::TestEnd>(*E)) {
          Test.clear();
        } else if (std::holds_alternative<event::Done>(*E)) {
          Done = true;
        }
      },
      /*AfterLines=*/nullptr,
      // The user saw the program's output in the first run: once is enough.
      /*DiscardStdout=*/true);
  auto Seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         Start)
        .count();
  };
  Out.Seconds = Seconds();
  std::string In = Test.empty() ? "" : " in test " + Test;
  if (!R.Started)
    Out.Failure = "the second run could not start: " + R.Error;
  else if (R.TimedOut)
    Out.Failure = "the second run did not finish within --timeout" + In;
  else if (R.Signal)
    Out.Failure =
        "the second run was killed by signal " + std::to_string(R.Signal) + In;
  else if (!Done)
    Out.Failure = "the second run exited with status " +
                  std::to_string(R.ExitCode) + " before it finished" + In;
  else if (Malformed)
    Out.Failure = "the second run wrote a malformed sites event";
  if (!Out.Failure.empty())
    return Out;
  // Only the types that leaked in each layer: a sharded second run records
  // every layer, and all watched types in each.
  auto Unwanted = [&](const RawSite &S) {
    auto L = Leaks.find(S.Layer);
    return L == Leaks.end() || std::find(L->second.begin(), L->second.end(),
                                         S.Type) == L->second.end();
  };
  Raw.erase(std::remove_if(Raw.begin(), Raw.end(), Unwanted), Raw.end());
  Out.RunCpuSeconds = R.CpuSeconds;
  auto Symbolising = std::chrono::steady_clock::now();
  Symbolizer S;
  symbolizeSites(S, Raw, RunnerDir, SiteFrames, Out);
  if (!Scans.empty())
    nameRetention(S, Command.front(), Raw, Scans, Leaks, RunnerDir, Out);
  Out.Seconds = Seconds(); // symbolising is part of the cost
  Out.SymbolisingSeconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - Symbolising)
                               .count();
  return Out;
}

} // namespace leaktrace
