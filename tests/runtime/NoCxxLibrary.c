/* The runtime used from C.
 *
 * LinkWithoutCxx.cmake compiles this as C and links it with the runtime
 * archive and nothing but libc and libpthread: that it links at all proves
 * the archive needs no C++ standard library (so programs built against
 * libstdc++ and libc++ alike can link it). It then checks, through the hooks
 * that instrumented code calls, what the runtime's own containers do: names
 * shared across modules, many types, local types, exited threads. It exits
 * non-zero on a wrong count and prints the at-exit report on standard
 * output, which the test compares with NoCxxLibrary.expected. */

/* strdup, pthreads */
#define _POSIX_C_SOURCE 200809L

#include "leaktrace/leaktrace.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Enough types that the runtime's name table grows many times. */
enum { kManyTypes = 5000, kKeptAlive = 3 };

static int Failures;

static void expect(const char *What, int64_t Actual, int64_t Expected) {
  if (Actual != Expected) {
    fprintf(stderr, "%s: %lld, expected %lld\n", What, (long long)Actual,
            (long long)Expected);
    ++Failures;
  }
}

/* A descriptor as the plugin emits one per type and module. */
static struct __leaktrace_type *newType(const char *Name, uint32_t Flags) {
  struct __leaktrace_type *T = calloc(1, sizeof *T);
  if (!T) {
    perror("calloc");
    exit(2);
  }
  T->flags = Flags;
  T->name = Name;
  return T;
}

static char *manyName(int I) {
  char Buf[32];
  snprintf(Buf, sizeof Buf, "many::T%d", I);
  return strdup(Buf);
}

static void *countOnThread(void *Arg) {
  struct __leaktrace_type *Made = Arg;
  for (int I = 0; I < 4; ++I)
    __leaktrace_construct(Made, NULL);
  __leaktrace_destruct(Made, NULL);
  __leaktrace_refs_add(Made, +3);
  return NULL;
}

int main(void) {
  /* Each type first counted by one module, which is then unloaded: its
   * descriptor and name go away, the runtime keeps its copy of the name. */
  for (int I = 0; I < kManyTypes; ++I) {
    char *Name = manyName(I);
    struct __leaktrace_type *First = newType(Name, 0);
    __leaktrace_construct(First, NULL);
    __leaktrace_construct(First, NULL);
    expect("counted type has a slot", First->slot != 0, 1);
    free(First);
    free(Name);
  }
  /* Another module with its own descriptors of the same types: same slots,
   * same counts. All but a few destroyed. */
  for (int I = 0; I < kManyTypes; ++I) {
    char *Name = manyName(I);
    struct __leaktrace_type *Second = newType(Name, 0);
    __leaktrace_destruct(Second, NULL);
    if (I >= kKeptAlive)
      __leaktrace_destruct(Second, NULL);
    /* Slots are assigned in registration order from 1. */
    expect("slot of a type seen again", Second->slot, I + 1);
    /* Second (and its name) stays: it is the same module's type. */
  }

  /* Internal-linkage types of two translation units: one name, two slots. */
  struct __leaktrace_type *HiddenA =
      newType("(anonymous namespace)::Hidden", LEAKTRACE_TYPE_LOCAL);
  struct __leaktrace_type *HiddenB =
      newType("(anonymous namespace)::Hidden", LEAKTRACE_TYPE_LOCAL);
  __leaktrace_construct(HiddenB, NULL);
  __leaktrace_construct(HiddenB, NULL);
  __leaktrace_construct(HiddenA, NULL);
  expect("local types of one name in separate slots",
         HiddenA->slot != HiddenB->slot, 1);

  /* Counts of a thread that has exited are kept. */
  struct __leaktrace_type *Made = newType("thread::Made", 0);
  pthread_t Thread;
  if (pthread_create(&Thread, NULL, countOnThread, Made) != 0 ||
      pthread_join(Thread, NULL) != 0) {
    fprintf(stderr, "cannot run a thread\n");
    return 2;
  }

  struct __leaktrace_type *Handle = newType("manual::Handle", 0);
  __leaktrace_refs_add(Handle, +2);
  __leaktrace_refs_add(Handle, -1);

  size_t Registered = kManyTypes + 4;
  expect("types registered (no buffer)", leaktrace_snapshot(NULL, 0),
         Registered);
  leaktrace_type_count *Counts = calloc(Registered, sizeof *Counts);
  if (!Counts) {
    perror("calloc");
    return 2;
  }
  expect("types registered", leaktrace_snapshot(Counts, Registered),
         Registered);
  for (int I = 0; I < kManyTypes; ++I) {
    char Expected[32];
    snprintf(Expected, sizeof Expected, "many::T%d", I);
    if (strcmp(Counts[I].name, Expected) != 0) {
      fprintf(stderr, "type %d is named %s, expected %s\n", I, Counts[I].name,
              Expected);
      ++Failures;
    }
    expect(Expected, Counts[I].insts, I < kKeptAlive ? 1 : 0);
  }
  expect("insts of thread::Made", Counts[Made->slot - 1].insts, 3);
  expect("refs of thread::Made", Counts[Made->slot - 1].refs, 3);
  expect("refs of manual::Handle", Counts[Handle->slot - 1].refs, 1);
  free(Counts);

  leaktrace_write_report(STDOUT_FILENO);
  return Failures ? 1 : 0;
}
