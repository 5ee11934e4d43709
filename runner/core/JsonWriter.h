// A JSON writer shaped like llvm::json::OStream, for the runner, which
// depends on no LLVM: objects, arrays and attributes are opened and closed
// in order, and the writer puts the commas and quotes. It appends to a
// string its user owns (and may reuse, so that writing an event allocates
// only when the event is longer than any before it); no container of its
// own: nesting up to 32 deep.
#ifndef LEAKTRACE_RUNNER_JSONWRITER_H
#define LEAKTRACE_RUNNER_JSONWRITER_H

#include <cassert>
#include <cstdio>
#include <string>

namespace leaktrace {
namespace runner {

class JsonWriter {
public:
  explicit JsonWriter(std::string &Out) : Out(Out) {}

  void objectBegin() { open('{'); }
  void objectEnd() { close('}'); }
  void arrayBegin() { open('['); }
  void arrayEnd() { close(']'); }

  /// The key of the object's next member; its value follows.
  void attributeBegin(const char *Key) {
    separate();
    quoted(Key, __builtin_strlen(Key));
    Out += ':';
    AfterKey = true;
  }

  void value(const std::string &S) {
    separate();
    quoted(S.data(), S.size());
  }
  void value(const char *S) {
    separate();
    quoted(S, __builtin_strlen(S));
  }
  void value(long long N) { number("%lld", N); }
  void value(long N) { value(static_cast<long long>(N)); }
  void value(int N) { value(static_cast<long long>(N)); }
  void value(unsigned long long N) { number("%llu", N); }
  void value(unsigned long N) { value(static_cast<unsigned long long>(N)); }
  void value(unsigned N) { value(static_cast<unsigned long long>(N)); }
  void value(bool B) {
    separate();
    Out += B ? "true" : "false";
  }
  /// A number already spelled (a fixed-point duration).
  void rawValue(const char *Number) {
    separate();
    Out += Number;
  }

  /// Members already written as JSON ("a":1,"b":[2]) by another writer
  /// (the runtime's, leaktrace/recording.h), added to the open object.
  void rawMembers(const char *Json) {
    if (!*Json)
      return;
    separate();
    Out += Json;
  }

  template <class T> void attribute(const char *Key, const T &V) {
    attributeBegin(Key);
    value(V);
  }
  template <class Body> void object(Body B) {
    objectBegin();
    B();
    objectEnd();
  }
  template <class Body> void array(Body B) {
    arrayBegin();
    B();
    arrayEnd();
  }
  template <class Body> void attributeObject(const char *Key, Body B) {
    attributeBegin(Key);
    object(B);
  }
  template <class Body> void attributeArray(const char *Key, Body B) {
    attributeBegin(Key);
    array(B);
  }

private:
  // Before a value or a key: the comma after an earlier one of the same
  // container, none after a key.
  void separate() {
    if (AfterKey) {
      AfterKey = false;
      return;
    }
    if (Depth > 0 && !First[Depth - 1])
      Out += ',';
    if (Depth > 0)
      First[Depth - 1] = false;
  }
  void open(char C) {
    separate();
    Out += C;
    assert(Depth < MaxDepth && "JSON nested too deep for JsonWriter");
    First[Depth++] = true;
  }
  void close(char C) {
    assert(Depth > 0 && !AfterKey && "a container closed that is not open");
    --Depth;
    Out += C;
  }
  template <class N> void number(const char *Format, N V) {
    separate();
    char Buffer[32];
    snprintf(Buffer, sizeof Buffer, Format, V);
    Out += Buffer;
  }
  void quoted(const char *S, size_t N) {
    Out += '"';
    for (size_t I = 0; I < N; ++I) {
      unsigned char C = static_cast<unsigned char>(S[I]);
      switch (C) {
      case '"':
        Out += "\\\"";
        break;
      case '\\':
        Out += "\\\\";
        break;
      case '\n':
        Out += "\\n";
        break;
      case '\t':
        Out += "\\t";
        break;
      case '\r':
        Out += "\\r";
        break;
      default:
        if (C < 0x20) {
          char Buffer[8];
          snprintf(Buffer, sizeof Buffer, "\\u%04x", C);
          Out += Buffer;
        } else {
          Out += static_cast<char>(C);
        }
      }
    }
    Out += '"';
  }

  static constexpr int MaxDepth = 32;
  std::string &Out;
  bool First[MaxDepth] = {};
  int Depth = 0;
  bool AfterKey = false;
};

} // namespace runner
} // namespace leaktrace

#endif // LEAKTRACE_RUNNER_JSONWRITER_H
