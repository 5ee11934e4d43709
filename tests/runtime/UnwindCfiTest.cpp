// The unwinder's CFA program interpreter (runtime/unwind.cpp) on hand-made
// .eh_frame bytes: one CIE and one FDE, the rule read at chosen addresses.
// What compilers emit is covered by UnwindTest.cpp on real stacks; here
// every opcode the interpreter follows, and the ones it refuses.

#include "unwind.h"

#include <gtest/gtest.h>

#include <stdint.h>
#include <string.h>
#include <string>
#include <vector>

using leaktrace::rt::unwind::FrameRule;
using leaktrace::rt::unwind::Refusal;
using leaktrace::rt::unwind::ruleFromFde;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes uleb(uint64_t V) {
  Bytes Out;
  do {
    uint8_t B = V & 0x7f;
    V >>= 7;
    Out.push_back(V ? B | 0x80 : B);
  } while (V);
  return Out;
}

Bytes sleb(int64_t V) {
  Bytes Out;
  for (bool More = true; More;) {
    uint8_t B = V & 0x7f;
    V >>= 7;
    More = !((V == 0 && !(B & 0x40)) || (V == -1 && (B & 0x40)));
    Out.push_back(More ? B | 0x80 : B);
  }
  return Out;
}

Bytes operator+(Bytes A, const Bytes &B) {
  A.insert(A.end(), B.begin(), B.end());
  return A;
}

template <class T> Bytes raw(T V) {
  Bytes Out(sizeof V);
  memcpy(Out.data(), &V, sizeof V);
  return Out;
}

// DW_CFA_* as bytes.
Bytes advance(uint8_t Delta) { return {uint8_t(0x40 | Delta)}; }
Bytes offset(uint8_t Reg, uint64_t Factored) {
  return Bytes{uint8_t(0x80 | Reg)} + uleb(Factored);
}
Bytes restore(uint8_t Reg) { return {uint8_t(0xc0 | Reg)}; }
Bytes defCfa(uint64_t Reg, uint64_t Offset) {
  return Bytes{0x0c} + uleb(Reg) + uleb(Offset);
}
Bytes defCfaRegister(uint64_t Reg) { return Bytes{0x0d} + uleb(Reg); }
Bytes defCfaOffset(uint64_t Offset) { return Bytes{0x0e} + uleb(Offset); }
const Bytes RememberState = {0x0a}, RestoreState = {0x0b}, Nop = {0x00};

constexpr uint8_t kRbx = 3, kRbp = 6, kRsp = 7, kRip = 16;

/// A CIE and an FDE for [Begin, Begin + Range), pointers absolute.
struct Cfi {
  std::string Augmentation = "zR";
  uint8_t Version = 1;
  uint64_t CodeAlign = 1;
  int64_t DataAlign = -8;
  uint64_t RaColumn = kRip;
  Bytes AugmentationData = {0x00}; // R: DW_EH_PE_absptr
  // What every x86-64 CIE says: at entry, CFA = rsp + 8, rip at CFA - 8.
  Bytes Initial = defCfa(kRsp, 8) + offset(kRip, 1);
  Bytes FdeAugmentationData;
  Bytes Program;
  uint64_t Begin = 0x1000, Range = 0x100;
  bool LongLengths = false; // the 64-bit length form

  Bytes entry(const Bytes &Body) const {
    if (LongLengths)
      return raw(uint32_t(0xffffffff)) + raw(uint64_t(Body.size())) + Body;
    return raw(uint32_t(Body.size())) + Body;
  }

