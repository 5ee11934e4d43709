/* leaktrace runtime: the C ABI between instrumented code, the runtime and
 * readers of its counts.
 *
 * Two audiences:
 *  - Code emitted by the leaktrace Clang plugin calls the __leaktrace_*
 *    entry points below. Their signatures are an ABI: the plugin's
 *    InstrumentLifetimes pass emits exactly these declarations.
 *  - Programs and test runners call leaktrace_snapshot() to read counts.
 */
#ifndef LEAKTRACE_LEAKTRACE_H
#define LEAKTRACE_LEAKTRACE_H

/* leaktrace's own structs are not the program's classes, however this header
 * is included (-I or -isystem): the plugin never counts them. */
#pragma GCC system_header

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Symbols of the program the plugin defines or looks for. */
/* One byte every module the plugin instrumented defines: the runner reports
 * counts only of a program that has it. */
#define LEAKTRACE_INSTRUMENTED_SYMBOL "__leaktrace_instrumented"
/* Defined by the layer runner's own translation units (leaktrace/runner.h):
 * the plugin neither counts the classes written in such a file nor lets it
 * define LEAKTRACE_INSTRUMENTED_SYMBOL, since the runner is compiled with the
 * program's flags but is no proof that the program was. */
#define LEAKTRACE_RUNNER_MODULE_SYMBOL "__leaktrace_runner_module"

/* A header-only test framework's "run the tests" function, compiled into a
 * test file with the plugin (doctest's Context::run(), Catch2's
 * Session::run()), starts by offering the run to the layer runner: the
 * plugin puts a call of LEAKTRACE_TAKE_OVER_RUN_SYMBOL at its entry, through
 * a weak reference (nothing is called when no runner is linked). The runner
 * returns nonzero when it ran the tests itself, with the function's result
 * in *status; zero lets the function run as written (run directly, and the
 * runner's own runs of a layer's tests). The program's own main stays. */
#define LEAKTRACE_TAKE_OVER_RUN_SYMBOL "__leaktrace_take_over_run"
/* The functions, by mangled name, each with the framework the runner is told
 * of: X(FRAMEWORK, SYMBOL). Each returns int and takes only `this`. */
#define LEAKTRACE_FRAMEWORK_DOCTEST 1
#define LEAKTRACE_FRAMEWORK_CATCH2 2
#define LEAKTRACE_TEST_RUN_FUNCTIONS(X)                                        \
  X(LEAKTRACE_FRAMEWORK_DOCTEST, "_ZN7doctest7Context3runEv")                  \
  X(LEAKTRACE_FRAMEWORK_CATCH2, "_ZN5Catch7Session3runEv")
int __leaktrace_take_over_run(int framework, void *self, int *status);

/* One per tracked type per linked module, emitted by the plugin as a
 * linkonce_odr global (one per internal-linkage type and translation unit).
 * The runtime assigns `slot` the first time the type is counted; 0 means "not
 * yet assigned". Types are identified by name, so the same type seen through
 * an executable and a dlopen'ed library shares one slot; types flagged
 * LEAKTRACE_TYPE_LOCAL (internal linkage: anonymous namespaces) get one slot
 * per descriptor. */
struct __leaktrace_type {
  uint32_t slot;
  uint32_t flags;
  const char *name;
  /* sizeof the type, 0 where this translation unit does not know it (a
   * std::shared_ptr<T> of an incomplete T). Such a descriptor has a symbol
   * of its own, so that the linker never keeps it in place of one that
   * knows; the runtime takes the size any descriptor of the type gives. */
  uint64_t size;
};
#define LEAKTRACE_TYPE_LOCAL 1u
/* Counted by its objects made with `new` only (its destructor is trivial,
 * or it is an aggregate, ...): an object made by placement new is not
 * counted, and its `delete` is. */
#define LEAKTRACE_TYPE_BY_NEW 2u

