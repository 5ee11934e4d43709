//===- ControlClient.cpp - Read a running program's counts ----------------===//

#include "ControlClient.h"
#include "ToolError.h"

#include "leaktrace/control.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace leaktrace {

ControlClient::~ControlClient() {
  if (Fd >= 0)
    close(Fd);
}

/// The connection ended: the program exited (or closed it).
static llvm::Error ended(const std::string &Path) {
  return llvm::createStringError(std::make_error_code(std::errc::connection_aborted),
                                 "the program closed " + Path);
}

llvm::Error ControlClient::connect(const std::string &SocketPath) {
  Path = SocketPath;
  sockaddr_un Address = {};
  if (Path.size() >= sizeof Address.sun_path)
    return usageError(Path + " is longer than a socket path can be (" +
                      std::to_string(sizeof Address.sun_path - 1) + " bytes)");
  Address.sun_family = AF_UNIX;
  memcpy(Address.sun_path, Path.c_str(), Path.size() + 1);
  Fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (Fd < 0)
    return llvm::errorCodeToError(std::error_code(errno, std::generic_category()));
  if (::connect(Fd, reinterpret_cast<sockaddr *>(&Address), sizeof Address) !=
      0) {
    std::error_code EC(errno, std::generic_category());
    close(Fd);
    Fd = -1;
    return llvm::createStringError(EC, "cannot connect to " + Path + ": " +
                                           EC.message());
  }
  llvm::Expected<std::string> Hello = readLine();
  if (!Hello)
    return Hello.takeError();
  llvm::SmallVector<llvm::StringRef, 3> Parts;
  llvm::StringRef(*Hello).split(Parts, ' ');
  long Version = 0;
  if (Parts.size() != 3 || Parts[0] != LEAKTRACE_CONTROL_HELLO ||
      Parts[1].getAsInteger(10, Version) || Parts[2].getAsInteger(10, Pid))
    return usageError(Path + " is not the control socket of a program with "
                             "leaktrace's runtime (it said '" +
                      *Hello + "')");
  if (Version != LEAKTRACE_CONTROL_VERSION)
    return usageError(Path + " speaks version " + std::to_string(Version) +
                      " of the control protocol, this leaktrace " +
                      std::to_string(LEAKTRACE_CONTROL_VERSION) +
                      ": watch it with the leaktrace it was built with");
  return llvm::Error::success();
}

llvm::Expected<std::string> ControlClient::readLine() {
  for (;;) {
    size_t End = Pending.find('\n');
    if (End != std::string::npos) {
      std::string Line = Pending.substr(0, End);
      Pending.erase(0, End + 1);
      return Line;
    }
    char Buffer[65536];
    ssize_t N = read(Fd, Buffer, sizeof Buffer);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return ended(Path);
    Pending.append(Buffer, size_t(N));
  }
}

