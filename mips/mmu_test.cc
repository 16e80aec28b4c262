// Tests of address translation: every segment, who may use it (mode and
// UX/SX/KX), the unmapped segments' physical addresses, the TLB exceptions
// (refill, invalid, modified), ERL's unmapped kuseg, and the software TLB
// staying consistent with the TLB (clean pages, ASID changes).
#include <gtest/gtest.h>

#include "mips/test_util.h"

namespace mips {
namespace {

using testing::KernelMachine;
namespace enc = testing::encode;

constexpr uint32_t kUser = 2u << status::KSU_SHIFT;
constexpr uint32_t kSupervisor = 1u << status::KSU_SHIFT;
constexpr uint32_t k64 = status::UX | status::SX | status::KX;

uint64_t lo(uint64_t pa, bool dirty, bool valid) { return ((pa >> 12) << 6) | (3u << 3) | (dirty ? 4 : 0) | (valid ? 2 : 0); }

// The exception translate() throws for va, or Int (with a test failure) if none.
GuestException faultOf(Cpu& c, uint64_t va, Access access) {
  try {
    c.translate(va, access);
  } catch (const GuestException& e) {
    return e;
  }
  ADD_FAILURE() << std::hex << "no fault at 0x" << va;
  return GuestException{ExcCode::Int};
}

uint64_t pa(Cpu& c, uint64_t va, Access access = Access::Load) { return c.translate(va, access).value; }

void setStatus(KernelMachine& m, uint32_t bits) { m.cpu.writeCp0(kCp0Status, 0, bits); }

TEST(Mmu, Kseg0AndKseg1AreUnmappedWindowsOnThe512MBOfLowMemory) {
  KernelMachine m;
  EXPECT_EQ(pa(m.cpu, 0xffffffff80001234ull), 0x1234u);
  EXPECT_EQ(pa(m.cpu, 0xffffffff9fffffffull), 0x1fffffffu);
  EXPECT_EQ(pa(m.cpu, 0xffffffffa0001234ull, Access::Store), 0x1234u);
  EXPECT_EQ(pa(m.cpu, 0xffffffffbfc00000ull, Access::Fetch), 0x1fc00000u);
}

TEST(Mmu, UserTouchingKseg0IsAnAddressError) {
  KernelMachine m;
  setStatus(m, kUser | k64);
  EXPECT_EQ(m.cpu.mode(), Mode::User);
  EXPECT_EQ(faultOf(m.cpu, 0xffffffff80001000ull, Access::Load).code, ExcCode::AdEL);
  EXPECT_EQ(faultOf(m.cpu, 0xffffffffa0001000ull, Access::Store).code, ExcCode::AdES);
  EXPECT_EQ(faultOf(m.cpu, 0xffffffffc0001000ull, Access::Load).code, ExcCode::AdEL);  // sseg
  EXPECT_EQ(faultOf(m.cpu, 0x9000000000001000ull, Access::Load).code, ExcCode::AdEL);  // xkphys
  EXPECT_EQ(faultOf(m.cpu, 0x4000000000001000ull, Access::Load).code, ExcCode::AdEL);  // xsseg
}

TEST(Mmu, UserLoadFromKseg0RaisesAdELWithBadVAddr) {
  KernelMachine m;
  // Code at physical 0x2000, reached in user mode through a TLB mapping of va 0x2000.
  m.cpu.tlb.write(0, 0, 0x2000, lo(0x2000, false, true), 0);
  m.place(KernelMachine::kKseg0 + 0x2000, {enc::lw(2, 0, 4)});
  m.cpu.pc = 0x2000;
  m.cpu.npc = 0x2004;
  m.cpu.gpr[4] = 0xffffffff80000100ull;
  setStatus(m, kUser | k64);
  m.step(1);
  EXPECT_EQ(m.last.code, ExcCode::AdEL);
  EXPECT_EQ(m.cpu.cp0.badVAddr, 0xffffffff80000100ull);
  EXPECT_EQ(m.cpu.cp0.epc, 0x2000u);
  EXPECT_EQ(m.cpu.pc, 0xffffffff80000180ull);
  EXPECT_EQ(m.cpu.mode(), Mode::Kernel);
}

TEST(Mmu, SupervisorUsesSsegAndXssegOnly) {
  KernelMachine m;
  m.cpu.tlb.write(0, 0, 0x4000000000010000ull, lo(0x5000, true, true), lo(0x7000, true, true));
  m.cpu.tlb.write(1, 0, 0xffffffffc0010000ull, lo(0x9000, true, true), lo(0xb000, true, true));
  setStatus(m, kSupervisor | status::SX);
  EXPECT_EQ(m.cpu.mode(), Mode::Supervisor);
  EXPECT_EQ(pa(m.cpu, 0x4000000000011010ull), 0x7010u);
  EXPECT_EQ(pa(m.cpu, 0xffffffffc0010010ull), 0x9010u);
  EXPECT_EQ(faultOf(m.cpu, 0xffffffff80000000ull, Access::Load).code, ExcCode::AdEL);  // kseg0
  EXPECT_EQ(faultOf(m.cpu, 0xffffffffe0000000ull, Access::Load).code, ExcCode::AdEL);  // kseg3
  EXPECT_EQ(faultOf(m.cpu, 0xc000000000000000ull, Access::Load).code, ExcCode::AdEL);  // xkseg
  EXPECT_EQ(faultOf(m.cpu, 0x4000100000000000ull, Access::Load).code, ExcCode::AdEL);  // beyond 44 bits
  // Without SX, xsseg is out of reach but the 32-bit sseg is not.
  setStatus(m, kSupervisor);
  EXPECT_EQ(faultOf(m.cpu, 0x4000000000011010ull, Access::Load).code, ExcCode::AdEL);
  EXPECT_EQ(pa(m.cpu, 0xffffffffc0010010ull), 0x9010u);
}

TEST(Mmu, UxClearLimitsUserToTheLow2GB) {
  KernelMachine m;
  m.cpu.tlb.write(0, 0, 0x100000000ull, lo(0x5000, true, true), lo(0x7000, true, true));
  m.cpu.tlb.write(1, 0, 0x10000, lo(0x9000, true, true), lo(0xb000, true, true));
  setStatus(m, kUser);
  EXPECT_EQ(faultOf(m.cpu, 0x100000000ull, Access::Load).code, ExcCode::AdEL);
  EXPECT_EQ(faultOf(m.cpu, 0x100000000ull, Access::Store).code, ExcCode::AdES);
  EXPECT_EQ(pa(m.cpu, 0x10010), 0x9010u);  // useg is still mapped
  setStatus(m, kUser | status::UX);
  EXPECT_EQ(pa(m.cpu, 0x100000010ull), 0x5010u);
  EXPECT_EQ(faultOf(m.cpu, 0x0000100000000000ull, Access::Load).code, ExcCode::AdEL);  // past 44 bits
}

TEST(Mmu, UxClearMakes64BitInstructionsReserved) {
  KernelMachine m;
  m.cpu.tlb.write(0, 0, 0x2000, lo(0x2000, false, true), 0);
  m.place(KernelMachine::kKseg0 + 0x2000, {enc::daddiu(2, 0, 1), enc::daddiu(2, 0, 1)});
  m.cpu.pc = 0x2000;
  m.cpu.npc = 0x2004;
  setStatus(m, kUser | status::UX);
  m.step(1);
  EXPECT_EQ(m.exceptions, 0);
  EXPECT_EQ(m.cpu.gpr[2], 1u);
  setStatus(m, kUser);
  m.step(1);
  EXPECT_EQ(m.last.code, ExcCode::RI);
}

TEST(Mmu, KernelXkphysIsUnmappedWith40BitPhysicalAddresses) {
  KernelMachine m;
  EXPECT_EQ(pa(m.cpu, 0x9000000000001234ull), 0x1234u);           // cache attribute 2 (uncached)
  EXPECT_EQ(pa(m.cpu, 0xa80000ffffffff00ull), 0xffffffff00ull);  // attribute 5, top of 40-bit space
  EXPECT_EQ(faultOf(m.cpu, 0x9000010000000000ull, Access::Load).code, ExcCode::AdEL);  // bit 40 set
  setStatus(m, status::UX | status::SX);  // KX clear: 32-bit kernel
  EXPECT_EQ(faultOf(m.cpu, 0x9000000000001234ull, Access::Store).code, ExcCode::AdES);
  EXPECT_EQ(pa(m.cpu, 0xffffffff80001234ull), 0x1234u);
}

TEST(Mmu, XksegIsMappedAndEndsBeforeTheCompatibilitySegments) {
  KernelMachine m;
  m.cpu.tlb.write(0, 0, 0xc000000000020000ull, lo(0x40000, true, true), lo(0x60000, true, true));
  EXPECT_EQ(pa(m.cpu, 0xc000000000020008ull), 0x40008u);
  const GuestException refill = faultOf(m.cpu, 0xc00000ff00000000ull, Access::Load);
  EXPECT_EQ(refill.code, ExcCode::TLBL);
  EXPECT_TRUE(refill.tlbRefill);
  EXPECT_EQ(faultOf(m.cpu, 0xc0000fff80000000ull, Access::Load).code, ExcCode::AdEL);
  EXPECT_EQ(faultOf(m.cpu, 0xffffffff00000000ull, Access::Load).code, ExcCode::AdEL);
}

TEST(Mmu, TlbMissInvalidAndModifiedAreDistinguished) {
  KernelMachine m;
  m.cpu.writeCp0(kCp0EntryHi, 0, 7);  // ASID 7
  m.cpu.tlb.write(0, 0, 0x10000 | 7, lo(0x20000, false, true), lo(0x30000, true, false));
  const GuestException miss = faultOf(m.cpu, 0x40000, Access::Store);
  EXPECT_EQ(miss.code, ExcCode::TLBS);
  EXPECT_TRUE(miss.tlbRefill);
  const GuestException invalid = faultOf(m.cpu, 0x11000, Access::Load);  // odd page, V clear
  EXPECT_EQ(invalid.code, ExcCode::TLBL);
  EXPECT_FALSE(invalid.tlbRefill);
  EXPECT_EQ(pa(m.cpu, 0x10004), 0x20004u);  // clean page: loads are fine
  const GuestException modified = faultOf(m.cpu, 0x10004, Access::Store);
  EXPECT_EQ(modified.code, ExcCode::Mod);
  EXPECT_EQ(modified.badVAddr, 0x10004u);
  m.cpu.writeCp0(kCp0EntryHi, 0, 8);  // another address space
  EXPECT_TRUE(faultOf(m.cpu, 0x10004, Access::Load).tlbRefill);
}

TEST(Mmu, ErlMakesKusegUnmappedAndUncached) {
  KernelMachine m;
  setStatus(m, k64 | status::ERL);
  EXPECT_EQ(pa(m.cpu, 0x12345678), 0x12345678u);
  EXPECT_EQ(pa(m.cpu, 0x7ffffff8, Access::Store), 0x7ffffff8u);
  EXPECT_TRUE(faultOf(m.cpu, 0x80000000ull, Access::Load).tlbRefill);  // xuseg above 2 GB stays mapped
  setStatus(m, k64);
  EXPECT_TRUE(faultOf(m.cpu, 0x12345678, Access::Load).tlbRefill);
}

TEST(Mmu, StoreToACleanPageRaisesModEvenAfterALoadCachedIt) {
  KernelMachine m;
  namespace e = enc;
  // ld-then-store program on va 0x10000 (clean, valid), from kseg0 code.
  m.cpu.tlb.write(0, 0, 0x10000, lo(0x20000, false, true), lo(0x21000, false, true));
  m.place(KernelMachine::kKseg0 + 0x1000, {e::lw(2, 0, 4), e::sw(2, 4, 4), e::kNop});
  m.cpu.gpr[4] = 0x10000;
  m.step(2);
  EXPECT_EQ(m.exceptions, 1);
  EXPECT_EQ(m.last.code, ExcCode::Mod);
  EXPECT_EQ(m.cpu.cp0.epc, KernelMachine::kKseg0 + 0x1004);
  EXPECT_EQ(m.cpu.cp0.badVAddr, 0x10004u);
  EXPECT_EQ(m.cpu.pc, KernelMachine::kKseg0 + 0x180);
  // Mark the page dirty (as a Mod handler would) and retry the store.
  m.cpu.tlb.write(0, 0, 0x10000, lo(0x20000, true, true), lo(0x21000, false, true));
  m.cpu.flushSoftTlb();
  m.cpu.writeCp0(kCp0Status, 0, k64);  // leave the handler
  m.cpu.gpr[2] = 0x5a5a;
  m.place(KernelMachine::kKseg0 + 0x1004, {e::sw(2, 4, 4)});
  m.step(1);
  EXPECT_EQ(m.exceptions, 1);
  uint32_t stored = 0;
  m.cpu.copyFromGuest(&stored, KernelMachine::kKseg0 + 0x20004, 4);
  EXPECT_EQ(stored, 0x5a5au);
}

TEST(Mmu, ChangingTheAsidDropsCachedTranslations) {
  KernelMachine m;
  namespace e = enc;
  m.cpu.writeCp0(kCp0EntryHi, 0, 1);
  m.cpu.tlb.write(0, 0, 0x10000 | 1, lo(0x20000, true, true), 0);
  m.cpu.copyToGuest(KernelMachine::kKseg0 + 0x20000, "\x11\x22\x33\x44", 4);
  m.cpu.gpr[4] = 0x10000;
  m.cpu.gpr[5] = 2;
  // lw (fills the soft TLB), mtc0 EntryHi := 2, lw again -> refill.
  m.place(KernelMachine::kKseg0 + 0x1000, {e::lw(2, 0, 4), e::mtc0(5, kCp0EntryHi), e::lw(3, 0, 4)});
  m.step(3);
  EXPECT_EQ(m.cpu.gpr[2], 0x44332211u);
  EXPECT_EQ(m.exceptions, 1);
  EXPECT_EQ(m.last.code, ExcCode::TLBL);
  EXPECT_TRUE(m.last.tlbRefill);
  EXPECT_EQ(m.cpu.cp0.epc, KernelMachine::kKseg0 + 0x1008);
}

TEST(Mmu, FlatUserModeKeepsItsOneToOneMap) {
  testing::TestMachine m;
  EXPECT_EQ(m.cpu.translate(0x120000000ull, Access::Load).value, 0x120000000ull);
  EXPECT_THROW(m.cpu.translate(uint64_t{1} << 44, Access::Load), GuestException);
}

}  // namespace
}  // namespace mips
