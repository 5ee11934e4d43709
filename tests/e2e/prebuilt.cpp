// End-to-end: a program linked with a prebuilt library of its own code
// (prebuilt.h), run with LEAKTRACE_REPORT=exit. Three Things are built here
// (+3) and destroyed, two by the library and one here, all through the
// library's uncounted destructor: the count says 3, the truth is 0. Two
// Gadgets are built here and deleted by the library through its vtable: the
// count says 2, the truth is 0. Both types must be left out, naming the
// code compiled without the plugin; own::Kept, built here and leaked, stays
// exact.
#include "prebuilt.h"

namespace own {
class Kept {
public:
  Kept() : S("kept") {}
  ~Kept() {}

private:
  std::string S;
};
} // namespace own

int main() {
  vendorlib::dispose(new vendorlib::Thing(1));
  vendorlib::dispose(new vendorlib::Thing(2));
  delete new vendorlib::Thing(3);
  vendorlib::drop(new vendorlib::Gadget(1));
  vendorlib::drop(new vendorlib::Gadget(2));
  vendorlib::drop(vendorlib::spare()); // not counted either way
  new own::Kept;
}
