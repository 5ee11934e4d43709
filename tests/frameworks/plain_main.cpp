// doctest's own main, for the doctest suite built without leaktrace's
// runner (GoogleTest and Catch2 v2 have main libraries of their own).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
