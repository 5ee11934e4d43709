// A scoped lock and a hash map from two machine words to a value, for the
// runtime's own bookkeeping off the hot path (see registry.h for why not
// std::).
#ifndef LEAKTRACE_RUNTIME_TABLES_H
#define LEAKTRACE_RUNTIME_TABLES_H

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

namespace leaktrace::rt {

[[noreturn]] void fatal(const char *What);

/// The runtime's own memory. It comes from the C library's allocator
/// itself (glibc's __libc_* entry points), never through `malloc`: the
/// allocator shim that the tool preloads to learn the program's heap
/// (heap.h) must not count the runtime's tables as the program's blocks,
/// since they hold the address of every object they record, and a scan for
/// pointers would find every object reachable through them.
/// Elsewhere than glibc the public functions serve.
extern "C" {
void *__libc_calloc(size_t, size_t) __attribute__((weak));
void *__libc_realloc(void *, size_t) __attribute__((weak));
void __libc_free(void *) __attribute__((weak));
}
inline void *internalCalloc(size_t Count, size_t Size) {
  return __libc_calloc ? __libc_calloc(Count, Size) : calloc(Count, Size);
}
inline void *internalRealloc(void *P, size_t Size) {
  return __libc_realloc ? __libc_realloc(P, Size) : realloc(P, Size);
}
inline void internalFree(void *P) {
  if (__libc_free)
    __libc_free(P);
  else
    free(P);
}

/// Holds a pthread mutex for a scope.
template <pthread_mutex_t &Mutex> class ScopedLock {
public:
  ScopedLock() { pthread_mutex_lock(&Mutex); }
  ~ScopedLock() { pthread_mutex_unlock(&Mutex); }
  ScopedLock(const ScopedLock &) = delete;
  ScopedLock &operator=(const ScopedLock &) = delete;
};

/// Open addressing with linear probing in a power-of-two table (internal
/// memory),
/// kept at most half full; erase() shifts the entries after a hole back, so
/// no tombstones pile up in a table that sees many inserts and erases (live
/// objects). Zero-initialised, it is an empty map. Not thread-safe: callers
/// hold a lock.
template <class Value> class WordMap {
public:
  struct Entry {
    uintptr_t Key, Key2; ///< Key 0: empty
    Value V;
  };

  /// The entry of (Key, Key2) or null; Key must not be 0.
  Entry *find(uintptr_t Key, uintptr_t Key2) {
    if (!Capacity)
      return nullptr;
    Entry &E = probe(Entries, Capacity, Key, Key2);
    return E.Key ? &E : nullptr;
  }
  /// The entry of (Key, Key2), made with a zero value when missing, and
  /// whether it was made. Valid until the next insert or erase.
  Entry &insert(uintptr_t Key, uintptr_t Key2, bool &Made) {
    if ((Used + 1) * 2 > Capacity)
      grow();
    Entry &E = probe(Entries, Capacity, Key, Key2);
    Made = !E.Key;
    if (Made) {
      E = Entry{Key, Key2, Value()};
      ++Used;
    }
    return E;
  }
  void erase(Entry &Gone) {
    size_t Mask = Capacity - 1;
    size_t Hole = size_t(&Gone - Entries);
    Entries[Hole].Key = 0;
    --Used;
    // Move back every later entry of the run that may no longer be reached
    // across the hole: one whose home is not in (Hole, I].
    for (size_t I = (Hole + 1) & Mask; Entries[I].Key; I = (I + 1) & Mask) {
      size_t Home = hash(Entries[I].Key, Entries[I].Key2) & Mask;
      bool Reachable =
          Hole <= I ? (Hole < Home && Home <= I) : (Hole < Home || Home <= I);
      if (Reachable)
        continue;
      Entries[Hole] = Entries[I];
      Entries[I].Key = 0;
      Hole = I;
    }
  }
  void clear() {
    internalFree(Entries);
    Entries = nullptr;
    Capacity = Used = 0;
  }
  size_t size() const { return Used; }
  /// Calls Visit(Entry &) for each entry; it must not insert or erase.
  template <class F> void forEach(F Visit) {
    for (size_t I = 0; I < Capacity; ++I)
      if (Entries[I].Key)
        Visit(Entries[I]);
  }

private:
  static uint64_t hash(uintptr_t Key, uintptr_t Key2) {
    // A multiplicative mix: objects are aligned, so the low bits alone
    // would crowd.
    uint64_t H = (uint64_t(Key) ^ (uint64_t(Key2) * 0x9e3779b97f4a7c15ull)) *
                 0xff51afd7ed558ccdull;
    return H ^ (H >> 29);
  }
  static Entry &probe(Entry *Table, size_t Capacity, uintptr_t Key,
                      uintptr_t Key2) {
    size_t Mask = Capacity - 1;
    for (size_t I = hash(Key, Key2) & Mask;; I = (I + 1) & Mask) {
      Entry &E = Table[I];
      if (!E.Key || (E.Key == Key && E.Key2 == Key2))
        return E;
    }
  }
  void grow() {
    size_t Grown = Capacity ? Capacity * 2 : 64;
    auto *Table = static_cast<Entry *>(internalCalloc(Grown, sizeof(Entry)));
    if (!Table)
      fatal("out of memory recording creation sites");
    for (size_t I = 0; I < Capacity; ++I)
      if (Entries[I].Key)
        probe(Table, Grown, Entries[I].Key, Entries[I].Key2) = Entries[I];
    internalFree(Entries);
    Entries = Table;
    Capacity = Grown;
  }

  Entry *Entries;
  size_t Capacity; // 0 or a power of two
  size_t Used;
};

} // namespace leaktrace::rt

#endif
