// A class whose constructors live in a file compiled without the plugin
// (uninstrumented_plain.cpp) while its destructor is counted: objects are
// destroyed with a count and built without one, so its count falls below
// zero, which the runtime must catch instead of printing it as a number.
#ifndef LEAKTRACE_TESTS_E2E_UNINSTRUMENTED_H
#define LEAKTRACE_TESTS_E2E_UNINSTRUMENTED_H

#include <memory>
#include <string>

namespace mixed {

class BuiltElsewhere {
public:
  explicit BuiltElsewhere(int N);
  ~BuiltElsewhere();

private:
  std::string S;
};

// In the uninstrumented file: the handle it returns is made there, without
// a count.
std::shared_ptr<BuiltElsewhere> makeShared(int N);
BuiltElsewhere *make(int N);

} // namespace mixed

#endif