/* The calling thread's counters, indexed by slot; NULL until the thread first
 * counts. Each cell is written only by its own thread, with relaxed atomic
 * loads and stores (never a read-modify-write); readers load them relaxed.
 * Instrumented executables update the cell inline:
 *     if (type->slot != 0 && __leaktrace_cells != NULL)
 *       __leaktrace_cells[type->slot].insts += 1;
 *     else
 *       __leaktrace_construct(type);
 * Initial-exec TLS: it lives in the executable, which links the runtime. */
struct __leaktrace_cell {
  int64_t insts;
  int64_t refs;
};
extern __thread struct __leaktrace_cell *__leaktrace_cells
    __attribute__((tls_model("initial-exec")));

/* What instrumented code calls when the inline update above cannot run: the
 * first count of a type (assigns its slot, under a lock) or on a thread (sets
 * up its cells), and every count of a type whose creation sites are watched
 * (LEAKTRACE_WATCH_VAR below). They do the whole update, so callers need no
 * fast path. `object` is the address of the object made or ended (`this` of
 * the constructor or destructor, what new returned or delete was given):
 * creation sites are kept by it.
 * __leaktrace_refs_add adds `delta` (the change in owning std::shared_ptr
 * handles of the type that one smart-pointer operation made: -2..+2, often 0)
 * to the type's `refs`. */
struct __leaktrace_code_def; /* below */
struct __leaktrace_code_use;
struct __leaktrace_uncounted_class;
#define LEAKTRACE_HOOK(Id, Name, CParameters, IRParameters)                 \
  void Name CParameters;
#include "leaktrace/abi.def"
/* __leaktrace_construct_copy is __leaktrace_construct for a copy or move
 * constructor, which names the object it copies: an object that takes over
 * from one destroyed since (a growing vector's elements, a moved-from local)
 * keeps that one's creation site.
 * __leaktrace_insts_add adds `delta` objects at `object`: the complete
 * objects of the type a constant-initialised global (or static, or
 * thread_local) holds, counted when its destruction is registered, since no
 * constructor runs for them; the elements of an array new-expression; -1 or
 * 0 for a delete of a heap-counted type (0: a null pointer). */

/* What the plugin records of the code it instrumented, so that the runtime
 * can tell when the program runs code of a counted type that was compiled
 * without the plugin (a prebuilt library, a file built without it, or a
 * linkonce_odr copy the linker took from such a file).
 *  - A def names a function the plugin instrumented. It is emitted in the
 *    function's own comdat, so it is kept only when the linker keeps that
 *    very copy of the function.
 *  - A use is emitted where instrumented code refers to a function that
 *    builds, destroys or copies objects or handles of a counted type and
 *    whose definition the linker may take from elsewhere: a counted
 *    constructor or destructor defined in another file, or an inline
 *    function instrumented here. It resolves to the copy the program runs.
 * A use whose function has no def runs uncounted code: its type's counts
 * cannot be right (LEAKTRACE_COUNT_UNCOUNTED_CODE below).
 * Each instrumented module (the executable, each shared library) registers
 * its records from a constructor, through the linker's __start_/__stop_
 * symbols of the two sections. */
struct __leaktrace_code_def {
  const void *function;
};
struct __leaktrace_code_use {
  const void *function;
  struct __leaktrace_type *type;
  const char *symbol; /* the function's mangled name */
};
/* __leaktrace_register_code(defs, defs_end, uses, uses_end) (abi.def)
 * registers them; __leaktrace_unregister_code, with the same arguments,
 * when the module is unloaded (dlclose, or exit): they are checked one last
 * time, then forgotten. */

/* A class of the program the plugin does not count: its objects can be
 * built without a call the plugin sees (an aggregate, a trivially
 * destructible class allocated with new, ...), or the user left it out
 * (exclude=, include=, leaktrace::ignore). The plugin emits one record per
 * class in section __leaktrace_uncounted (merged by the linker across the
 * files of a module), and each instrumented module registers its records
 * from a constructor. The runtime keeps a copy of each name: a module's
 * classes stay the program's after it is unloaded. */
