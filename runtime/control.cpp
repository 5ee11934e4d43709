// leaktrace runtime: the control socket (leaktrace/control.h), through
// which `leaktrace watch` samples a running program's counts.

#include "leaktrace/control.h"
#include "leaktrace/leaktrace.h"
#include "registry.h"
#include "survivors.h"
#include "text.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

namespace leaktrace::rt {
namespace {

char gPath[sizeof(sockaddr_un{}.sun_path)];
int gListenFd = -1;
bool gSitesOn; // this connection turned recording on (control thread only)
pid_t gOwner; // the process that listens (a forked child does not)

// Sends all of Data; false when the tool went away. MSG_NOSIGNAL: a closed
// connection must not raise SIGPIPE in the program.
bool sendAll(int Fd, const char *Data, size_t Size) {
  while (Size > 0) {
    ssize_t N = send(Fd, Data, Size, MSG_NOSIGNAL);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data += N;
    Size -= size_t(N);
  }
  return true;
}

int64_t threadCpuNanoseconds() {
  timespec T;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T) != 0)
    return 0;
  return int64_t(T.tv_sec) * 1000000000 + T.tv_nsec;
}

// "counts N CPU_NS", every type's counts, "end".
bool answerCounts(int Fd) {
  size_t Count;
  TypeCount *Counts = snapshotAll(Count);
  Text Out;
  char Line[96];
  for (size_t I = 0; I < Count; ++I) {
    int N = snprintf(Line, sizeof Line, "%" PRId64 " %" PRId64 " %" PRIu32 " ",
                     Counts[I].insts, Counts[I].refs, Counts[I].flags);
    Out.append(Line, size_t(N));
    Out.append(Counts[I].name);
    Out.append("\n", 1);
  }
  free(Counts);
  Out.append(LEAKTRACE_CONTROL_END "\n");
  // The header last, so that its CPU time includes the reply's making.
  int N = snprintf(Line, sizeof Line, LEAKTRACE_CONTROL_COUNTS " %zu %" PRId64 "\n",
                   Count, threadCpuNanoseconds());
  return sendAll(Fd, Line, size_t(N)) && sendAll(Fd, Out.Data, Out.Size);
}

// "sites-on NAME\tNAME...": watch those types and record where their
// objects are made, from now on.
bool answerSitesOn(int Fd, char *Names) {
  size_t Capacity = 1;
  for (const char *P = Names; *P; ++P)
    Capacity += *P == '\t';
  auto *List = static_cast<const char **>(calloc(Capacity, sizeof(char *)));
  if (!List)
    fatal("out of memory watching types");
  size_t N = 0;
  for (char *P = Names; *P && N < Capacity;) {
    char *Tab = strchr(P, '\t');
    if (Tab)
      *Tab = '\0';
    if (*P)
      List[N++] = P;
    if (!Tab)
      break;
    P = Tab + 1;
  }
  size_t Slots = watchLive(List, N);
  free(List);
  // After watchLive(): the census at the start of recording counts the
  // types watched now.
  leaktrace_record_sites(1);
  gSitesOn = true;
  char Line[64];
  int Len = snprintf(Line, sizeof Line, LEAKTRACE_CONTROL_SITES_ON " %zu\n",
                     Slots);
  return sendAll(Fd, Line, size_t(Len));
}

// REQUEST " " RECORDING "\n": the recording's JSON (recording.h) on one
// line, after a scan of the process for "scan".
bool answerRecording(int Fd, const char *Request, bool Scan) {
  leaktrace_scan_status Status;
  memset(&Status, 0, sizeof Status);
  // The window ends: what the scan judges is what was recorded until now
  // (no site is made after it). The scan reads this thread's stack from
  // here up: the control thread's own frames hold nothing of the program's.
  if (Scan) {
    pauseRecording();
    leaktrace_scan(&Status, nullptr);
  }
  Text Out;
  Out.append(Request);
  Out.append(" {", 2);
  appendRecording(Out, &Status);
  Out.append("}\n", 2);
  return sendAll(Fd, Out.Data, Out.Size);
}

// Recording ends, what it kept is forgotten, the types' inline updates
// resume.
void stopRecording() {
  leaktrace_record_sites(0);
  unwatchLive();
  gSitesOn = false;
}

