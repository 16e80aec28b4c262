// Guest exceptions. An instruction that faults throws GuestException; the run
// loop catches it and either hands it to the run mode (se mode turns it into a
// Linux signal) or delivers it architecturally through CP0 (Cpu::takeException).
// A thrown exception never retires the instruction: no register is written.
#pragma once

#include <cstdint>

namespace mips {

// Cause.ExcCode values of the R10000 (MIPS IV), R10000 User's Manual table 6-?
enum class ExcCode : uint8_t {
  Int = 0,    // interrupt
  Mod = 1,    // TLB modified (store to a clean page)
  TLBL = 2,   // TLB miss/invalid on load or fetch
  TLBS = 3,   // TLB miss/invalid on store
  AdEL = 4,   // address error on load or fetch
  AdES = 5,   // address error on store
  IBE = 6,    // bus error on fetch
  DBE = 7,    // bus error on data access
  Sys = 8,    // syscall
  Bp = 9,     // break
  RI = 10,    // reserved instruction
  CpU = 11,   // coprocessor unusable
  Ov = 12,    // integer overflow
  Tr = 13,    // trap
  FPE = 15,   // floating-point exception
  Watch = 23,
};

const char* excCodeName(ExcCode code);

struct GuestException {
  ExcCode code;
  uint64_t badVAddr = 0;   // valid for address/TLB exceptions
  bool hasBadVAddr = false;
  bool tlbRefill = false;  // a TLB miss (refill vector) rather than an invalid entry
  uint8_t coprocessor = 0; // Cause.CE for CpU

  static GuestException at(ExcCode code, uint64_t vaddr, bool refill = false) {
    GuestException e{code};
    e.badVAddr = vaddr;
    e.hasBadVAddr = true;
    e.tlbRefill = refill;
    return e;
  }
};

}  // namespace mips
