// The contract between the allocator shim (heapshim.cpp, libleaktrace_heap.so)
// and the runtime's scan for what keeps objects alive (scan.cpp).
//
// The `leaktrace` tool preloads the shim into the one run that looks for
// the retention paths of a leak (LD_PRELOAD), never into the first run: it
// is what the scan knows of the heap, every live block with its size, the
// code that allocated it and when. The runtime finds it by name at run
// time (dlsym): a program run without it, or one the shim cannot reach
// (statically linked, or an allocator of its own), is scanned without heap
// knowledge, and says so.
//
// Plain C ABI, no C++ library: both sides link into programs built against
// either standard library.
#ifndef LEAKTRACE_RUNTIME_HEAP_H
#define LEAKTRACE_RUNTIME_HEAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The provider's symbol in the shim. */
#define LEAKTRACE_HEAP_PROVIDER "__leaktrace_heap_provider"
/* Raised when a member below changes meaning. */
#define LEAKTRACE_HEAP_VERSION 1u

/* One live block of the heap: what malloc (or calloc, realloc, memalign,
 * operator new, ...) returned and nothing freed since. */
struct __leaktrace_heap_block {
  uintptr_t start;
  uint64_t size;       /* as asked for */
  const void *made_by; /* return address into the code that asked: the
                          caller of operator new, else of malloc */
  uint64_t serial;     /* from 1, one per allocation: tells a block from a
                          later one at the same address */
};

struct __leaktrace_heap_provider {
  uint32_t version; /* LEAKTRACE_HEAP_VERSION */
  /* The serial of the last allocation so far. An object made now lives, if
   * in a block, in one whose serial is not above it; a block with a higher
   * serial came after the object's storage was freed. Lock-free. */
  uint64_t (*last_serial)(void);
  /* Holds every allocation and deallocation of the process (they wait)
   * until unlock(). The caller must not allocate in between. */
  void (*lock)(void);
  void (*unlock)(void);
  /* With the lock held: writes up to `capacity` live blocks, in no order,
   * and returns how many there are. */
  size_t (*blocks)(struct __leaktrace_heap_block *out, size_t capacity);
  /* Whether the allocator ever handed out memory within 1 MiB of
   * `address`: an address there that no live block holds was freed. */
  int (*was_heap)(uintptr_t address);
};

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LEAKTRACE_RUNTIME_HEAP_H */