struct __leaktrace_uncounted_class {
  const char *name;   /* qualified C++ name */
  const char *reason; /* why, as -fplugin-arg-leaktrace-remarks says it */
};
/* Registered with __leaktrace_register_uncounted(begin, end) (abi.def). */

/* How many distinct classes (by name) of the loaded modules are not
 * counted; compiling with -fplugin-arg-leaktrace-remarks lists them. */
size_t leaktrace_uncounted_classes(void);

/* Counts of one type, summed over every thread, live and exited. */
typedef struct leaktrace_type_count {
  const char *name; /* qualified C++ name; valid until the process exits */
  int64_t insts;    /* complete objects constructed and not yet destroyed */
  int64_t refs;     /* live non-empty strong smart-pointer handles */
  uint32_t flags;   /* 0, or LEAKTRACE_COUNT_* bits: why the counts above
                       cannot be trusted (report them, never as facts) */
  const char *uncounted_code; /* with LEAKTRACE_COUNT_UNCOUNTED_CODE, one such
                                 function: "SYMBOL (MODULE)", SYMBOL mangled;
                                 otherwise NULL */
} leaktrace_type_count;

/* insts or refs fell below zero, which no program can do: objects were
 * destroyed that were built without a count, or handles dropped that were
 * made without one (by code compiled without the plugin, or by a way of
 * building them the plugin does not see). Once set, it stays set: the counts
 * of the type are wrong from then on, whatever their sign. */
#define LEAKTRACE_COUNT_NEGATIVE 1u
/* The program runs a function compiled without the plugin that builds,
 * destroys or copies objects or handles of the type (see
 * __leaktrace_code_use): some of them are made or ended without a count. */
#define LEAKTRACE_COUNT_UNCOUNTED_CODE 2u
/* Set with LEAKTRACE_COUNT_NEGATIVE when the type is counted by its objects
 * made with `new` only (LEAKTRACE_TYPE_BY_NEW): what went below zero were
 * deletes of objects no counted new-expression made (placement new into
 * storage of another type, or a new compiled without the plugin). */
#define LEAKTRACE_COUNT_BY_NEW 4u

/* What reports say of a type whose counts cannot be right, per flag (the
 * runtime's at-exit report and the tool say the same), then, once per
 * kind of reason among the types listed, what it means. */
#define LEAKTRACE_REASON_NEGATIVE                                              \
  "below zero: objects ended that no counted constructor made"
#define LEAKTRACE_REASON_NEGATIVE_BY_NEW                                       \
  "below zero: objects deleted that no counted new made"
#define LEAKTRACE_REASON_UNCOUNTED_CODE "is compiled without the plugin"
#define LEAKTRACE_EXPLAIN_NEGATIVE                                             \
  "  Objects ended that no counted constructor made were built by code "      \
  "compiled without the plugin (a prebuilt library, a file compiled without " \
  "-fplugin=leaktrace.so, an inline copy the linker took from one) or "       \
  "copied byte for byte (memcpy): compile every file that makes them with "   \
  "the plugin."
#define LEAKTRACE_EXPLAIN_NEGATIVE_BY_NEW                                      \
  "  A class with a trivial destructor is counted by its objects made with "  \
  "new only: an object of it made otherwise (placement new, into storage "    \
  "of another type say, or a new compiled without the plugin) and deleted "   \
  "takes its count below zero. Given a destructor of its own, a class is "    \
  "counted by its constructors."
#define LEAKTRACE_EXPLAIN_UNCOUNTED_CODE                                       \
  "  Code compiled without the plugin builds, destroys or copies objects or " \
  "handles of these types: compile every file that uses them with the "       \
  "plugin."
#define LEAKTRACE_EXPLAIN_FIX                                                  \
  "  Or leave the types out with -fplugin-arg-leaktrace-exclude=REGEX."

