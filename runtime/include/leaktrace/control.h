/* The control socket: how `leaktrace watch` reads the counts of a program
 * while it runs. The contract between the runtime (runtime/control.cpp) and
 * the tool (tool/Watch.cpp); both spell every name through this file.
 *
 * LEAKTRACE_CONTROL_VAR=PATH, read when the process starts: the runtime
 * listens on a Unix stream socket at PATH ("%p" in it replaced by the
 * process id), and removes the variable from the environment, so that the
 * programs it starts do not try to listen too. The socket is served by a
 * thread of the runtime's that waits in accept() and read() between
 * requests, with every signal blocked: between samples it costs the program
 * nothing, and counting is the same as without it. The socket file is
 * removed when the process exits.
 *
 * The protocol is lines of text. On each connection the runtime first writes
 *   LEAKTRACE_CONTROL_HELLO " " VERSION " " PID "\n"
 * then answers each request line:
 *   LEAKTRACE_CONTROL_COUNTS "\n"  ->  "counts N CPU_NS\n", N lines
 *     "INSTS REFS FLAGS NAME\n" (every type counted so far, as
 *     leaktrace_snapshot() gives it; NAME is the rest of the line), then
 *     LEAKTRACE_CONTROL_END "\n". CPU_NS is the CPU time the control
 *     thread has used since the process started: what sampling cost it.
 *   LEAKTRACE_CONTROL_SITES_ON " NAME\tNAME...\n"  ->  "sites-on SLOTS\n":
 *     from now on, every count of those types goes through the runtime's
 *     hooks (their inline updates are off), and each object of them made is
 *     remembered with its stack until it is destroyed. SLOTS: how many
 *     counted types that named (a name not counted yet is not watched).
 *   LEAKTRACE_CONTROL_SITES "\n"  ->  "sites {RECORDING}\n": where the
 *     objects made since sites-on that are still alive were made, as the
 *     JSON members leaktrace/recording.h describes, on one line.
 *   LEAKTRACE_CONTROL_SCAN "\n"  ->  "scan {RECORDING}\n": the same, after
 *     a scan of the process (leaktrace_scan(): the other threads stop while
 *     it reads the memory): with the fates of the recorded objects, the
 *     census of the watched types since sites-on and the retention paths of
 *     those alive. Recording stops first (what it kept is kept until
 *     sites-off): the window ends. Only a process readied for a scan from
 *     its start (LEAKTRACE_SCAN_VAR=1, and the allocator shim preloaded for
 *     the heap) is scanned; another answers with its sites alone, without
 *     a "scan" member.
 *   LEAKTRACE_CONTROL_SITES_OFF "\n"  ->  "sites-off\n": recording stops,
 *     what it kept (and what a scan found) is forgotten, the types' inline
 *     updates resume (the cost of counting them is as before). A
 *     connection that ends does the same.
 *   anything else  ->  "error UNKNOWN REQUEST\n"
 * The connection ends when the tool closes it; the runtime then waits for
 * the next one (`leaktrace watch` can attach again). */
#ifndef LEAKTRACE_CONTROL_H
#define LEAKTRACE_CONTROL_H

#define LEAKTRACE_CONTROL_VAR "LEAKTRACE_CONTROL"
#define LEAKTRACE_CONTROL_HELLO "leaktrace-control"
#define LEAKTRACE_CONTROL_VERSION 2
#define LEAKTRACE_CONTROL_COUNTS "counts"
#define LEAKTRACE_CONTROL_END "end"
#define LEAKTRACE_CONTROL_SITES_ON "sites-on"
#define LEAKTRACE_CONTROL_SITES "sites"
#define LEAKTRACE_CONTROL_SCAN "scan"
#define LEAKTRACE_CONTROL_SITES_OFF "sites-off"

#endif
