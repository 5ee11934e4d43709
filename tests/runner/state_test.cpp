// The runner changes nothing of the process that a test can see: what the
// program had at start-up (before main, before any runner) is what each test
// finds, run directly or in every iteration under the tool. Checked: what
// process_state.h describes. Not checked: open descriptors (the tool's event
// pipe is open, close-on-exec, in the tested process).
#include <gtest/gtest.h>

#include "process_state.h"

#include <string>

namespace {

// Before main: the program as the system started it.
const std::string AtStartUp = leaktrace_test::describeProcessState();

} // namespace

TEST(ProcessState, AsAtStartUp) {
  EXPECT_EQ(leaktrace_test::describeProcessState(), AtStartUp);
}

TEST(ProcessState, StillAsAtStartUpInTheNextTest) {
  EXPECT_EQ(leaktrace_test::describeProcessState(), AtStartUp);
}