/* Writes the counts of up to `capacity` registered types to `out`, in
 * registration order, and returns how many types are registered. Call again
 * with a larger buffer when the result exceeds `capacity`. `out` may be NULL
 * when `capacity` is 0. Safe to call from any thread at any time. */
size_t leaktrace_snapshot(leaktrace_type_count *out, size_t capacity);

/* Creation sites: where the objects of chosen types that are still alive
 * were made.
 * LEAKTRACE_WATCH_VAR, read once when the process first counts, names the
 * types to watch, one qualified name (as leaktrace_type_count.name spells
 * it) per line. A watched type's counts all go through the hooks above,
 * skipping the inline update; other types are not slowed down. Between
 * leaktrace_record_sites(1) and leaktrace_record_sites(0), every object of
 * a watched type made is remembered, with the stack that made it, until it
 * is destroyed. The `leaktrace` tool sets the variable for a second run of
 * a layer that leaked, for the types that grew. */
#define LEAKTRACE_WATCH_VAR "LEAKTRACE_WATCH"
/* LEAKTRACE_SCAN_VAR=1, read once when the process first counts, readies
 * it for leaktrace_scan(): every count of every type goes through the
 * hooks, which keep the address of each live object, so that a scan can
 * name the counted objects on a retention path. The tool sets it, with
 * LEAKTRACE_WATCH_VAR, for the run that looks for retention paths only. */
#define LEAKTRACE_SCAN_VAR "LEAKTRACE_SCAN"
/* LEAKTRACE_REPORT_VAR: when and where the runtime prints its report of
 * every type's counts ("exit", "exit-all", a file; runtime/report.cpp). */
#define LEAKTRACE_REPORT_VAR "LEAKTRACE_REPORT"

/* The frames a site keeps, innermost first. */
#define LEAKTRACE_SITE_FRAMES 32

/* What became of the objects recording kept, as leaktrace_scan() found. */
enum {
  /* Alive, and a chain of pointers from a root (a global or static, a
   * thread_local, a thread's stack or registers) reaches it. */
  LEAKTRACE_FATE_REACHABLE,
  /* Alive in a block still allocated, but no pointer from a root reaches
   * it: a leak LeakSanitizer would see too. */
  LEAKTRACE_FATE_UNREACHABLE,
  /* Ended without its destructor: its heap block was freed (and maybe
   * given to another allocation since). Not a leak. */
  LEAKTRACE_FATE_FREED,
  /* Ended without its destructor: another object of its type was made at
   * its address. Not a leak. */
  LEAKTRACE_FATE_REUSED,
  /* Ended without its destructor: it was on a stack, and its frame
   * returned or its thread ended. Not a leak. */
  LEAKTRACE_FATE_FRAME_GONE,
  /* Alive as far as the runtime can tell, in memory it knows nothing of
   * (no allocator shim, or memory mapped by the program itself). */
  LEAKTRACE_FATE_UNKNOWN,
  /* Alive, made over an older object of its type that was never destroyed,
   * in storage that stayed allocated in between (an arena's block, a
   * static buffer reused): it took that one's place, which ended without
   * its destructor. No growth. */
  LEAKTRACE_FATE_REPLACING,
  LEAKTRACE_FATES
};

typedef struct leaktrace_site {
  const char *type;  /* qualified name; valid until the process exits */
  int64_t objects;   /* made here while recording and not destroyed since;
                        after leaktrace_scan(), those the scan found (the
                        sum of `fates`), though threads still running may
                        have destroyed some since */
  uint32_t depth;    /* frames[0..depth) are set */
  /* Return addresses: frames[0] into the code that counted (the type's
   * constructor, or the function holding the new-expression), then its
   * callers. */
  const void *frames[LEAKTRACE_SITE_FRAMES];
  /* After leaktrace_scan(): how many of `objects` met each fate (they sum
   * to `objects`); all zero before. */
  int64_t fates[LEAKTRACE_FATES];
} leaktrace_site;
/* How many types LEAKTRACE_WATCH_VAR names (0: none, sites are off). */
size_t leaktrace_watched_types(void);
/* Forgets every object and site recorded so far, then records (on != 0) or
 * stops recording (on == 0). In a process readied for a scan
 * (LEAKTRACE_SCAN_VAR), recording starts with a census of the watched
 * types' objects (leaktrace_census), taken with the other threads stopped
 * for a moment. */
