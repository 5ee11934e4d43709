// Compiled with the plugin. Handle: two objects built through the counted
// constructor (+2), two destroyed (-2), and two copies the plain file made
// (+0) destroyed here (-2): -2 at exit, below zero, so Handle is left out.
// Other: two built, one destroyed, one leaked: 1.
#include "handle.h"

namespace mixed {
Handle::Handle(int V) : V(V) {}
Handle::~Handle() {}
Other::Other(int V) : V(V) {}
Other::~Other() {}
} // namespace mixed

int main() {
  mixed::Handle A(1);
  {
    mixed::Handle B = mixed::copyInPlainCode(A);
    mixed::Handle C = B; // an instrumented copy: counted
    mixed::Handle D = mixed::copyInPlainCode(C);
    (void)D;
  }
  mixed::Other Kept(1);
  new mixed::Other(Kept);
}
