// Exception entry, eret and interrupts of the R10000 (R10000 User's Manual
// v2.0, chapters 14 and 16; MIPS IV ISA).
//
// Entry: EPC and Cause.BD (only when Status.EXL was clear), Cause.ExcCode and
// CE, BadVAddr for address and TLB exceptions, Context/XContext/EntryHi for
// TLB exceptions, then Status.EXL and a jump to the vector:
//
//   vector base   BEV=0: 0xffffffff80000000   BEV=1: 0xffffffffbfc00200
//   +0x000  TLB refill, 32-bit address (only when EXL was clear)
//   +0x080  XTLB refill, 64-bit address (only when EXL was clear)
//   +0x180  everything else (incl. refills taken with EXL set, interrupts)
//
// A refill uses the XTLB vector when the faulting address's region has 64-bit
// addressing enabled: UX for user (VA 63:62 = 0), SX for supervisor (1), KX
// for kernel (3).
#include "mips/cpu.h"

namespace mips {
namespace {

constexpr uint64_t kVectorBase = 0xffffffff80000000ull;
constexpr uint64_t kBootVectorBase = 0xffffffffbfc00200ull;
constexpr uint64_t kRefillOffset = 0x000, kXRefillOffset = 0x080, kGeneralOffset = 0x180;
constexpr uint64_t kContextBadVpn2 = 0x00000000007ffff0ull;   // VA 31:13 at bits 22:4
constexpr uint64_t kXContextBadVpn2 = 0x00000007fffffff0ull;  // VA 43:13 at bits 34:4
constexpr unsigned kXContextRegionShift = 35;                 // VA 63:62 at bits 36:35
constexpr uint64_t kXContextLow = (uint64_t{1} << 37) - 1;
constexpr uint32_t kCauseCE = 3u << cause::CE_SHIFT;

// Exceptions that report the faulting address in BadVAddr.
bool reportsBadVAddr(ExcCode code) {
  return code == ExcCode::AdEL || code == ExcCode::AdES || code == ExcCode::TLBL || code == ExcCode::TLBS ||
         code == ExcCode::Mod;
}

bool isTlbException(ExcCode code) { return code == ExcCode::TLBL || code == ExcCode::TLBS || code == ExcCode::Mod; }

// True when a refill for va goes to the XTLB (64-bit) vector.
bool usesXTlbRefill(uint64_t va, uint32_t statusReg) {
  switch (va >> 62) {
    case 0: return statusReg & status::UX;
    case 1: return statusReg & status::SX;
    case 3: return statusReg & status::KX;
    default: return false;  // xkphys is unmapped: never refills
  }
}

}  // namespace

// Delivers e through CP0 and continues at its vector.
void Cpu::takeException(const GuestException& e) {
  const bool exlWasSet = cp0.status & status::EXL;
  if (!exlWasSet) {
    cp0.epc = inDelaySlot ? pc - 4 : pc;
    cp0.cause = inDelaySlot ? (cp0.cause | cause::BD) : (cp0.cause & ~cause::BD);
  }
  const uint32_t ce = e.code == ExcCode::CpU ? uint32_t(e.coprocessor) << cause::CE_SHIFT : 0;
  cp0.cause = (cp0.cause & ~(cause::EXC_MASK | kCauseCE)) | (uint32_t(e.code) << cause::EXC_SHIFT) | ce;

  if (e.hasBadVAddr && reportsBadVAddr(e.code)) cp0.badVAddr = e.badVAddr;
  if (e.hasBadVAddr && isTlbException(e.code)) {
    const uint64_t va = e.badVAddr;
    cp0.context = (cp0.context & ~kContextBadVpn2) | ((va >> 9) & kContextBadVpn2);
    cp0.xcontext = (cp0.xcontext & ~kXContextLow) | ((va >> 62) << kXContextRegionShift) | ((va >> 9) & kXContextBadVpn2);
    // The ASID is kept, so the soft TLB stays valid.
    cp0.entryHi = (va & (tlbfield::kRegion | tlbfield::kVpn2)) | (cp0.entryHi & tlbfield::kAsid);
  }

  uint64_t offset = kGeneralOffset;
  if (e.tlbRefill && !exlWasSet) offset = usesXTlbRefill(e.badVAddr, cp0.status) ? kXRefillOffset : kRefillOffset;
  const uint64_t vector = ((cp0.status & status::BEV) ? kBootVectorBase : kVectorBase) + offset;

  cp0.status |= status::EXL;
  statusChanged();
  pc = vector;
  npc = vector + 4;
  nnpc = vector + 8;
  inDelaySlot = delaySlotNext = false;
}

// eret: back to ErrorEPC (clearing ERL) or EPC (clearing EXL); breaks any
// LL/SC link. It has no delay slot.
void Cpu::eret() {
  uint64_t target;
  if (cp0.status & status::ERL) {
    target = cp0.errorEpc;
    cp0.status &= ~status::ERL;
    flushSoftTlb();  // kuseg is mapped again
  } else {
    target = cp0.epc;
    cp0.status &= ~status::EXL;
  }
  llBit = false;
  statusChanged();
  redirect(target);
}

// Takes the interrupt exception when one is pending and enabled: Status.IE
// set, EXL and ERL clear, and a Cause.IP bit unmasked by Status.IM.
bool Cpu::checkInterrupts() {
  pollTimer(cp0, cycles());
  const uint32_t s = cp0.status;
  if (!(s & status::IE) || (s & (status::EXL | status::ERL))) return false;
  if (!(cp0.cause & s & cause::IP_MASK)) return false;
  const GuestException e{ExcCode::Int};
  if (!(hooks && hooks->onException(*this, e))) takeException(e);
  return true;
}

}  // namespace mips
