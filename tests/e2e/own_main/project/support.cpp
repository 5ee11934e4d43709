// A test-support library of the project's: it links GoogleTest for the
// binaries that link it.
#include <gtest/gtest.h>

int supportValue() { return 1; }