llvm::Expected<Sample> ControlClient::sample() {
  static const char Request[] = LEAKTRACE_CONTROL_COUNTS "\n";
  if (send(Fd, Request, sizeof Request - 1, MSG_NOSIGNAL) !=
      ssize_t(sizeof Request - 1))
    return ended(Path);
  llvm::Expected<std::string> Header = readLine();
  if (!Header)
    return Header.takeError();
  llvm::SmallVector<llvm::StringRef, 3> Parts;
  llvm::StringRef(*Header).split(Parts, ' ');
  uint64_t Count = 0;
  int64_t CpuNs = 0;
  if (Parts.size() != 3 || Parts[0] != LEAKTRACE_CONTROL_COUNTS ||
      Parts[1].getAsInteger(10, Count) || Parts[2].getAsInteger(10, CpuNs))
    return brokenError(Path + " answered '" + *Header + "' to " +
                       LEAKTRACE_CONTROL_COUNTS);
  Sample S;
  S.ControlCpuSeconds = double(CpuNs) / 1e9;
  for (uint64_t I = 0; I < Count; ++I) {
    llvm::Expected<std::string> Line = readLine();
    if (!Line)
      return Line.takeError();
    // "INSTS REFS FLAGS NAME", NAME the rest of the line.
    llvm::StringRef Rest = *Line, Insts, Refs, Flags;
    std::tie(Insts, Rest) = Rest.split(' ');
    std::tie(Refs, Rest) = Rest.split(' ');
    std::tie(Flags, Rest) = Rest.split(' ');
    LiveCount C;
    if (Insts.getAsInteger(10, C.Insts) || Refs.getAsInteger(10, C.Refs) ||
        Flags.getAsInteger(10, C.Flags) || Rest.empty())
      return brokenError(Path + " sent a line that is no type's counts: '" +
                         *Line + "'");
    // Types of different translation units that share a name (anonymous
    // namespaces) are one row, as in the tests' tables.
    LiveCount &Slot = S.Counts[Rest.str()];
    Slot.Insts += C.Insts;
    Slot.Refs += C.Refs;
    Slot.Flags |= C.Flags;
  }
  llvm::Expected<std::string> End = readLine();
  if (!End)
    return End.takeError();
  if (*End != LEAKTRACE_CONTROL_END)
    return brokenError(Path + " sent '" + *End + "' where the counts end");
  return S;
}

llvm::Error ControlClient::request(const std::string &Line) {
  std::string Text = Line + "\n";
  if (send(Fd, Text.data(), Text.size(), MSG_NOSIGNAL) != ssize_t(Text.size()))
    return ended(Path);
  return llvm::Error::success();
}

llvm::Expected<size_t>
ControlClient::sitesOn(const std::vector<std::string> &Types) {
  if (llvm::Error E = request(std::string(LEAKTRACE_CONTROL_SITES_ON) + " " +
                              llvm::join(Types, "\t")))
    return std::move(E);
  llvm::Expected<std::string> Reply = readLine();
  if (!Reply)
    return Reply.takeError();
  llvm::StringRef Rest(*Reply);
  uint64_t Slots = 0;
  if (!Rest.consume_front(LEAKTRACE_CONTROL_SITES_ON " ") ||
      Rest.getAsInteger(10, Slots))
    return brokenError(Path + " answered '" + *Reply + "' to " +
                       LEAKTRACE_CONTROL_SITES_ON);
  return size_t(Slots);
}

llvm::Expected<llvm::json::Object> ControlClient::recording(bool Scan) {
  const char *Request = Scan ? LEAKTRACE_CONTROL_SCAN : LEAKTRACE_CONTROL_SITES;
  if (llvm::Error E = request(Request))
    return std::move(E);
  llvm::Expected<std::string> Reply = readLine();
  if (!Reply)
    return Reply.takeError();
  llvm::StringRef Rest(*Reply);
  auto Broken = [&](const std::string &Why) {
    return brokenError(Path + " answered " + Request + " with " + Why);
  };
  if (!Rest.consume_front(Request) || !Rest.consume_front(" "))
    return Broken("'" + Rest.take_front(80).str() + "'");
  // A module's path need not be UTF-8, which JSON must be.
  std::string Text =
      llvm::json::isUTF8(Rest) ? Rest.str() : llvm::json::fixUTF8(Rest);
  llvm::Expected<llvm::json::Value> Json = llvm::json::parse(Text);
  if (!Json)
    return Broken("malformed JSON: " + llvm::toString(Json.takeError()));
  if (!Json->getAsObject())
    return Broken("JSON that is no object");
  return std::move(*Json->getAsObject());
}

llvm::Error ControlClient::sitesOff() {
  if (llvm::Error E = request(LEAKTRACE_CONTROL_SITES_OFF))
    return E;
  llvm::Expected<std::string> Reply = readLine();
  if (!Reply)
    return Reply.takeError();
  if (*Reply != LEAKTRACE_CONTROL_SITES_OFF)
    return brokenError(Path + " answered '" + *Reply + "' to " +
                       LEAKTRACE_CONTROL_SITES_OFF);
  return llvm::Error::success();
}

} // namespace leaktrace
