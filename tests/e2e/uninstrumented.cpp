// End-to-end: a program one of whose files is compiled without the plugin,
// run with LEAKTRACE_REPORT=exit. mixed::BuiltElsewhere is built there and
// destroyed here: two destroyed with delete (insts -2), one owned by a
// handle made there and dropped here (insts -3, refs -1), one leaked
// (uncounted). Those counts cannot be right: the report must leave the type
// out of its table and total and say why (uninstrumented.expected), while
// mixed::Counted, built and leaked here, stays exact.
#include "uninstrumented.h"

namespace mixed {

BuiltElsewhere::~BuiltElsewhere() {}

class Counted {
public:
  Counted() : S("counted") {}
  ~Counted() {}

private:
  std::string S;
};

} // namespace mixed

int main() {
  delete mixed::make(1);
  delete mixed::make(2);
  { std::shared_ptr<mixed::BuiltElsewhere> P = mixed::makeShared(3); }
  mixed::make(4);
  new mixed::Counted;
  new mixed::Counted;
}
