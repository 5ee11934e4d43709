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
 *   anything else  ->  "error UNKNOWN REQUEST\n"
 * The connection ends when the tool closes it; the runtime then waits for
 * the next one (`leaktrace watch` can attach again). */
#ifndef LEAKTRACE_CONTROL_H
#define LEAKTRACE_CONTROL_H

#define LEAKTRACE_CONTROL_VAR "LEAKTRACE_CONTROL"
#define LEAKTRACE_CONTROL_HELLO "leaktrace-control"
#define LEAKTRACE_CONTROL_VERSION 1
#define LEAKTRACE_CONTROL_COUNTS "counts"
#define LEAKTRACE_CONTROL_END "end"

#endif