void leaktrace_record_sites(int on);
/* Writes up to `capacity` sites that still have objects to `out` and returns
 * how many there are (call again with a larger buffer when it exceeds
 * `capacity`). Safe from any thread; counts of other threads still running
 * may change meanwhile. */
size_t leaktrace_sites(leaktrace_site *out, size_t capacity);
/* The loaded module holding `address` (code or data), found with
 * dl_iterate_phdr (so in a statically linked program too): its path, "" for
 * the executable (whose entry has no name), or NULL when no module holds
 * it; `*offset` is then `address` as an address of the module's file, for a
 * symbolizer. */
const char *leaktrace_module_of(const void *address, uintptr_t *offset);

/* Retention paths.
 * leaktrace_scan() stops the process's other threads (a signal each; they
 * wait in its handler), scans the roots (the modules' writable data, each
 * thread's static TLS, stack from its stack pointer up, and registers) and,
 * with the allocator shim of the tool preloaded, the heap's live blocks
 * conservatively for pointers, and tells the fate of every object the
 * recording kept (leaktrace_site.fates) and, for those alive, the shortest
 * chain of pointers that keeps each (leaktrace_paths). Call it after
 * recording, before leaktrace_record_sites(0): recording again forgets it.
 * It allocates nothing through malloc while the threads are stopped. */
typedef struct leaktrace_scan_status {
  uint32_t scanned;        /* 0: not readied (LEAKTRACE_SCAN_VAR unset) */
  uint32_t heap;           /* 1: the allocator shim told every live block */
  uint32_t threads;        /* threads scanned, the calling one included */
  uint32_t threads_missed; /* threads that did not stop within 2 seconds
                              (they block the signal): their stacks and
                              registers were not scanned */
  uint64_t blocks;         /* live heap blocks */
  uint64_t bytes;          /* bytes of them reached and scanned */
  int64_t unlisted;        /* objects on paths beyond what leaktrace_paths
                              lists (the longest lists are cut) */
} leaktrace_scan_status;
/* `callers_frame`: the calling thread's stack is read from there up (a
 * caller's frame address, __builtin_frame_address(0) of a function that
 * called the scan's caller); the frames below, which the tests' frames
 * have left dead words in, are not roots. Null: from the scan's caller. */
void leaktrace_scan(leaktrace_scan_status *status, const void *callers_frame);

/* Where a pointer on a path is, or where the kept objects are. */
enum {
  /* A module's global or static data: `address` is the pointer's own
   * address. */
  LEAKTRACE_LOC_GLOBAL,
  /* A thread's static TLS (a thread_local): `address` is an address of the
   * module's image (to tell the module), `offset` the pointer's offset in
   * the module's TLS block. */
  LEAKTRACE_LOC_TLS,
  /* A thread's stack: `address` is an instruction of the function whose
   * frame holds it (a call in it, or where it was interrupted). */
  LEAKTRACE_LOC_STACK,
  /* A stopped thread's register number `offset` (the order of the
   * architecture's general registers in its signal context); `address`
   * its interrupted instruction. */
  LEAKTRACE_LOC_REGISTER,
  /* A heap block: `address` its start, `size`, `made_by`, `first_word`;
   * `offset` is where in it the pointer (or the object) is. */
  LEAKTRACE_LOC_BLOCK,
  /* Memory the runtime knows nothing of (no shim, or mapped by the
   * program), where a counted object it tracks stands for a block:
   * `address` where it is, `offset` where in it. */
  LEAKTRACE_LOC_UNKNOWN,
  /* A thread's own data, at its thread pointer (among others the values
   * of pthread_setspecific): `offset` from it. */
  LEAKTRACE_LOC_THREAD
};

