//===- FactsJSON.h - A run's facts as --json writes them ------------------===//

#ifndef LEAKTRACE_TOOL_FACTSJSON_H
#define LEAKTRACE_TOOL_FACTSJSON_H

#include "RunFacts.h"

#include "llvm/Support/JSON.h"

namespace leaktrace {

/// The facts of a run (schema leaktrace-run/2, README "JSON"), with its
/// \p Verdict and wall-clock \p WallSeconds. MergeShards.cpp reads it back.
llvm::json::Value runToJSON(const RunFacts &F, llvm::StringRef Verdict,
                            double WallSeconds);

} // namespace leaktrace

#endif
