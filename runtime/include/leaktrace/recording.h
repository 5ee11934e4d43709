/* What a recording found, as JSON: where the recorded objects still alive
 * were made and, after a scan, what became of them and what keeps them
 * alive. Written by the runtime (runtime/recording.cpp) and nowhere else;
 * sent in two envelopes, read by the tool's one reader (tool/CreationSites):
 *   - the runner's "sites" event, after a layer's recorded iteration
 *     (leaktrace/events.h);
 *   - the control socket's "sites" and "scan" replies, while a program runs
 *     (leaktrace/control.h).
 *
 * The members, in this order:
 *   "sites":[SITE...], SITE being {"type":NAME,"objects":N,"frames":[FRAME...]
 *   [,"fates":{FATE:N...}]}: the sites of leaktrace_sites(), FRAME
 *   {"module":PATH,"offset":N} the call instruction of one frame (the return
 *   address less 1) as an address of the module's file (the load bias taken
 *   off), innermost first; PATH is absolute, "?" where no module holds it.
 *   "fates" (after a scan, only those of any) counts what became of the
 *   site's objects: "reachable", "unreachable", "freed", "reused",
 *   "frame_gone", "unknown", "replacing" (leaktrace.h LEAKTRACE_FATE_*).
 * Then, only when the process was readied for a scan (LEAKTRACE_SCAN_VAR)
 * and scanned:
 *   "scan":{"heap":0|1,"threads":N,"threads_missed":N,"blocks":N,"bytes":N,
 *   "unlisted":N} (leaktrace_scan_status),
 *   "census":[{"type":NAME,"live_start":N,"live_end":N,"ended_start":N,
 *   "ended_end":N,"replaced":N}...] (leaktrace_census_entry), and
 *   "paths":[PATH...], PATH being {"type":NAME,"fate":FATE,"cycle":BOOL,
 *   "objects":N,"locations":[LOCATION...]}, LOCATION
 *   {"kind":KIND[,"thread":N][,"module":PATH,"offset":N][,"at":N]
 *   [,"size":N][,"made_by":FRAME][,"first_word":FRAME][,"run":[MIN,MAX]]
 *   [,"register":NAME][,"callers":[FRAME...]][,"type":NAME,"type_offset":N]}:
 *   KIND "global" (module and offset of the pointer), "tls" (module, and
 *   "at" the pointer's offset in the module's TLS block), "stack" (module
 *   and offset of an instruction of the frame's function), "register"
 *   (that too, and the register's name; both with "callers", the frame's
 *   callers outwards), "thread" ("at" from the thread pointer), "block" (a
 *   heap block: "size", "made_by" the frame that allocated it, "first_word"
 *   when it points into a module, "at" where in it the pointer or the
 *   objects are) or "unknown" (memory the runtime knows nothing of, "at"
 *   likewise). "type" is a counted object holding the pointer and
 *   "type_offset" how far into it the pointer is. */
#ifndef LEAKTRACE_RECORDING_H
#define LEAKTRACE_RECORDING_H

#include "leaktrace/leaktrace.h"

#define LEAKTRACE_KEY_SITES "sites"
#define LEAKTRACE_KEY_TYPE "type"
#define LEAKTRACE_KEY_OBJECTS "objects"
#define LEAKTRACE_KEY_FRAMES "frames"
#define LEAKTRACE_KEY_MODULE "module"
#define LEAKTRACE_KEY_OFFSET "offset"
#define LEAKTRACE_KEY_FATES "fates"
#define LEAKTRACE_KEY_SCAN "scan"
#define LEAKTRACE_KEY_HEAP "heap"
#define LEAKTRACE_KEY_THREADS "threads"
#define LEAKTRACE_KEY_THREADS_MISSED "threads_missed"
#define LEAKTRACE_KEY_BLOCKS "blocks"
#define LEAKTRACE_KEY_BYTES "bytes"
#define LEAKTRACE_KEY_UNLISTED "unlisted"
#define LEAKTRACE_KEY_CENSUS "census"
#define LEAKTRACE_KEY_LIVE_START "live_start"
#define LEAKTRACE_KEY_LIVE_END "live_end"
#define LEAKTRACE_KEY_ENDED_START "ended_start"
#define LEAKTRACE_KEY_ENDED_END "ended_end"
#define LEAKTRACE_KEY_REPLACED "replaced"
#define LEAKTRACE_KEY_PATHS "paths"
#define LEAKTRACE_KEY_FATE "fate"
#define LEAKTRACE_KEY_CYCLE "cycle"
#define LEAKTRACE_KEY_LOCATIONS "locations"
#define LEAKTRACE_KEY_KIND "kind"
#define LEAKTRACE_KEY_THREAD "thread"
#define LEAKTRACE_KEY_AT "at"
#define LEAKTRACE_KEY_SIZE "size"
#define LEAKTRACE_KEY_MADE_BY "made_by"
#define LEAKTRACE_KEY_FIRST_WORD "first_word"
#define LEAKTRACE_KEY_RUN "run"
#define LEAKTRACE_KEY_REGISTER "register"
#define LEAKTRACE_KEY_CALLERS "callers"
#define LEAKTRACE_KEY_TYPE_OFFSET "type_offset"

/* The fates' names, in the order of LEAKTRACE_FATE_*, and the locations'
 * kinds', in the order of LEAKTRACE_LOC_*: initializers of arrays. */
#define LEAKTRACE_FATE_NAMES                                                   \
  {"reachable", "unreachable", "freed",  "reused",                            \
   "frame_gone", "unknown",    "replacing"}
#define LEAKTRACE_LOCATION_KINDS                                               \
  {"global", "tls", "stack", "register", "block", "unknown", "thread"}

#ifdef __cplusplus
extern "C" {
#endif

/* The members above, as JSON text without the braces around them, of the
 * recording now and of `scan` (NULL, or not scanned: the sites only). The
 * text is malloc'd, NUL-terminated; the caller frees it. */
char *leaktrace_recording_json(const leaktrace_scan_status *scan);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LEAKTRACE_RECORDING_H */
