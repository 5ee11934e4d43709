//===- Watch.cpp - leaktrace watch: per-type growth of a live process -----===//

#include "Watch.h"
#include "ControlClient.h"
#include "JUnitReport.h"
#include "TextReport.h"
#include "ToolError.h"

#include "leaktrace/control.h"
#include "leaktrace/leaktrace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace leaktrace {

using llvm::json::Array;
using llvm::json::Object;

std::vector<LiveCount> WatchRecord::counts(const std::string &Type) const {
  std::vector<LiveCount> Out;
  LiveCount Now;
  for (const Step &S : Steps) {
    if (auto C = S.Changed.find(Type); C != S.Changed.end())
      Now = C->second;
    Out.push_back(Now);
  }
  return Out;
}

std::vector<int64_t> WatchRecord::series(const std::string &Type) const {
  std::vector<int64_t> Out;
  for (const LiveCount &C : counts(Type))
    Out.push_back(C.total());
  return Out;
}

namespace {

volatile sig_atomic_t Interrupted = 0;
void onInterrupt(int) { Interrupted = 1; }

/// SIGINT and SIGTERM end the watch (its report comes after); no
/// SA_RESTART, so the wait between samples ends at once.
void catchInterrupts() {
  struct sigaction A = {};
  A.sa_handler = onInterrupt;
  sigemptyset(&A.sa_mask);
  sigaction(SIGINT, &A, nullptr);
  sigaction(SIGTERM, &A, nullptr);
}

std::string seconds(double S, int Decimals = 1) {
  char Text[64];
  snprintf(Text, sizeof Text, "%.*f", Decimals, S);
  return Text;
}

/// The started program: its pid, and how it ended once it did.
struct Started {
  pid_t Pid = 0;
  bool Exited = false;
  int Status = 0;
  /// Whether it has ended (reaps it).
  bool ended() {
    if (Exited)
      return true;
    int S;
    pid_t R = waitpid(Pid, &S, WNOHANG);
    if (R == Pid) {
      Exited = true;
      Status = S;
    }
    return Exited;
  }
  std::string how() const {
    if (WIFSIGNALED(Status))
      return "was killed by signal " + std::to_string(WTERMSIG(Status));
    return "exited with status " + std::to_string(WEXITSTATUS(Status));
  }
  /// Stops it as a service manager would: SIGTERM, then SIGKILL after 5 s.
  void stop() {
    if (ended())
      return;
    kill(Pid, SIGTERM);
    for (int I = 0; I < 500 && !ended(); ++I)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!ended()) {
      kill(Pid, SIGKILL);
      waitpid(Pid, &Status, 0);
      Exited = true;
    }
  }
};

/// Starts \p Command with LEAKTRACE_CONTROL set to \p Socket.
llvm::Expected<pid_t> start(const std::vector<std::string> &Command,
                            const std::string &Socket,
                            const std::map<std::string, std::string> &Extra) {
  llvm::ErrorOr<std::string> Program = llvm::sys::findProgramByName(Command[0]);
  if (!Program)
    return brokenError("cannot run " + Command[0] + ": " +
                       Program.getError().message());
  std::vector<std::string> Env;
  for (char **E = environ; *E; ++E) {
    llvm::StringRef Name = llvm::StringRef(*E).split('=').first;
    if (Name != LEAKTRACE_CONTROL_VAR && !Extra.count(Name.str()))
      Env.push_back(*E);
  }
  Env.push_back(LEAKTRACE_CONTROL_VAR "=" + Socket);
  for (const auto &[Name, Value] : Extra)
    Env.push_back(Name + "=" + Value);
  std::vector<char *> Argv, Envp;
  for (const std::string &A : Command)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  for (std::string &E : Env)
    Envp.push_back(E.data());
  Envp.push_back(nullptr);
  pid_t Pid = fork();
  if (Pid < 0)
    return brokenError("cannot start " + Command[0] + ": " + strerror(errno));
  if (Pid == 0) {
    // The program is not the tool: the terminal's Ctrl-C reaches the tool,
    // which reports and then stops the program.
    setpgid(0, 0);
    execve(Program->c_str(), Argv.data(), Envp.data());
    _exit(127);
  }
  return Pid;
}

