// An instrumented shared library, linked (as a Makefile's LDFLAGS would)
// with `leaktrace --ldflags`: it holds a copy of the runtime of its own,
// which must neither report nor keep counts apart.
#include <string>

namespace shlib {
class Held {
public:
  Held() : S("held") {}
  ~Held() {}

private:
  std::string S;
};

// Two left alive, one built and destroyed.
void make() {
  new Held;
  new Held;
  delete new Held;
}
} // namespace shlib
