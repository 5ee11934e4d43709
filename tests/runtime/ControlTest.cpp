//===- ControlTest.cpp - The control socket, from inside the program -----===//
//
// LEAKTRACE_CONTROL is set by the test's environment (CMakeLists.txt), "%p"
// in it this process's id; the test talks to its own runtime through the
// socket as `leaktrace watch` does (leaktrace/control.h). Every figure
// follows from what the test makes and destroys.
//
//===----------------------------------------------------------------------===//

#include "leaktrace/control.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

namespace control_test {
struct Made {
  Made() {}
  ~Made() {}
  int X = 0;
};
} // namespace control_test

namespace {

/// The socket's path, as the tool finds it: the variable in the process's
/// initial environment, %p replaced by the pid.
std::string socketPath() {
  std::ifstream In("/proc/self/environ");
  std::string Env((std::istreambuf_iterator<char>(In)),
                  std::istreambuf_iterator<char>());
  const std::string Var = LEAKTRACE_CONTROL_VAR "=";
  for (size_t At = 0; At < Env.size();) {
    size_t End = Env.find('\0', At);
    std::string Entry = Env.substr(At, End - At);
    if (Entry.rfind(Var, 0) == 0) {
      std::string Path = Entry.substr(Var.size());
      size_t P = Path.find("%p");
      if (P != std::string::npos)
        Path.replace(P, 2, std::to_string(getpid()));
      return Path;
    }
    At = End + 1;
  }
  return "";
}

class Connection {
public:
  explicit Connection(const std::string &Path) {
    Fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un A = {};
    A.sun_family = AF_UNIX;
    snprintf(A.sun_path, sizeof A.sun_path, "%s", Path.c_str());
    Connected = connect(Fd, reinterpret_cast<sockaddr *>(&A), sizeof A) == 0;
  }
  ~Connection() { close(Fd); }
  bool Connected = false;
  std::string line() {
    for (;;) {
      size_t End = Pending.find('\n');
      if (End != std::string::npos) {
        std::string L = Pending.substr(0, End);
        Pending.erase(0, End + 1);
        return L;
      }
      char B[4096];
      ssize_t N = read(Fd, B, sizeof B);
      if (N <= 0)
        return "<closed>";
      Pending.append(B, size_t(N));
    }
  }
  void send(const std::string &Request) {
    std::string L = Request + "\n";
    ASSERT_EQ(write(Fd, L.data(), L.size()), ssize_t(L.size()));
  }
  /// The counts reply's line of \p Type ("" when it has none).
  std::string countsOf(const std::string &Type) {
    send(LEAKTRACE_CONTROL_COUNTS);
    std::string Header = line(), Found;
    unsigned long N = std::stoul(Header.substr(Header.find(' ') + 1));
    for (unsigned long I = 0; I < N; ++I) {
      std::string L = line();
      if (L.size() > Type.size() &&
          L.compare(L.size() - Type.size(), Type.size(), Type) == 0 &&
          L[L.size() - Type.size() - 1] == ' ')
        Found = L;
    }
    EXPECT_EQ(line(), LEAKTRACE_CONTROL_END);
    return Found;
  }

private:
  int Fd;
  std::string Pending;
};

TEST(Control, CountsSitesAndCountingAsBefore) {
  // The variable is gone from the environment: programs this one starts
  // would not listen on the same path.
  EXPECT_EQ(getenv(LEAKTRACE_CONTROL_VAR), nullptr);
  using control_test::Made;
  std::vector<std::unique_ptr<Made>> Old;
  Old.push_back(std::make_unique<Made>());
  Old.push_back(std::make_unique<Made>());

  std::string Path = socketPath();
  ASSERT_FALSE(Path.empty());
  Connection C(Path);
  ASSERT_TRUE(C.Connected) << Path;
  EXPECT_EQ(C.line(), LEAKTRACE_CONTROL_HELLO " 2 " + std::to_string(getpid()));
  // Two alive: "INSTS REFS FLAGS NAME".
  EXPECT_EQ(C.countsOf("control_test::Made"), "2 0 0 control_test::Made");

  // Watched from here: three made, one of them destroyed, one of the old
  // ones destroyed too. Two recorded objects are alive, at one site.
  C.send(LEAKTRACE_CONTROL_SITES_ON " control_test::Made\tno::SuchType");
  EXPECT_EQ(C.line(), LEAKTRACE_CONTROL_SITES_ON " 1");
  std::vector<std::unique_ptr<Made>> New;
  for (int I = 0; I < 3; ++I)
    New.push_back(std::make_unique<Made>());
  New.pop_back();
  Old.pop_back();
  // The recording's JSON (leaktrace/recording.h) on one line: one site of
  // two objects, its innermost frame in this program (the constructor).
  char Exe[4096] = {};
  ASSERT_GT(readlink("/proc/self/exe", Exe, sizeof Exe - 1), 0);
  C.send(LEAKTRACE_CONTROL_SITES);
  std::string Sites = C.line();
  std::string Expected = LEAKTRACE_CONTROL_SITES " {\"sites\":[{\"type\":"
                         "\"control_test::Made\",\"objects\":2,\"frames\":"
                         "[{\"module\":\"" +
                         std::string(Exe) + "\",\"offset\":";
  EXPECT_EQ(Sites.substr(0, Expected.size()), Expected);
  // The last frame, the site, the sites, the recording.
  EXPECT_EQ(Sites.substr(Sites.size() - 5), "}]}]}") << Sites;
  // This process was not readied for a scan (LEAKTRACE_SCAN unset): "scan"
  // answers with the same sites and no "scan" member.
  C.send(LEAKTRACE_CONTROL_SCAN);
  EXPECT_EQ(C.line(), LEAKTRACE_CONTROL_SCAN + Sites.substr(
                                                   strlen(LEAKTRACE_CONTROL_SITES)));

  // Off: nothing recorded any more, and counting goes on exactly: 1 old,
  // 2 new and 4 more alive.
  C.send(LEAKTRACE_CONTROL_SITES_OFF);
  EXPECT_EQ(C.line(), LEAKTRACE_CONTROL_SITES_OFF);
  for (int I = 0; I < 4; ++I)
    New.push_back(std::make_unique<Made>());
  C.send(LEAKTRACE_CONTROL_SITES);
  EXPECT_EQ(C.line(), LEAKTRACE_CONTROL_SITES " {\"sites\":[]}");
  EXPECT_EQ(C.countsOf("control_test::Made"), "7 0 0 control_test::Made");

  C.send("no such request");
  EXPECT_EQ(C.line(), "error unknown request");
}

} // namespace
