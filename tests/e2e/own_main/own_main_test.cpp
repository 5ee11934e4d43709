// A suite that keeps its own main: with OWN_MAIN, a hand-written one
// (InitGoogleMock, a flag of its own, a global environment, then
// RUN_ALL_TESTS()); without, GoogleTest's gtest_main from Debian's prebuilt
// archive, the environment registered at start-up. Linked with
// leaktrace::gtest_runner (or --gtest-runner-ldflags), it runs its layers
// under the tool and is GoogleTest's own when run directly.
//
// Counts, worked out from what the tests do: the environment (one object of
// own_main::CountingEnvironment, made once and owned by GoogleTest to the
// end) is alive in every iteration; OwnMain.Leaks keeps one more
// own_main::Widget each time; OwnMain.Clean's Widget dies at its end. After
// iteration k: insts = k Widgets + 1 environment, no shared_ptr handles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace own_main {

struct Widget {
  explicit Widget(int V) : V(V) {}
  ~Widget() {}
  int V;
};

std::vector<Widget *> Kept;
int SetUps = 0;
bool MainRan = false;
bool OwnFlag = false;

class CountingEnvironment : public testing::Environment {
public:
  void SetUp() override { ++SetUps; }
};

} // namespace own_main

TEST(OwnMain, Clean) {
  own_main::Widget W(1);
  EXPECT_EQ(W.V, 1);
}

TEST(OwnMain, Leaks) { own_main::Kept.push_back(new own_main::Widget(2)); }

// What the program set up before RUN_ALL_TESTS() is there when the runner
// runs the tests.
TEST(OwnMain, SetUpFirst) {
  EXPECT_GE(own_main::SetUps, 1);
#ifdef OWN_MAIN
  EXPECT_TRUE(own_main::MainRan);
  EXPECT_TRUE(own_main::OwnFlag);
#endif
}

#ifdef OWN_MAIN
int main(int argc, char **argv) {
  testing::InitGoogleMock(&argc, argv);
  for (int I = 1; I < argc; ++I)
    if (std::strcmp(argv[I], "--own-flag") == 0)
      own_main::OwnFlag = true;
  own_main::MainRan = true;
  testing::AddGlobalTestEnvironment(new own_main::CountingEnvironment);
  return RUN_ALL_TESTS();
}
#else
testing::Environment *const Registered =
    testing::AddGlobalTestEnvironment(new own_main::CountingEnvironment);
#endif
