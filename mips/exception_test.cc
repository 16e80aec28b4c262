// Tests of exception delivery: vectors (refill, XTLB refill, general) with
// BEV 0 and 1, the CP0 side effects of each exception (EPC, BD, Cause,
// BadVAddr, Context, XContext, EntryHi, EXL), nesting with EXL set, eret,
// coprocessor-unusable, and interrupts: software, external, timer, wait.
#include <gtest/gtest.h>

#include "mips/test_util.h"

namespace mips {
namespace {

using testing::KernelMachine;
namespace enc = testing::encode;

constexpr uint64_t kCode = KernelMachine::kKseg0 + 0x1000;
constexpr uint32_t kUser = 2u << status::KSU_SHIFT;

uint32_t excCode(const Cpu& c) { return (c.cp0.cause & cause::EXC_MASK) >> cause::EXC_SHIFT; }

struct RefillCase {
  uint32_t statusBits;
  uint64_t va;
  uint64_t vectorOffset;
  uint64_t context;   // expected Context (PTEBase 0xffffffffff800000)
  uint64_t xcontext;  // expected XContext (PTEBase 0xffffffe000000000)
};

TEST(Exceptions, TlbRefillVectorsAndCp0SideEffectsWithBev0And1) {
  const RefillCase cases[] = {
      // kuseg address, UX clear: 32-bit refill vector.
      {status::KX, 0x12345678, 0x000, 0xffffffffff891a20ull, 0xffffffe000091a20ull},
      // the same address with UX set: XTLB refill vector.
      {status::KX | status::UX, 0x12345678, 0x080, 0xffffffffff891a20ull, 0xffffffe000091a20ull},
      // xkseg (region 3) with KX: XTLB refill vector; XContext carries R and VA 43:13.
      {status::KX, 0xc000012345678000ull, 0x080, 0xffffffffffa2b3c0ull, 0xffffffe000000000ull | (3ull << 35) | 0x91a2b3c0ull},
      // kseg3 with KX clear (32-bit kernel): 32-bit refill vector.
      {0, 0xffffffffe0004000ull, 0x000, 0xffffffffff800000ull | 0x700020, 0xffffffe000000000ull | (3ull << 35) | 0x7fff00020ull},
  };
  for (bool bev : {false, true}) {
    for (const RefillCase& rc : cases) {
      KernelMachine m;
      m.cpu.writeCp0(kCp0Status, 0, rc.statusBits | (bev ? status::BEV : 0));
      m.cpu.writeCp0(kCp0EntryHi, 0, 0x42);
      m.cpu.writeCp0(kCp0Context, 0, 0xffffffffff800000ull);
      m.cpu.writeCp0(kCp0XContext, 0, 0xffffffe000000000ull);
      m.cpu.gpr[4] = rc.va;
      m.place(kCode, {enc::lw(2, 0, 4)});
      m.step(1);
      const uint64_t base = bev ? 0xffffffffbfc00200ull : 0xffffffff80000000ull;
      SCOPED_TRACE(::testing::Message() << std::hex << "va=" << rc.va << " bev=" << bev);
      EXPECT_EQ(m.cpu.pc, base + rc.vectorOffset);
      EXPECT_EQ(m.cpu.npc, base + rc.vectorOffset + 4);
      EXPECT_EQ(m.cpu.cp0.epc, kCode);
      EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::TLBL));
      EXPECT_FALSE(m.cpu.cp0.cause & cause::BD);
      EXPECT_TRUE(m.cpu.cp0.status & status::EXL);
      EXPECT_EQ(m.cpu.mode(), Mode::Kernel);
      EXPECT_EQ(m.cpu.cp0.badVAddr, rc.va);
      EXPECT_EQ(m.cpu.cp0.context, rc.context);
      EXPECT_EQ(m.cpu.cp0.xcontext, rc.xcontext);
      EXPECT_EQ(m.cpu.cp0.entryHi, (rc.va & 0xc0000fffffffe000ull) | 0x42);
    }
  }
}

