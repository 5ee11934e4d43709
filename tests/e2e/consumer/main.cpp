#include <leaktrace/leaktrace.h>

#include <cstdio>
#include <string>

namespace consumer {
class Session {
public:
  Session() : Id("s") {}
  ~Session() {}

private:
  std::string Id;
};
// Left out on purpose: the LEAKTRACE_IGNORE macro works through the package.
class LEAKTRACE_IGNORE Scratch {
public:
  Scratch() : Id("s") {}
  ~Scratch() {}

private:
  std::string Id;
};
} // namespace consumer

int main() {
  consumer::Session Balanced;
  new consumer::Session;
  new consumer::Session;
  new consumer::Scratch;
  // The snapshot API is reachable from the package's include directory.
  leaktrace_type_count Counts[8];
  size_t N = leaktrace_snapshot(Counts, 8);
  std::printf("%zu type(s) counted\n", N);
  return N == 1 ? 0 : 1;
}
