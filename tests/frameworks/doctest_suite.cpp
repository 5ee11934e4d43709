#include "suite.h"

#include <doctest/doctest.h>

#ifndef FW_PLAIN // built with the framework's own main, which has no layers
LEAKTRACE_LAYER("cache", fw::CacheLayer);
#endif

TEST_SUITE("cache") {
  TEST_CASE("Cache.leaks") { CHECK(fw::leaks() == 1); }
  TEST_CASE("Cache.clean") { CHECK(fw::clean() == 2); }
}
TEST_CASE("Unit.plain") { CHECK(fw::plain()); }
