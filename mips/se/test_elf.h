// Test helper: builds small ELF64 MIPS executables in memory (either byte
// order), with hand-assembled code, for the loader and se-mode tests.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace mips::testing {

struct TestSegment {
  uint64_t vaddr = 0;
  uint32_t flags = 5;          // PF_R | PF_X
  std::vector<uint8_t> data;   // file bytes
  uint64_t memSize = 0;        // 0: same as data.size()
};

struct TestElf {
  bool bigEndian = false;
  uint16_t type = 2;     // ET_EXEC
  uint16_t machine = 8;  // EM_MIPS
  uint32_t flags = 0;
  uint64_t entry = 0;
  std::vector<TestSegment> segments;
  std::vector<uint32_t> extraPhdrTypes;  // program headers without content (e.g. PT_INTERP = 3)

  // Offsets of the pieces in the built file.
  static constexpr uint64_t kPhoff = 64, kPhentsize = 56;

  std::vector<uint8_t> build() const {
    const size_t phnum = segments.size() + extraPhdrTypes.size();
    uint64_t dataAt = (kPhoff + kPhentsize * phnum + 15) & ~uint64_t{15};
    std::vector<uint8_t> out(dataAt, 0);
    auto put = [&](size_t off, uint64_t v, unsigned size) {
      for (unsigned k = 0; k < size; ++k)
        out[off + k] = uint8_t(v >> (8 * (bigEndian ? size - 1 - k : k)));
    };
    std::memcpy(out.data(), "\x7f" "ELF", 4);
    out[4] = 2;
    out[5] = bigEndian ? 2 : 1;
    out[6] = 1;
    put(16, type, 2);
    put(18, machine, 2);
    put(20, 1, 4);
    put(24, entry, 8);
    put(32, kPhoff, 8);
    put(48, flags, 4);
    put(52, 64, 2);
    put(54, kPhentsize, 2);
    put(56, phnum, 2);
    size_t ph = kPhoff;
    for (const TestSegment& s : segments) {
      put(ph, 1, 4);
      put(ph + 4, s.flags, 4);
      put(ph + 8, dataAt, 8);
      put(ph + 16, s.vaddr, 8);
      put(ph + 24, s.vaddr, 8);
      put(ph + 32, s.data.size(), 8);
      put(ph + 40, s.memSize ? s.memSize : s.data.size(), 8);
      put(ph + 48, 0x1000, 8);
      out.resize(dataAt + s.data.size());
      std::memcpy(out.data() + dataAt, s.data.data(), s.data.size());
      dataAt = (dataAt + s.data.size() + 15) & ~uint64_t{15};
      out.resize(dataAt);
      ph += kPhentsize;
    }
    for (uint32_t t : extraPhdrTypes) {
      put(ph, t, 4);
      ph += kPhentsize;
    }
    return out;
  }
};

// Instruction words as bytes in the given byte order.
inline std::vector<uint8_t> code(const std::vector<uint32_t>& words, bool bigEndian) {
  std::vector<uint8_t> out;
  for (uint32_t w : words)
    for (unsigned k = 0; k < 4; ++k) out.push_back(uint8_t(w >> (8 * (bigEndian ? 3 - k : k))));
  return out;
}

// A few encodings for hand-written test programs.
namespace asm_ {
inline uint32_t addiu(unsigned rt, unsigned rs, int16_t imm) { return 0x24000000 | rs << 21 | rt << 16 | uint16_t(imm); }
inline uint32_t daddiu(unsigned rt, unsigned rs, int16_t imm) { return 0x64000000 | rs << 21 | rt << 16 | uint16_t(imm); }
inline uint32_t lui(unsigned rt, uint16_t imm) { return 0x3c000000 | rt << 16 | imm; }
inline uint32_t ori(unsigned rt, unsigned rs, uint16_t imm) { return 0x34000000 | rs << 21 | rt << 16 | imm; }
inline uint32_t lw(unsigned rt, int16_t off, unsigned base) { return 0x8c000000 | base << 21 | rt << 16 | uint16_t(off); }
inline uint32_t sw(unsigned rt, int16_t off, unsigned base) { return 0xac000000 | base << 21 | rt << 16 | uint16_t(off); }
inline uint32_t ld(unsigned rt, int16_t off, unsigned base) { return 0xdc000000 | base << 21 | rt << 16 | uint16_t(off); }
inline uint32_t sd(unsigned rt, int16_t off, unsigned base) { return 0xfc000000 | base << 21 | rt << 16 | uint16_t(off); }
inline uint32_t jr(unsigned rs) { return 0x00000008 | rs << 21; }
inline constexpr uint32_t kSyscall = 0x0000000c, kNop = 0;
// li reg, value (16-bit signed) as addiu reg, $zero, value.
inline uint32_t li(unsigned rt, int16_t v) { return addiu(rt, 0, v); }
// Loads a 32-bit positive address with lui/ori.
inline std::vector<uint32_t> la(unsigned rt, uint32_t addr) { return {lui(rt, uint16_t(addr >> 16)), ori(rt, rt, uint16_t(addr))}; }
}  // namespace asm_

// Writes bytes to a file.
inline void writeFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

}  // namespace mips::testing