/// Connects to the program the tool started, as soon as its runtime
/// listens (start-up may take a while: 30 s).
llvm::Error connectToStarted(ControlClient &C, Started &Child,
                             const std::string &Socket,
                             const std::string &Name) {
  auto Deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    if (!llvm::sys::fs::exists(Socket)) {
      if (Child.ended())
        return brokenError(
            Name + " " + Child.how() +
            " before its runtime listened on the control socket: is it "
            "linked with leaktrace's runtime ($(leaktrace --ldflags), or "
            "leaktrace::instrument in CMake)?");
    } else if (llvm::Error E = C.connect(Socket)) {
      llvm::consumeError(std::move(E));
    } else {
      return llvm::Error::success();
    }
    if (Interrupted)
      return brokenError("interrupted before " + Name + " could be reached");
    if (std::chrono::steady_clock::now() > Deadline)
      return brokenError(
          Name + " did not open the control socket in 30 seconds: is it "
                 "linked with leaktrace's runtime ($(leaktrace --ldflags), or "
                 "leaktrace::instrument in CMake)?");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

/// The socket of \p Target: a path, or the pid of a process started with
/// LEAKTRACE_CONTROL set (read from its initial environment).
llvm::Expected<std::string> socketOf(const std::string &Target) {
  long Pid;
  if (llvm::StringRef(Target).getAsInteger(10, Pid))
    return Target;
  std::string Environ = "/proc/" + Target + "/environ";
  auto Text = llvm::MemoryBuffer::getFileAsStream(Environ);
  if (!Text)
    return usageError("--attach " + Target + ": cannot read " + Environ +
                      ": " + Text.getError().message());
  llvm::SmallVector<llvm::StringRef, 64> Vars;
  (*Text)->getBuffer().split(Vars, '\0');
  for (llvm::StringRef V : Vars)
    if (V.consume_front(LEAKTRACE_CONTROL_VAR "=")) {
      std::string Path;
      for (size_t I = 0; I < V.size(); ++I)
        if (V[I] == '%' && I + 1 < V.size() && V[I + 1] == 'p') {
          Path += Target;
          ++I;
        } else {
          Path += V[I];
        }
      return Path;
    }
  return usageError("--attach " + Target + ": the process was not started "
                    "with " LEAKTRACE_CONTROL_VAR
                    " set: start it as " LEAKTRACE_CONTROL_VAR
                    "=/tmp/leaktrace-%p.sock PROGRAM to watch it");
}

/// What a sample line says: the growing types, or how many types and
/// objects there are.
std::string sampleLine(const WatchRecord &R, double T) {
  int64_t Objects = 0, Handles = 0;
  for (const auto &[Type, C] : R.Last) {
    Objects += C.Insts;
    Handles += C.Refs;
  }
  std::string Line = seconds(T) + " s: " + std::to_string(R.Last.size()) +
                     " types, " + std::to_string(Objects) + " objects, " +
                     std::to_string(Handles) + " handles";
  if (R.Growing.empty())
    return Line + ", nothing growing";
  Line += ", growing:";
  size_t Shown = 0;
  for (const GrowingType &G : R.Growing) {
    if (Shown++ == 3) {
      Line += " and " + std::to_string(R.Growing.size() - 3) + " more";
      break;
    }
    Line += " " + G.Type + " " + std::to_string(G.End) + " (+" +
            seconds(G.PerMinute) + "/min)";
  }
  return Line;
}

/// The terminal's table: the types that grew most since the first sample.
void printTable(llvm::raw_ostream &OS, const WatchRecord &R,
                const std::map<std::string, int64_t> &AtStart, double T) {
  std::vector<std::pair<int64_t, std::string>> Grew;
  for (const auto &[Type, C] : R.Last) {
    auto S = AtStart.find(Type);
    int64_t D = C.total() - (S == AtStart.end() ? 0 : S->second);
    if (D != 0)
      Grew.push_back({D, Type});
  }
  std::sort(Grew.begin(), Grew.end(), [](const auto &A, const auto &B) {
    return A.first != B.first ? A.first > B.first : A.second < B.second;
  });
  // Home and clear: the table is redrawn in place, as top does.
  OS << "\x1b[H\x1b[2J";
  OS << "leaktrace watch: " << llvm::join(R.Command, " ") << " (pid " << R.Pid
     << "), " << seconds(T) << " s, " << R.Steps.size() << " samples\n\n";
  OS << llvm::format("%-55s %9s %9s  %s\n", (const char *)"type/class",
                     (const char *)"now", (const char *)"change",
                     (const char *)"growing");
  size_t Rows = 0;
  for (const auto &[D, Type] : Grew) {
    if (Rows++ == 20)
      break;
    auto G = std::find_if(R.Growing.begin(), R.Growing.end(),
                          [&, &Type = Type](const GrowingType &X) {
                            return X.Type == Type;
                          });
    std::string Rate =
        G == R.Growing.end() ? "" : "+" + seconds(G->PerMinute) + "/min";
    OS << llvm::format("%-55s %9lld %+9lld  %s\n", Type.c_str(),
                       (long long)R.Last.at(Type).total(), (long long)D,
                       Rate.c_str());
  }
  if (Grew.empty())
    OS << "(no type changed since the first sample)\n";
  OS.flush();
}

Object sampleJSON(const WatchRecord::Step &S) {
  Object Changed;
  for (const auto &[Type, C] : S.Changed)
    Changed[Type] = Array{C.Insts, C.Refs};
  return Object{{"seconds", S.Seconds}, {"counts", std::move(Changed)}};
}

Object growingJSON(const WatchRecord &R, const GrowingType &G,
                   const Baseline *Known) {
  Object O{{"type", G.Type},
           {"start", G.Start},
           {"end", G.End},
           {"per_minute", G.PerMinute},
           {"since", G.SinceSeconds},
           {"rising_windows", int64_t(G.RisingWindows)},
           {"floors", G.Floors}};
  if (Known)
    if (const Baseline::Entry *E = Known->acceptsGrowing(G.Type))
      O["baseline"] = E->Reason;
  if (auto W = R.Sites.find(G.Type); W != R.Sites.end()) {
    Array Sites;
    for (const CreationSite &C : W->second.Sites)
      Sites.push_back(C.toJSON());
    Object Window{{"from", W->second.From},
                  {"to", W->second.To},
                  {"sites", std::move(Sites)}};
    if (const auto &Kept = W->second.Retention) {
      Kept->addTo(Window);
      O["not_a_leak"] = R.endsWithoutDestructor(G.Type);
    }
    O["sites"] = std::move(Window);
  }
  return O;
}

} // namespace