TEST(Exceptions, TlbInvalidAndModifiedUseTheGeneralVectorWithBev0And1) {
  for (bool bev : {false, true}) {
    const uint64_t general = (bev ? 0xffffffffbfc00200ull : 0xffffffff80000000ull) + 0x180;
    const uint32_t statusBits = status::KX | (bev ? status::BEV : 0u);
    KernelMachine m;
    m.cpu.writeCp0(kCp0Status, 0, statusBits);
    m.cpu.writeCp0(kCp0EntryHi, 0, 9);
    m.cpu.tlb.write(0, 0, 0x10000 | 9, testing::entryLo(0x20000, false, false), testing::entryLo(0x30000, false, true));
    m.cpu.gpr[4] = 0x10010;  // even page: V clear
    m.place(kCode, {enc::sw(0, 0, 4)});
    m.step(1);
    EXPECT_EQ(m.cpu.pc, general) << bev;
    EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::TLBS));
    EXPECT_EQ(m.cpu.cp0.epc, kCode);
    EXPECT_EQ(m.cpu.cp0.badVAddr, 0x10010u);
    EXPECT_EQ(m.cpu.cp0.entryHi, 0x10009u);
    EXPECT_EQ(m.cpu.cp0.context, (0x10010u >> 13) << 4);
    EXPECT_EQ(m.cpu.cp0.xcontext, (0x10010u >> 13) << 4);
    EXPECT_TRUE(m.cpu.cp0.status & status::EXL);

    KernelMachine m2;
    m2.cpu.writeCp0(kCp0Status, 0, statusBits);
    m2.cpu.tlb.write(0, 0, 0x10000, testing::entryLo(0x20000, false, false), testing::entryLo(0x30000, false, true));
    m2.cpu.gpr[4] = 0x11010;  // odd page: valid, clean
    m2.place(kCode, {enc::sw(0, 0, 4)});
    m2.step(1);
    EXPECT_EQ(m2.cpu.pc, general) << bev;
    EXPECT_EQ(excCode(m2.cpu), uint32_t(ExcCode::Mod));
    EXPECT_EQ(m2.cpu.cp0.badVAddr, 0x11010u);
    EXPECT_EQ(m2.cpu.cp0.entryHi, 0x10000u);
    EXPECT_EQ(m2.cpu.cp0.context, (0x11010u >> 13) << 4);
  }
}

TEST(Exceptions, FaultInADelaySlotPointsEpcAtTheBranchAndSetsBD) {
  KernelMachine m;
  // beq $0,$0,+4 ; lw $2,2($0) (misaligned: AdEL in the delay slot)
  m.place(kCode, {enc::beq(0, 0, 4), enc::lw(2, 2, 0)});
  m.step(2);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::AdEL));
  EXPECT_EQ(m.cpu.cp0.epc, kCode);
  EXPECT_TRUE(m.cpu.cp0.cause & cause::BD);
  EXPECT_EQ(m.cpu.cp0.badVAddr, 2u);
  EXPECT_FALSE(m.cpu.inDelaySlot);
  // The next exception outside a delay slot clears BD.
  m.cpu.writeCp0(kCp0Status, 0, status::KX);
  m.place(kCode + 0x100, {enc::lw(2, 6, 0)});
  m.step(1);
  EXPECT_EQ(m.cpu.cp0.epc, kCode + 0x100);
  EXPECT_FALSE(m.cpu.cp0.cause & cause::BD);
}

TEST(Exceptions, AddressErrorLeavesTlbRegistersAlone) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0EntryHi, 0, 0x6000 | 3);
  m.cpu.writeCp0(kCp0Context, 0, 0xffffffffff800000ull);
  m.cpu.gpr[4] = 0x1000000000000000ull;  // no segment
  m.place(kCode, {enc::sw(0, 0, 4)});
  m.step(1);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::AdES));
  EXPECT_EQ(m.cpu.cp0.badVAddr, 0x1000000000000000ull);
  EXPECT_EQ(m.cpu.cp0.entryHi, 0x6003u);
  EXPECT_EQ(m.cpu.cp0.context, 0xffffffffff800000ull);
  EXPECT_EQ(m.cpu.pc, 0xffffffff80000180ull);
}

