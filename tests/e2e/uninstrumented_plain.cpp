// Compiled WITHOUT the plugin (see CMakeLists.txt): the constructor and the
// handles made here are never counted.
#include "uninstrumented.h"

namespace mixed {

BuiltElsewhere::BuiltElsewhere(int N) : S(std::to_string(N)) {}

std::shared_ptr<BuiltElsewhere> makeShared(int N) {
  return std::make_shared<BuiltElsewhere>(N);
}

BuiltElsewhere *make(int N) { return new BuiltElsewhere(N); }

} // namespace mixed
