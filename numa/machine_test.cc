// Tests of the machine as a whole, with tiny hand-assembled kernels: the boot
// contract (registers, boot block, status), miss latencies seen by a running
// CPU (local, remote, functional mode), the time breakdown adding up,
// determinism, the idle stop, and clear errors for kernels and disks that
// cannot be set up.
#include "numa/machine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "mips/se/test_elf.h"
#include "mips/test_util.h"
#include "numa/device_map.h"
#include "numa/memory_system.h"
#include "numa/stats.h"

namespace numa {
namespace {

using mips::testing::encode::iType;
using mips::testing::encode::kNop;

// MIPS encoders for the few instructions these kernels use.
constexpr uint32_t lui(unsigned rt, uint32_t imm) { return iType(0x0f, 0, rt, int32_t(imm & 0xffff)); }
constexpr uint32_t addiu(unsigned rt, unsigned rs, int32_t imm) { return iType(0x09, rs, rt, imm); }
constexpr uint32_t daddiu(unsigned rt, unsigned rs, int32_t imm) { return iType(0x19, rs, rt, imm); }
constexpr uint32_t ld(unsigned rt, int32_t off, unsigned base) { return iType(0x37, base, rt, off); }
constexpr uint32_t sd(unsigned rt, int32_t off, unsigned base) { return iType(0x3f, base, rt, off); }
constexpr uint32_t bne(unsigned rs, unsigned rt, int32_t words) { return iType(0x05, rs, rt, words); }
constexpr uint32_t beq(unsigned rs, unsigned rt, int32_t words) { return iType(0x04, rs, rt, words); }
constexpr uint32_t dsll32(unsigned rd, unsigned rt, unsigned sa) { return (rt << 16) | (rd << 11) | (sa << 6) | 0x3c; }
constexpr uint32_t daddu(unsigned rd, unsigned rs, unsigned rt) { return (rs << 21) | (rt << 16) | (rd << 11) | 0x2d; }
constexpr uint32_t kWait = 0x42000020;

enum : unsigned { zero = 0, a0 = 4, a1 = 5, a2 = 6, t0 = 8, t1 = 9, t2 = 10, t3 = 11, sp = 29 };
constexpr uint64_t kEntry = 0xffffffff80001000ull;

// Power off with the value in register `reg` (uses t1), then spin.
std::vector<uint32_t> powerOff(unsigned reg) {
  return {lui(t1, 0xbf00), sd(reg, SYS_BASE + SYS_POWER_OFF, t1), beq(zero, zero, -1), kNop};
}

// Writes a kernel made of `code` at kEntry to a temporary file; returns its path.
std::string writeKernel(const std::vector<uint32_t>& code, const std::string& name, bool bigEndian = false) {
  mips::testing::TestElf elf;
  elf.bigEndian = bigEndian;
  elf.entry = kEntry;
  std::vector<uint8_t> bytes;
  for (uint32_t w : code)
    for (unsigned k = 0; k < 4; ++k) bytes.push_back(uint8_t(w >> (bigEndian ? 8 * (3 - k) : 8 * k)));
  elf.segments.push_back({kEntry, 5, bytes, 0});
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("disco_machine_test_" + std::to_string(::getpid()) + "_" + name))
                               .string();
  mips::testing::writeFile(path, elf.build());
  return path;
}

uint64_t readWord(Machine& m, uint64_t machineAddr, bool bigEndian = false) {
  const uint8_t* p = m.hostAddress(MachineAddr(machineAddr), 8);
  EXPECT_NE(p, nullptr);
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; ++i) v |= uint64_t(p[i]) << (bigEndian ? 8 * (7 - i) : 8 * i);
  return v;
}

MachineConfig preset(const std::string& name) { return loadMachineConfig(name); }

