// Tests of the CP0 registers through mfc0/mtc0/dmfc0/dmtc0 and the TLB
// instructions: sign extension, the writable bits of each register, the
// read-only ones, Random and Wired, Count, PRId/Config, privilege checks, and
// tlbr/tlbwi/tlbwr/tlbp including the soft-TLB flush after a TLB write.
#include <gtest/gtest.h>

#include "mips/disasm.h"
#include "mips/test_util.h"

namespace mips {
namespace {

using testing::KernelMachine;
namespace enc = testing::encode;

constexpr uint64_t kCode = KernelMachine::kKseg0 + 0x1000;
constexpr uint32_t kUser = 2u << status::KSU_SHIFT;


// Writes value to CP0 register reg and reads it back with dmfc0, both as
// instructions.
uint64_t roundTrip(KernelMachine& m, unsigned reg, uint64_t value) {
  m.cpu.gpr[4] = value;
  m.place(kCode, {enc::dmtc0(4, reg), enc::dmfc0(2, reg)});
  m.step(2);
  return m.cpu.gpr[2];
}

TEST(Cp0, Mfc0SignExtendsTheLow32BitsAndDmfc0ReadsAll64) {
  KernelMachine m;
  m.cpu.gpr[4] = 0x0000000180000000ull;
  m.cpu.gpr[5] = 0x1234567880000004ull;
  m.place(kCode, {enc::dmtc0(4, kCp0EPC), enc::mfc0(2, kCp0EPC), enc::dmfc0(3, kCp0EPC), enc::mtc0(5, kCp0EPC),
                  enc::dmfc0(6, kCp0EPC)});
  m.step(5);
  EXPECT_EQ(m.cpu.gpr[2], 0xffffffff80000000ull);
  EXPECT_EQ(m.cpu.gpr[3], 0x0000000180000000ull);
  EXPECT_EQ(m.cpu.gpr[6], 0xffffffff80000004ull);  // mtc0 writes the sign-extended low word
}

TEST(Cp0, PridIdentifiesTheR10000AndIsReadOnly) {
  KernelMachine m;
  EXPECT_EQ((roundTrip(m, kCp0PRId, 0x1234) >> 8) & 0xff, 0x09u);
  EXPECT_EQ(m.cpu.readCp0(kCp0PRId, 0), 0x0926u);
}

TEST(Cp0, ConfigDescribesTheCachesAndOnlyK0IsWritable) {
  for (bool big : {false, true}) {
    KernelMachine m(big);
    const uint64_t config = roundTrip(m, kCp0Config, 0xffffffff);
    EXPECT_EQ(config & 7, 7u);                      // K0 written
    EXPECT_EQ((config >> 29) & 7, 3u);              // 32 KB I-cache
    EXPECT_EQ((config >> 26) & 7, 3u);              // 32 KB D-cache
    EXPECT_EQ(0x80000u << ((config >> 16) & 7), 1u << 20);  // 1 MB secondary cache
    EXPECT_EQ(bool(config & (1u << 15)), big);      // byte order
    EXPECT_EQ(roundTrip(m, kCp0Config, 0) & ~uint64_t{7}, config & ~uint64_t{7});
  }
}

TEST(Cp0, RegistersKeepOnlyTheirWritableBits) {
  KernelMachine m;
  const uint64_t ones = ~uint64_t{0};
  EXPECT_EQ(roundTrip(m, kCp0EntryLo0, ones), 0xc0000003ffffffffull);  // UC, PFN 33:6, C, D, V, G
  EXPECT_EQ(roundTrip(m, kCp0EntryLo1, ones), 0xc0000003ffffffffull);
  EXPECT_EQ(roundTrip(m, kCp0EntryHi, ones), 0xc0000fffffffe0ffull);   // R, VPN2 43:13, ASID
  EXPECT_EQ(roundTrip(m, kCp0PageMask, ones), 0x1ffe000u);
  EXPECT_EQ(roundTrip(m, kCp0Context, ones), 0xffffffffff800000ull);   // PTEBase only
  EXPECT_EQ(roundTrip(m, kCp0XContext, ones), 0xffffffe000000000ull);  // PTEBase 63:37 only
  EXPECT_EQ(roundTrip(m, kCp0Wired, ones), 63u);
  EXPECT_EQ(roundTrip(m, kCp0Index, ones), 63u);
  EXPECT_EQ(roundTrip(m, kCp0BadVAddr, 0x1234), 0u);  // read-only
  EXPECT_EQ(roundTrip(m, kCp0Compare, ones), ones);    // 32 bits, sign-extended
  EXPECT_EQ(roundTrip(m, kCp0ErrorEPC, 0x123456789abcdef0ull), 0x123456789abcdef0ull);
  EXPECT_EQ(roundTrip(m, kCp0LLAddr, 0x12345670ull), 0x12345670ull);
  EXPECT_EQ(roundTrip(m, 7, ones), 0u);  // reserved
}

TEST(Cp0, CauseOnlyTakesTheSoftwareInterruptBits) {
  KernelMachine m;
  EXPECT_EQ(roundTrip(m, kCp0Cause, 0xffffffff), uint64_t{cause::IP_SW_MASK});
}

TEST(Cp0, StatusWriteChangesModeAndKeepsAllArchitecturalBits) {
  KernelMachine m;
  const uint32_t value = status::CU0 | status::CU1 | status::FR | status::BEV | status::KX | status::SX |
                         status::UX | (0xffu << status::IM_SHIFT) | status::XX;
  EXPECT_EQ(roundTrip(m, kCp0Status, value), sext32(value));
  m.cpu.writeCp0(kCp0Status, 0, kUser);
  EXPECT_EQ(m.cpu.mode(), Mode::User);
  m.cpu.writeCp0(kCp0Status, 0, kUser | status::EXL);
  EXPECT_EQ(m.cpu.mode(), Mode::Kernel);
  m.cpu.writeCp0(kCp0Status, 0, 1u << status::KSU_SHIFT);
  EXPECT_EQ(m.cpu.mode(), Mode::Supervisor);
}

TEST(Cp0, IndexKeepsTheProbeFailureBit) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0EntryHi, 0, 0x40000);
  m.place(kCode, {enc::kTlbp});
  m.step(1);
  EXPECT_EQ(m.cpu.readCp0(kCp0Index, 0), 0xffffffff80000000ull);  // P set (sign-extended)
  m.cpu.writeCp0(kCp0Index, 0, 5);
  EXPECT_EQ(m.cpu.readCp0(kCp0Index, 0), 0xffffffff80000005ull);  // only tlbp clears P
}