  Refusal ruleAt(uint64_t Pc, FrameRule &Rule) const {
    Bytes CieBody = raw(uint32_t(0)) + Bytes{Version};
    CieBody.insert(CieBody.end(), Augmentation.begin(), Augmentation.end());
    CieBody.push_back(0);
    CieBody = CieBody + uleb(CodeAlign) + sleb(DataAlign) +
              (Version == 1 ? Bytes{uint8_t(RaColumn)} : uleb(RaColumn));
    if (!Augmentation.empty())
      CieBody = CieBody + uleb(AugmentationData.size()) + AugmentationData;
    Bytes Cie = entry(CieBody + Initial);
    // The CIE pointer: from its own field back to the CIE.
    size_t FieldAt = Cie.size() + (LongLengths ? 12 : 4);
    Bytes FdeBody = raw(uint32_t(FieldAt)) + raw(Begin) + raw(Range);
    if (!Augmentation.empty())
      FdeBody = FdeBody + uleb(FdeAugmentationData.size()) +
                FdeAugmentationData;
    Bytes Section = Cie + entry(FdeBody + Program) + raw(uint32_t(0));
    return ruleFromFde(Section.data() + Cie.size(), Pc, Rule);
  }
  FrameRule ruleAt(uint64_t Pc) const {
    FrameRule Rule;
    Refusal Why = ruleAt(Pc, Rule);
    EXPECT_EQ(Why, Refusal::None) << "at " << Pc;
    return Rule;
  }
  Refusal refusalAt(uint64_t Pc) const {
    FrameRule Rule;
    return ruleAt(Pc, Rule);
  }
};

void expectRule(const FrameRule &R, bool FromRbp, int32_t CfaOffset,
                bool RbpSaved, int32_t RbpOffset = 0, int32_t RaOffset = -8) {
  EXPECT_FALSE(R.Outermost);
  EXPECT_EQ(R.CfaFromRbp, FromRbp);
  EXPECT_EQ(R.CfaOffset, CfaOffset);
  EXPECT_EQ(R.RbpSaved, RbpSaved);
  if (RbpSaved)
    EXPECT_EQ(R.RbpOffset, RbpOffset);
  EXPECT_EQ(R.RaOffset, RaOffset);
}

// push rbp; mov rbp, rsp; ...; pop rbp; ret -- with the epilogue's rows
// remembered and restored, as clang writes them for a ret mid-function.
Cfi framePointerFunction() {
  Cfi F;
  F.Program = advance(1) + defCfaOffset(16) + offset(kRbp, 2) + advance(3) +
              defCfaRegister(kRbp) + advance(0x20) + RememberState +
              defCfa(kRsp, 8) + restore(kRbp) + advance(1) + RestoreState;
  return F;
}

TEST(UnwindCfi, EachRowOfAFramePointerPrologueAndEpilogue) {
  Cfi F = framePointerFunction();
  expectRule(F.ruleAt(0x1000), false, 8, false);     // entry
  expectRule(F.ruleAt(0x1001), false, 16, true, -16); // after push rbp
  expectRule(F.ruleAt(0x1003), false, 16, true, -16);
  expectRule(F.ruleAt(0x1004), true, 16, true, -16); // after mov rbp, rsp
  expectRule(F.ruleAt(0x1023), true, 16, true, -16);
  expectRule(F.ruleAt(0x1024), false, 8, false); // after pop rbp: the ret
  // After the ret, the body's rows again (restore_state).
  expectRule(F.ruleAt(0x1025), true, 16, true, -16);
  expectRule(F.ruleAt(0x10ff), true, 16, true, -16);
}

TEST(UnwindCfi, AddressesOutsideTheFdeHaveNoRule) {
  Cfi F = framePointerFunction();
  EXPECT_EQ(F.refusalAt(0xfff), Refusal::NoFde);
  EXPECT_EQ(F.refusalAt(0x1100), Refusal::NoFde);
}

TEST(UnwindCfi, TheLongLengthForm) {
  Cfi F = framePointerFunction();
  F.LongLengths = true;
  expectRule(F.ruleAt(0x1004), true, 16, true, -16);
}

