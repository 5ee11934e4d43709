// libleaktrace_heap.so: its operator new (see heapshim.cpp). A file of its
// own, compiled with -fexceptions: the bad_alloc the C++ library's operator
// new throws passes through these functions, which need no C++ library to
// let it pass (they catch nothing and destroy nothing).

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

namespace leaktrace::rt {
extern __thread const void *tCaller __attribute__((tls_model("initial-exec")));
} // namespace leaktrace::rt

using leaktrace::rt::tCaller;

#define LEAKTRACE_EXPORT extern "C" __attribute__((visibility("default")))

// The C++ library's operator new loops over the new-handler and throws
// bad_alloc: it is kept, called through the next definition of the symbol,
// and only told who called it (the code that made the block: a container's
// allocate(), a new-expression). Looked up before the caller is set: dlsym
// may allocate.

namespace {
template <class Fn> Fn nextDefinition(Fn &Cache, const char *Symbol) {
  Fn F = __atomic_load_n(&Cache, __ATOMIC_RELAXED);
  if (!F) {
    F = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, Symbol));
    if (!F) {
      fprintf(stderr, "leaktrace heap shim: no %s to call\n", Symbol);
      abort();
    }
    __atomic_store_n(&Cache, F, __ATOMIC_RELAXED);
  }
  return F;
}
} // namespace

#define LEAKTRACE_NEW(SYMBOL, PARAMS, ARGS)                                    \
  LEAKTRACE_EXPORT void *SYMBOL PARAMS {                                       \
    using Fn = void *(*)PARAMS;                                                \
    static Fn Next;                                                            \
    Fn F = nextDefinition(Next, #SYMBOL);                                      \
    tCaller = __builtin_return_address(0);                                     \
    void *P = F ARGS;                                                          \
    tCaller = nullptr;                                                         \
    return P;                                                                  \
  }

namespace std {
struct nothrow_t;
enum class align_val_t : size_t;
} // namespace std

// operator new(size_t), new[](size_t), and their nothrow and aligned forms.
LEAKTRACE_NEW(_Znwm, (size_t N), (N))
LEAKTRACE_NEW(_Znam, (size_t N), (N))
LEAKTRACE_NEW(_ZnwmRKSt9nothrow_t, (size_t N, const std::nothrow_t &T), (N, T))
LEAKTRACE_NEW(_ZnamRKSt9nothrow_t, (size_t N, const std::nothrow_t &T), (N, T))
LEAKTRACE_NEW(_ZnwmSt11align_val_t, (size_t N, std::align_val_t A), (N, A))
LEAKTRACE_NEW(_ZnamSt11align_val_t, (size_t N, std::align_val_t A), (N, A))
LEAKTRACE_NEW(_ZnwmSt11align_val_tRKSt9nothrow_t,
              (size_t N, std::align_val_t A, const std::nothrow_t &T),
              (N, A, T))
LEAKTRACE_NEW(_ZnamSt11align_val_tRKSt9nothrow_t,
              (size_t N, std::align_val_t A, const std::nothrow_t &T),
              (N, A, T))
