// Floating-point coprocessor (CP1) state in the FR=1 model of the n64 ABI:
// 32 independent 64-bit registers, FIR (CP1 register 0) and FCSR (register 31).
// Semantics live in isa_fpu.cc (host arithmetic helpers in fpu_ops.h); the
// model, its sources and its limits are described in docs/fpu.md.
#pragma once

#include <cstdint>

namespace mips {

namespace fcsr {
inline constexpr uint32_t RM_MASK = 3;  // 0 nearest, 1 toward zero, 2 +inf, 3 -inf
inline constexpr unsigned FLAGS_SHIFT = 2;   // I U O Z V (sticky)
inline constexpr unsigned ENABLES_SHIFT = 7; // I U O Z V
inline constexpr unsigned CAUSE_SHIFT = 12;  // I U O Z V E
inline constexpr uint32_t FLAG_I = 1, FLAG_U = 2, FLAG_O = 4, FLAG_Z = 8, FLAG_V = 16, CAUSE_E = 32;
inline constexpr uint32_t CC0 = 1u << 23;  // condition code 0; cc1..7 are bits 25..31
inline constexpr uint32_t FS = 1u << 24;   // flush denormal results to zero
// Bits a ctc1 to register 31 can change (QEMU's MIPS64R2-generic mask: bits
// 18..22, NAN2008/ABS2008 and unused, read as zero).
inline constexpr uint32_t WRITABLE = 0xff83ffff;
}  // namespace fcsr

// FIR of the R10000: implementation 0x09, revision 0.0 (R10000 User's Manual,
// FPU implementation/revision register). QEMU's MIPS64R2-generic reports
// 0x007f0000 (the MIPS64 F64/L/W/3D/PS/D/S capability bits) instead.
inline constexpr uint32_t kFirR10000 = 0x00000900;

struct FpuState {
  uint64_t fpr[32] = {};
  uint32_t fcsr = 0;
  uint32_t fir = kFirR10000;  // read-only to the guest

  // Condition code n (0..7): cc0 is FCSR bit 23, ccN bit 24+N.
  static constexpr uint32_t condBit(unsigned n) { return n == 0 ? fcsr::CC0 : 1u << (24 + n); }
  bool cond(unsigned n) const { return fcsr & condBit(n); }
  void setCond(unsigned n, bool value) { fcsr = value ? fcsr | condBit(n) : fcsr & ~condBit(n); }
};

}  // namespace mips
