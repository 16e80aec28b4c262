// The R10000 joint TLB: 64 entries, each mapping an even/odd pair of pages of
// one size (4 KB .. 16 MB), with an 8-bit ASID and a global bit. Entries hold
// the CP0 images written by tlbwi/tlbwr (PageMask, EntryHi, EntryLo0/1).
#pragma once

#include <array>
#include <cstdint>

namespace mips {

struct TlbEntry {
  uint64_t pageMask = 0;
  uint64_t entryHi = 0;   // R (bits 63:62), VPN2, ASID (7:0)
  uint64_t entryLo0 = 0;  // PFN, C, D, V, G
  uint64_t entryLo1 = 0;
};

// Result of translating through the TLB.
struct TlbHit {
  int index = -1;       // -1: no matching entry (a refill)
  bool valid = false;   // V bit of the selected half
  bool dirty = false;   // D bit (writable)
  uint64_t physAddr = 0;
  uint8_t cacheAttr = 0;
};

class Tlb {
 public:
  static constexpr unsigned kEntries = 64;

  // The entry matching va for asid, and the selected even/odd half.
  TlbHit lookup(uint64_t va, uint8_t asid) const;
  // tlbp: index of the entry matching EntryHi's region/VPN2/ASID, or -1.
  int probe(uint64_t entryHi) const;

  TlbEntry& entry(unsigned i) { return entries_[i]; }
  const TlbEntry& entry(unsigned i) const { return entries_[i]; }

 private:
  std::array<TlbEntry, kEntries> entries_{};
};

}  // namespace mips
