// Helpers for CPU unit tests: a flat RAM bus and a way to run a few
// hand-assembled instructions.
#pragma once

#include <cstring>
#include <map>
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

// A CPU in se mode's flat user space with a program placed at `base`.
struct TestMachine {
  FlatRam ram;
  Cpu cpu;
  explicit TestMachine(bool bigEndian = false) : cpu(ram, bigEndian) { cpu.enterUserFlatMode(); }

  void place(uint64_t base, const std::vector<uint32_t>& words) {
    for (size_t k = 0; k < words.size(); ++k) {
      uint32_t w = cpu.bigEndian ? byteSwap(words[k]) : words[k];
      cpu.copyToGuest(base + 4 * k, &w, 4);
    }
    cpu.pc = base;
    cpu.npc = base + 4;
  }
  // Runs exactly n instructions.
  void step(uint64_t n) { cpu.run(n); }
};

}  // namespace mips::testing
