// leaktrace's GoogleTest main: link it instead of gtest_main. A program with
// a main of its own (or one that must keep gtest_main) links gtest_runner.cpp
// instead.

#include "gtest_adapter.h"

#include <gtest/gtest.h>

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  return leaktrace::runGoogleTestLayers();
}