TEST(UnwindCfi, AdvancesOfEveryWidthAndTheCodeAlignment) {
  Cfi F;
  F.CodeAlign = 4;
  F.Program = Bytes{0x02, 0x02} + defCfaOffset(16) +         // loc1: +8
              Bytes{0x03} + raw(uint16_t(0x100)) + defCfaOffset(24) + // +1024
              Bytes{0x04} + raw(uint32_t(0x10000)) + defCfaOffset(32);
  F.Range = 0x100000;
  expectRule(F.ruleAt(0x1007), false, 8, false);
  expectRule(F.ruleAt(0x1008), false, 16, false);
  expectRule(F.ruleAt(0x1407), false, 16, false);
  expectRule(F.ruleAt(0x1408), false, 24, false);
  expectRule(F.ruleAt(0x41407), false, 24, false);
  expectRule(F.ruleAt(0x41408), false, 32, false);
}

TEST(UnwindCfi, SetLoc) {
  Cfi F;
  F.Program = Bytes{0x01} + raw(uint64_t(0x1010)) + defCfaOffset(16);
  expectRule(F.ruleAt(0x100f), false, 8, false);
  expectRule(F.ruleAt(0x1010), false, 16, false);
}

TEST(UnwindCfi, FactoredAndSignedVariants) {
  Cfi F;
  F.Program = advance(1) + Bytes{0x12} + uleb(kRsp) + sleb(-2) + // rsp+16
              Bytes{0x11} + uleb(kRbp) + sleb(2) +               // rbp -16
              advance(1) + Bytes{0x13} + sleb(-4) +              // rsp+32
              Bytes{0x05} + uleb(kRbp) + uleb(3) +               // rbp -24
              advance(1) + Bytes{0x2f} + uleb(kRbp) + uleb(1);   // rbp +8
  expectRule(F.ruleAt(0x1001), false, 16, true, -16);
  expectRule(F.ruleAt(0x1002), false, 32, true, -24);
  expectRule(F.ruleAt(0x1003), false, 32, true, 8);
}

TEST(UnwindCfi, RestoreGoesBackToTheCieRules) {
  Cfi F;
  // The CIE saves rbp already (no compiler does; the rule must come back).
  F.Initial = F.Initial + offset(kRbp, 3);
  F.Program = advance(1) + offset(kRbp, 2) + advance(1) + restore(kRbp) +
              advance(1) + Bytes{0x08, kRbp} + // same_value
              advance(1) + Bytes{0x06, kRbp};  // restore_extended
  expectRule(F.ruleAt(0x1000), false, 8, true, -24);
  expectRule(F.ruleAt(0x1001), false, 8, true, -16);
  expectRule(F.ruleAt(0x1002), false, 8, true, -24);
  expectRule(F.ruleAt(0x1003), false, 8, false);
  expectRule(F.ruleAt(0x1004), false, 8, true, -24);
}

TEST(UnwindCfi, NopsArgsSizeAndOtherRegistersChangeNothing) {
  Cfi F;
  F.Program = Nop + Bytes{0x2e} + uleb(16) + offset(kRbx, 3) +
              Bytes{0x09, kRbx, 12} + // rbx in r12
              Bytes{0x10, kRbx, 2, 0x77, 0x10} + Nop; // rbx by expression
  expectRule(F.ruleAt(0x1000), false, 8, false);
}

TEST(UnwindCfi, NestedRememberedStates) {
  Cfi F;
  F.Program = defCfaOffset(16) + RememberState + defCfaOffset(24) +
              RememberState + defCfaOffset(32) + advance(1) + RestoreState +
              advance(1) + RestoreState;
  expectRule(F.ruleAt(0x1000), false, 32, false);
  expectRule(F.ruleAt(0x1001), false, 24, false);
  expectRule(F.ruleAt(0x1002), false, 16, false);
}

TEST(UnwindCfi, AnUndefinedReturnAddressIsTheOutermostFrame) {
  Cfi F;
  F.Program = Bytes{0x07, kRip}; // what _start and clone say
  FrameRule R = F.ruleAt(0x1000);
  EXPECT_TRUE(R.Outermost);
}

