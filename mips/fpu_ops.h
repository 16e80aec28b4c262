// Host floating-point execution for the FPU instructions (isa_fpu.cc).
//
// Each guest IEEE operation runs as one host float/double operation. Two paths:
//  - fast (round to nearest, no FS, an ordinary result): the host's default
//    mode already rounds right, and the only exception possible, Inexact, is
//    found without the host flags by an exactness test (TwoSum for sums, odd
//    significands for products, quotients and roots; see the exact* helpers).
//    Reading MXCSR costs ~40 cycles on some hosts (stmxcsr waits for the FP
//    pipeline), more than the whole instruction otherwise.
//  - slow (anything else): the operation runs under the guest's rounding mode
//    and the host's exception flags are read back as MIPS Cause bits (on
//    x86-64 ldmxcsr before, stmxcsr after; other hosts use <cfenv>).
// The MIPS-specific rules the host does not know (legacy NaN
// encoding, QEMU's default-NaN results, FCSR.FS flushing) are applied on top in
// isa_fpu.cc. The host's default environment (round to nearest, all exceptions
// masked, no flush-to-zero) is in force whenever no guest operation runs.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "mips/fpu.h"

#if defined(__SSE2__)
#include <xmmintrin.h>
#define MIPS_FPU_HOST_SSE 1
#else
#include <cfenv>
#endif