void printWatchSummary(llvm::raw_ostream &OS, const WatchRecord &R,
                       const Baseline *Known) {
  double Span = R.Steps.empty() ? 0 : R.Steps.back().Seconds;
  OS << "Watched " << llvm::join(R.Command, " ") << " (pid " << R.Pid
     << ") for " << seconds(Span) << " seconds: " << R.Steps.size()
     << " samples, every " << seconds(R.Every, 3) << " s; " << R.Ended
     << ".\n";
  if (R.Growing.empty()) {
    OS << "Growing: none (no type's floor, the fewest alive in a window of "
       << seconds(R.Rule.WindowSeconds) << " s, rose in each of the last "
       << R.Rule.Rises << " windows).\n";
  } else {
    OS << "Growing: types whose floor (the fewest alive in a window of "
       << seconds(R.Rule.WindowSeconds) << " s) rose in each of the last "
       << R.Rule.Rises << " windows or more:\n";
    for (const GrowingType &G : R.Growing) {
      OS << "  " << G.Type << ": " << G.Start << " at the start, " << G.End
         << " at the end, +" << seconds(G.PerMinute) << " per minute since "
         << seconds(G.SinceSeconds) << " s";
      if (Known)
        if (const Baseline::Entry *E = Known->acceptsGrowing(G.Type))
          OS << "; known (--baseline)" << (E->Reason.empty() ? "" : ": ")
             << E->Reason;
      OS << "\n";
      if (auto W = R.Sites.find(G.Type); W != R.Sites.end()) {
        // The summary's printer of the tests' sites, on these.
        RunFacts F;
        F.HaveSites = true;
        F.Sites.ByLayer["watch"] = W->second.Sites;
        std::string Window = "from " + seconds(W->second.From) + " s to " +
                             seconds(W->second.To) + " s";
        OS << sitesText(F, "watch", G.Type, "    ",
                        "objects made " + Window + " and alive at its end",
                        "none made " + Window + " is alive at its end");
        if (const auto &Kept = W->second.Retention) {
          F.Sites.Retention["watch"][G.Type] = *Kept;
          OS << retentionText(F, "watch", G.Type, "    ", "the window");
          if (R.endsWithoutDestructor(G.Type))
            OS << "    not a leak: its objects end without their destructor "
                  "(the window: "
               << reallyAliveText(*Kept) << ")\n";
        }
      }
    }
    if (R.LinesMissing)
      OS << "Creation sites: frames without a line have no debug "
            "information: compile with -g (or -gline-tables-only) to get "
            "FILE:LINE.\n";
  }
  if (!R.SitesProblem.empty())
    OS << "Creation sites: none: " << R.SitesProblem << "\n";
  printScanNotes(OS, R.ScanNotes);
  if (!R.PathsProblem.empty())
    OS << "Retention paths: none: " << R.PathsProblem << "\n";
  if (Span > 0)
    OS << "Sampling cost the program " << seconds(R.ControlCpuSeconds, 3)
       << " s of CPU (" << seconds(100 * R.ControlCpuSeconds / Span, 2)
       << "% of one core).\n";
}

