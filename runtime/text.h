// leaktrace runtime: text grown in memory, for what the runtime writes.
#ifndef LEAKTRACE_RUNTIME_TEXT_H
#define LEAKTRACE_RUNTIME_TEXT_H

#include "registry.h"

#include <stdlib.h>
#include <string.h>

namespace leaktrace::rt {

// Text grown with realloc (no std::string: see registry.h): the at-exit
// report, the control socket's replies.
struct Text {
  char *Data = nullptr;
  size_t Size = 0;
  size_t Capacity = 0;

  Text() = default;
  Text(const Text &) = delete;
  Text &operator=(const Text &) = delete;
  ~Text() { free(Data); }

  // Room for Extra more characters and a terminating NUL.
  void reserveMore(size_t Extra) {
    if (Size + Extra < Capacity)
      return;
    size_t Want = Capacity ? Capacity : 4096;
    while (Want <= Size + Extra)
      Want *= 2;
    auto *Grown = static_cast<char *>(realloc(Data, Want));
    if (!Grown)
      fatal("out of memory writing the runtime's text");
    Data = Grown;
    Capacity = Want;
  }

  void append(const char *S, size_t N) {
    reserveMore(N);
    memcpy(Data + Size, S, N);
    Size += N;
    Data[Size] = '\0';
  }
  void append(const char *S) { append(S, strlen(S)); }
};

} // namespace leaktrace::rt

#endif
