// leaktrace runtime: a stack unwinder with cached per-address rules.
//
// See unwind.h for why. On x86-64, a frame is unwound from three registers:
// rsp, rbp and rip. The FDE that covers a code address (found through the
// loaded object's .eh_frame_hdr search table, which _dl_find_object hands
// out without a lock) says, at that address, which of rsp and rbp the CFA
// is an offset from, where rbp was saved and where the return address is:
// that rule is computed once per address, packed into one word and kept in
// a table that readers probe without a lock. Everything else a CFA program
// can say (other registers' saves, GNU_args_size) does not matter for a
// backtrace. Whatever the fast path does not follow -- an expression, a
// signal frame, an address without an FDE -- makes the whole capture
// glibc's backtrace(), so that nothing comes out worse than before.
//
// Memory: the table is mmap'ed (async-signal-safe, and no malloc that the
// heap shim would see); the stack is only read between the bounds of the
// calling thread's stack, so a wrong rule stops the walk instead of faulting.

#include "unwind.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__linux__) && defined(DLFO_EH_SEGMENT_TYPE)
#define LEAKTRACE_FAST_UNWIND 1
#else
#define LEAKTRACE_FAST_UNWIND 0
#endif

namespace leaktrace::rt {
namespace {

__thread ThreadStack tStack __attribute__((tls_model("initial-exec")));

/// The deepest backtrace() the fallback copies from (its frames start one
/// call further in).
constexpr int kMaxFallbackFrames = 256;

/// backtrace() of the caller of the function that called this one: what
/// captureFrames() gives when the fast path gives up. Its own frame and its
/// caller's are the two dropped; kept out of line so that the fast path's
/// frame does not carry the buffer.
__attribute__((noinline)) int backtraceOfCallersCaller(void **Frames,
                                                       int Max) {
  void *Buffer[kMaxFallbackFrames + 2];
  if (Max > kMaxFallbackFrames)
    Max = kMaxFallbackFrames;
  int N = backtrace(Buffer, Max + 2);
  if (N <= 2)
    return 0;
  memcpy(Frames, Buffer + 2, size_t(N - 2) * sizeof(void *));
  return N - 2;
}

} // namespace

const ThreadStack &currentStack() {
  if (tStack.Tid)
    return tStack;
  // Set first: a signal handler that captures while pthread_getattr_np runs
  // (it may allocate) must not start it again; it sees an empty stack and
  // the capture falls back.
  tStack.Tid = pid_t(syscall(SYS_gettid));
  pthread_attr_t Attr;
  if (pthread_getattr_np(pthread_self(), &Attr) == 0) {
    void *Low;
    size_t Size;
    if (pthread_attr_getstack(&Attr, &Low, &Size) == 0) {
      tStack.Low = uintptr_t(Low);
      tStack.High = uintptr_t(Low) + Size;
    }
    pthread_attr_destroy(&Attr);
  }
  return tStack;
}

namespace unwind {
namespace {

// --- reading .eh_frame ---------------------------------------------------------

/// Bytes between P and End, read without ever going past End; a read that
/// would sets Ok to false (and yields 0).
struct Reader {
  const uint8_t *P, *End;
  bool Ok;

