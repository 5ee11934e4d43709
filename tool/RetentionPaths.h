//===- RetentionPaths.h - What keeps a leak's objects alive, in words -----===//
//
// The second run of a leaking layer scans the process at the end of its
// recorded iteration (the runtime's leaktrace_scan) and sends, per growing
// type, what became of the objects the iteration made and kept (their
// fates), a census of its objects really alive before and after, and the
// shortest chains of pointers from a root to those alive: locations given
// as module offsets, block sizes and counted types. This file turns them
// into words a person reads: the global or static by its name and line,
// the thread_local by its name, a stack by the function whose frame holds
// the pointer, a block by the code that allocated it (a std::set node as
// the _Rb_tree function that made it), a shared_ptr control block as the
// shared_ptr<T> owning it, and, with debug information, a counted object's
// member by its name.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_RETENTIONPATHS_H
#define LEAKTRACE_TOOL_RETENTIONPATHS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace leaktrace {

class Symbolizer;

/// The fates of leaktrace.h (LEAKTRACE_FATE_*), by their event names.
enum class Fate {
  Reachable,
  Unreachable,
  Freed,
  Reused,
  FrameGone,
  Unknown,
  Replacing
};
constexpr unsigned NumFates = 7;
/// Its name in events and --json ("reachable", ...).
llvm::StringRef fateName(Fate F);

/// How many of a type's kept objects met each fate.
struct Fates {
  int64_t Of[NumFates] = {};
  int64_t &operator[](Fate F) { return Of[unsigned(F)]; }
  int64_t operator[](Fate F) const { return Of[unsigned(F)]; }
  int64_t total() const;
  /// Alive and no older object's replacement: reachable, unreachable, or
  /// in memory nothing is known of.
  int64_t alive() const;
  /// Ended without their destructor: freed, made over, frame gone.
  int64_t ended() const;
  bool any() const { return total() != 0; }
  llvm::json::Value toJSON() const;
};

/// A watched type's objects whose storage is alive, and those counted alive
/// whose storage ended without their destructor, before and after the
/// recorded iteration; and how many were made over others of the type never
/// destroyed meanwhile. Its count grew by the sum of the three growths.
struct Census {
  int64_t LiveStart = 0, LiveEnd = 0, EndedStart = 0, EndedEnd = 0;
  int64_t Replaced = 0;
  bool Known = false;
  int64_t liveGrowth() const { return LiveEnd - LiveStart; }
  int64_t endedGrowth() const { return EndedEnd - EndedStart; }
  llvm::json::Value toJSON() const;
};

/// One location of a path as the runner sent it (events.h, "locations").
struct RawLocation {
  std::string Kind; ///< "global", "tls", "stack", "register", "thread",
                    ///< "block", "unknown"
  unsigned Thread = 0;
  std::string Module; ///< global, tls, stack, register
  uint64_t Offset = 0;
  uint64_t At = 0; ///< tls, thread, block, unknown
  uint64_t Size = 0;
  std::string MadeByModule; ///< block: the frame that allocated it
  uint64_t MadeByOffset = 0;
  std::string FirstWordModule; ///< block: where its first word points
  uint64_t FirstWordOffset = 0;
  std::string Type; ///< a counted object holding the pointer
  uint64_t TypeOffset = 0;
  int64_t RunMin = 1, RunMax = 1;
  std::string Register; ///< register: its name
  /// stack, register: the frame's callers, outwards (module, offset)
  std::vector<std::pair<std::string, uint64_t>> Callers;
};

struct RawPath {
  std::string Type;
  Fate F = Fate::Reachable;
  bool Cycle = false;
  int64_t Objects = 0;
  std::vector<RawLocation> Locations;
};

/// Reads one path of the sites event; false when a member is missing or
/// mistyped.
bool readRawPath(const llvm::json::Object &O, RawPath &Out);

/// One step of a path, in words, and its facts for --json.
struct PathStep {
  std::string Text;     ///< as the summary prints it
  std::string Kind;     ///< as RawLocation::Kind
  std::string Name;     ///< the variable, function, or allocating function
  std::string File;     ///< with debug information
  unsigned Line = 0;
  uint64_t Size = 0;    ///< block
  std::string Type;     ///< the counted object holding the pointer
  std::string Member;   ///< "T::m" (with debug information)
  /// stack, register in a system library's frame: the program's function
  /// that called it
  std::string Caller;
  int64_t RunMin = 1, RunMax = 1;
  /// Text is Base, then how many in a row (when Runs), then ": " Holder
  /// (the counted object's member holding the pointer).
  std::string Base, Holder;
  bool Runs = false;
  /// Text from the parts (after RunMin, RunMax changed).
  void compose();

  llvm::json::Value toJSON() const;
};

/// A path in words, with the objects it keeps.
struct RetentionPath {
  std::string Type;
  Fate F = Fate::Reachable;
  bool Cycle = false;
  int64_t Objects = 0;
  std::vector<PathStep> Steps;

  llvm::json::Value toJSON() const;
  /// The lines the summary prints, after \p Indent, the objects' count
  /// before the first.
  std::string text(const std::string &Indent) const;
};

/// Puts paths into words. Keeps what it reads of each module (symbols,
/// debug information) for the paths after.
class PathNamer {
public:
  /// \p Program: the test binary, whose debug information names the
  /// members of counted objects in heap blocks. \p Scanner: what the thread
  /// that ran the scan (thread 0 of the locations) is called.
  PathNamer(Symbolizer &S, llvm::StringRef RunnerDir, llvm::StringRef Program,
            llvm::StringRef Scanner = "the thread running the tests");
  ~PathNamer();
  RetentionPath name(const RawPath &P);
  /// A counted object was shown without its members: a module has no debug
  /// information.
  bool membersMissing() const { return MembersMissing; }

private:
  struct Modules;
  PathStep step(const RawLocation &L, bool Last, const std::string &Kept);
  /// "T::member" of a pointer \p Offset bytes into an object of type \p Type
  /// of \p Module, or "T+0xN" without its debug information.
  std::string member(llvm::StringRef Module, llvm::StringRef Type,
                     uint64_t Offset);
  /// "the shared_ptr<T> control block", "a T" (polymorphic): what a vtable
  /// at the start of a block says of it; empty when none.
  std::string dynamicType(const RawLocation &L);
  /// "made by F" (the first frame of the allocation that does more than
  /// pass it on), or "from std::allocator<T>" when none does (\p Plumbing).
  std::string madeBy(const RawLocation &L, bool &Plumbing);

  Symbolizer &S;
  std::string RunnerDir, Program, Scanner;
  std::unique_ptr<Modules> M;
  bool MembersMissing = false;
};

} // namespace leaktrace

#endif
