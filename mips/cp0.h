// System control coprocessor (CP0) state of the R10000: the registers and the
// bit layouts of Status and Cause. The semantics (mfc0/mtc0 rules, exception
// entry, timer) live in cp0.cc and exception.cc.
#pragma once

#include <cstdint>

namespace mips {

// CP0 register numbers (R10000 User's Manual, chapter 14).
enum Cp0Reg : uint8_t {
  kCp0Index = 0,
  kCp0Random = 1,
  kCp0EntryLo0 = 2,
  kCp0EntryLo1 = 3,
  kCp0Context = 4,
  kCp0PageMask = 5,
  kCp0Wired = 6,
  kCp0BadVAddr = 8,
  kCp0Count = 9,
  kCp0EntryHi = 10,
  kCp0Compare = 11,
  kCp0Status = 12,
  kCp0Cause = 13,
  kCp0EPC = 14,
  kCp0PRId = 15,
  kCp0Config = 16,
  kCp0LLAddr = 17,
  kCp0WatchLo = 18,
  kCp0WatchHi = 19,
  kCp0XContext = 20,
  kCp0FrameMask = 21,
  kCp0Diagnostic = 22,
  kCp0Performance = 25,
  kCp0ECC = 26,
  kCp0CacheErr = 27,
  kCp0TagLo = 28,
  kCp0TagHi = 29,
  kCp0ErrorEPC = 30,
};

// Status register bits.
namespace status {
inline constexpr uint32_t IE = 1u << 0;
inline constexpr uint32_t EXL = 1u << 1;
inline constexpr uint32_t ERL = 1u << 2;
inline constexpr unsigned KSU_SHIFT = 3;
inline constexpr uint32_t KSU_MASK = 3u << KSU_SHIFT;
inline constexpr uint32_t UX = 1u << 5;
inline constexpr uint32_t SX = 1u << 6;
inline constexpr uint32_t KX = 1u << 7;
inline constexpr unsigned IM_SHIFT = 8;
inline constexpr uint32_t IM_MASK = 0xffu << IM_SHIFT;
inline constexpr uint32_t DE = 1u << 16;
inline constexpr uint32_t CE = 1u << 17;
inline constexpr uint32_t CH = 1u << 18;
inline constexpr uint32_t NMI = 1u << 19;
inline constexpr uint32_t SR = 1u << 20;
inline constexpr uint32_t TS = 1u << 21;
inline constexpr uint32_t BEV = 1u << 22;
inline constexpr uint32_t XX = 1u << 31;  // MIPS IV instructions in user mode
inline constexpr uint32_t RE = 1u << 25;
inline constexpr uint32_t FR = 1u << 26;
inline constexpr uint32_t CU0 = 1u << 28;
inline constexpr uint32_t CU1 = 1u << 29;
}  // namespace status

// Cause register bits.
namespace cause {
inline constexpr unsigned EXC_SHIFT = 2;
inline constexpr uint32_t EXC_MASK = 0x1fu << EXC_SHIFT;
inline constexpr unsigned IP_SHIFT = 8;
inline constexpr uint32_t IP_MASK = 0xffu << IP_SHIFT;
inline constexpr uint32_t IP_SW_MASK = 0x3u << IP_SHIFT;  // IP0, IP1: software interrupts
inline constexpr uint32_t IP7 = 1u << 15;                 // timer interrupt on the R10000
inline constexpr unsigned CE_SHIFT = 28;
inline constexpr uint32_t BD = 1u << 31;
}  // namespace cause

struct Cp0State {
  uint64_t index = 0, entryLo0 = 0, entryLo1 = 0, context = 0;  // Random is derived (cp0.cc)
  uint64_t pageMask = 0, wired = 0, badVAddr = 0, entryHi = 0;
  uint64_t compare = 0;
  uint32_t status = 0, cause = 0;
  uint64_t epc = 0, errorEpc = 0;
  uint64_t prid = 0x0926;  // R10000: implementation 0x09, revision 2.6 (see cp0.cc)
  uint64_t config = 0, llAddr = 0, watchLo = 0, watchHi = 0, xcontext = 0;
  uint64_t frameMask = 0, diagnostic = 0, tagLo = 0, tagHi = 0, ecc = 0, cacheErr = 0;
  uint64_t performance = 0;
  uint64_t countBase = 0;  // Count = countBase + cycles/2 (see cp0.cc)
  uint64_t randomEpoch = 0;  // instret when Random was last 63 (Wired write; see cp0.cc)
  uint64_t timerFireAt = uint64_t{1} << 33;  // cycle at which Count next reaches Compare
};

// The timer (cp0.cc): sets Cause.IP7 once the CPU clock has reached the instant at
// which Count equals Compare, and schedules the next such instant.
void pollTimer(Cp0State& cp0, uint64_t cycle);

}  // namespace mips