TEST(Exceptions, NestedExceptionWithExlSetKeepsEpcAndUsesTheGeneralVector) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::EXL);
  m.cpu.writeCp0(kCp0EPC, 0, 0x1234);
  m.cpu.cp0.cause |= cause::BD;
  m.cpu.gpr[4] = 0x40000;  // unmapped: a refill
  m.place(kCode, {enc::lw(2, 0, 4)});
  m.step(1);
  EXPECT_EQ(m.cpu.pc, 0xffffffff80000180ull);  // not the refill vector
  EXPECT_EQ(m.cpu.cp0.epc, 0x1234u);
  EXPECT_TRUE(m.cpu.cp0.cause & cause::BD);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::TLBL));
  EXPECT_EQ(m.cpu.cp0.badVAddr, 0x40000u);
  EXPECT_EQ(m.cpu.cp0.entryHi, 0x40000u);
}

TEST(Exceptions, SyscallTrapsToTheGeneralVectorWithoutAHook) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::BEV);
  m.place(kCode, {enc::kSyscall});
  m.step(1);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::Sys));
  EXPECT_EQ(m.cpu.pc, 0xffffffffbfc00380ull);
  EXPECT_EQ(m.cpu.cp0.epc, kCode);
}

TEST(Exceptions, Cp0AccessInUserModeNeedsCu0) {
  KernelMachine m;
  m.cpu.tlb.write(0, 0, 0x2000, testing::entryLo(0x2000, false, true), 0);
  m.place(KernelMachine::kKseg0 + 0x2000, {enc::mtc0(5, kCp0EPC), enc::mtc0(5, kCp0EPC)});
  m.cpu.gpr[5] = 0x777;
  m.cpu.writeCp0(kCp0Status, 0, kUser | status::UX);
  m.cpu.pc = 0x2000;
  m.cpu.npc = 0x2004;
  m.step(1);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::CpU));
  EXPECT_EQ((m.cpu.cp0.cause >> cause::CE_SHIFT) & 3, 0u);
  EXPECT_EQ(m.cpu.cp0.epc, 0x2000u);
  // With CU0 set, user mode may use CP0.
  m.cpu.writeCp0(kCp0Status, 0, kUser | status::UX | status::CU0);
  m.cpu.pc = 0x2004;
  m.cpu.npc = 0x2008;
  m.step(1);
  EXPECT_EQ(m.exceptions, 1);
  EXPECT_EQ(m.cpu.cp0.epc, 0x777u);
}

TEST(Exceptions, CoprocessorUnusableReportsTheCoprocessorInCE) {
  KernelMachine m;
  GuestException e{ExcCode::CpU};
  e.coprocessor = 1;
  m.cpu.takeException(e);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::CpU));
  EXPECT_EQ((m.cpu.cp0.cause >> cause::CE_SHIFT) & 3, 1u);
  m.cpu.writeCp0(kCp0Status, 0, status::KX);
  m.cpu.takeException(GuestException{ExcCode::RI});
  EXPECT_EQ((m.cpu.cp0.cause >> cause::CE_SHIFT) & 3, 0u);
}

TEST(Exceptions, EretReturnsToEpcClearsExlAndTheLlBitWithoutADelaySlot) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::EXL);
  m.cpu.writeCp0(kCp0EPC, 0, KernelMachine::kKseg0 + 0x2000);
  m.cpu.llBit = true;
  m.place(KernelMachine::kKseg0 + 0x2000, {enc::addiu(3, 0, 7)});
  m.place(kCode, {enc::kEret, enc::addiu(2, 0, 1)});
  m.step(2);
  EXPECT_EQ(m.exceptions, 0);
  EXPECT_EQ(m.cpu.gpr[2], 0u);  // the word after eret never runs
  EXPECT_EQ(m.cpu.gpr[3], 7u);
  EXPECT_FALSE(m.cpu.cp0.status & status::EXL);
  EXPECT_FALSE(m.cpu.llBit);
  EXPECT_EQ(m.cpu.pc, KernelMachine::kKseg0 + 0x2004);
}