llvm::json::Value watchToJSON(const WatchRecord &R, const Baseline *Known) {
  Array Steps, Growing;
  for (const WatchRecord::Step &S : R.Steps)
    Steps.push_back(sampleJSON(S));
  for (const GrowingType &G : R.Growing)
    Growing.push_back(growingJSON(R, G, Known));
  return Object{{"schema", "leaktrace-watch/1"},
                {"program", R.Command},
                {"pid", int64_t(R.Pid)},
                {"every", R.Every},
                {"window", R.Rule.WindowSeconds},
                {"rises", int64_t(R.Rule.Rises)},
                {"ended", R.Ended},
                {"control_cpu_seconds", R.ControlCpuSeconds},
                {"samples", std::move(Steps)},
                {"growing", std::move(Growing)}};
}

/// A Prometheus label value: backslash, double quote and newline escaped.
static std::string labelValue(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '\\' || C == '"')
      Out += '\\';
    if (C == '\n') {
      Out += "\\n";
      continue;
    }
    Out += C;
  }
  return Out;
}

void writePrometheus(llvm::raw_ostream &OS, const WatchRecord &R) {
  OS << "# HELP leaktrace_live_objects Objects of a C++ type alive in the "
        "watched process.\n# TYPE leaktrace_live_objects gauge\n";
  for (const auto &[Type, C] : R.Last)
    if (C.Insts)
      OS << "leaktrace_live_objects{pid=\"" << R.Pid << "\",type=\""
         << labelValue(Type) << "\"} " << C.Insts << "\n";
  OS << "# HELP leaktrace_live_handles Strong smart-pointer handles to a C++ "
        "type alive in the watched process.\n"
        "# TYPE leaktrace_live_handles gauge\n";
  for (const auto &[Type, C] : R.Last)
    if (C.Refs)
      OS << "leaktrace_live_handles{pid=\"" << R.Pid << "\",type=\""
         << labelValue(Type) << "\"} " << C.Refs << "\n";
  OS << "# HELP leaktrace_growing_per_minute How fast a growing type's floor "
        "rises (leaktrace watch's rule).\n"
        "# TYPE leaktrace_growing_per_minute gauge\n";
  for (const GrowingType &G : R.Growing)
    OS << "leaktrace_growing_per_minute{pid=\"" << R.Pid << "\",type=\""
       << labelValue(G.Type) << "\"} " << seconds(G.PerMinute, 3) << "\n";
}

