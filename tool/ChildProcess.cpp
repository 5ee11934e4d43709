//===- ChildProcess.cpp - Run a test binary and read its runner events ----===//
//
// LLVM's Program.h runs processes but cannot hand them an extra descriptor,
// which the runner's event stream needs (standard output and error stay the
// test's own), so this is plain POSIX.

#include "ChildProcess.h"

#include "leaktrace/events.h"

#include "llvm/ADT/ScopeExit.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace leaktrace {

/// Calls \p OnLine for each whole line of \p Pending and keeps the rest.
static void takeLines(std::string &Pending,
                      llvm::function_ref<void(llvm::StringRef)> OnLine) {
  size_t Start = 0;
  for (size_t Nl; (Nl = Pending.find('\n', Start)) != std::string::npos;
       Start = Nl + 1)
    OnLine(llvm::StringRef(Pending).slice(Start, Nl));
  Pending.erase(0, Start);
}

ChildResult runWithEvents(const std::vector<std::string> &Command,
                          const std::map<std::string, std::string> &Env,
                          unsigned TimeoutSeconds,
                          llvm::function_ref<void(llvm::StringRef)> OnLine,
                          llvm::function_ref<void()> AfterLines,
                          bool DiscardStdout) {
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
  // The runner gathers events in this file and writes them in batches; what
  // it gathered but had not written when it ended is read from here.
  int BufferFd = memfd_create("leaktrace-events", MFD_CLOEXEC);
  void *Mapped = MAP_FAILED;
  if (BufferFd >= 0 && ftruncate(BufferFd, events::EventsBufferBytes) == 0)
    Mapped = mmap(nullptr, events::EventsBufferBytes, PROT_READ, MAP_SHARED,
                  BufferFd, 0);
  auto Unmap = llvm::make_scope_exit([&] {
    if (Mapped != MAP_FAILED)
      munmap(Mapped, events::EventsBufferBytes);
  });
  const auto *Buffer = Mapped == MAP_FAILED
                           ? nullptr
                           : static_cast<const events::EventsBuffer *>(Mapped);
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
    if (Buffer)
      setenv(events::EventsBufferFdVar, std::to_string(dup(BufferFd)).c_str(),
             1);
    if (DiscardStdout) {
      int Null = open("/dev/null", O_WRONLY);
      if (Null >= 0) {
        dup2(Null, STDOUT_FILENO);
        close(Null);
      }
    }
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
  if (BufferFd >= 0)
    close(BufferFd); // the mapping stays
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
  uint64_t Received = 0; // bytes read from the pipe
  char Buf[65536];
  for (;;) {
    int Wait = -1;
    if (TimeoutSeconds) {
      auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Deadline - std::chrono::steady_clock::now())
                      .count();
      if (Left <= 0) {
        if (R.TimedOut)
          break; // something the child started still holds the pipe
        // Killed, the child leaves the events it wrote in the pipe: read
        // them to the end, which comes when its descriptors are closed.
        R.TimedOut = true;
        kill(Pid, SIGKILL);
        Deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        continue;
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
    Received += uint64_t(Got);
    Pending.append(Buf, size_t(Got));
    takeLines(Pending, OnLine);
    if (AfterLines)
      AfterLines();
  }
  close(Fds[0]);
  int Status = 0;
  struct rusage Usage = {};
  while (wait4(Pid, &Status, 0, &Usage) < 0 && errno == EINTR) {
  }
  auto Seconds = [](const timeval &T) {
    return double(T.tv_sec) + double(T.tv_usec) / 1e6;
  };
  R.CpuSeconds = Seconds(Usage.ru_utime) + Seconds(Usage.ru_stime);
  if (Buffer) {
    // The runner is gone and the pipe read to its end: the buffer holds the
    // stream from Base on (the running test's start included), of which
    // Received - Base bytes came by the pipe.
    uint64_t Base = __atomic_load_n(&Buffer->Base, __ATOMIC_ACQUIRE);
    uint64_t Length = __atomic_load_n(&Buffer->Length, __ATOMIC_ACQUIRE) +
                      __atomic_load_n(&Buffer->Pending, __ATOMIC_ACQUIRE);
    if (Received >= Base && Length <= events::EventsBufferCapacity &&
        Received - Base < Length) {
      // When the runner died writing a batch, Pending holds the start of
      // the line the pipe cut; the rest of it comes first here.
      size_t Seen = size_t(Received - Base);
      Pending.append(Buffer->Data + Seen, size_t(Length) - Seen);
      takeLines(Pending, OnLine);
      if (AfterLines)
        AfterLines();
    }
  }
  if (WIFEXITED(Status))
    R.ExitCode = WEXITSTATUS(Status);
  else if (WIFSIGNALED(Status))
    R.Signal = WTERMSIG(Status);
  return R;
}

} // namespace leaktrace