TEST(Exceptions, EretWithErlReturnsToErrorEpcAndClearsOnlyErl) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::EXL | status::ERL);
  m.cpu.writeCp0(kCp0EPC, 0, KernelMachine::kKseg0 + 0x2000);
  m.cpu.writeCp0(kCp0ErrorEPC, 0, KernelMachine::kKseg0 + 0x3000);
  m.place(kCode, {enc::kEret});
  m.step(1);
  EXPECT_EQ(m.cpu.pc, KernelMachine::kKseg0 + 0x3000);
  EXPECT_FALSE(m.cpu.cp0.status & status::ERL);
  EXPECT_TRUE(m.cpu.cp0.status & status::EXL);
}

TEST(Exceptions, SoftwareInterruptIsTakenAfterTheCauseWrite) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::IE | (1u << status::IM_SHIFT));
  m.cpu.gpr[5] = 1u << cause::IP_SHIFT;  // IP0
  m.place(kCode, {enc::mtc0(5, kCp0Cause), enc::kNop, enc::kNop});
  m.step(3);
  EXPECT_EQ(m.cpu.instret, 1u);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::Int));
  EXPECT_EQ(m.cpu.cp0.epc, kCode + 4);
  EXPECT_EQ(m.cpu.pc, 0xffffffff80000180ull);
  EXPECT_TRUE(m.cpu.cp0.cause & (1u << cause::IP_SHIFT));
}

TEST(Exceptions, ExternalInterruptNeedsItsMaskBitIeAndNoExl) {
  KernelMachine m;
  m.place(kCode, {});
  m.cpu.setInterruptLine(3, true);
  EXPECT_TRUE(m.cpu.cp0.cause & (1u << (cause::IP_SHIFT + 3)));
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::IE | (1u << (status::IM_SHIFT + 2)));
  EXPECT_FALSE(m.cpu.checkInterrupts());  // IM3 clear
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::IE | status::EXL | (1u << (status::IM_SHIFT + 3)));
  EXPECT_FALSE(m.cpu.checkInterrupts());  // EXL set
  m.cpu.writeCp0(kCp0Status, 0, status::KX | (1u << (status::IM_SHIFT + 3)));
  EXPECT_FALSE(m.cpu.checkInterrupts());  // IE clear
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::IE | (1u << (status::IM_SHIFT + 3)));
  EXPECT_TRUE(m.cpu.checkInterrupts());
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::Int));
  EXPECT_EQ(m.cpu.cp0.epc, kCode);
  m.cpu.setInterruptLine(3, false);
  EXPECT_FALSE(m.cpu.cp0.cause & cause::IP_MASK);
}

TEST(Exceptions, TimerInterruptFiresWhenCountReachesCompare) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::IE | (1u << (status::IM_SHIFT + 7)));
  m.place(kCode, {});  // RAM is zero: nops
  m.cpu.writeCp0(kCp0Count, 0, 100);
  m.cpu.writeCp0(kCp0Compare, 0, 110);
  m.step(1000);
  EXPECT_EQ(m.exceptions, 1);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::Int));
  EXPECT_EQ(m.cpu.instret, 20u);  // Count advances every other instruction
  EXPECT_EQ(m.cpu.count(), 110u);
  EXPECT_EQ(m.cpu.cp0.epc, kCode + 20 * 4);
  EXPECT_TRUE(m.cpu.cp0.cause & cause::IP7);
  // Writing Compare acknowledges the interrupt.
  m.cpu.writeCp0(kCp0Compare, 0, 500);
  EXPECT_FALSE(m.cpu.cp0.cause & cause::IP7);
}