void writeHtml(llvm::raw_ostream &OS, const WatchRecord &R) {
  // The series: the growing types, or (none growing) the five that changed
  // most from the first sample to the last.
  std::vector<std::string> Types;
  for (const GrowingType &G : R.Growing)
    Types.push_back(G.Type);
  bool Growing = !Types.empty();
  if (!Growing) {
    std::vector<std::pair<int64_t, std::string>> Changed;
    for (const auto &[Type, C] : R.Last) {
      std::vector<int64_t> S = R.series(Type);
      int64_t D = S.empty() ? 0 : S.back() - S.front();
      if (D)
        Changed.push_back({-std::abs(D), Type});
    }
    std::sort(Changed.begin(), Changed.end());
    for (size_t I = 0; I < Changed.size() && I < 5; ++I)
      Types.push_back(Changed[I].second);
  }
  if (Types.size() > 12)
    Types.resize(12);
  const int W = 900, H = 420, Left = 70, Right = 20, Top = 20, Bottom = 40;
  double TMax = R.Steps.empty() ? 1 : std::max(R.Steps.back().Seconds, 1e-9);
  int64_t YMax = 1;
  std::vector<std::vector<int64_t>> Series;
  for (const std::string &T : Types) {
    Series.push_back(R.series(T));
    for (int64_t V : Series.back())
      YMax = std::max(YMax, V);
  }
  static const char *Colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                  "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                  "#bcbd22", "#17becf", "#393b79", "#637939"};
  auto X = [&](double T) { return Left + (W - Left - Right) * T / TMax; };
  auto Y = [&](int64_t V) {
    return Top + (H - Top - Bottom) * (1 - double(V) / double(YMax));
  };
  std::string Title = "leaktrace watch: " + llvm::join(R.Command, " ");
  OS << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
     << xmlEscape(Title) << "</title>\n<style>body{font-family:sans-serif;"
     << "margin:20px} td,th{padding:2px 10px;text-align:right} "
     << "td:first-child,th:first-child{text-align:left}</style></head>\n<body>"
     << "<h1>" << xmlEscape(Title) << "</h1>\n<p>"
     << (Growing ? "Growing types" : "Nothing grows; the types that changed "
                                     "most")
     << ": live objects and handles over " << seconds(TMax) << " seconds ("
     << R.Steps.size() << " samples).</p>\n";
  OS << "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W
     << "\" height=\"" << H << "\" viewBox=\"0 0 " << W << " " << H << "\">\n";
  OS << "<rect x=\"0\" y=\"0\" width=\"" << W << "\" height=\"" << H
     << "\" fill=\"white\"/>\n";
  OS << llvm::formatv("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" "
                      "stroke=\"black\"/>\n",
                      Left, H - Bottom, W - Right);
  OS << llvm::formatv("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" "
                      "stroke=\"black\"/>\n",
                      Left, Top, H - Bottom);
  OS << llvm::formatv("<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">{2}"
                      "</text>\n<text x=\"{0}\" y=\"{3}\" "
                      "text-anchor=\"end\">0</text>\n",
                      Left - 5, Top + 10, YMax, H - Bottom);
  OS << llvm::formatv("<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">{2} s"
                      "</text>\n",
                      W - Right, H - 10, seconds(TMax));
  for (size_t I = 0; I < Types.size(); ++I) {
    std::string Points;
    for (size_t K = 0; K < R.Steps.size(); ++K)
      Points += llvm::formatv("{0:F1},{1:F1} ", X(R.Steps[K].Seconds),
                              Y(Series[I][K]))
                    .str();
    OS << "<polyline class=\"series\" data-type=\"" << xmlEscape(Types[I])
       << "\" fill=\"none\" stroke-width=\"2\" stroke=\""
       << Colours[I % 12] << "\" points=\"" << Points << "\"/>\n";
  }
  OS << "</svg>\n<table><tr><th>type/class</th><th>start</th><th>end</th>"
     << (Growing ? "<th>per minute</th><th>since (s)</th>" : "") << "</tr>\n";
  for (size_t I = 0; I < Types.size(); ++I) {
    const std::vector<int64_t> &S = Series[I];
    OS << "<tr><td><span style=\"color:" << Colours[I % 12]
       << "\">&#9632;</span> " << xmlEscape(Types[I]) << "</td><td>"
       << (S.empty() ? 0 : S.front()) << "</td><td>"
       << (S.empty() ? 0 : S.back()) << "</td>";
    if (Growing)
      OS << "<td>" << seconds(R.Growing[I].PerMinute) << "</td><td>"
         << seconds(R.Growing[I].SinceSeconds) << "</td>";
    OS << "</tr>\n";
  }
  OS << "</table>\n</body></html>\n";
}

