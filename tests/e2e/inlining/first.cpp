// Compiled at -O2; see parts.h. Two Parts left alive here, one built and
// destroyed in second.cpp: the report says inl::Part 2, and nothing else.
#include "parts.h"

// Keeps an out-of-line copy of makePart() referred to here, as a function
// that is also called through a pointer (a virtual, a callback) is.
inl::Part *(*volatile MakePart)() = &inl::makePart;

int main() {
  inl::makePart();
  MakePart();
  second();
}
