//===- StaticInit.h - Classes with static storage duration ----------------===//

#ifndef LEAKTRACE_TESTS_RUNTIME_STATICINIT_H
#define LEAKTRACE_TESTS_RUNTIME_STATICINIT_H

#include <string>

namespace init {

// One global in each translation unit of the program.
struct Global {
  explicit Global(const char *Where) : S(Where) {}
  ~Global() {}
  std::string S;
};
struct Other {
  explicit Other(const char *Where) : S(Where) {}
  ~Other() {}
  std::string S;
};

} // namespace init

#endif // LEAKTRACE_TESTS_RUNTIME_STATICINIT_H
