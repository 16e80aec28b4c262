// Tests of the CPU's clock and timing port: what a MemoryTiming is told
// (address, kind, cacheability, one fetch per I-cache line), how stalls move
// the clock and bound runUntil, Count following the clock, per-mode
// instruction counts, the decoded-code hooks of the Bus, and the stop when a
// CPU can make no progress.
#include <gtest/gtest.h>

#include <vector>

#include "mips/test_util.h"

namespace mips {
namespace {

using namespace testing;
using namespace testing::encode;

struct Report {
  uint64_t pa;
  Access access;
  bool uncached;
};

// Records every access and charges a fixed stall for each load/store.
struct RecordingTiming : MemoryTiming {
  std::vector<Report> reports;
  uint32_t dataStall = 0;
  uint32_t accessCycles(PhysAddr pa, Access access, bool uncached) override {
    reports.push_back({pa.value, access, uncached});
    return access == Access::Fetch ? 0 : dataStall;
  }
  std::vector<Report> of(Access a) const {
    std::vector<Report> r;
    for (const Report& x : reports)
      if (x.access == a) r.push_back(x);
    return r;
  }
};

constexpr uint64_t kKseg0 = 0xffffffff80000000ull;
constexpr unsigned kT0 = 8, kT1 = 9, kT2 = 10;

// lui rt, imm
constexpr uint32_t lui(unsigned rt, uint32_t imm) { return iType(0x0f, 0, rt, int32_t(imm & 0xffff)); }
constexpr uint32_t ld(unsigned rt, int32_t off, unsigned base) { return iType(0x37, base, rt, off); }
constexpr uint32_t sd(unsigned rt, int32_t off, unsigned base) { return iType(0x3f, base, rt, off); }

TEST(CpuTiming, LoadsAndStoresReportPhysicalAddressKindAndCacheability) {
  KernelMachine m;
  RecordingTiming timing;
  m.cpu.setMemoryTiming(&timing);
  // t0 = kseg0 0x80010000, t1 = kseg1 0xa0010000 (same physical page, uncached)
  m.place(kKseg0 + 0x1000, {lui(kT0, 0x8001), lui(kT1, 0xa001), lw(kT2, 8, kT0), sw(kT2, 16, kT1), lw(kT2, 8, kT0)});
  m.step(5);
  const auto loads = timing.of(Access::Load);
  const auto stores = timing.of(Access::Store);
  ASSERT_EQ(loads.size(), 2u);
  ASSERT_EQ(stores.size(), 1u);
  EXPECT_EQ(loads[0].pa, 0x10008u);
  EXPECT_FALSE(loads[0].uncached);
  EXPECT_EQ(stores[0].pa, 0x10010u);
  EXPECT_TRUE(stores[0].uncached);
  // The second load hits the software TLB and is still reported.
  EXPECT_EQ(loads[1].pa, 0x10008u);
  EXPECT_FALSE(loads[1].uncached);
}

TEST(CpuTiming, XkphysCacheAttributeDecidesCacheability) {
  KernelMachine m;
  RecordingTiming timing;
  m.cpu.setMemoryTiming(&timing);
  // xkphys with attribute 2 (uncached) and 3 (cacheable): 0x9000... and 0x9800...
  m.cpu.gpr[kT0] = 0x9000000000020000ull;
  m.cpu.gpr[kT1] = 0x9800000000020000ull;
  m.place(kKseg0 + 0x1000, {ld(kT2, 0, kT0), ld(kT2, 8, kT1)});
  m.step(2);
  const auto loads = timing.of(Access::Load);
  ASSERT_EQ(loads.size(), 2u);
  EXPECT_EQ(loads[0].pa, 0x20000u);
  EXPECT_TRUE(loads[0].uncached);
  EXPECT_EQ(loads[1].pa, 0x20008u);
  EXPECT_FALSE(loads[1].uncached);
}

TEST(CpuTiming, FetchIsReportedOncePerLineEntered) {
  KernelMachine m;
  RecordingTiming timing;
  m.cpu.setMemoryTiming(&timing);
  m.cpu.setFetchLineBytes(64);
  m.place(kKseg0 + 0x1000, std::vector<uint32_t>(40, kNop));  // 160 bytes: lines 0x1000, 0x1040, 0x1080
  m.step(40);
  const auto fetches = timing.of(Access::Fetch);
  ASSERT_EQ(fetches.size(), 3u);
  EXPECT_EQ(fetches[0].pa, 0x1000u);
  EXPECT_EQ(fetches[1].pa, 0x1040u);
  EXPECT_EQ(fetches[2].pa, 0x1080u);
  // Uncached code (kseg1) is fetched from memory for every instruction.
  timing.reports.clear();
  m.place(0xffffffffa0002000ull, std::vector<uint32_t>(5, kNop));
  m.step(5);
  EXPECT_EQ(timing.of(Access::Fetch).size(), 5u);
}

TEST(CpuTiming, StallsAdvanceTheClockAndBoundRunUntil) {
  KernelMachine m;
  RecordingTiming timing;
  timing.dataStall = 10;
  m.cpu.setMemoryTiming(&timing);
  // An endless loop of loads: lw; beq zero,zero,-2; nop (delay slot).
  m.cpu.gpr[kT0] = kKseg0 + 0x8000;
  m.place(kKseg0 + 0x1000, {lw(kT2, 0, kT0), beq(0, 0, -2), kNop});
  const StopReason why = m.cpu.runUntil(1000);
  EXPECT_EQ(why, StopReason::CycleLimit);
  const uint64_t loads = timing.of(Access::Load).size();
  EXPECT_EQ(m.cpu.stallCycles, loads * 10);
  EXPECT_EQ(m.cpu.cycles(), m.cpu.instret + m.cpu.stallCycles);
  // It stops as soon as the clock reaches the limit: at most one instruction's
  // stall beyond it.
  EXPECT_GE(m.cpu.cycles(), 1000u);
  EXPECT_LE(m.cpu.cycles(), 1000u + 10);
  // Three instructions and 10 stall cycles per iteration: about 13 cycles each.
  EXPECT_NEAR(double(m.cpu.instret), 1000.0 * 3 / 13, 4);
}

TEST(CpuTiming, CountFollowsTheClockIncludingStallsAndIdleTime) {
  KernelMachine m;
  RecordingTiming timing;
  timing.dataStall = 100;
  m.cpu.setMemoryTiming(&timing);
  m.cpu.gpr[kT0] = kKseg0 + 0x8000;
  m.place(kKseg0 + 0x1000, {lw(kT2, 0, kT0), lw(kT2, 0, kT0), mfc0(kT1, 9)});
  m.step(3);
  // Count = cycles / 2 at the mfc0: 2 instructions + 200 stall cycles before it.
  EXPECT_EQ(m.cpu.gpr[kT1], (2u + 200u) / 2);
  m.cpu.idleUntil(m.cpu.cycles() + 1000);
  EXPECT_EQ(m.cpu.idleCycles, 1000u);
  EXPECT_EQ(m.cpu.count(), uint32_t(m.cpu.cycles() / 2));
  m.cpu.idleUntil(5);  // the past: no effect
  EXPECT_EQ(m.cpu.idleCycles, 1000u);
}

TEST(CpuTiming, InstructionsAreCountedPerMode) {
  KernelMachine k;
  k.place(kKseg0 + 0x1000, {kNop, kNop, kNop});
  k.step(3);
  EXPECT_EQ(k.cpu.instructionsIn(Mode::Kernel), 3u);
  EXPECT_EQ(k.cpu.instructionsIn(Mode::User), 0u);
  TestMachine u;  // se mode: user mode
  u.place(0x10000, {kNop, kNop, kNop, kNop});
  u.step(4);
  EXPECT_EQ(u.cpu.instructionsIn(Mode::User), 4u);
  EXPECT_EQ(u.cpu.instructionsIn(Mode::Kernel), 0u);
  // A mode change closes the count of the mode left.
  u.cpu.writeCp0(kCp0Status, 0, status::KX | status::SX | status::UX);  // KSU = 0: kernel
  EXPECT_EQ(u.cpu.mode(), Mode::Kernel);
  u.place(0x10100, {kNop, kNop});
  u.step(2);
  EXPECT_EQ(u.cpu.instructionsIn(Mode::User), 4u);
  EXPECT_EQ(u.cpu.instructionsIn(Mode::Kernel), 2u);
}

// A bus that records the decoded-code hooks.
struct HookRam : FlatRam {
  std::vector<uint64_t> decoded, written;
  void codePageDecoded(Cpu&, PhysAddr page) override { decoded.push_back(page.value); }
  bool pageWritten(Cpu&, PhysAddr addr, uint64_t size) override {
    written.push_back(addr.value);
    sizes.push_back(size);
    return othersMayWrite;
  }
  std::vector<uint64_t> sizes;
  bool othersMayWrite = true;
};

TEST(CpuTiming, BusHearsOfDecodedPagesAndOfWritesToThem) {
  HookRam ram;
  Cpu cpu(ram, false);
  cpu.writeCp0(kCp0Status, 0, status::KX | status::SX | status::UX);
  cpu.gpr[kT0] = kKseg0 + 0x5000;
  placeWords(cpu, kKseg0 + 0x1000, {sw(0, 0, kT0), sw(0, 4, kT0), kNop});
  ram.written.clear();  // placing the code wrote the page
  ram.sizes.clear();
  cpu.run(3);
  EXPECT_EQ(ram.decoded, std::vector<uint64_t>{0x1000});
  // One slow-path store opens the fast path for the data page: one report.
  EXPECT_EQ(ram.written, std::vector<uint64_t>{0x5000});
  EXPECT_EQ(ram.sizes, std::vector<uint64_t>{4});
  // Another agent decoded 0x5000: the CPU's next store must come back through
  // the bus, and while the bus says others hold code there, every store does.
  cpu.revokeFastWrites(PhysAddr(0x5000));
  ram.othersMayWrite = false;
  placeWords(cpu, kKseg0 + 0x1100, {sw(0, 8, kT0), sw(0, 12, kT0), kNop});
  ram.written.clear();
  cpu.run(3);
  EXPECT_EQ(ram.written, (std::vector<uint64_t>{0x5008, 0x500c}));
}

TEST(CpuTiming, StoresNextToCodeResetOnlyTheOverwrittenInstructions) {
  KernelMachine m;
  // Code and data in one page: the loop stores into the word after its own
  // code, then the code right after the store is patched and must run as patched.
  m.cpu.gpr[kT0] = kKseg0 + 0x1100;  // data word in the code page
  m.place(kKseg0 + 0x1000, {sw(kT2, 0, kT0), addiu(kT1, kT1, 1), kNop});
  m.cpu.gpr[kT2] = 7;
  m.step(3);
  EXPECT_EQ(m.cpu.gpr[kT1], 1u);
  // Now overwrite the addiu (at 0x1004) with addiu t1, t1, 5 through a store
  // from the running program, and run it again.
  m.cpu.gpr[kT0] = kKseg0 + 0x1004;
  m.cpu.gpr[kT2] = addiu(kT1, kT1, 5);
  m.cpu.pc = kKseg0 + 0x1000;
  m.cpu.npc = kKseg0 + 0x1004;
  m.step(3);
  EXPECT_EQ(m.cpu.gpr[kT1], 6u);
}

// RAM everywhere except the low page that holds the exception vectors.
struct NoVectorRam : FlatRam {
  PageMapping mapPage(PhysAddr page) override { return page.value == 0 ? PageMapping{} : FlatRam::mapPage(page); }
};

TEST(CpuTiming, ExceptionsWithoutProgressStopTheCpu) {
  NoVectorRam ram;
  Cpu cpu(ram, false);
  cpu.writeCp0(kCp0Status, 0, status::KX | status::SX | status::UX);
  placeWords(cpu, kKseg0 + 0x1000, {kSyscall});
  // syscall -> vector 0x80000180 has no memory -> bus error -> vector -> ...
  const StopReason why = cpu.runUntil(1'000'000);
  EXPECT_EQ(why, StopReason::Stuck);
  ASSERT_NE(cpu.stuckReason(), nullptr);
  EXPECT_NE(std::string(cpu.stuckReason()).find("exception vector"), std::string::npos);
}

}  // namespace
}  // namespace mips

namespace mips {
namespace {

// A jump to a misaligned address in the page being executed must raise AdEL
// at the target (the decoded-page fast path used to ignore the low bits).
TEST(CpuFetch, MisalignedTargetInTheCurrentPageRaisesAdEL) {
  using namespace testing;
  using namespace testing::encode;
  KernelMachine m;
  m.stopOnException = true;
  const uint64_t target = 0xffffffff80001012ull;  // same page, not word aligned
  m.cpu.gpr[8] = target;
  // jr t0 ; nop
  m.place(0xffffffff80001000ull, {(8u << 21) | 0x08, kNop, kNop, kNop, kNop, kNop});
  m.step(3);
  ASSERT_EQ(m.exceptions, 1);
  EXPECT_EQ(m.last.code, ExcCode::AdEL);
  EXPECT_EQ(m.cpu.cp0.badVAddr, target);
  EXPECT_EQ(m.cpu.cp0.epc, target);
}

}  // namespace
}  // namespace mips