TEST(Machine, BootContractRegistersBlockAndPowerOffStatus) {
  for (bool big : {false, true}) {
    // Store a0, a1, a2 and sp at kseg0 0x80010000, then power off with 42.
    std::vector<uint32_t> code = {lui(t0, 0x8001), sd(a0, 0, t0), sd(a1, 8, t0), sd(a2, 16, t0), sd(sp, 24, t0),
                                  addiu(t2, zero, 42)};
    for (uint32_t w : powerOff(t2)) code.push_back(w);
    const std::string kernel = writeKernel(code, big ? "boot_eb" : "boot_el", big);
    std::ostringstream console;
    Machine m(preset("tiny2"), console);
    m.loadKernel(kernel, "root=/dev/disk0 quiet");
    const RunResult r = m.run({});
    EXPECT_EQ(r.end, RunEnd::PowerOff) << r.message;
    EXPECT_EQ(r.exitStatus, 42);
    const uint64_t blockVa = readWord(m, 0x10000, big);
    EXPECT_EQ(readWord(m, 0x10008, big), 0u);  // a1: CPU 0
    EXPECT_EQ(readWord(m, 0x10010, big), 2u);  // a2: tiny2 has 2 CPUs
    // The block sits on the page after the kernel (one page of code at 0x1000).
    EXPECT_EQ(blockVa, 0xffffffff80002000ull);
    EXPECT_EQ(readWord(m, 0x10018, big), 0xffffffff80002000ull + 0x1000 + BOOT_STACK_BYTES);  // sp
    const uint64_t block = 0x2000;
    EXPECT_EQ(readWord(m, block + BOOT_MAGIC, big), BOOT_MAGIC_VALUE);
    EXPECT_EQ(readWord(m, block + BOOT_VERSION, big), 1u);
    EXPECT_EQ(readWord(m, block + BOOT_NUM_CPUS, big), 2u);
    EXPECT_EQ(readWord(m, block + BOOT_NUM_NODES, big), 2u);
    EXPECT_EQ(readWord(m, block + BOOT_MEMORY_PER_NODE, big), uint64_t{8} << 20);
    EXPECT_EQ(readWord(m, block + BOOT_CPU_HZ, big), 200000000u);
    EXPECT_EQ(readWord(m, block + BOOT_FIRST_FREE, big), 0x3000u + BOOT_STACK_BYTES);
    EXPECT_EQ(readWord(m, block + BOOT_KERNEL_START, big), 0x1000u);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(m.hostAddress(MachineAddr(block + BOOT_CMDLINE), 1))),
              "root=/dev/disk0 quiet");
    // CPU 1 was never released: all its time is idle.
    const CpuTimes held = m.cpuTimes(1);
    EXPECT_EQ(held.instructions, 0u);
    EXPECT_EQ(held.idle, held.total());
    std::filesystem::remove(kernel);
  }
}

// A kernel that loads `count` distinct L2 lines starting at machine address
// node << 32 (through xkphys, cached), then powers off with 0.
std::vector<uint32_t> missLoop(unsigned node, int count, int stride) {
  std::vector<uint32_t> code = {
      lui(t0, 0x9800), dsll32(t0, t0, 0),                     // t0 = 0x9800000000000000 (xkphys, cacheable)
      addiu(t1, zero, int32_t(node)), dsll32(t1, t1, 0),      // t1 = node << 32
      daddu(t0, t0, t1), lui(t1, 0x0010), daddu(t0, t0, t1),  // + 1 MB: away from the kernel
      addiu(t3, zero, count),
      // loop:
      ld(t2, 0, t0), daddiu(t0, t0, stride), addiu(t3, t3, -1), bne(t3, zero, -4), kNop,
      addiu(t2, zero, 0)};
  for (uint32_t w : powerOff(t2)) code.push_back(w);
  return code;
}

TEST(Machine, RemoteAndLocalMissesCostTheConfiguredLatency) {
  MachineConfig config = preset("flash8");
  const Cycles local = config.cyclesFromNs(config.memory.local_latency_ns);
  const Cycles remote = config.cyclesFromNs(config.memory.remote_latency_ns);
  ASSERT_EQ(local, 60u);    // 300 ns at 200 MHz
  ASSERT_EQ(remote, 180u);  // 900 ns at 200 MHz
  const int count = 200;
  for (unsigned node : {0u, 3u}) {
    const std::string kernel = writeKernel(missLoop(node, count, 128), "miss" + std::to_string(node));
    std::ostringstream console;
    Machine m(config, console);
    m.loadKernel(kernel, "");
    const RunResult r = m.run({});
    ASSERT_EQ(r.end, RunEnd::PowerOff) << r.message;
    const CacheCpuStats& s = m.memorySystem()->cpuStats(0);
    const CpuTimes t = m.cpuTimes(0);
    if (node == 0) {
      EXPECT_EQ(s.remoteMisses, 0u);
      EXPECT_EQ(t.stallRemote, 0u);
      EXPECT_GE(s.localMisses, uint64_t(count));
      // Every data line costs the local latency; code misses are local too.
      EXPECT_GE(t.stallLocal, count * local);
    } else {
      EXPECT_EQ(s.remoteMisses, uint64_t(count));
      EXPECT_EQ(t.stallRemote, count * remote);
    }
    EXPECT_EQ(t.total(), m.cpu(0).cycles());
    std::filesystem::remove(kernel);
  }
}

TEST(Machine, FunctionalTimingHasNoStalls) {
  MachineConfig config = preset("flash8");
  config.sim.timing = "functional";
  const std::string kernel = writeKernel(missLoop(3, 100, 128), "functional");
  std::ostringstream console;
  Machine m(config, console);
  m.loadKernel(kernel, "");
  ASSERT_EQ(m.run({}).end, RunEnd::PowerOff);
  const CpuTimes t = m.cpuTimes(0);
  EXPECT_EQ(t.stallLocal + t.stallRemote, 0u);
  EXPECT_EQ(t.kernel, t.instructions);
  EXPECT_EQ(m.cpu(0).cycles(), t.instructions);
  std::filesystem::remove(kernel);
}