TEST(Cp0, RandomCountsDownFrom63ToWiredOncePerInstruction) {
  KernelMachine m;
  m.place(kCode, {});  // nops
  m.cpu.writeCp0(kCp0Wired, 0, 60);
  EXPECT_EQ(m.cpu.readCp0(kCp0Random, 0), 63u);
  m.step(1);
  EXPECT_EQ(m.cpu.readCp0(kCp0Random, 0), 62u);
  m.step(2);
  EXPECT_EQ(m.cpu.readCp0(kCp0Random, 0), 60u);
  m.step(1);
  EXPECT_EQ(m.cpu.readCp0(kCp0Random, 0), 63u);  // wraps above Wired
  m.step(1);
  m.cpu.writeCp0(kCp0Wired, 0, 8);  // a Wired write restarts at 63
  EXPECT_EQ(m.cpu.readCp0(kCp0Random, 0), 63u);
  for (int k = 0; k < 200; ++k) {
    m.step(1);
    const uint64_t r = m.cpu.readCp0(kCp0Random, 0);
    ASSERT_GE(r, 8u);
    ASSERT_LE(r, 63u);
  }
}

TEST(Cp0, CountIncrementsEveryOtherInstruction) {
  KernelMachine m;
  m.place(kCode, {});
  m.cpu.writeCp0(kCp0Count, 0, 1000);
  m.step(10);
  EXPECT_EQ(m.cpu.readCp0(kCp0Count, 0), 1005u);
  m.cpu.writeCp0(kCp0Count, 0, 0xffffffff);
  m.step(2);
  EXPECT_EQ(m.cpu.count(), 0u);  // wraps at 32 bits
}

