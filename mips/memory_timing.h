// How a run mode charges time for the CPU's memory accesses.
//
// The CPU moves data itself (through the Bus's host pointers, cached in its
// software TLB); a MemoryTiming, when one is attached, is told about every
// access and answers how many cycles the CPU stalls for it beyond the one
// cycle each instruction takes (CPI 1). se mode attaches none (functional
// timing); native mode attaches the NUMA machine's caches and directory.
//
// What is reported:
//  - every load and store (its physical address, and whether it was made
//    through an uncached segment or TLB mapping);
//  - instruction fetch once per I-cache line entered (Cpu::setFetchLineBytes),
//    and every instruction when fetched uncached.
// Device registers (Bus::ioRead/ioWrite) are reported as uncached accesses.
#pragma once

#include <cstdint>

#include "mips/address.h"

namespace mips {

enum class Access : uint8_t { Load, Store, Fetch };

class MemoryTiming {
 public:
  virtual ~MemoryTiming() = default;
  // Stall cycles for one access to pa.
  virtual uint32_t accessCycles(PhysAddr pa, Access access, bool uncached) = 0;
};

}  // namespace mips
