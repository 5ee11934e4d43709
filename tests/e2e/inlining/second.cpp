// Compiled at -O0; see parts.h.
#include "parts.h"

void second() { delete inl::makePart(); }