  bool has(size_t N) {
    if (!Ok || size_t(End - P) < N)
      Ok = false;
    return Ok;
  }
  template <class T> T fixed() {
    T V = 0;
    if (has(sizeof V)) {
      memcpy(&V, P, sizeof V);
      P += sizeof V;
    }
    return V;
  }
  uint64_t uleb() {
    uint64_t V = 0;
    for (unsigned Shift = 0;; Shift += 7) {
      if (!has(1))
        return 0;
      uint8_t B = *P++;
      if (Shift < 64)
        V |= uint64_t(B & 0x7f) << Shift;
      if (!(B & 0x80))
        return V;
    }
  }
  int64_t sleb() {
    uint64_t V = 0;
    for (unsigned Shift = 0;; Shift += 7) {
      if (!has(1))
        return 0;
      uint8_t B = *P++;
      if (Shift < 64)
        V |= uint64_t(B & 0x7f) << Shift;
      if (!(B & 0x80)) {
        if (Shift + 7 < 64 && (B & 0x40))
          V |= ~uint64_t(0) << (Shift + 7);
        return int64_t(V);
      }
    }
  }
  void skip(uint64_t N) {
    if (has(N))
      P += N;
  }
};

// DW_EH_PE_*: how .eh_frame and .eh_frame_hdr encode a pointer.
enum : uint8_t {
  PeAbsptr = 0x00,
  PeUleb128 = 0x01,
  PeUdata2 = 0x02,
  PeUdata4 = 0x03,
  PeUdata8 = 0x04,
  PeSleb128 = 0x09,
  PeSdata2 = 0x0a,
  PeSdata4 = 0x0b,
  PeSdata8 = 0x0c,
  PePcrel = 0x10,
  PeDatarel = 0x30,
  PeAligned = 0x50,
  PeIndirect = 0x80,
  PeOmit = 0xff,
};

/// The value of Enc's format at R, not applied to any base.
bool readEncodedValue(Reader &R, uint8_t Enc, uint64_t &Out) {
  switch (Enc & 0x0f) {
  case PeAbsptr:
    Out = R.fixed<uintptr_t>();
    break;
  case PeUleb128:
    Out = R.uleb();
    break;
  case PeUdata2:
    Out = R.fixed<uint16_t>();
    break;
  case PeUdata4:
    Out = R.fixed<uint32_t>();
    break;
  case PeUdata8:
    Out = R.fixed<uint64_t>();
    break;
  case PeSleb128:
    Out = uint64_t(R.sleb());
    break;
  case PeSdata2:
    Out = uint64_t(int64_t(R.fixed<int16_t>()));
    break;
  case PeSdata4:
    Out = uint64_t(int64_t(R.fixed<int32_t>()));
    break;
  case PeSdata8:
    Out = R.fixed<uint64_t>();
    break;
  default:
    return false;
  }
  return R.Ok;
}

/// A pointer encoded as Enc at R: absolute, relative to its own field, or
/// (DataBase not 0) relative to DataBase -- what .eh_frame and .eh_frame_hdr
/// use on x86-64. Text-, function-relative, aligned and indirect pointers
/// are refused: no unwind table of this target has them where a pointer is
/// read (personality routines may be indirect, and are skipped instead).
bool readEncoded(Reader &R, uint8_t Enc, uintptr_t DataBase, uint64_t &Out) {
  if (Enc == PeOmit || (Enc & PeIndirect))
    return false;
  uintptr_t Field = uintptr_t(R.P);
  if (!readEncodedValue(R, Enc, Out))
    return false;
  switch (Enc & 0x70) {
  case 0:
    return true;
  case PePcrel:
    Out += Field;
    return true;
  case PeDatarel:
    if (!DataBase)
      return false;
    Out += DataBase;
    return true;
  default:
    return false;
  }
}

/// Steps over a pointer encoded as Enc (the personality routine's).
bool skipEncoded(Reader &R, uint8_t Enc) {
  if (Enc == PeOmit)
    return false;
  if ((Enc & 0x70) == PeAligned) {
    uintptr_t Misaligned = uintptr_t(R.P) % sizeof(void *);
    R.skip(Misaligned ? sizeof(void *) - Misaligned : 0);
    R.skip(sizeof(void *));
    return R.Ok;
  }
  uint64_t Ignored;
  return readEncodedValue(R, Enc, Ignored);
}

/// The length field of a CIE or FDE at R: the end of the entry in End.
bool readEntryLength(Reader &R, const uint8_t *&End) {
  uint64_t Length = R.fixed<uint32_t>();
  if (Length == 0xffffffffu)
    Length = R.fixed<uint64_t>();
  // 0 ends a section; anything over 16 MiB is no entry a compiler wrote.
  if (!R.Ok || Length == 0 || Length > (uint64_t(1) << 24))
    return false;
  End = R.P + Length;
  return true;
}

// DWARF register numbers of x86-64.
constexpr uint64_t kRbp = 6, kRsp = 7, kRip = 16;

struct Cie {
  uint64_t CodeAlign;
  int64_t DataAlign;
  uint64_t RaColumn;
  uint8_t FdeEncoding;
  bool HasAugmentationData; // 'z': FDEs carry augmentation data too
  bool SignalFrame;         // 'S'
  const uint8_t *Program, *ProgramEnd;
};

Refusal parseCie(const uint8_t *At, Cie &C) {
  Reader R{At, At + 12, true};
  const uint8_t *End;
  if (!readEntryLength(R, End))
    return Refusal::BadCie;
  R.End = End;
  // .eh_frame's CIE id is 0 (and 4 bytes, whatever the length's format).
  if (R.fixed<uint32_t>() != 0)
    return Refusal::BadCie;
  uint8_t Version = R.fixed<uint8_t>();
  if (!R.Ok || (Version != 1 && Version != 3))
    return Refusal::BadCie;
  const char *Augmentation = reinterpret_cast<const char *>(R.P);
  size_t AugmentationSize = 0;
  while (R.has(1) && *R.P)
    ++R.P, ++AugmentationSize;
  R.skip(1);
  // Anything but "z..." or nothing ("eh" and other old forms) is refused.
  if (!R.Ok || (AugmentationSize && Augmentation[0] != 'z'))
    return Refusal::BadCie;
  C.CodeAlign = R.uleb();
  C.DataAlign = R.sleb();
  C.RaColumn = Version == 1 ? R.fixed<uint8_t>() : R.uleb();
  C.FdeEncoding = PeAbsptr;
  C.HasAugmentationData = AugmentationSize != 0;
  C.SignalFrame = false;
  if (C.HasAugmentationData) {
    uint64_t Size = R.uleb();
    if (!R.has(Size))
      return Refusal::BadCie;
    Reader Data{R.P, R.P + Size, true};
    for (size_t I = 1; I < AugmentationSize; ++I) {
      switch (Augmentation[I]) {
      case 'L':
        Data.fixed<uint8_t>(); // the LSDA's encoding: only FDEs use it
        break;
      case 'R':
        C.FdeEncoding = Data.fixed<uint8_t>();
        break;
      case 'P': {
        uint8_t Encoding = Data.fixed<uint8_t>();
        if (!skipEncoded(Data, Encoding))
          return Refusal::BadCie;
        break;
      }
      case 'S':
        C.SignalFrame = true;
        break;
      default:
        // A letter that may change what the rules mean (aarch64's 'B',
        // MTE's 'G'): not this target's, so not trusted.
        return Refusal::BadCie;
      }
    }
    if (!Data.Ok)
      return Refusal::BadCie;
    R.P += Size;
  }
  // Return addresses are rip's column on x86-64, the only target whose
  // register numbers the interpreter knows.
  if (!R.Ok || C.CodeAlign == 0 || C.RaColumn != kRip)
    return Refusal::BadCie;
  C.Program = R.P;
  C.ProgramEnd = End;
  if (C.SignalFrame)
    return Refusal::SignalFrame;
  return Refusal::None;
}

// --- the CFA program ------------------------------------------------------------

enum class How : uint8_t {
  Unspecified, // not saved: same value as in the callee
  Undefined,
  Offset,      // saved at CFA + Offset
  Expression,  // DW_CFA_expression, val_expression
  Unsupported, // DW_CFA_register, val_offset
};

struct RegRule {
  How H;
  int64_t Offset;
};

/// A row of the CFA table, as far as a backtrace needs it.
struct Row {
  uint64_t CfaRegister; // kNoRegister until a def_cfa
  int64_t CfaOffset;
  bool CfaExpression;
  RegRule Rbp, Rsp, Ra;
};
constexpr uint64_t kNoRegister = ~uint64_t(0);

/// How deep DW_CFA_remember_state may nest: compilers use one level (an
/// epilogue in the middle of a function).
constexpr int kStateStack = 8;

struct Interpreter {
  const Cie &C;
  uintptr_t Pc;        // the row wanted
  uintptr_t Loc;       // the row being built
  const Row *Initial;  // after the CIE's instructions; null while they run
  Row Cur;
  Row Saved[kStateStack];
  int Depth;