namespace mips::fpops {

// Keeps the compiler from moving the computation of v across the rounding-mode
// and flag accesses around it (GCC does not implement FENV_ACCESS).
template <typename T>
inline void pin(T& v) {
#if defined(__x86_64__) || defined(__i386__)
  if constexpr (std::is_floating_point_v<T>) asm volatile("" : "+x"(v));
  else asm volatile("" : "+r"(v));
#elif defined(__aarch64__)
  if constexpr (std::is_floating_point_v<T>) asm volatile("" : "+w"(v));
  else asm volatile("" : "+r"(v));
#else
  volatile T copy = v;
  v = copy;
#endif
}

#if MIPS_FPU_HOST_SSE
inline constexpr uint32_t kDefaultMxcsr = 0x1f80;  // all exceptions masked, nearest, no FTZ/DAZ
// MXCSR.RC for FCSR.RM 0 nearest, 1 toward zero, 2 +inf, 3 -inf.
inline constexpr uint32_t kMxcsrRounding[4] = {0u << 13, 3u << 13, 2u << 13, 1u << 13};

// MIPS I U O Z V bits for the MXCSR flags IE DE ZE OE UE PE (DE has no MIPS counterpart).
constexpr uint32_t mipsFlagsOf(uint32_t mx) {
  return ((mx & 0x01) ? fcsr::FLAG_V : 0) | ((mx & 0x04) ? fcsr::FLAG_Z : 0) |
         ((mx & 0x08) ? fcsr::FLAG_O : 0) | ((mx & 0x10) ? fcsr::FLAG_U : 0) |
         ((mx & 0x20) ? fcsr::FLAG_I : 0);
}
inline constexpr auto kMipsFlags = [] {
  struct Table { uint8_t v[64]; } t{};
  for (uint32_t mx = 0; mx < 64; ++mx) t.v[mx] = uint8_t(mipsFlagsOf(mx));
  return t;
}();

// Enters the guest rounding mode with all host flags clear.
inline void begin(uint32_t rm) { _mm_setcsr(kDefaultMxcsr | kMxcsrRounding[rm]); }
// Returns the exceptions raised since begin(), as MIPS flag bits, and restores
// the default host environment.
inline uint32_t end(uint32_t rm) {
  const uint32_t raised = kMipsFlags.v[_mm_getcsr() & 0x3f];
  if (rm != 0) _mm_setcsr(kDefaultMxcsr);
  return raised;
}
#else
inline constexpr int kFenvRounding[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
inline void begin(uint32_t rm) {
  std::feclearexcept(FE_ALL_EXCEPT);
  if (rm != 0) std::fesetround(kFenvRounding[rm]);
}
inline uint32_t end(uint32_t rm) {
  const int raised = std::fetestexcept(FE_ALL_EXCEPT);
  if (rm != 0) std::fesetround(FE_TONEAREST);
  return ((raised & FE_INVALID) ? fcsr::FLAG_V : 0) | ((raised & FE_DIVBYZERO) ? fcsr::FLAG_Z : 0) |
         ((raised & FE_OVERFLOW) ? fcsr::FLAG_O : 0) | ((raised & FE_UNDERFLOW) ? fcsr::FLAG_U : 0) |
         ((raised & FE_INEXACT) ? fcsr::FLAG_I : 0);
}
#endif

// Runs op(args...) on the host under rounding mode rm; `raised` receives the
// IEEE exceptions it signalled as MIPS flag bits.
template <typename Op, typename... Args>
inline auto run(uint32_t rm, uint32_t& raised, Op op, Args... args) {
  begin(rm);
  (pin(args), ...);
  auto result = op(args...);
  pin(result);
  raised = end(rm);
  return result;
}

// ---- the MIPS legacy encoding of special values ----

template <typename T>
struct Format;
template <>
struct Format<float> {
  using Bits = uint32_t;
  static constexpr Bits kQuietBit = Bits{1} << 22;       // set means signalling on the R10000
  static constexpr Bits kDefaultNaN = 0x7fbfffff;
  static constexpr Bits kMinNormal = 0x00800000;
};
template <>
struct Format<double> {
  using Bits = uint64_t;
  static constexpr Bits kQuietBit = Bits{1} << 51;
  static constexpr Bits kDefaultNaN = 0x7ff7ffffffffffffull;
  static constexpr Bits kMinNormal = 0x0010000000000000ull;
};

template <typename T>
constexpr auto bitsOf(T v) { return std::bit_cast<typename Format<T>::Bits>(v); }

template <typename T>
constexpr bool isNaN(T v) { return v != v; }

// Legacy MIPS NaNs: the top fraction bit SET marks a signalling NaN (the
// opposite of IEEE 754-2008 and of x86).
template <typename T>
constexpr bool isSignallingNaN(T v) {
  return isNaN(v) && (bitsOf(v) & Format<T>::kQuietBit);
}

template <typename T>
constexpr T defaultNaN() { return std::bit_cast<T>(Format<T>::kDefaultNaN); }

// A nonzero value below the smallest normal number.
template <typename T>
constexpr bool isDenormal(T v) {
  const auto magnitude = bitsOf(v) & ~(typename Format<T>::Bits{1} << (sizeof(T) * 8 - 1));
  return magnitude != 0 && magnitude < Format<T>::kMinNormal;
}

// The significand of a finite nonzero value as an integer, trailing zeros
// removed. Two such values are equal up to a power of two iff these match.
template <typename T>
constexpr uint64_t oddSignificand(T v) {
  constexpr unsigned kFractionBits = sizeof(T) == 8 ? 52 : 23;
  constexpr uint64_t kExponentMask = sizeof(T) == 8 ? 0x7ff : 0xff;
  const uint64_t bits = bitsOf(v);
  uint64_t m = bits & ((uint64_t{1} << kFractionBits) - 1);
  if ((bits >> kFractionBits) & kExponentMask) m |= uint64_t{1} << kFractionBits;  // normal: hidden bit
  return m >> std::countr_zero(m);
}

// Whether x * y == z exactly, for finite nonzero x, y, z where z is within a
// rounding error of x * y: then equality up to a power of two is equality.
template <typename T>
constexpr bool exactProduct(T x, T y, T z) {
  __extension__ using Wide = unsigned __int128;  // 53 + 53 bits
  return Wide(oddSignificand(x)) * oddSignificand(y) == oddSignificand(z);
}

// Whether r == a + b exactly, r being the round-to-nearest sum (Knuth's
// TwoSum error term is zero); needs the host in round-to-nearest.
template <typename T>
constexpr bool exactSum(T r, T a, T b) {
  const T bPart = r - a;
  return (a - (r - bPart)) + (b - bPart) == 0;
}

// Whether an integer converts to T exactly (its significant bits fit).
template <typename T, typename Int>
constexpr bool exactFromInteger(Int i) {
  const uint64_t magnitude = i < 0 ? 0 - uint64_t(i) : uint64_t(i);
  return magnitude == 0 || (magnitude >> std::countr_zero(magnitude)) >> (sizeof(T) == 8 ? 53 : 24) == 0;
}

}  // namespace mips::fpops
