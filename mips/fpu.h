// Floating-point coprocessor (CP1) state in the FR=1 model of the n64 ABI:
// 32 independent 64-bit registers, FIR (CP1 register 0) and FCSR (register 31).
// Semantics live in isa_fpu.cc.
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
inline constexpr uint32_t FS = 1u << 24;   // flush denormals to zero
}  // namespace fcsr

struct FpuState {
  uint64_t fpr[32] = {};
  uint32_t fcsr = 0;
  uint32_t fir = 0;  // implementation/revision, set at reset in isa_fpu.cc
};

}  // namespace mips
