// A library of the program's own code (not in a system directory) that is
// linked prebuilt, compiled without the plugin (prebuilt_plain.cpp):
//  - vendorlib::Thing is built by its inline constructor, counted where the
//    program calls it, and destroyed by its out-of-line destructor in the
//    library, never counted: its count only grows, which would read as a
//    leak.
//  - vendorlib::Gadget is all inline and polymorphic: both objects have a
//    copy of its vtable and deleting destructor. The library's object comes
//    first on the link line, so the linker keeps its copies (linkonce_odr),
//    whose deleting destructor ends objects without a count (compiled
//    without the plugin, it calls the base-object destructor). Gadgets
//    built here and deleted by the library would read as a leak.
// Both must be left out, naming the code compiled without the plugin.
#ifndef LEAKTRACE_TESTS_E2E_PREBUILT_H
#define LEAKTRACE_TESTS_E2E_PREBUILT_H

#include <string>

namespace vendorlib {

class Thing {
public:
  explicit Thing(int N) : S(std::to_string(N)) {}
  ~Thing();

private:
  std::string S;
};

// Destroys it, in the library.
void dispose(Thing *T);

class Gadget {
public:
  explicit Gadget(int N) : S(std::to_string(N)) {}
  virtual ~Gadget() {}
  virtual int size() const { return int(S.size()); }

private:
  std::string S;
};

// Builds one and deletes one, in the library (which so has its own copy
// of the vtable).
Gadget *spare();
void drop(Gadget *G);

} // namespace vendorlib

#endif