// Answers one connection's requests until the tool closes it.
void serveConnection(int Fd) {
  char Hello[64];
  int N = snprintf(Hello, sizeof Hello, LEAKTRACE_CONTROL_HELLO " %d %ld\n",
                   LEAKTRACE_CONTROL_VERSION, long(getpid()));
  if (!sendAll(Fd, Hello, size_t(N)))
    return;
  static char Buffer[65536]; // one connection at a time, on this thread
  size_t Used = 0;
  for (;;) {
    ssize_t Got = read(Fd, Buffer + Used, sizeof Buffer - Used);
    if (Got < 0 && errno == EINTR)
      continue;
    if (Got <= 0)
      return;
    Used += size_t(Got);
    char *Start = Buffer;
    while (char *End = static_cast<char *>(memchr(Start, '\n', size_t(Buffer + Used - Start)))) {
      *End = '\0';
      bool Ok;
      size_t OnLen = strlen(LEAKTRACE_CONTROL_SITES_ON);
      if (strcmp(Start, LEAKTRACE_CONTROL_COUNTS) == 0) {
        Ok = answerCounts(Fd);
      } else if (strncmp(Start, LEAKTRACE_CONTROL_SITES_ON, OnLen) == 0 &&
                 (Start[OnLen] == ' ' || Start[OnLen] == '\0')) {
        Ok = answerSitesOn(Fd, Start + OnLen + (Start[OnLen] == ' '));
      } else if (strcmp(Start, LEAKTRACE_CONTROL_SITES) == 0) {
        Ok = answerRecording(Fd, LEAKTRACE_CONTROL_SITES, /*Scan=*/false);
      } else if (strcmp(Start, LEAKTRACE_CONTROL_SCAN) == 0) {
        Ok = answerRecording(Fd, LEAKTRACE_CONTROL_SCAN, /*Scan=*/true);
      } else if (strcmp(Start, LEAKTRACE_CONTROL_SITES_OFF) == 0) {
        stopRecording();
        static const char Off[] = LEAKTRACE_CONTROL_SITES_OFF "\n";
        Ok = sendAll(Fd, Off, sizeof Off - 1);
      } else {
        static const char Unknown[] = "error unknown request\n";
        Ok = sendAll(Fd, Unknown, sizeof Unknown - 1);
      }
      if (!Ok)
        return;
      Start = End + 1;
    }
    Used = size_t(Buffer + Used - Start);
    memmove(Buffer, Start, Used);
    if (Used == sizeof Buffer) // a line longer than any request
      return;
  }
}

void *serve(void *) {
  for (;;) {
    int Fd = accept4(gListenFd, nullptr, nullptr, SOCK_CLOEXEC);
    if (Fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      return nullptr;
    }
    serveConnection(Fd);
    close(Fd);
    // A tool that went away (interrupted) while sites were recorded leaves
    // the program as it was: unwatched, recording nothing.
    if (gSitesOn)
      stopRecording();
  }
}

// PATH with "%p" replaced by the process id; false when it does not fit a
// socket address.
bool expandPath(const char *Pattern, char *Out, size_t Size) {
  char Pid[24];
  snprintf(Pid, sizeof Pid, "%ld", long(getpid()));
  size_t Used = 0;
  for (const char *P = Pattern; *P; ++P) {
    const char *Piece = P;
    size_t N = 1;
    if (P[0] == '%' && P[1] == 'p') {
      Piece = Pid;
      N = strlen(Pid);
      ++P;
    }
    if (Used + N >= Size)
      return false;
    memcpy(Out + Used, Piece, N);
    Used += N;
  }
  Out[Used] = '\0';
  return true;
}

void complain(const char *What) {
  fprintf(stderr, "leaktrace: %s=%s: %s: `leaktrace watch` cannot reach this "
                  "process\n",
          LEAKTRACE_CONTROL_VAR, gPath, What);
}

} // namespace

void startControlIfRequested() {
  const char *Pattern = getenv(LEAKTRACE_CONTROL_VAR);
  if (!Pattern || !*Pattern)
    return;
  bool Fits = expandPath(Pattern, gPath, sizeof gPath);
  unsetenv(LEAKTRACE_CONTROL_VAR);
  if (!Fits) {
    fprintf(stderr,
            "leaktrace: %s names a socket path longer than %zu bytes: "
            "`leaktrace watch` cannot reach this process\n",
            LEAKTRACE_CONTROL_VAR, sizeof gPath - 1);
    return;
  }
  int Fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (Fd < 0) {
    complain(strerror(errno));
    return;
  }
  sockaddr_un Address = {};
  Address.sun_family = AF_UNIX;
  memcpy(Address.sun_path, gPath, strlen(gPath) + 1);
  // A socket file left by an earlier process of the same path.
  unlink(gPath);
  if (bind(Fd, reinterpret_cast<sockaddr *>(&Address), sizeof Address) != 0 ||
      listen(Fd, 4) != 0) {
    complain(strerror(errno));
    close(Fd);
    return;
  }
  gListenFd = Fd;
  gOwner = getpid();
  // The thread blocks every signal: the program's signals go to its own
  // threads, as without leaktrace.
  sigset_t All, Old;
  sigfillset(&All);
  pthread_sigmask(SIG_SETMASK, &All, &Old);
  pthread_t Thread;
  int Error = pthread_create(&Thread, nullptr, serve, nullptr);
  pthread_sigmask(SIG_SETMASK, &Old, nullptr);
  if (Error) {
    complain(strerror(Error));
    close(Fd);
    unlink(gPath);
    gListenFd = -1;
    return;
  }
  pthread_detach(Thread);
}

void stopControl() {
  if (gListenFd >= 0 && getpid() == gOwner)
    unlink(gPath);
}

} // namespace leaktrace::rt