TEST(Exceptions, TimerSetsIp7EvenWhenMasked) {
  KernelMachine m;
  m.place(kCode, {});
  m.cpu.writeCp0(kCp0Count, 0, 0);
  m.cpu.writeCp0(kCp0Compare, 0, 5);
  m.step(9);
  EXPECT_FALSE(m.cpu.readCp0(kCp0Cause, 0) & cause::IP7);  // Count is 4
  m.step(1);
  EXPECT_TRUE(m.cpu.readCp0(kCp0Cause, 0) & cause::IP7);  // Count is 5
  EXPECT_EQ(m.exceptions, 0);
  m.step(100);
  m.cpu.writeCp0(kCp0Compare, 0, 5);  // acknowledge; Count has moved on: no new interrupt
  m.step(100);
  EXPECT_FALSE(m.cpu.readCp0(kCp0Cause, 0) & cause::IP7);
}

TEST(Exceptions, WaitStopsTheRunLoopUntilAnInterrupt) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Status, 0, status::KX | status::IE | (1u << (status::IM_SHIFT + 2)));
  m.place(kCode, {enc::kWait, enc::kNop});
  EXPECT_EQ(m.step(100), StopReason::Wait);
  EXPECT_TRUE(m.cpu.waiting);
  EXPECT_EQ(m.cpu.instret, 1u);
  EXPECT_EQ(m.step(100), StopReason::Wait);  // nothing pending: still idle
  EXPECT_EQ(m.cpu.instret, 1u);
  m.cpu.setInterruptLine(2, true);
  m.step(100);
  EXPECT_FALSE(m.cpu.waiting);
  EXPECT_EQ(excCode(m.cpu), uint32_t(ExcCode::Int));
  EXPECT_EQ(m.cpu.cp0.epc, kCode + 4);
}

// End to end: a user program touches an unmapped page; a refill handler
// (hand-encoded, at the 32-bit or the XTLB vector) loads EntryLo0/1, writes
// a random entry above Wired and returns; the load is retried and succeeds.
TEST(Exceptions, RefillHandlerMapsThePageAndTheLoadIsRetried) {
  for (bool ux : {false, true}) {
    KernelMachine m;
    m.stopOnException = false;
    const uint32_t k0 = 26, k1 = 27;
    const uint64_t vector = KernelMachine::kKseg0 + (ux ? 0x080 : 0x000);
    m.place(vector, {enc::iType(0x0d, 0, k0, 0x101e),  // ori k0,$0,PFN(0x40000)|C=3|D|V
                     enc::mtc0(k0, kCp0EntryLo0),
                     enc::iType(0x0d, 0, k1, 0x105e),  // ori k1,$0,PFN(0x41000)|C=3|D|V
                     enc::mtc0(k1, kCp0EntryLo1), enc::kTlbwr, enc::kEret});
    const uint32_t data = 0x1afef00d;
    m.cpu.copyToGuest(KernelMachine::kKseg0 + 0x41010, &data, 4);
    // The user program lives at va 0x2000 through wired entry 0.
    m.cpu.tlb.write(0, 0, 0x2000, testing::entryLo(0x2000, false, true), 0);
    m.cpu.writeCp0(kCp0Wired, 0, 1);
    m.place(KernelMachine::kKseg0 + 0x2000, {enc::lw(2, 0x10, 4)});
    m.cpu.gpr[4] = 0x00401000;  // odd page of the pair at 0x400000
    m.cpu.writeCp0(kCp0Status, 0, kUser | (ux ? status::UX : 0u));
    m.cpu.pc = 0x2000;
    m.cpu.npc = 0x2004;
    m.step(7);  // 6 handler instructions, then the retried load
    SCOPED_TRACE(ux ? "xtlb" : "tlb");
    EXPECT_EQ(m.exceptions, 1);
    EXPECT_EQ(m.cpu.gpr[2], 0x1afef00du);
    EXPECT_EQ(m.cpu.pc, 0x2004u);
    EXPECT_EQ(m.cpu.mode(), Mode::User);
    const int written = m.cpu.tlb.probe(0x400000);
    EXPECT_GE(written, 1);  // never the wired entry
  }
}

}  // namespace
}  // namespace mips
