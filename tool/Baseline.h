//===- Baseline.h - Known growth that --fail-on-leak accepts --------------===//
//
// A CI job that must fail on a *new* leak names the growth it knows of in a
// baseline file (--baseline FILE), JSON:
//
//   [ { "type": "YAML::detail::node", "test": "NodeTest\\..*",
//       "reason": "the node pool keeps freed nodes" },
//     { "type": "spdlog::logger" } ]
//
// "type" (required) and "test" (optional) are regular expressions (POSIX
// extended, as llvm::Regex takes them) that must match the whole name. A
// leaking type is accepted when an entry's type matches it and every test
// that grew it (and its growth outside the tests, if any) is matched by such
// an entry; an entry without "test" matches them all. Entries that accepted
// nothing in a run are reported as stale.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_BASELINE_H
#define LEAKTRACE_TOOL_BASELINE_H

#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <string>
#include <vector>

namespace leaktrace {

struct LayerFacts;

class Baseline {
public:
  struct Entry {
    std::string TypePattern, TestPattern, Reason;
    std::shared_ptr<llvm::Regex> Type, Test; ///< Test null: any test
    mutable unsigned Matches = 0;
  };

  /// Reads \p Path; a usage error names the file, the entry and the key at
  /// fault.
  llvm::Error load(const std::string &Path);

  /// The entry that accepts type \p Type of layer \p L, or null. Counts the
  /// match.
  const Entry *accepts(const LayerFacts &L, const std::string &Type) const;

  /// The entry that accepts type \p Type growing in a live program
  /// (`leaktrace watch`: no tests, so only entries without "test"), or
  /// null. Counts the match.
  const Entry *acceptsGrowing(const std::string &Type) const;

  const std::string &path() const { return Path; }
  const std::vector<Entry> &entries() const { return Entries; }

private:
  std::string Path;
  std::vector<Entry> Entries;
};

} // namespace leaktrace

#endif
