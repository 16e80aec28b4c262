// Helpers for CPU unit tests: a flat RAM bus and a way to run a few
// hand-assembled instructions.
#pragma once

#include <cstring>
#include <map>
#include <optional>
#include <vector>

#include "mips/cpu.h"

namespace mips::testing {

// A bus with RAM pages allocated on first use (all permissions), for tests.
class FlatRam : public Bus {
 public:
  PageMapping mapPage(PhysAddr pageBase) override {
    auto& page = pages_[pageBase.value];
    if (page.empty()) page.assign(kPageSize, 0);
    return {page.data(), kPermRWX};
  }

 private:
  std::map<uint64_t, std::vector<uint8_t>> pages_;
};

// Writes instruction words at va (in the CPU's byte order) and points pc there.
inline void placeWords(Cpu& cpu, uint64_t va, const std::vector<uint32_t>& words) {
  for (size_t k = 0; k < words.size(); ++k) {
    const uint32_t w = cpu.bigEndian ? byteSwap(words[k]) : words[k];
    cpu.copyToGuest(va + 4 * k, &w, 4);
  }
  cpu.pc = va;
  cpu.npc = va + 4;
}

// A CPU in se mode's flat user space with a program placed at `base`.
struct TestMachine {
  FlatRam ram;
  Cpu cpu;
  explicit TestMachine(bool bigEndian = false) : cpu(ram, bigEndian) { cpu.enterUserFlatMode(); }

  void place(uint64_t base, const std::vector<uint32_t>& words) {
    placeWords(cpu, base, words);
  }
  // Runs exactly n instructions.
  void step(uint64_t n) { cpu.run(n); }
};

// Hand encoders for the few instructions the CP0/TLB/exception tests use.
namespace encode {
constexpr uint32_t iType(uint32_t op, unsigned rs, unsigned rt, int32_t imm) {
  return (op << 26) | (rs << 21) | (rt << 16) | (uint32_t(imm) & 0xffff);
}
constexpr uint32_t addiu(unsigned rt, unsigned rs, int32_t imm) { return iType(0x09, rs, rt, imm); }
constexpr uint32_t daddiu(unsigned rt, unsigned rs, int32_t imm) { return iType(0x19, rs, rt, imm); }
constexpr uint32_t lw(unsigned rt, int32_t off, unsigned base) { return iType(0x23, base, rt, off); }
constexpr uint32_t sw(unsigned rt, int32_t off, unsigned base) { return iType(0x2b, base, rt, off); }
constexpr uint32_t beq(unsigned rs, unsigned rt, int32_t words) { return iType(0x04, rs, rt, words); }
constexpr uint32_t mfc0(unsigned rt, unsigned rd) { return 0x40000000 | (rt << 16) | (rd << 11); }
constexpr uint32_t dmfc0(unsigned rt, unsigned rd) { return 0x40200000 | (rt << 16) | (rd << 11); }
constexpr uint32_t mtc0(unsigned rt, unsigned rd) { return 0x40800000 | (rt << 16) | (rd << 11); }
constexpr uint32_t dmtc0(unsigned rt, unsigned rd) { return 0x40a00000 | (rt << 16) | (rd << 11); }
constexpr uint32_t cache(unsigned op, int32_t off, unsigned base) { return iType(0x2f, base, op, off); }
constexpr uint32_t kNop = 0, kTlbr = 0x42000001, kTlbwi = 0x42000002, kTlbwr = 0x42000006, kTlbp = 0x42000008,
                   kEret = 0x42000018, kWait = 0x42000020, kSyscall = 0x0000000c;
}  // namespace encode

// A CPU in kernel mode on a RAM bus, for CP0/TLB/exception tests: Status is
// KX|SX|UX (64-bit addressing everywhere), EXL/ERL/BEV clear, so the
// exception vectors are at 0xffffffff80000000 (physical 0). Programs are
// placed in kseg0. With stopOnException, run() stops right after an exception
// is delivered (pc at the vector) and `last` records it.
struct KernelMachine : CpuHooks {
  static constexpr uint64_t kKseg0 = 0xffffffff80000000ull;
  FlatRam ram;
  Cpu cpu;
  bool stopOnException = true;
  int exceptions = 0;
  GuestException last{ExcCode::Int};

  explicit KernelMachine(bool bigEndian = false) : cpu(ram, bigEndian) {
    cpu.hooks = this;
    cpu.writeCp0(kCp0Status, 0, status::KX | status::SX | status::UX);
  }
  bool onException(Cpu& c, const GuestException& e) override {
    ++exceptions;
    last = e;
    if (stopOnException) c.requestStop();
    return false;  // deliver it through CP0
  }
  // Writes words at a kseg0 (or other kernel-visible) address and points pc there.
  void place(uint64_t va, const std::vector<uint32_t>& words) {
    placeWords(cpu, va, words);
  }
  StopReason step(uint64_t n) { return cpu.run(n); }
};

// Records the first guest exception and stops the CPU there.
struct ExceptionCatcher : CpuHooks {
  std::optional<ExcCode> code;
  bool onException(Cpu& c, const GuestException& e) override {
    if (!code) code = e.code;
    c.requestStop();
    return true;
  }
};

// An EntryLo image mapping physical address pa (cacheable noncoherent, C=3).
inline uint64_t entryLo(uint64_t pa, bool dirty, bool valid) {
  return ((pa >> 12) << 6) | (3u << 3) | (dirty ? 4 : 0) | (valid ? 2 : 0);
}

}  // namespace mips::testing
