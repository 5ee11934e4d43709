/* A program's own allocator, as far as leaktrace can tell: a preloaded
 * library that defines malloc and its relatives (it hands every call to
 * glibc's). The allocator shim stands back: the retention run then knows
 * nothing of the heap, and says so. */
#include <stddef.h>

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);

void *malloc(size_t Size) { return __libc_malloc(Size); }
void *calloc(size_t Count, size_t Size) { return __libc_calloc(Count, Size); }
void *realloc(void *P, size_t Size) { return __libc_realloc(P, Size); }
void free(void *P) { __libc_free(P); }
