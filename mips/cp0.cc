// The CP0 registers of the R10000 as mfc0/mtc0 see them (R10000 User's Manual
// v2.0, chapter 14): which bits each register keeps, the registers derived
// from time (Random, Count), the timer interrupt and the external interrupt
// lines. Exception entry and eret are in exception.cc, translation in mmu.cc.
//
// Time: the CPU's clock is Cpu::cycles() (one cycle per retired instruction,
// CPI 1, plus memory stalls and idle time in native mode), and the R10000's
// Count increments every other cycle, so Count = countBase + cycles / 2.
// The timer fires at the cycle where Count reaches Compare; the run loop
// never runs past that instant (Cpu::runLoop bounds its chunk by timerFireAt).
#include "mips/cpu.h"

namespace mips {
namespace {

constexpr uint64_t kIndexProbeFailed = uint64_t{1} << 31;  // Index.P
constexpr uint64_t kIndexMask = Tlb::kEntries - 1;
constexpr uint64_t kContextBadVpn2 = 0x00000000007ffff0ull;  // Context.BadVPN2 = VA 31:13 (bits 22:4)
constexpr uint64_t kXContextLow = (uint64_t{1} << 37) - 1;   // XContext.R and BadVPN2 (bits 36:4)
// Status bits software may write: all but the reserved bits 27 (RP) and 23.
constexpr uint32_t kStatusWritable = ~((1u << 27) | (1u << 23));
// The Status bits that change what an address translates to.
constexpr uint32_t kStatusTranslation = status::ERL | status::UX | status::SX | status::KX;

// Config (section 14.14): only K0 (kseg0 cache algorithm, bits 2:0) is
// writable; the rest reflects the modelled hardware: 32 KB primary caches
// (IC = DC = 3: 4 KB << 3), a 1 MB secondary cache (SS = 1: 512 KB << 1) with
// 32-word lines (SB = 1), and the memory byte order (BE, bit 15).
constexpr uint64_t kConfigK0 = 7;
constexpr uint64_t kConfigFixed = (3ull << 29) | (3ull << 26) | (1ull << 16) | (1ull << 13);
constexpr uint64_t kConfigBigEndian = 1ull << 15;

// Count at a given cycle.
uint32_t countAt(const Cp0State& cp0, uint64_t cycle) { return uint32_t(cp0.countBase + cycle / 2); }

// Sets timerFireAt to the first cycle >= now at which Count equals Compare
// (now itself only when allowNow: the match that just fired is not re-armed).
void scheduleTimer(Cp0State& cp0, uint64_t now, bool allowNow) {
  uint64_t halfCycles = uint32_t(uint32_t(cp0.compare) - countAt(cp0, now));
  if (halfCycles == 0) {
    if (allowNow) {
      cp0.timerFireAt = now;
      return;
    }
    halfCycles = uint64_t{1} << 32;  // the next wrap of Count
  }
  cp0.timerFireAt = 2 * (now / 2 + halfCycles);
}

}  // namespace

void pollTimer(Cp0State& cp0, uint64_t cycle) {
  if (cycle < cp0.timerFireAt) return;
  cp0.cause |= cause::IP7;
  scheduleTimer(cp0, cycle, false);
}

uint32_t Cpu::count() const { return countAt(cp0, cycles()); }

// Raises or lowers Cause.IP2..IP6 and lets the run loop look at it.
void Cpu::setInterruptLine(unsigned line, bool asserted) {
  if (line < 2 || line > 6) return;
  const uint32_t bit = 1u << (cause::IP_SHIFT + line);
  cp0.cause = asserted ? (cp0.cause | bit) : (cp0.cause & ~bit);
  wakeForInterrupt();
}

// The value of CP0 register reg. 32-bit registers are returned sign-extended,
// as dmfc0 delivers them. The R10000 has no register selects (sel is ignored).
uint64_t Cpu::readCp0(unsigned reg, unsigned) {
  switch (reg) {
    case kCp0Index: return sext32(cp0.index);
    case kCp0Random: {
      // Decrements once per instruction from 63 down to Wired, then wraps to 63.
      const uint64_t span = Tlb::kEntries - (cp0.wired & kIndexMask);
      return Tlb::kEntries - 1 - (instret - cp0.randomEpoch) % span;
    }
    case kCp0EntryLo0: return cp0.entryLo0;
    case kCp0EntryLo1: return cp0.entryLo1;
    case kCp0Context: return cp0.context;
    case kCp0PageMask: return cp0.pageMask;
    case kCp0Wired: return cp0.wired;
    case kCp0BadVAddr: return cp0.badVAddr;
    case kCp0Count: return sext32(count());
    case kCp0EntryHi: return cp0.entryHi;
    case kCp0Compare: return sext32(cp0.compare);
    case kCp0Status: return sext32(cp0.status);
    case kCp0Cause:
      pollTimer(cp0, cycles());  // IP7 as of now, also between runs
      return sext32(cp0.cause);
    case kCp0EPC: return cp0.epc;
    case kCp0PRId: return cp0.prid;
    case kCp0Config:
      return sext32(kConfigFixed | (bigEndian ? kConfigBigEndian : 0) | (cp0.config & kConfigK0));
    case kCp0LLAddr: return cp0.llAddr;
    case kCp0WatchLo: return cp0.watchLo;
    case kCp0WatchHi: return cp0.watchHi;
    case kCp0XContext: return cp0.xcontext;
    case kCp0FrameMask: return cp0.frameMask;
    case kCp0Diagnostic: return cp0.diagnostic;
    case kCp0Performance: return cp0.performance;
    case kCp0ECC: return cp0.ecc;
    case kCp0CacheErr: return cp0.cacheErr;
    case kCp0TagLo: return cp0.tagLo;
    case kCp0TagHi: return cp0.tagHi;
    case kCp0ErrorEPC: return cp0.errorEpc;
    default: return 0;  // 7, 23, 24, 31: reserved
  }
}

// Writes CP0 register reg, keeping only the bits software can write and
// applying the side effects (mode change, timer, soft-TLB flush).
void Cpu::writeCp0(unsigned reg, unsigned, uint64_t value) {
  switch (reg) {
    case kCp0Index: cp0.index = (cp0.index & kIndexProbeFailed) | (value & kIndexMask); break;
    case kCp0EntryLo0: cp0.entryLo0 = value & tlbfield::kLoWritable; break;
    case kCp0EntryLo1: cp0.entryLo1 = value & tlbfield::kLoWritable; break;
    case kCp0Context: cp0.context = (cp0.context & kContextBadVpn2) | (value & ~(kContextBadVpn2 | 0xf)); break;
    case kCp0PageMask: cp0.pageMask = value & tlbfield::kPageMask; break;
    case kCp0Wired:
      cp0.wired = value & kIndexMask;
      cp0.randomEpoch = instret;  // Random restarts at 63
      break;
    case kCp0Count:
      cp0.countBase = uint32_t(value) - cycles() / 2;
      scheduleTimer(cp0, cycles(), true);
      wakeForInterrupt();
      break;
    case kCp0EntryHi: {
      const uint64_t old = cp0.entryHi;
      cp0.entryHi = value & tlbfield::kEntryHiWritable;
      if ((old ^ cp0.entryHi) & tlbfield::kAsid) flushSoftTlb();
      break;
    }
    case kCp0Compare:
      cp0.compare = uint32_t(value);
      cp0.cause &= ~cause::IP7;
      scheduleTimer(cp0, cycles(), true);
      wakeForInterrupt();
      break;
    case kCp0Status: {
      const uint32_t old = cp0.status;
      cp0.status = uint32_t(value) & kStatusWritable;
      statusChanged();
      if ((old ^ cp0.status) & kStatusTranslation) flushSoftTlb();
      break;
    }
    case kCp0Cause:
      cp0.cause = (cp0.cause & ~cause::IP_SW_MASK) | (uint32_t(value) & cause::IP_SW_MASK);
      wakeForInterrupt();
      break;
    case kCp0EPC: cp0.epc = value; break;
    case kCp0Config: cp0.config = value & kConfigK0; break;
    case kCp0LLAddr: cp0.llAddr = value; break;
    case kCp0WatchLo: cp0.watchLo = value; break;
    case kCp0WatchHi: cp0.watchHi = value; break;
    case kCp0XContext: cp0.xcontext = (cp0.xcontext & kXContextLow) | (value & ~kXContextLow); break;
    case kCp0FrameMask: cp0.frameMask = value; break;
    case kCp0Diagnostic: cp0.diagnostic = value; break;
    case kCp0Performance: cp0.performance = value; break;
    case kCp0ECC: cp0.ecc = value; break;
    case kCp0TagLo: cp0.tagLo = value; break;
    case kCp0TagHi: cp0.tagHi = value; break;
    case kCp0ErrorEPC: cp0.errorEpc = value; break;
    default: break;  // Random, BadVAddr, PRId, CacheErr are read-only; reserved numbers ignore writes
  }
}

}  // namespace mips