TEST(UnwindCfi, PersonalityLsdaAndSignalAugmentations) {
  Cfi F;
  F.Augmentation = "zPLR";
  // P: indirect pcrel sdata4 and its 4 bytes; L: pcrel sdata4; R: absptr.
  F.AugmentationData = Bytes{0x9b, 1, 2, 3, 4, 0x1b, 0x00};
  F.FdeAugmentationData = raw(int32_t(0x40)); // the LSDA
  F.Program = advance(1) + defCfaOffset(16);
  expectRule(F.ruleAt(0x1001), false, 16, false);

  F.Augmentation = "zPLRS";
  EXPECT_EQ(F.refusalAt(0x1001), Refusal::SignalFrame);
}

TEST(UnwindCfi, VersionThreeCie) {
  Cfi F;
  F.Version = 3;
  F.Program = defCfaOffset(16);
  expectRule(F.ruleAt(0x1000), false, 16, false);
}

TEST(UnwindCfi, TheAugmentationsItDoesNotKnow) {
  Cfi F;
  F.Augmentation = "zRG"; // MTE-tagged frames (aarch64)
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::BadCie);
  F.Augmentation = "eh";
  F.AugmentationData = {};
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::BadCie);
  F = Cfi();
  F.RaColumn = 30; // not x86-64's rip
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::BadCie);
}

TEST(UnwindCfi, ExpressionsDecidingTheWalkAreRefused) {
  Cfi F;
  F.Program = advance(1) + Bytes{0x0f, 2, 0x77, 0x10}; // CFA = rsp + 16
  EXPECT_EQ(F.refusalAt(0x1001), Refusal::Expression);
  expectRule(F.ruleAt(0x1000), false, 8, false); // before it: fine

  F.Program = Bytes{0x10, kRbp, 2, 0x76, 0x00}; // rbp at *(rbp + 0)
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::Expression);
  F.Program = Bytes{0x16, kRip, 2, 0x77, 0x08}; // rip = rsp + 8
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::Expression);
  // An expression CFA replaced by a register one later is fine again.
  F.Program = Bytes{0x0f, 2, 0x77, 0x10} + advance(1) + defCfa(kRsp, 16);
  expectRule(F.ruleAt(0x1001), false, 16, false);
}

TEST(UnwindCfi, RulesTheWalkCannotFollowAreRefused) {
  Cfi F;
  F.Program = defCfa(kRbx, 16); // CFA from rbx
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::UnsupportedRule);
  F.Program = Bytes{0x09, kRbp, kRbx}; // rbp kept in rbx
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::UnsupportedRule);
  F.Program = Bytes{0x14, kRbp, 2}; // val_offset
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::UnsupportedRule);
  F.Program = Bytes{0x08, kRip}; // return address "same value"
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::UnsupportedRule);
  F.Program = offset(kRsp, 2); // rsp saved: not the CFA
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::UnsupportedRule);
  F.Program = Bytes{0x07, kRbp}; // rbp undefined in a caller
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::UnsupportedRule);
}

TEST(UnwindCfi, MalformedProgramsAreRefused) {
  Cfi F;
  F.Program = Bytes{0x2d}; // DW_CFA_GNU_window_save (SPARC)
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::BadProgram);
  F.Program = Bytes{0x0c, kRsp}; // def_cfa without its offset
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::BadProgram);
  F.Program = RestoreState; // nothing remembered
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::BadProgram);
  F.Program = {};
  for (int I = 0; I < 9; ++I)
    F.Program = F.Program + RememberState;
  EXPECT_EQ(F.refusalAt(0x1000), Refusal::BadProgram);
  // An opcode it cannot read past, but after the row wanted: never read.
  F.Program = advance(1) + Bytes{0x2d};
  expectRule(F.ruleAt(0x1000), false, 8, false);
}

} // namespace
