// Small bit-manipulation helpers used by instruction semantics: sign extension,
// field extraction, byte swapping. Kept header-only so they inline in the hot loop.
#pragma once

#include <bit>
#include <cstdint>

namespace mips {

// Sign-extends the low 32 bits of v to 64 bits (the MIPS64 rule for 32-bit results).
constexpr uint64_t sext32(uint64_t v) { return uint64_t(int64_t(int32_t(uint32_t(v)))); }
constexpr uint64_t sext16(uint64_t v) { return uint64_t(int64_t(int16_t(uint16_t(v)))); }
constexpr uint64_t sext8(uint64_t v) { return uint64_t(int64_t(int8_t(uint8_t(v)))); }

// Bits [lo, lo+width) of v.
constexpr uint64_t bitField(uint64_t v, unsigned lo, unsigned width) {
  return width >= 64 ? v >> lo : (v >> lo) & ((uint64_t{1} << width) - 1);
}

// True when a 64-bit value is a correctly sign-extended 32-bit value.
constexpr bool isSext32(uint64_t v) { return sext32(v) == v; }

template <typename T>
constexpr T byteSwap(T v) {
  if constexpr (sizeof(T) == 1) return v;
  else if constexpr (sizeof(T) == 2) return T(__builtin_bswap16(uint16_t(v)));
  else if constexpr (sizeof(T) == 4) return T(__builtin_bswap32(uint32_t(v)));
  else return T(__builtin_bswap64(uint64_t(v)));
}

}  // namespace mips