TEST(Machine, SameConfigurationSameResults) {
  const std::string kernel = writeKernel(missLoop(5, 300, 64), "determinism");
  auto runOnce = [&] {
    std::ostringstream console;
    Machine m(preset("flash8"), console);
    m.loadKernel(kernel, "");
    m.run({});
    std::string text;
    std::istringstream lines(m.stats().formatText());
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("host/", 0) != 0) text += line + "\n";  // host time differs, the rest may not
    return text;
  };
  const std::string first = runOnce();
  EXPECT_NE(first.find("cpu/0/cache/remote_misses"), std::string::npos);
  EXPECT_EQ(first, runOnce());
  std::filesystem::remove(kernel);
}

TEST(Machine, WaitingForeverEndsTheRunWithAMessage) {
  const std::string kernel = writeKernel({kWait, beq(zero, zero, -2), kNop}, "idle");
  std::ostringstream console;
  Machine m(preset("tiny2"), console);
  m.loadKernel(kernel, "");
  const RunResult r = m.run({});
  EXPECT_EQ(r.end, RunEnd::Idle);
  EXPECT_NE(r.message.find("nothing can wake"), std::string::npos) << r.message;
  std::filesystem::remove(kernel);
}

TEST(Machine, LimitsEndTheRun) {
  const std::string kernel = writeKernel({beq(zero, zero, -1), kNop}, "spin");
  std::ostringstream console;
  Machine m(preset("tiny2"), console);
  m.loadKernel(kernel, "");
  RunLimits limits;
  limits.maxInstructions = 100000;
  const RunResult r = m.run(limits);
  EXPECT_EQ(r.end, RunEnd::InstructionLimit);
  EXPECT_GE(m.totalInstructions(), 100000u);
  RunLimits cycles;
  cycles.maxCycles = m.globalTime() + 50000;
  EXPECT_EQ(m.run(cycles).end, RunEnd::CycleLimit);
  std::filesystem::remove(kernel);
}

// The message of the MachineError loadKernel throws for a kernel with one
// segment at `vaddr` of `bytes`.
std::string kernelError(uint64_t vaddr, uint64_t bytes, const std::string& preset = "tiny2") {
  mips::testing::TestElf elf;
  elf.entry = vaddr;
  elf.segments.push_back({vaddr, 5, std::vector<uint8_t>(16, 0), bytes});
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("disco_machine_test_" + std::to_string(::getpid()) + "_bad")).string();
  mips::testing::writeFile(path, elf.build());
  std::ostringstream console;
  Machine m(loadMachineConfig(preset), console);
  try {
    m.loadKernel(path, "");
  } catch (const MachineError& e) {
    std::filesystem::remove(path);
    return e.what();
  }
  std::filesystem::remove(path);
  return "";
}

TEST(Machine, KernelsThatCannotBePlacedAreRefusedByName) {
  EXPECT_NE(kernelError(0x120000000ull, 0x1000).find("not in an unmapped kernel segment"), std::string::npos);
  EXPECT_NE(kernelError(0xffffffff9f000000ull, 0x1000).find("overlaps node 0's device window"), std::string::npos);
  EXPECT_NE(kernelError(0xffffffff80001000ull, 64u << 20).find("does not fit in node 0's 8 MB"), std::string::npos);
  EXPECT_NE(kernelError(0x9800000100000000ull, 0x1000).find("lands on node 1"), std::string::npos);
  // Room for the kernel but not for the boot block and stack after it.
  EXPECT_NE(kernelError(0xffffffff80001000ull, (8u << 20) - 0x2000).find("no room for the boot block"),
            std::string::npos);
  EXPECT_EQ(kernelError(0xffffffff80001000ull, 0x1000), "");
}

TEST(Machine, MissingFilesAreRefusedByName) {
  std::ostringstream console;
  Machine m(preset("tiny2"), console);
  try {
    m.loadKernel("/nonexistent/kernel.elf", "");
    ADD_FAILURE() << "loaded a missing kernel";
  } catch (const MachineError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/kernel.elf"), std::string::npos);
  }
  Machine withDisk(preset("tiny2"), console);
  withDisk.attachDisk("/nonexistent/disk.img");
  const std::string kernel = writeKernel(powerOff(zero), "disk");
  try {
    withDisk.loadKernel(kernel, "");
    ADD_FAILURE() << "accepted a missing disk image";
  } catch (const MachineError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/disk.img"), std::string::npos);
  }
  std::filesystem::remove(kernel);
}

}  // namespace
}  // namespace numa
