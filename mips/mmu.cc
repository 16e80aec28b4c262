// Virtual-to-physical translation of the R10000 (R10000 User's Manual,
// chapter 16; MIPS IV ISA): which segment an address is in, whether the
// current mode may use it, and either the fixed unmapped translation or the
// TLB. Physical addresses are 40 bits.
//
//   32-bit compatibility segments (sign-extended 32-bit addresses):
//     useg   0x0000000000000000..0x000000007fffffff  mapped   user, supervisor, kernel
//     kseg0  0xffffffff80000000..0xffffffff9fffffff  unmapped kernel, cached      (PA = VA & 0x1fffffff)
//     kseg1  0xffffffffa0000000..0xffffffffbfffffff  unmapped kernel, uncached    (PA = VA & 0x1fffffff)
//     sseg   0xffffffffc0000000..0xffffffffdfffffff  mapped   supervisor, kernel  (ksseg)
//     kseg3  0xffffffffe0000000..0xffffffffffffffff  mapped   kernel
//   64-bit segments (the current mode's UX/SX/KX must be set):
//     xuseg  0x0000000000000000..0x00000fffffffffff  mapped   user, supervisor, kernel (44-bit)
//     xsseg  0x4000000000000000..0x40000fffffffffff  mapped   supervisor, kernel
//     xkphys 0x8000000000000000..0xbfffffffffffffff  unmapped kernel; VA 61:59 cache
//                                                    attribute, VA 58:40 must be 0, PA = VA 39:0
//     xkseg  0xc000000000000000..0xc0000fff7fffffff  mapped   kernel
// With Status.ERL set, the low 2 GB of useg are unmapped and uncached (PA = VA).
// Anything else is an address error (AdEL for loads and fetches, AdES for stores).
#include "mips/cpu.h"

namespace mips {
namespace {

constexpr uint64_t kSegmentBytes44 = uint64_t{1} << 44;  // xuseg, xsseg: 44-bit offsets
constexpr uint64_t kXksegEnd = kSegmentBytes44 - (uint64_t{1} << 31);  // xkseg stops short of ckseg0..3
constexpr uint64_t kPhysMask = (uint64_t{1} << kPhysAddrBits) - 1;

[[noreturn]] void addressError(uint64_t va, Access access) {
  throw GuestException::at(access == Access::Store ? ExcCode::AdES : ExcCode::AdEL, va);
}

// R10000 cache algorithms (User's Manual, the C field of EntryLo and Config.K0;
// the same codes select xkphys regions): 2 is uncached, 7 uncached
// accelerated; the others are cacheable variants.
bool isUncachedAttr(unsigned attr) { return attr == 2 || attr == 7; }

}  // namespace

// Translates va for an access in the current mode, or throws the exception
// the R10000 would take (address error, TLB refill/invalid, TLB modified).
PhysAddr Cpu::translate(uint64_t va, Access access) {
  if (flatUser_) {
    // se mode: xuseg of the R10000, 44-bit user virtual addresses, mapped one-to-one.
    if (va >> 44) raiseAddress(access == Access::Store ? ExcCode::AdES : ExcCode::AdEL, va);
    lastUncached_ = false;
    return PhysAddr(va);
  }
  const uint32_t s = cp0.status;
  const bool kernel = mode_ == Mode::Kernel;
  const bool user = mode_ == Mode::User;

  if (isSext32(va)) {
    const uint32_t a = uint32_t(va);
    if (a < 0x80000000u) {  // useg / suseg / kuseg
      if (s & status::ERL) {  // unmapped, uncached while ERL is set
        lastUncached_ = true;
        return PhysAddr(a);
      }
      return translateMapped(va, access);
    }
    if (a < 0xc0000000u) {  // kseg0 (cached per Config.K0), kseg1 (uncached)
      if (!kernel) addressError(va, access);
      lastUncached_ = a >= 0xa0000000u || isUncachedAttr(unsigned(cp0.config & 7));
      return PhysAddr(a & 0x1fffffffu);
    }
    if (a < 0xe0000000u) {  // sseg / ksseg
      if (user) addressError(va, access);
      return translateMapped(va, access);
    }
    if (!kernel) addressError(va, access);  // kseg3
    return translateMapped(va, access);
  }

  // The 64-bit segments need 64-bit addressing in the current mode.
  const uint32_t wide = kernel ? status::KX : user ? status::UX : status::SX;
  if (!(s & wide)) addressError(va, access);
  const uint64_t offset = va & ~tlbfield::kRegion;
  switch (va >> 62) {
    case 0:  // xuseg
      if (offset >= kSegmentBytes44) addressError(va, access);
      return translateMapped(va, access);
    case 1:  // xsseg
      if (user || offset >= kSegmentBytes44) addressError(va, access);
      return translateMapped(va, access);
    case 2:  // xkphys: bits 61:59 are the cache attribute, bits 58:40 must be zero
      if (!kernel || (offset & ~(uint64_t{7} << 59) & ~kPhysMask)) addressError(va, access);
      lastUncached_ = isUncachedAttr(unsigned(va >> 59) & 7);
      return PhysAddr(va & kPhysMask);
    default:  // xkseg
      if (!kernel || offset >= kXksegEnd) addressError(va, access);
      return translateMapped(va, access);
  }
}

// A mapped address through the TLB under the current ASID: a miss is a refill
// (TLBL/TLBS to the refill vector), a clear V bit is TLB invalid (TLBL/TLBS to
// the general vector), a store to a page with D clear is TLB modified.
PhysAddr Cpu::translateMapped(uint64_t va, Access access) {
  const bool store = access == Access::Store;
  const TlbHit hit = tlb.lookup(va, uint8_t(cp0.entryHi & tlbfield::kAsid));
  if (hit.index < 0) throw GuestException::at(store ? ExcCode::TLBS : ExcCode::TLBL, va, true);
  if (!hit.valid) throw GuestException::at(store ? ExcCode::TLBS : ExcCode::TLBL, va);
  if (store && !hit.dirty) throw GuestException::at(ExcCode::Mod, va);
  lastUncached_ = isUncachedAttr(hit.cacheAttr);
  return PhysAddr(hit.physAddr);
}

}  // namespace mips