  RegRule *rule(uint64_t Reg) {
    if (Reg == kRbp)
      return &Cur.Rbp;
    if (Reg == kRsp)
      return &Cur.Rsp;
    if (Reg == C.RaColumn)
      return &Cur.Ra;
    return nullptr; // a register the backtrace does not need
  }
  void set(uint64_t Reg, How H, int64_t Offset = 0) {
    if (RegRule *R = rule(Reg))
      *R = RegRule{H, Offset};
  }

  /// Runs [P, End) up to the row of Pc; false when it cannot.
  Refusal run(const uint8_t *P, const uint8_t *End) {
    Reader R{P, End, true};
    while (R.P < R.End) {
      uint8_t Op = R.fixed<uint8_t>();
      uint64_t Reg = Op & 0x3f;
      switch (Op & 0xc0) {
      case 0x40: // DW_CFA_advance_loc
        if (advance(Reg * C.CodeAlign))
          return Refusal::None;
        continue;
      case 0x80: // DW_CFA_offset
        set(Reg, How::Offset, int64_t(R.uleb()) * C.DataAlign);
        continue;
      case 0xc0: // DW_CFA_restore
        if (!restore(Reg))
          return Refusal::BadProgram;
        continue;
      }
      switch (Op) {
      case 0x00: // DW_CFA_nop
        break;
      case 0x01: { // DW_CFA_set_loc
        uint64_t To;
        if (!readEncoded(R, C.FdeEncoding, 0, To))
          return Refusal::BadProgram;
        if (To > Pc)
          return Refusal::None;
        Loc = To;
        break;
      }
      case 0x02: // DW_CFA_advance_loc1
        if (advance(R.fixed<uint8_t>() * C.CodeAlign))
          return R.Ok ? Refusal::None : Refusal::BadProgram;
        break;
      case 0x03: // DW_CFA_advance_loc2
        if (advance(R.fixed<uint16_t>() * C.CodeAlign))
          return R.Ok ? Refusal::None : Refusal::BadProgram;
        break;
      case 0x04: // DW_CFA_advance_loc4
        if (advance(R.fixed<uint32_t>() * C.CodeAlign))
          return R.Ok ? Refusal::None : Refusal::BadProgram;
        break;
      case 0x05: // DW_CFA_offset_extended
        Reg = R.uleb();
        set(Reg, How::Offset, int64_t(R.uleb()) * C.DataAlign);
        break;
      case 0x06: // DW_CFA_restore_extended
        if (!restore(R.uleb()))
          return Refusal::BadProgram;
        break;
      case 0x07: // DW_CFA_undefined
        set(R.uleb(), How::Undefined);
        break;
      case 0x08: // DW_CFA_same_value
        set(R.uleb(), How::Unspecified);
        break;
      case 0x09: // DW_CFA_register: the value is in another register
        Reg = R.uleb();
        R.uleb();
        set(Reg, How::Unsupported);
        break;
      case 0x0a: // DW_CFA_remember_state (the CFA rule too, as libgcc)
        if (Depth == kStateStack)
          return Refusal::BadProgram;
        Saved[Depth++] = Cur;
        break;
      case 0x0b: // DW_CFA_restore_state
        if (Depth == 0)
          return Refusal::BadProgram;
        Cur = Saved[--Depth];
        break;
      case 0x0c: // DW_CFA_def_cfa
        Cur.CfaRegister = R.uleb();
        Cur.CfaOffset = int64_t(R.uleb());
        Cur.CfaExpression = false;
        break;
      case 0x0d: // DW_CFA_def_cfa_register
        Cur.CfaRegister = R.uleb();
        break;
      case 0x0e: // DW_CFA_def_cfa_offset
        Cur.CfaOffset = int64_t(R.uleb());
        break;
      case 0x0f: // DW_CFA_def_cfa_expression
        R.skip(R.uleb());
        Cur.CfaExpression = true;
        break;
      case 0x10: // DW_CFA_expression
        Reg = R.uleb();
        R.skip(R.uleb());
        set(Reg, How::Expression);
        break;
      case 0x11: // DW_CFA_offset_extended_sf
        Reg = R.uleb();
        set(Reg, How::Offset, R.sleb() * C.DataAlign);
        break;
      case 0x12: // DW_CFA_def_cfa_sf
        Cur.CfaRegister = R.uleb();
        Cur.CfaOffset = R.sleb() * C.DataAlign;
        Cur.CfaExpression = false;
        break;
      case 0x13: // DW_CFA_def_cfa_offset_sf
        Cur.CfaOffset = R.sleb() * C.DataAlign;
        break;
      case 0x14: // DW_CFA_val_offset
        Reg = R.uleb();
        R.uleb();
        set(Reg, How::Unsupported);
        break;
      case 0x15: // DW_CFA_val_offset_sf
        Reg = R.uleb();
        R.sleb();
        set(Reg, How::Unsupported);
        break;
      case 0x16: // DW_CFA_val_expression
        Reg = R.uleb();
        R.skip(R.uleb());
        set(Reg, How::Expression);
        break;
      case 0x2e: // DW_CFA_GNU_args_size: only landing pads need it
        R.uleb();
        break;
      case 0x2f: // DW_CFA_GNU_negative_offset_extended
        Reg = R.uleb();
        set(Reg, How::Offset, -int64_t(R.uleb()) * C.DataAlign);
        break;
      default:
        // Vendor opcodes of other targets (GNU_window_save, aarch64's
        // negate_ra_state) or garbage: their operands are unknown, so
        // nothing after them can be read.
        return Refusal::BadProgram;
      }
      if (!R.Ok)
        return Refusal::BadProgram;
    }
    return R.Ok ? Refusal::None : Refusal::BadProgram;
  }

