// The runtime's own stack unwinder, for creation sites (sites.cpp).
//
// glibc's backtrace() hands every frame to libgcc's unwinder, which finds
// the frame's FDE, parses its CIE and runs its CFA program anew each time:
// for the millions of objects a watched type makes in a recorded iteration
// that was most of the run. Here the rule that unwinds a frame (where the
// CFA, the saved frame pointer and the return address are) is computed once
// per code address and cached, so that a capture on a warm cache is a few
// loads per frame. x86-64 with glibc 2.35 or later (_dl_find_object) only;
// elsewhere, and for any stack with a frame whose rule cannot be expressed
// that way, captureFrames() is backtrace() itself.
//
// Like the rest of the runtime, no C++ library (see registry.h).
#ifndef LEAKTRACE_RUNTIME_UNWIND_H
#define LEAKTRACE_RUNTIME_UNWIND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

namespace leaktrace::rt {

/// The calling thread's stack: [Low, High), both 0 when unknown.
struct ThreadStack {
  uintptr_t Low, High;
  pid_t Tid;
};

/// The calling thread's stack, found on its first call in the thread
/// (pthread_getattr_np, which may allocate) and kept in initial-exec TLS.
const ThreadStack &currentStack();

/// The return addresses of the calling stack, exactly as glibc's
/// backtrace(Frames, Max) would give them: Frames[0] is the return address
/// into the caller of captureFrames(), then its caller's, outward, at most
/// Max (at most 256 when it falls back to backtrace()). Takes no lock and
/// allocates nothing once the rules of the stack's frames are cached.
int captureFrames(void **Frames, int Max);

// --- internals, exposed for the tests ----------------------------------------

namespace unwind {

/// How a frame is unwound (x86-64): CFA = (rbp or rsp) + CfaOffset; the
/// caller's rsp is the CFA, its rbp was saved at CFA + RbpOffset (or is
/// this frame's rbp), its return address is at CFA + RaOffset. Outermost:
/// the return address column is undefined, there is no caller.
struct FrameRule {
  bool CfaFromRbp;
  bool RbpSaved;
  bool Outermost;
  int32_t CfaOffset;
  int32_t RbpOffset;
  int32_t RaOffset;
};

/// Why no rule: the fast path gives up on the whole capture for any of them.
enum class Refusal {
  None,
  NoModule,        // no loaded object holds the address (_dl_find_object)
  NoFdeTable,      // no PT_GNU_EH_FRAME, or one without a search table
  NoFde,           // no FDE covers the address
  BadCie,          // malformed, or an augmentation not understood
  SignalFrame,     // 'S' in the augmentation: registers come from a sigframe
  Expression,      // a DWARF expression decides the CFA, rbp, rsp or the RA
  UnsupportedRule, // a rule the fast path does not follow (CFA in another
                   // register, rbp in a register, val_offset, ...)
  BadProgram,      // unknown opcode, truncated, state stack misuse
};

/// The rule at Pc from the FDE at Fde (its length field, in an .eh_frame
/// section; its CIE found through the CIE pointer). Pc is the address
/// whose row applies: the return address - 1 for a caller's frame.
Refusal ruleFromFde(const uint8_t *Fde, uintptr_t Pc, FrameRule &Rule);

/// The rule at Pc found through the loaded object that holds it, not
/// cached.
Refusal ruleForPc(uintptr_t Pc, FrameRule &Rule);

/// Like captureFrames() but without the fallback: -1 when a frame's rule
/// could not be computed (and then backtrace() is what captureFrames()
/// gives), or on a platform without the fast path.
int fastFrames(void **Frames, int Max);

/// Whether this build has the fast path at all.
bool haveFastPath();

/// How many times the rule cache was emptied because an object had been
/// unloaded since it was filled.
unsigned long cacheFlushes();

} // namespace unwind
} // namespace leaktrace::rt

#endif