typedef struct leaktrace_location {
  uint32_t kind;          /* LEAKTRACE_LOC_* */
  uint32_t thread;        /* TLS, STACK, REGISTER: 0 the calling thread,
                             then the others in the order they stopped */
  const void *address;    /* see the kinds */
  uint64_t offset;        /* see the kinds */
  uint64_t size;          /* BLOCK: its size */
  const void *made_by;    /* BLOCK: return address into the code that
                             allocated it (the caller of operator new or
                             malloc) */
  const void *first_word; /* BLOCK: its first word (a vtable, when it points
                             into a module's data) */
  /* A counted object holding the pointer (or the kept object itself): its
   * type, and where it starts, as `offset` counts (the pointer is
   * `offset - type_offset` into it); type NULL when none is known. */
  const char *type;
  uint64_t type_offset;
  uint32_t run_min, run_max; /* BLOCK: how many blocks made by the same code
                                in a row this one stands for (a list, a
                                tree), fewest and most */
  const char *register_name; /* REGISTER: its name ("r12") */
  /* STACK, REGISTER: the callers of the frame, an instruction of each
   * (the calls), outwards; callers[0..callers_count). A pointer in the
   * frame of a library function (pthread_cond_wait) is often a register of
   * its caller that it saved: the caller is what holds it. */
  const void *callers[8];
  uint32_t callers_count;
} leaktrace_location;

typedef struct leaktrace_path {
  const char *type; /* the kept objects' type */
  uint32_t fate;    /* LEAKTRACE_FATE_REACHABLE or _UNREACHABLE */
  uint32_t cycle;   /* UNREACHABLE: 1 when the locations are a cycle, from
                       a block holding a kept object back to it */
  int64_t objects;
  /* Into the locations: the root first (REACHABLE), each holding the
   * pointer to the next, the last where the objects are. */
  uint32_t first, count;
} leaktrace_path;

/* The census of each watched type, as recording started and at the scan:
 * its objects whose storage is alive, and those counted alive whose
 * storage ended without their destructor (freed, their frame gone); and
 * how many were made, in between, over one of the type never destroyed
 * (which ended then). live_end - live_start is how many more of its objects
 * are really alive after the recorded stretch: a type whose count grew
 * while this did not ends objects without their destructor, and leaks
 * nothing. Its count grew by (live_end - live_start) + (ended_end -
 * ended_start) + replaced. */
typedef struct leaktrace_census_entry {
  const char *type;
  int64_t live_start, live_end;
  int64_t ended_start, ended_end;
  int64_t replaced;
} leaktrace_census_entry;
size_t leaktrace_census(leaktrace_census_entry *out, size_t capacity);

/* Write up to `capacity` paths / locations of the last scan and return how
 * many there are. */
size_t leaktrace_paths(leaktrace_path *out, size_t capacity);
size_t leaktrace_path_locations(leaktrace_location *out, size_t capacity);

/* Writes the at-exit report (types with live instances or references, sorted
 * by name) to the file descriptor `fd`. LEAKTRACE_REPORT=exit does this on
 * standard error after static destructors have run. */
void leaktrace_write_report(int fd);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* What the plugin reads in a class's annotation to leave it out. */
#define LEAKTRACE_IGNORE_ANNOTATION "leaktrace::ignore"
/* Leaves a class out of counting:  class LEAKTRACE_IGNORE Cache { ... };
 * The annotate spelling survives precompiled headers and compilers without
 * the plugin. */
#if defined(__clang__)
#define LEAKTRACE_IGNORE [[clang::annotate(LEAKTRACE_IGNORE_ANNOTATION)]]
#else
#define LEAKTRACE_IGNORE
#endif

#endif /* LEAKTRACE_LEAKTRACE_H */
