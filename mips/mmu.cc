// Virtual-to-physical translation: the 64-bit segments, their access rules in
// each mode, and the R10000 TLB. (Minimal version: se mode's flat user space.)
#include "mips/cpu.h"

namespace mips {

PhysAddr Cpu::translate(uint64_t va, Access access) {
  if (flatUser_) {
    // xuseg of the R10000: 44-bit user virtual addresses.
    if (va >> 44) raiseAddress(access == Access::Store ? ExcCode::AdES : ExcCode::AdEL, va);
    return PhysAddr(va);
  }
  raiseAddress(access == Access::Store ? ExcCode::AdES : ExcCode::AdEL, va);
}

TlbHit Tlb::lookup(uint64_t, uint8_t) const { return {}; }
int Tlb::probe(uint64_t) const { return -1; }

}  // namespace mips
