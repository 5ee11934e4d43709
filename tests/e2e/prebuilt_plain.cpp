// The prebuilt library: compiled WITHOUT the plugin (see CMakeLists.txt).
#include "prebuilt.h"

namespace vendorlib {

Thing::~Thing() {}

void dispose(Thing *T) { delete T; }

Gadget *spare() { return new Gadget(0); }

void drop(Gadget *G) { delete G; }

} // namespace vendorlib
