// A file compiled without the plugin copies a class whose copy constructor
// is trivial: there the copy is a memcpy, with no call to count (the plugin
// makes the constructor a call only where it compiles). Instrumented code
// that destroys such a copy takes the count below zero, and the report
// leaves the type out, naming why, instead of printing a wrong number.
#ifndef LEAKTRACE_TESTS_E2E_TRIVIAL_COPY_HANDLE_H
#define LEAKTRACE_TESTS_E2E_TRIVIAL_COPY_HANDLE_H

namespace mixed {
struct Handle {
  explicit Handle(int V);
  ~Handle();
  int V;
};
// A class the plain file never copies: counted exactly.
struct Other {
  explicit Other(int V);
  ~Other();
  int V;
};

// Defined in plain.cpp (no plugin): returns a memcpy of H.
Handle copyInPlainCode(const Handle &H);
} // namespace mixed

#endif
