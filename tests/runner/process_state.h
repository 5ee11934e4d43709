// What a test can see of its process, for the tests that the runner changes
// none of it (state_test.cpp, header_only_state_test.cpp): signal
// dispositions and the signal mask, the locale (C's and the one iostreams
// use), the alternate signal stack (whether one is set, its size), the
// floating-point environment, the umask, the working directory,
// the environment (but the tool's own LEAKTRACE_ variables, which the runner
// takes away so that the program's children do not follow the tool's
// orders), and the state of std::cout and std::cerr.
#ifndef LEAKTRACE_TEST_PROCESS_STATE_H
#define LEAKTRACE_TEST_PROCESS_STATE_H

#include <cfenv>
#include <clocale>
#include <csignal>
#include <cstring>
#include <iostream>
#include <locale>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

namespace leaktrace_test {

inline std::string describeProcessState() {
  std::ostringstream Out;
  for (int Sig = 1; Sig < NSIG; ++Sig) {
    struct sigaction A;
    if (sigaction(Sig, nullptr, &A) != 0)
      continue;
    Out << "signal " << Sig << ": "
        << (A.sa_handler == SIG_DFL   ? "default"
            : A.sa_handler == SIG_IGN ? "ignored"
                                      : "handled")
        << " flags " << A.sa_flags << "\n";
  }
  sigset_t Mask;
  sigprocmask(SIG_BLOCK, nullptr, &Mask);
  Out << "blocked:";
  for (int Sig = 1; Sig < NSIG; ++Sig)
    if (sigismember(&Mask, Sig) == 1)
      Out << " " << Sig;
  Out << "\n";
  stack_t Alt;
  if (sigaltstack(nullptr, &Alt) == 0)
    Out << "alternate stack flags " << Alt.ss_flags << " size " << Alt.ss_size
        << "\n";
  Out << "locale: " << std::setlocale(LC_ALL, nullptr) << "\n";
  Out << "global C++ locale: " << std::locale().name() << "\n";
  std::fenv_t Env;
  std::fegetenv(&Env);
  Out << "fenv pending " << std::fetestexcept(FE_ALL_EXCEPT) << " rounding "
      << std::fegetround() << "\n";
  mode_t Mask2 = umask(0);
  umask(Mask2);
  Out << "umask " << Mask2 << "\n";
  char Cwd[4096];
  Out << "cwd " << (getcwd(Cwd, sizeof Cwd) ? Cwd : "?") << "\n";
  for (char **E = environ; *E; ++E)
    if (std::strncmp(*E, "LEAKTRACE_", 10) != 0)
      Out << "env " << *E << "\n";
  for (std::ostream *S : {&std::cout, &std::cerr}) {
    Out << "stream flags " << S->flags() << " precision " << S->precision()
        << " width " << S->width() << " fill " << int(S->fill()) << " state "
        << S->rdstate() << " exceptions " << S->exceptions() << " locale "
        << S->getloc().name() << " tied " << (S->tie() == &std::cout) << "\n";
  }
  return Out.str();
}

} // namespace leaktrace_test

#endif
