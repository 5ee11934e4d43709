//===- ChildProcess.cpp - Run a test binary and read its runner events ----===//
//
// LLVM's Program.h runs processes but cannot hand them an extra descriptor,
// which the runner's event stream needs (standard output and error stay the
// test's own), so this is plain POSIX.

#include "ChildProcess.h"

#include "leaktrace/events.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace leaktrace {

ChildResult runWithEvents(const std::vector<std::string> &Command,
                          const std::map<std::string, std::string> &Env,
                          unsigned TimeoutSeconds,
                          llvm::function_ref<void(llvm::StringRef)> OnLine) {
  ChildResult R;
  int Fds[2];
  if (pipe2(Fds, O_CLOEXEC) != 0) {
    R.Error = std::string("pipe: ") + strerror(errno);
    return R;
  }
  // A pipe to report exec failure: closed on successful exec.
  int ExecFds[2];
  if (pipe2(ExecFds, O_CLOEXEC) != 0) {
    R.Error = std::string("pipe: ") + strerror(errno);
    return R;
  }
  pid_t Pid = fork();
  if (Pid < 0) {
    R.Error = std::string("fork: ") + strerror(errno);
    return R;
  }
  if (Pid == 0) {
    // The events descriptor must survive exec: a duplicate without
    // close-on-exec.
    int EventsFd = dup(Fds[1]);
    for (const auto &[K, V] : Env)
      setenv(K.c_str(), V.c_str(), 1);
    setenv(events::EventsFdVar, std::to_string(EventsFd).c_str(), 1);
    std::vector<char *> Argv;
    for (const std::string &A : Command)
      Argv.push_back(const_cast<char *>(A.c_str()));
    Argv.push_back(nullptr);
    execvp(Argv[0], Argv.data());
    int Err = errno;
    (void)!write(ExecFds[1], &Err, sizeof Err);
    _exit(127);
  }
  close(Fds[1]);
  close(ExecFds[1]);
  int ExecErr = 0;
  if (read(ExecFds[0], &ExecErr, sizeof ExecErr) == sizeof ExecErr) {
    close(ExecFds[0]);
    close(Fds[0]);
    waitpid(Pid, nullptr, 0);
    R.Error = std::string("cannot run ") + Command[0] + ": " + strerror(ExecErr);
    return R;
  }
  close(ExecFds[0]);
  R.Started = true;

  auto Deadline = std::chrono::steady_clock::now() +
                  std::chrono::seconds(TimeoutSeconds);
  std::string Pending;
  char Buf[65536];
  for (;;) {
    int Wait = -1;
    if (TimeoutSeconds) {
      auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Deadline - std::chrono::steady_clock::now())
                      .count();
      if (Left <= 0) {
        R.TimedOut = true;
        kill(Pid, SIGKILL);
        break;
      }
      Wait = int(Left);
    }
    pollfd P{Fds[0], POLLIN, 0};
    int N = poll(&P, 1, Wait);
    if (N < 0 && errno == EINTR)
      continue;
    if (N == 0)
      continue; // the deadline check above decides
    ssize_t Got = read(Fds[0], Buf, sizeof Buf);
    if (Got < 0 && errno == EINTR)
      continue;
    if (Got <= 0)
      break; // every writer is gone: the child exited (or closed it)
    Pending.append(Buf, size_t(Got));
    size_t Start = 0;
    for (size_t Nl; (Nl = Pending.find('\n', Start)) != std::string::npos;
         Start = Nl + 1)
      OnLine(llvm::StringRef(Pending).slice(Start, Nl));
    Pending.erase(0, Start);
  }
  close(Fds[0]);
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(Status))
    R.ExitCode = WEXITSTATUS(Status);
  else if (WIFSIGNALED(Status))
    R.Signal = WTERMSIG(Status);
  return R;
}

} // namespace leaktrace