TEST(Cp0, TlbInstructionsWriteReadAndProbe) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0PageMask, 0, 0x6000);  // 16 KB pages
  m.cpu.writeCp0(kCp0EntryHi, 0, 0x4000000000128000ull | 0x33);
  m.cpu.writeCp0(kCp0EntryLo0, 0, testing::entryLo(0x100000, true, true));
  m.cpu.writeCp0(kCp0EntryLo1, 0, testing::entryLo(0x104000, false, true));
  m.cpu.writeCp0(kCp0Index, 0, 17);
  m.place(kCode, {enc::kTlbwi});
  m.step(1);
  // Scramble the registers, then tlbr reads the entry back.
  m.cpu.writeCp0(kCp0PageMask, 0, 0);
  m.cpu.writeCp0(kCp0EntryHi, 0, 0);
  m.cpu.writeCp0(kCp0EntryLo0, 0, 0);
  m.cpu.writeCp0(kCp0EntryLo1, 0, 0);
  m.place(kCode, {enc::kTlbr});
  m.step(1);
  EXPECT_EQ(m.cpu.cp0.pageMask, 0x6000u);
  EXPECT_EQ(m.cpu.cp0.entryHi, 0x4000000000128000ull | 0x33);
  EXPECT_EQ(m.cpu.cp0.entryLo0, testing::entryLo(0x100000, true, true));
  EXPECT_EQ(m.cpu.cp0.entryLo1, testing::entryLo(0x104000, false, true));
  // tlbp: a hit anywhere inside the 32 KB pair, a miss for another ASID.
  m.cpu.writeCp0(kCp0EntryHi, 0, 0x400000000012c000ull | 0x33);
  m.cpu.writeCp0(kCp0Index, 0, 0);
  m.place(kCode, {enc::kTlbp});
  m.step(1);
  EXPECT_EQ(m.cpu.readCp0(kCp0Index, 0), 17u);
  m.cpu.writeCp0(kCp0EntryHi, 0, 0x4000000000128000ull | 0x34);
  m.place(kCode, {enc::kTlbp});
  m.step(1);
  EXPECT_TRUE(m.cpu.readCp0(kCp0Index, 0) & 0x80000000u);
}

TEST(Cp0, TlbwrWritesTheEntryRandomNamesAboveWired) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0Wired, 0, 40);
  m.cpu.writeCp0(kCp0EntryHi, 0, 0x50000);
  m.cpu.writeCp0(kCp0EntryLo0, 0, testing::entryLo(0x9000, true, true));
  m.place(kCode, {enc::kNop, enc::kNop, enc::kTlbwr});
  m.step(3);  // Random was 61 when tlbwr executed
  EXPECT_EQ(m.cpu.tlb.entry(61).entryHi, 0x50000u);
  EXPECT_EQ(m.cpu.tlb.probe(0x50000), 61);
}

TEST(Cp0, TlbWriteIsSeenByTheNextAccessToTheSamePage) {
  KernelMachine m;
  const uint32_t first = 0x11111111, second = 0x22222222;
  m.cpu.copyToGuest(KernelMachine::kKseg0 + 0x20000, &first, 4);
  m.cpu.copyToGuest(KernelMachine::kKseg0 + 0x30000, &second, 4);
  m.cpu.tlb.write(4, 0, 0x10000, testing::entryLo(0x20000, true, true), 0);
  m.cpu.writeCp0(kCp0Index, 0, 4);
  m.cpu.writeCp0(kCp0EntryHi, 0, 0x10000);
  m.cpu.writeCp0(kCp0EntryLo0, 0, testing::entryLo(0x30000, true, true));
  m.cpu.gpr[4] = 0x10000;
  // lw (caches va 0x10000 -> pa 0x20000), tlbwi (now -> pa 0x30000), lw.
  m.place(kCode, {enc::lw(2, 0, 4), enc::kTlbwi, enc::lw(3, 0, 4)});
  m.step(3);
  EXPECT_EQ(m.cpu.gpr[2], 0x11111111u);
  EXPECT_EQ(m.cpu.gpr[3], 0x22222222u);
}

TEST(Cp0, Dmfc0InUserModeNeedsUxEvenWithCu0) {
  KernelMachine m;
  m.cpu.tlb.write(0, 0, 0x2000, testing::entryLo(0x2000, false, true), 0);
  m.place(KernelMachine::kKseg0 + 0x2000, {enc::mfc0(2, kCp0Status), enc::dmfc0(3, kCp0Status)});
  m.cpu.writeCp0(kCp0Status, 0, kUser | status::CU0);
  m.cpu.pc = 0x2000;
  m.cpu.npc = 0x2004;
  m.step(2);
  EXPECT_EQ(m.cpu.gpr[2], uint64_t{kUser | status::CU0});
  EXPECT_EQ(m.exceptions, 1);
  EXPECT_EQ(m.last.code, ExcCode::RI);
  EXPECT_EQ(m.cpu.cp0.epc, 0x2004u);
}

