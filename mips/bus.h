// The CPU's one window onto the world beyond itself: physical memory and
// memory-mapped devices. se mode backs it with the emulated process's address
// space; native mode (numa/) with machine memory, caches and devices.
//
// RAM is handed out a 4 KB page at a time as a host pointer (the CPU caches the
// pointer in its software TLB, so ordinary loads and stores never come back
// here); anything that is not RAM goes through ioRead/ioWrite each time.
#pragma once

#include <cstdint>

#include "mips/address.h"


namespace mips {

class Cpu;

enum PagePerm : uint8_t { kPermRead = 1, kPermWrite = 2, kPermExec = 4, kPermRWX = 7 };

struct PageMapping {
  uint8_t* host = nullptr;  // the page's bytes in guest byte order; nullptr: not RAM
  uint8_t perms = 0;        // PagePerm bits (full-system RAM is always kPermRWX)
};

class Bus {
 public:
  virtual ~Bus() = default;

  // The RAM page at pageBase (4 KB aligned), or {nullptr, 0} if none is there.
  virtual PageMapping mapPage(PhysAddr pageBase) = 0;

  // Uncached/device accesses to addresses with no RAM. Return false for a
  // bus error (nothing answers at that address). size is 1, 2, 4 or 8; the
  // value is in host order (the device does any byte-order conversion).
  virtual bool ioRead(PhysAddr, unsigned size, uint64_t& value) {
    (void)size;
    value = 0;
    return false;
  }
  virtual bool ioWrite(PhysAddr, unsigned size, uint64_t value) {
    (void)size;
    (void)value;
    return false;
  }

  // Decoded-code coherence between CPUs sharing memory. A CPU calls
  // codePageDecoded when it starts executing from a page, and pageWritten for
  // every store that reaches memory through its slow path (the first store to
  // a page, and every store to a page holding decoded code), with the bytes
  // written. A multi-CPU Bus resets the other CPUs' decoded copies of those
  // bytes (Cpu::invalidateCode) and returns false while other CPUs hold
  // decoded code in the page: the storing CPU then keeps its stores to the
  // page on the slow path. When a CPU starts executing a page, the Bus makes
  // the others' next store to it come back here (Cpu::revokeFastWrites).
  virtual void codePageDecoded(Cpu&, PhysAddr page) { (void)page; }
  virtual bool pageWritten(Cpu&, PhysAddr addr, uint64_t size) {
    (void)addr;
    (void)size;
    return true;
  }
};

}  // namespace mips