bool WatchRecord::endsWithoutDestructor(const std::string &Type) const {
  auto W = Sites.find(Type);
  if (W == Sites.end() || !W->second.Retention ||
      !W->second.Retention->endedOnly())
    return false;
  // The census is of objects: handles (refs) that grew over the window are
  // a leak of their own, whatever became of the objects (as
  // RunFacts::notALeak judges a test run's).
  std::vector<LiveCount> C = counts(Type);
  size_t From = 0, To = 0;
  for (size_t K = 0; K < Steps.size(); ++K) {
    if (Steps[K].Seconds <= W->second.From + 1e-9)
      From = K;
    if (Steps[K].Seconds <= W->second.To + 1e-9)
      To = K;
  }
  return C.empty() || C[To].Refs <= C[From].Refs;
}

int watchProgram(const std::vector<std::string> &Command,
                 const WatchOptions &Opts) {
  catchInterrupts();
  WatchRecord R;
  R.Rule = Opts.Rule;
  R.Every = Opts.Every;
  ControlClient Client;
  Started Child;
  std::string Socket;
  if (Opts.Attach.empty()) {
    llvm::SmallString<128> Path;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Path);
    llvm::sys::path::append(Path, "leaktrace-watch-" +
                                      std::to_string(getpid()) + ".sock");
    Socket = std::string(Path);
    std::map<std::string, std::string> Extra;
    // Every object tracked from the start, and the heap known, so that
    // the scan at a window's end can tell what keeps them alive.
    if (Opts.Paths)
      R.ScanNotes.NoHeap = readyForScan(Extra, Command[0], Opts.HeapShim);
    llvm::Expected<pid_t> Pid = start(Command, Socket, Extra);
    if (!Pid)
      return reportError(Pid.takeError());
    Child.Pid = *Pid;
    R.Command = Command;
    if (llvm::Error E = connectToStarted(Client, Child, Socket, Command[0])) {
      Child.stop();
      return reportError(std::move(E));
    }
  } else {
    llvm::Expected<std::string> Path = socketOf(Opts.Attach);
    if (!Path)
      return reportError(Path.takeError());
    Socket = *Path;
    if (llvm::Error E = Client.connect(Socket))
      return reportError(brokenError("--attach " + Opts.Attach + ": " +
                                     llvm::toString(std::move(E))));
    R.Command = {Opts.Attach};
  }
  R.Pid = Client.pid();

  std::unique_ptr<llvm::raw_fd_ostream> Lines;
  if (!Opts.JsonLinesPath.empty()) {
    std::error_code EC;
    Lines = std::make_unique<llvm::raw_fd_ostream>(Opts.JsonLinesPath, EC);
    if (EC) {
      Child.stop();
      return reportError(brokenError("cannot write --json-lines " +
                                     Opts.JsonLinesPath + ": " + EC.message()));
    }
  }

  // Sites: when types start growing, their objects' making is recorded
  // for one window, then recording stops (their counting costs what it
  // did before).
  std::set<std::string> SitesTaken;
  std::vector<std::string> Recording;
  double RecordingSince = 0;
  // The program's executable, whose debug information names the members
  // of counted objects on a path.
  std::string Program = "/proc/" + std::to_string(R.Pid) + "/exe";
  llvm::SmallString<256> Exe;
  if (!llvm::sys::fs::real_path(Program, Exe))
    Program = std::string(Exe);
  auto TakeSites = [&](double Now) {
    llvm::Expected<llvm::json::Object> Json = Client.recording(Opts.Paths);
    // Recording stops whatever the answer: an attached program goes on
    // counting those types as fast as before.
    llvm::Error Off = Client.sitesOff();
    if (!Json) {
      llvm::consumeError(std::move(Off));
      R.SitesProblem = llvm::toString(Json.takeError());
      Recording.clear();
      return;
    }
    if (Off)
      R.SitesProblem = llvm::toString(std::move(Off));
    llvm::Expected<SitesOfRun> Named =
        nameRecording(*Json, Recording, "watch", Program, Opts.SiteFrames);
    if (!Named) {
      R.SitesProblem = llvm::toString(Named.takeError());
      Recording.clear();
      return;
    }
    R.LinesMissing |= Named->LinesMissing;
    if (Named->Scanned) {
      SitesOfRun &N = R.ScanNotes;
      N.Scanned = true;
      if (N.NoHeap.empty())
        N.NoHeap = Named->NoHeap;
      // The same threads may miss each scan: the most of one scan.
      N.ThreadsMissed = std::max(N.ThreadsMissed, Named->ThreadsMissed);
      N.Unlisted += Named->Unlisted;
      N.MembersMissing |= Named->MembersMissing;
    } else if (Opts.Paths) {
      R.PathsProblem =
          "the program was not readied for a scan from its start: start it "
          "with " LEAKTRACE_SCAN_VAR "=1 and LD_PRELOAD=" +
          Opts.HeapShim + " as well as " LEAKTRACE_CONTROL_VAR;
    }
    for (const std::string &T : Recording) {
      WatchRecord::SitesWindow &W = R.Sites[T];
      W.From = RecordingSince;
      W.To = Now;
      for (const CreationSite &C : Named->ByLayer["watch"])
        if (C.Type == T)
          W.Sites.push_back(C);
      if (Named->Scanned)
        W.Retention = Named->Retention["watch"][T];
      SitesTaken.insert(T);
    }
    Recording.clear();
  };
  GrowthTracker Tracker(Opts.Rule);
  std::map<std::string, int64_t> AtStart;
  auto Begin = std::chrono::steady_clock::now();
  auto Elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         Begin)
        .count();
  };
  llvm::Error Failed = llvm::Error::success();
  for (size_t K = 0;; ++K) {
    llvm::Expected<Sample> S = Client.sample();
    if (!S) {
      llvm::consumeError(S.takeError());
      R.Ended = Child.Pid && Child.ended() ? "the program " + Child.how()
                                           : "the program closed the socket "
                                             "(it exited)";
      break;
    }
    S->Seconds = Elapsed();
    WatchRecord::Step Step;
    Step.Seconds = S->Seconds;
    for (const auto &[Type, C] : S->Counts) {
      auto Was = R.Last.find(Type);
      if (Was == R.Last.end() ? C.total() != 0 || C.Flags
                              : !(Was->second == C))
        Step.Changed[Type] = C;
      if (K == 0)
        AtStart[Type] = C.total();
    }
    R.Last = S->Counts;
    R.ControlCpuSeconds = S->ControlCpuSeconds;
    Tracker.add(*S);
    R.Growing = Tracker.growing();
    R.Steps.push_back(std::move(Step));
    if (Opts.Sites && R.SitesProblem.empty()) {
      if (Recording.empty()) {
        std::vector<std::string> New;
        for (const GrowingType &G : R.Growing)
          if (!SitesTaken.count(G.Type))
            New.push_back(G.Type);
        if (!New.empty()) {
          if (llvm::Expected<size_t> On = Client.sitesOn(New)) {
            Recording = New;
            RecordingSince = S->Seconds;
          } else {
            R.SitesProblem = llvm::toString(On.takeError());
          }
        }
      } else if (S->Seconds - RecordingSince >=
                 Opts.Rule.WindowSeconds - 1e-9) {
        TakeSites(S->Seconds);
      }
    }
    if (Opts.Terminal)
      printTable(llvm::outs(), R, AtStart, S->Seconds);
    else
      llvm::outs() << sampleLine(R, S->Seconds) << "\n";
    llvm::outs().flush();
    if (Lines) {
      Object Line = sampleJSON(R.Steps.back());
      Array G;
      for (const GrowingType &T : R.Growing)
        G.push_back(Object{{"type", T.Type}, {"per_minute", T.PerMinute}});
      Line["growing"] = std::move(G);
      *Lines << llvm::formatv("{0}", llvm::json::Value(std::move(Line)))
             << "\n";
      Lines->flush();
    }
    if (!Opts.PrometheusPath.empty())
      if (llvm::Error E = writeOutput(
              "--prometheus", Opts.PrometheusPath,
              [&](llvm::raw_ostream &OS) { writePrometheus(OS, R); })) {
        Failed = std::move(E);
        R.Ended = "an output could not be written";
        break;
      }
    if (Interrupted) {
      R.Ended = "interrupted";
      break;
    }
    if (Opts.For > 0 && S->Seconds >= Opts.For - 1e-9) {
      R.Ended = "--for " + seconds(Opts.For, 3) + " seconds passed";
      break;
    }
    // Until the next tick, or less when --for ends first.
    double Next = double(K + 1) * Opts.Every;
    if (Opts.For > 0)
      Next = std::min(Next, Opts.For);
    double Wait = Next - Elapsed();
    if (Wait > 0) {
      timespec T{time_t(Wait), long((Wait - double(time_t(Wait))) * 1e9)};
      nanosleep(&T, nullptr);
    }
    if (Interrupted) {
      R.Ended = "interrupted";
      // One more sample: what the program holds when the user stopped.
      continue;
    }
  }
  // A window of recording the watch's end cut short: its sites are taken
  // now, if the program still answers.
  if (!Recording.empty())
    TakeSites(R.Steps.empty() ? 0 : R.Steps.back().Seconds);
  // The program the tool started ends with the watch; one attached to keeps
  // running.
  if (Child.Pid) {
    bool WasRunning = !Child.ended();
    Child.stop();
    if (WasRunning)
      R.Ended += ", then the program was stopped";
    llvm::sys::fs::remove(Socket);
  }
  if (Opts.Terminal)
    llvm::outs() << "\n";
  printWatchSummary(llvm::outs(), R, Opts.Known);
  llvm::outs().flush();
  if (Failed)
    return reportError(std::move(Failed));
  if (!Opts.JsonPath.empty())
    if (llvm::Error E = writeOutput("--json", Opts.JsonPath,
                                        [&](llvm::raw_ostream &OS) {
                                          OS << llvm::formatv(
                                                    "{0:2}",
                                                    watchToJSON(R, nullptr))
                                             << "\n";
                                        }))
      return reportError(std::move(E));
  if (!Opts.HtmlPath.empty())
    if (llvm::Error E = writeOutput(
            "--html", Opts.HtmlPath,
            [&](llvm::raw_ostream &OS) { writeHtml(OS, R); }))
      return reportError(std::move(E));
  bool Leak = false;
  for (const GrowingType &G : R.Growing)
    Leak |= !(Opts.Known && Opts.Known->acceptsGrowing(G.Type)) &&
            !R.endsWithoutDestructor(G.Type);
  return Opts.FailOnLeak && Leak ? int(ExitStatus::Leak) : 0;
}

} // namespace leaktrace