TEST(Cp0, PrivilegedInstructionsRaiseCpUInUserMode) {
  const uint32_t privileged[] = {enc::kTlbr, enc::kTlbwi, enc::kTlbwr, enc::kTlbp, enc::kEret, enc::kWait,
                                 enc::cache(0x14, 0, 0), enc::mfc0(2, kCp0Status)};
  for (uint32_t word : privileged) {
    KernelMachine m;
    m.cpu.tlb.write(0, 0, 0x2000, testing::entryLo(0x2000, false, true), 0);
    m.place(KernelMachine::kKseg0 + 0x2000, {word});
    m.cpu.writeCp0(kCp0Status, 0, kUser | status::UX);
    m.cpu.pc = 0x2000;
    m.cpu.npc = 0x2004;
    m.step(1);
    EXPECT_EQ(m.last.code, ExcCode::CpU) << std::hex << word;
    EXPECT_EQ(m.last.coprocessor, 0) << std::hex << word;
  }
}

TEST(Cp0, CacheIsANoOpInKernelMode) {
  KernelMachine m;
  m.cpu.gpr[4] = KernelMachine::kKseg0 + 0x4000;
  m.place(kCode, {enc::cache(0x15, 0, 4), enc::addiu(2, 0, 9)});
  m.step(2);
  EXPECT_EQ(m.exceptions, 0);
  EXPECT_EQ(m.cpu.gpr[2], 9u);
}

TEST(Cp0, ResetStartsAtTheBootVectorInKernelModeWithErlAndBev) {
  KernelMachine m;
  m.place(kCode, {});
  m.step(5);
  m.cpu.reset();
  EXPECT_EQ(m.cpu.pc, 0xffffffffbfc00000ull);
  EXPECT_EQ(m.cpu.cp0.status, status::ERL | status::BEV);
  EXPECT_EQ(m.cpu.mode(), Mode::Kernel);
  EXPECT_EQ(m.cpu.readCp0(kCp0Random, 0), 63u);
  EXPECT_EQ(m.cpu.readCp0(kCp0Wired, 0), 0u);
  m.place(0xffffffffbfc00000ull, {enc::addiu(2, 0, 5)});  // kseg1: physical 0x1fc00000
  m.step(1);
  EXPECT_EQ(m.cpu.gpr[2], 5u);
  uint32_t word = 0;
  m.cpu.copyFromGuest(&word, 0xffffffff9fc00000ull, 4);  // the same word through kseg0
  EXPECT_EQ(word, enc::addiu(2, 0, 5));
}

// The system rows disassemble as GNU objdump prints them (-M reg-names=n64).
TEST(Cp0, SystemInstructionsDisassembleLikeObjdump) {
  EXPECT_EQ(disassemble(0x40026000, 0), "mfc0\t$v0,$12");
  EXPECT_EQ(disassemble(0x40237000, 0), "dmfc0\t$v1,$14");
  EXPECT_EQ(disassemble(0x40845800, 0), "mtc0\t$a0,$11");
  EXPECT_EQ(disassemble(0x40a55000, 0), "dmtc0\t$a1,$10");
  EXPECT_EQ(disassemble(0x42000001, 0), "tlbr");
  EXPECT_EQ(disassemble(0x42000002, 0), "tlbwi");
  EXPECT_EQ(disassemble(0x42000006, 0), "tlbwr");
  EXPECT_EQ(disassemble(0x42000008, 0), "tlbp");
  EXPECT_EQ(disassemble(0x42000018, 0), "eret");
  EXPECT_EQ(disassemble(0x42000020, 0), "wait");
  EXPECT_EQ(disassemble(0x40026004, 0).rfind("mfc0\t$v0,$12,4", 0), 0u);  // a nonzero select
  EXPECT_EQ(disassemble(0xbc940010, 0).rfind("cache\t", 0), 0u);
}

}  // namespace
}  // namespace mips
