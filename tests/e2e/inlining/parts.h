// Two instrumented files compile the same inline functions at different
// optimisation levels: in first.cpp (-O2) makePart() inlines helper() and
// with it the counted constructor; in second.cpp (-O0) it only calls
// helper(). Both copies are instrumented, whichever the linker keeps (the
// link puts second.cpp first): the link check must not take the copy that
// does not count itself for code compiled without the plugin.
#ifndef LEAKTRACE_TESTS_E2E_INLINING_PARTS_H
#define LEAKTRACE_TESTS_E2E_INLINING_PARTS_H

#include <string>

namespace inl {
struct Part {
  Part() : S("part") {}
  ~Part() {}
  std::string S;
};
inline Part *helper() { return new Part; }
inline Part *makePart() { return helper(); }
} // namespace inl

void second();

#endif
