// Uses the library of shared.cpp; linked with `leaktrace --ldflags` before
// its objects. The at-exit report is one table: own::Main 1, shlib::Held 2.
#include <string>

namespace shlib {
void make();
}

namespace own {
class Main {
public:
  Main() : S("main") {}
  ~Main() {}

private:
  std::string S;
};
} // namespace own

int main() {
  new own::Main;
  shlib::make();
}
