#include "suite.h"

#if __has_include(<catch2/catch_test_macros.hpp>)
#include <catch2/catch_test_macros.hpp>
#else
#include <catch2/catch.hpp>
#endif

#ifndef FW_PLAIN // built with the framework's own main, which has no layers
LEAKTRACE_LAYER("[cache]", fw::CacheLayer);
#endif

TEST_CASE("Cache.leaks", "[cache]") { CHECK(fw::leaks() == 1); }
TEST_CASE("Cache.clean", "[cache]") { CHECK(fw::clean() == 2); }
TEST_CASE("Unit.plain") { CHECK(fw::plain()); }
// Hidden: runs only when named, never under the tool.
TEST_CASE("hidden", "[.]") { CHECK(false); }
