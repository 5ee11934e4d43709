# The link options of gtest_runner.cpp, for every way it is linked: this
# project's archive (runner/CMakeLists.txt), the consumer's build
# (cmake/leaktraceRunners.cmake, which includes this file from the installed
# runner sources) and `leaktrace --gtest-runner-ldflags` (a compile
# definition of the tool). The symbol is testing::UnitTest::Run(), the name
# the wrappers in gtest_runner.cpp are spelled from.
#
# --wrap sends the program's calls of Run() (RUN_ALL_TESTS()) to the runner;
# --undefined brings the wrapper in wherever the archive lands on the link
# line, before gtest_main's archive or after.
set(LEAKTRACE_GTEST_RUN_SYMBOL _ZN7testing8UnitTest3RunEv)
set(LEAKTRACE_GTEST_RUNNER_LINK_OPTIONS
  "LINKER:--wrap=${LEAKTRACE_GTEST_RUN_SYMBOL}"
  "LINKER:--undefined=__wrap_${LEAKTRACE_GTEST_RUN_SYMBOL}")
