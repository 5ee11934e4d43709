// libleaktrace_heap.so: its operator new (see heapshim.cpp). A file of its
// own, compiled with -fexceptions: the bad_alloc the C++ library's operator
// new throws passes through these functions, which need no C++ library to
// let it pass (they catch nothing and destroy nothing).

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

namespace leaktrace::rt {
extern __thread const void *tCaller __attribute__((tls_model("initial-exec")));
void *allocateFor(size_t Size, size_t Alignment, const void *Caller);
} // namespace leaktrace::rt

using leaktrace::rt::allocateFor;
using leaktrace::rt::tCaller;

#define LEAKTRACE_EXPORT extern "C" __attribute__((visibility("default")))

// Each allocates from the C library itself, as the C++ library's operator
// new does, and frees through free() (the C++ library's operator delete
// calls it). Only when that fails is the C++ library's own called, through
// the next definition of the symbol: it calls the new-handler and throws
// std::bad_alloc, or returns null for the nothrow forms. Looked up then, not
// before: dlsym may allocate.

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

#define LEAKTRACE_NEW(SYMBOL, PARAMS, ARGS, SIZE, ALIGNMENT)                  \
  LEAKTRACE_EXPORT void *SYMBOL PARAMS {                                       \
    const void *Caller = __builtin_return_address(0);                          \
    if (void *P = allocateFor((SIZE) ? (SIZE) : 1, ALIGNMENT, Caller))         \
      return P;                                                                \
    using Fn = void *(*)PARAMS;                                                \
    static Fn Next;                                                            \
    Fn F = nextDefinition(Next, #SYMBOL);                                      \
    tCaller = Caller;                                                          \
    void *P = F ARGS;                                                          \
    tCaller = nullptr;                                                         \
    return P;                                                                  \
  }

namespace std {
struct nothrow_t;
enum class align_val_t : size_t;
} // namespace std

// operator new(size_t), new[](size_t), and their nothrow and aligned forms.
LEAKTRACE_NEW(_Znwm, (size_t N), (N), N, 0)
LEAKTRACE_NEW(_Znam, (size_t N), (N), N, 0)
LEAKTRACE_NEW(_ZnwmRKSt9nothrow_t, (size_t N, const std::nothrow_t &T), (N, T),
              N, 0)
LEAKTRACE_NEW(_ZnamRKSt9nothrow_t, (size_t N, const std::nothrow_t &T), (N, T),
              N, 0)
LEAKTRACE_NEW(_ZnwmSt11align_val_t, (size_t N, std::align_val_t A), (N, A), N,
              size_t(A))
LEAKTRACE_NEW(_ZnamSt11align_val_t, (size_t N, std::align_val_t A), (N, A), N,
              size_t(A))
LEAKTRACE_NEW(_ZnwmSt11align_val_tRKSt9nothrow_t,
              (size_t N, std::align_val_t A, const std::nothrow_t &T),
              (N, A, T), N, size_t(A))
LEAKTRACE_NEW(_ZnamSt11align_val_tRKSt9nothrow_t,
              (size_t N, std::align_val_t A, const std::nothrow_t &T),
              (N, A, T), N, size_t(A))