  /// Moves to the next row; true when it starts past Pc (done).
  bool advance(uint64_t Delta) {
    if (Delta > Pc - Loc)
      return true;
    Loc += Delta;
    return false;
  }

  bool restore(uint64_t Reg) {
    if (!Initial) // DW_CFA_restore in the CIE restores nothing
      return false;
    if (Reg == kRbp)
      Cur.Rbp = Initial->Rbp;
    else if (Reg == kRsp)
      Cur.Rsp = Initial->Rsp;
    else if (Reg == C.RaColumn)
      Cur.Ra = Initial->Ra;
    return true;
  }
};

Refusal refusalOf(How H) {
  return H == How::Expression ? Refusal::Expression : Refusal::UnsupportedRule;
}

bool fitsIn32(int64_t V) { return V >= INT32_MIN && V <= INT32_MAX; }

/// The rule of Row, if a backtrace can follow it with rsp and rbp alone.
Refusal ruleOfRow(const Row &Cur, FrameRule &Rule) {
  Rule = FrameRule{false, false, false, 0, 0, 0};
  if (Cur.Ra.H == How::Undefined) {
    // The outermost frame (_start, a thread's clone): nothing to unwind.
    Rule.Outermost = true;
    return Refusal::None;
  }
  if (Cur.CfaExpression)
    return Refusal::Expression;
  if ((Cur.CfaRegister != kRsp && Cur.CfaRegister != kRbp) ||
      !fitsIn32(Cur.CfaOffset))
    return Refusal::UnsupportedRule;
  if (Cur.Ra.H != How::Offset)
    return Cur.Ra.H == How::Unspecified ? Refusal::UnsupportedRule
                                        : refusalOf(Cur.Ra.H);
  // The caller's rsp is the CFA, as the ABI defines it, unless a rule says
  // otherwise; none does in code a compiler writes.
  if (Cur.Rsp.H != How::Unspecified)
    return refusalOf(Cur.Rsp.H);
  if (Cur.Rbp.H != How::Unspecified && Cur.Rbp.H != How::Offset)
    return refusalOf(Cur.Rbp.H);
  if (!fitsIn32(Cur.Ra.Offset) || !fitsIn32(Cur.Rbp.Offset))
    return Refusal::UnsupportedRule;
  Rule.CfaFromRbp = Cur.CfaRegister == kRbp;
  Rule.CfaOffset = int32_t(Cur.CfaOffset);
  Rule.RbpSaved = Cur.Rbp.H == How::Offset;
  Rule.RbpOffset = int32_t(Cur.Rbp.Offset);
  Rule.RaOffset = int32_t(Cur.Ra.Offset);
  return Refusal::None;
}

} // namespace

Refusal ruleFromFde(const uint8_t *Fde, uintptr_t Pc, FrameRule &Rule) {
  Reader R{Fde, Fde + 12, true};
  const uint8_t *End;
  if (!readEntryLength(R, End))
    return Refusal::NoFde;
  R.End = End;
  const uint8_t *CiePointer = R.P;
  uint32_t CieDelta = R.fixed<uint32_t>();
  if (!R.Ok || CieDelta == 0) // a CIE, not an FDE
    return Refusal::NoFde;
  Cie C;
  if (Refusal Why = parseCie(CiePointer - CieDelta, C); Why != Refusal::None)
    return Why;
  uint64_t Begin, Range;
  if (!readEncoded(R, C.FdeEncoding, 0, Begin) ||
      !readEncodedValue(R, C.FdeEncoding & 0x0f, Range))
    return Refusal::BadCie;
  if (Pc < Begin || Pc - Begin >= Range)
    return Refusal::NoFde;
  if (C.HasAugmentationData)
    R.skip(R.uleb());
  if (!R.Ok)
    return Refusal::BadCie;

  Interpreter I{C, Pc, uintptr_t(Begin), nullptr, Row{}, {}, 0};
  I.Cur.CfaRegister = kNoRegister;
  if (Refusal Why = I.run(C.Program, C.ProgramEnd); Why != Refusal::None)
    return Why;
  Row Initial = I.Cur;
  I.Initial = &Initial;
  I.Depth = 0; // the CIE's states are not the FDE's to restore
  if (Refusal Why = I.run(R.P, End); Why != Refusal::None)
    return Why;
  return ruleOfRow(I.Cur, Rule);
}

#if LEAKTRACE_FAST_UNWIND

Refusal ruleForPc(uintptr_t Pc, FrameRule &Rule) {
  dl_find_object Object;
  if (_dl_find_object(reinterpret_cast<void *>(Pc), &Object) != 0)
    return Refusal::NoModule;
  // .eh_frame_hdr: version 1, the encodings of the .eh_frame pointer, of
  // the count and of the table, then those three. The table is searchable
  // only as the linkers write it: (start, FDE) pairs of 4-byte offsets from
  // the header, sorted by start.
  const auto *Header = static_cast<const uint8_t *>(Object.dlfo_eh_frame);
  if (!Header || Header[0] != 1)
    return Refusal::NoFdeTable;
  uintptr_t Base = uintptr_t(Header);
  Reader R{Header + 4, Header + 4 + 2 * 8, true};
  uint64_t EhFrame, Count;
  if (!readEncoded(R, Header[1], Base, EhFrame) ||
      !readEncoded(R, Header[2], Base, Count) ||
      Header[3] != (PeDatarel | PeSdata4) || Count == 0)
    return Refusal::NoFdeTable;
  (void)EhFrame; // the table leads to the FDEs directly
  const uint8_t *Table = R.P;
  auto at = [Table](uint64_t I, int Field) {
    int32_t V;
    memcpy(&V, Table + I * 8 + Field * 4, sizeof V);
    return V;
  };
  // The last entry that starts at or before Pc.
  int64_t Offset = int64_t(Pc - Base);
  if (at(0, 0) > Offset)
    return Refusal::NoFde;
  uint64_t Low = 0, High = Count; // at(Low) <= Offset < at(High)
  while (High - Low > 1) {
    uint64_t Mid = Low + (High - Low) / 2;
    if (at(Mid, 0) <= Offset)
      Low = Mid;
    else
      High = Mid;
  }
  return ruleFromFde(Header + at(Low, 1), Pc, Rule);
}

namespace {

// --- the rule cache ---------------------------------------------------------------

// One rule packed into a word: the CFA offset in bits 0-31, rbp's offset in
// 32-47, the return address's in 48-55, flags above. A refused address is
// cached too (kRefused and the Refusal), so that a stack the fast path
// cannot walk costs one probe per frame before the fallback, not a parse.
constexpr uint64_t kValid = uint64_t(1) << 63;
constexpr uint64_t kRefused = uint64_t(1) << 62;
constexpr uint64_t kOutermost = uint64_t(1) << 58;
constexpr uint64_t kRbpSaved = uint64_t(1) << 57;
constexpr uint64_t kCfaFromRbp = uint64_t(1) << 56;

uint64_t pack(Refusal Why, const FrameRule &R) {
  if (Why == Refusal::None &&
      (R.RbpOffset < INT16_MIN || R.RbpOffset > INT16_MAX ||
       R.RaOffset < INT8_MIN || R.RaOffset > INT8_MAX))
    Why = Refusal::UnsupportedRule;
  if (Why != Refusal::None)
    return kValid | kRefused | uint64_t(Why);
  return kValid | uint64_t(uint32_t(R.CfaOffset)) |
         uint64_t(uint16_t(int16_t(R.RbpOffset))) << 32 |
         uint64_t(uint8_t(int8_t(R.RaOffset))) << 48 |
         (R.CfaFromRbp ? kCfaFromRbp : 0) | (R.RbpSaved ? kRbpSaved : 0) |
         (R.Outermost ? kOutermost : 0);
}

// Open addressing, probed without a lock: an entry is its code address and
// its rule, each written atomically; the address is written last, with
// release order, so that a reader that sees it sees its rule. An entry is
// only ever replaced by a fill that first clears its address; a reader
// checks the address again after the rule, so a rule read during a
// replacement never passes for the old address's.
struct CacheEntry {
  uintptr_t Pc; // 0: empty
  uint64_t Rule;
};
constexpr unsigned kCacheBits = 15; // 512 KiB: 32768 return addresses
constexpr size_t kCacheSize = size_t(1) << kCacheBits;
constexpr unsigned kProbes = 8;

CacheEntry *gCache;         // mmap'ed at the first fill
int gFillOwner;             // the process whose thread fills; 0: free
size_t gCached;             // entries filled (under the fill lock)
unsigned gNextVictim;       // under the fill lock
unsigned long long gRemovals; // dlpi_subs the cache is valid for
unsigned long gFlushes;       // under the fill lock

size_t homeOf(uintptr_t Pc) {
  return size_t((uint64_t(Pc) * 0x9e3779b97f4a7c15ull) >> (64 - kCacheBits));
}

bool lookup(const CacheEntry *Table, uintptr_t Pc, uint64_t &Rule) {
  size_t Home = homeOf(Pc);
  for (unsigned I = 0; I < kProbes; ++I) {
    const CacheEntry &E = Table[(Home + I) & (kCacheSize - 1)];
    uintptr_t Key = __atomic_load_n(&E.Pc, __ATOMIC_ACQUIRE);
    if (Key == Pc) {
      Rule = __atomic_load_n(&E.Rule, __ATOMIC_RELAXED);
      __atomic_thread_fence(__ATOMIC_ACQUIRE);
      return __atomic_load_n(&E.Pc, __ATOMIC_RELAXED) == Pc;
    }
    if (!Key)
      return false;
  }
  return false;
}

CacheEntry *cacheTable() {
  CacheEntry *Table = __atomic_load_n(&gCache, __ATOMIC_ACQUIRE);
  if (Table)
    return Table;
  void *P = mmap(nullptr, kCacheSize * sizeof(CacheEntry),
                 PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (P == MAP_FAILED)
    return nullptr;
  CacheEntry *Expected = nullptr;
  if (__atomic_compare_exchange_n(&gCache, &Expected,
                                  static_cast<CacheEntry *>(P), false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return static_cast<CacheEntry *>(P);
  munmap(P, kCacheSize * sizeof(CacheEntry)); // another thread won
  return Expected;
}

/// Takes the fill lock if it is free; never waits, so that a fill from a
/// signal handler cannot deadlock with the fill it interrupted (it just
/// leaves its rule uncached). The lock word holds the filling process: one
/// taken in a parent before fork() is free in the child, where its holder
/// does not exist.
bool tryLockFill() {
  int Self = int(getpid());
  int Holder = 0;
  if (__atomic_compare_exchange_n(&gFillOwner, &Holder, Self, false,
                                  __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
    return true;
  return Holder != Self &&
         __atomic_compare_exchange_n(&gFillOwner, &Holder, Self, false,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void unlockFill() { __atomic_store_n(&gFillOwner, 0, __ATOMIC_RELEASE); }

int readRemovals(dl_phdr_info *Info, size_t Size, void *Out) {
  if (Size >= offsetof(dl_phdr_info, dlpi_subs) + sizeof Info->dlpi_subs)
    *static_cast<unsigned long long *>(Out) = Info->dlpi_subs;
  return 1; // the counters are the same in every entry
}

/// Called with the fill lock.
void insert(CacheEntry *Table, uintptr_t Pc, uint64_t Rule) {
  size_t Home = homeOf(Pc);
  CacheEntry *Slot = nullptr;
  for (unsigned I = 0; I < kProbes && !Slot; ++I) {
    CacheEntry &E = Table[(Home + I) & (kCacheSize - 1)];
    uintptr_t Key = __atomic_load_n(&E.Pc, __ATOMIC_RELAXED);
    if (Key == Pc)
      return; // another thread's fill
    if (!Key)
      Slot = &E;
  }
  if (Slot) {
    ++gCached;
  } else {
    // Every slot of the run taken: replace one, in turn.
    Slot = &Table[(Home + gNextVictim++ % kProbes) & (kCacheSize - 1)];
    __atomic_store_n(&Slot->Pc, 0, __ATOMIC_RELAXED);
  }
  // The fence orders every earlier clearing of an address (this one's, a
  // flush's) before the rule: a reader that reads the new rule then sees
  // the old address gone.
  __atomic_thread_fence(__ATOMIC_RELEASE);
  __atomic_store_n(&Slot->Rule, Rule, __ATOMIC_RELAXED);
  __atomic_store_n(&Slot->Pc, Pc, __ATOMIC_RELEASE);
}

/// Computes the rule at Pc and caches it. True when the cache was emptied
/// because an object was unloaded since the last fill: the rules used
/// earlier in the walk may have been another object's.
bool fill(uintptr_t Pc, uint64_t &Rule) {
  FrameRule R;
  Refusal Why = ruleForPc(Pc, R);
  Rule = pack(Why, R);
  CacheEntry *Table = cacheTable();
  if (!Table || !tryLockFill())
    return false;
  // Code of an unloaded object may be replaced by another's at the same
  // addresses, with other rules. Misses are where new code shows up, so
  // that is where the loader's removal counter is checked.
  unsigned long long Removals = 0;
  dl_iterate_phdr(readRemovals, &Removals);
  bool Flushed = false;
  if (Removals != gRemovals) {
    gRemovals = Removals;
    if (gCached) {
      for (size_t I = 0; I < kCacheSize; ++I)
        __atomic_store_n(&Table[I].Pc, 0, __ATOMIC_RELAXED);
      gCached = 0;
      __atomic_add_fetch(&gFlushes, 1, __ATOMIC_RELAXED);
      Flushed = true;
    }
  }
  insert(Table, Pc, Rule);
  unlockFill();
  return Flushed;
}

/// Why a walk ended.
enum class Walk { Done, Refused, Restart };

/// Unwinds from the state (Pc, Sp, Bp) of a frame whose rule is that at Pc
/// itself, recording its callers' return addresses.
__attribute__((always_inline)) inline Walk walk(uintptr_t Pc, uintptr_t Sp,
                                                uintptr_t Bp, void **Frames,
                                                int Max, int &N) {
  N = 0;
  const ThreadStack &Stack = currentStack();
  // On another stack (a coroutine's, sigaltstack's) nothing bounds the
  // reads: let backtrace() try.
  if (Sp < Stack.Low || Sp >= Stack.High)
    return Walk::Refused;
  const CacheEntry *Table = __atomic_load_n(&gCache, __ATOMIC_ACQUIRE);
  // A caller's row is that of its call instruction, which ends at the
  // return address: look up the address before it, as unwinders do.
  for (uintptr_t Key = Pc; N < Max; Key = Pc - 1) {
    uint64_t Rule;
    if (!Table || !lookup(Table, Key, Rule)) {
      if (fill(Key, Rule))
        return Walk::Restart;
      Table = __atomic_load_n(&gCache, __ATOMIC_ACQUIRE);
    }
    if (Rule & kRefused)
      return Walk::Refused;
    if (Rule & kOutermost)
      break;
    uintptr_t Cfa = (Rule & kCfaFromRbp ? Bp : Sp) + int32_t(uint32_t(Rule));
    // The caller's frame is further out on the same stack, or this is no
    // frame: stop rather than read elsewhere.
    if (Cfa <= Sp || Cfa > Stack.High)
      break;
    uintptr_t RaAt = Cfa + int8_t(uint8_t(Rule >> 48));
    if (RaAt < Stack.Low || RaAt > Stack.High - sizeof(uintptr_t))
      break;
    uintptr_t Ra = *reinterpret_cast<const uintptr_t *>(RaAt);
    if (Rule & kRbpSaved) {
      uintptr_t BpAt = Cfa + int16_t(uint16_t(Rule >> 32));
      if (BpAt < Stack.Low || BpAt > Stack.High - sizeof(uintptr_t))
        break;
      Bp = *reinterpret_cast<const uintptr_t *>(BpAt);
    }
    if (!Ra)
      break;
    Frames[N++] = reinterpret_cast<void *>(Ra);
    Pc = Ra;
    Sp = Cfa;
  }
  return Walk::Done;
}

// The registers of the current frame, at one instruction: rip (the next
// instruction's address, in the same asm, so under the same row), rsp, rbp.
#define LEAKTRACE_READ_FRAME(Pc, Sp, Bp)                                       \
  asm volatile("leaq 0(%%rip), %0\n\tmovq %%rsp, %1\n\tmovq %%rbp, %2"         \
               : "=r"(Pc), "=r"(Sp), "=r"(Bp))

} // namespace

__attribute__((noinline)) int fastFrames(void **Frames, int Max) {
  if (Max <= 0)
    return 0;
  for (int Attempt = 0; Attempt < 2; ++Attempt) {
    uintptr_t Pc, Sp, Bp;
    LEAKTRACE_READ_FRAME(Pc, Sp, Bp);
    int N;
    switch (walk(Pc, Sp, Bp, Frames, Max, N)) {
    case Walk::Done:
      return N;
    case Walk::Refused:
      return -1;
    case Walk::Restart:
      break;
    }
  }
  return -1;
}

bool haveFastPath() { return true; }

unsigned long cacheFlushes() {
  return __atomic_load_n(&gFlushes, __ATOMIC_RELAXED);
}

#else // !LEAKTRACE_FAST_UNWIND

Refusal ruleForPc(uintptr_t, FrameRule &) { return Refusal::NoModule; }
int fastFrames(void **, int) { return -1; }
bool haveFastPath() { return false; }
unsigned long cacheFlushes() { return 0; }

#endif

} // namespace unwind

__attribute__((noinline)) int captureFrames(void **Frames, int Max) {
  if (Max <= 0)
    return 0;
#if LEAKTRACE_FAST_UNWIND
  using namespace unwind;
  // Twice at most: a walk restarts once when its fill found the cache
  // outdated by an unloaded object.
  for (int Attempt = 0; Attempt < 2; ++Attempt) {
    uintptr_t Pc, Sp, Bp;
    LEAKTRACE_READ_FRAME(Pc, Sp, Bp);
    int N;
    Walk W = walk(Pc, Sp, Bp, Frames, Max, N);
    if (W == Walk::Done)
      return N;
    if (W == Walk::Refused)
      break;
  }
#endif
  int N = backtraceOfCallersCaller(Frames, Max);
  // Not a tail call: the fallback drops this frame as its caller's.
  asm volatile("" : "+r"(N));
  return N;
}

} // namespace leaktrace::rt
