#include "suite.h"

#include <gtest/gtest.h>

#ifndef FW_PLAIN // built with the framework's own main, which has no layers
LEAKTRACE_LAYER("Cache", fw::CacheLayer);
#endif

TEST(Cache, leaks) { EXPECT_EQ(fw::leaks(), 1); }
TEST(Cache, clean) { EXPECT_EQ(fw::clean(), 2); }
TEST(Unit, plain) { EXPECT_TRUE(fw::plain()); }
