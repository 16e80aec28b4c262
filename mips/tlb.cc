// The R10000 joint TLB: matching a virtual address against the 64 entries,
// tlbp's probe, and the entry images written by tlbwi/tlbwr.
//
// An entry maps an even/odd pair of pages. A virtual address matches when its
// region (VA 63:62) and VPN2 (VA 43:13, less the bits the page mask covers)
// equal the entry's, and the ASID matches or the entry is global. The R10000
// leaves multiple matches undefined; we take the lowest-numbered entry.
#include "mips/tlb.h"

#include "mips/address.h"

namespace mips {
namespace {

// The EntryHi bits compared for an entry with this (normalized) page mask.
constexpr uint64_t compareMask(uint64_t pageMask) {
  return tlbfield::kRegion | (tlbfield::kVpn2 & ~pageMask);
}

// True when entry e translates (region|VPN2 of) va under asid.
bool matches(const TlbEntry& e, uint64_t va, uint8_t asid) {
  if (((va ^ e.entryHi) & compareMask(e.pageMask)) != 0) return false;
  return (e.entryLo0 & tlbfield::kLoG) || uint8_t(e.entryHi & tlbfield::kAsid) == asid;
}

// The page masks the R10000 supports (4 KB .. 16 MB in powers of 4) have whole
// pairs of bits set from bit 13 up. The manual leaves any other mask undefined;
// we round it down to the largest valid mask it contains: the run of complete
// bit pairs starting at bit 13.
uint64_t normalizePageMask(uint64_t mask) {
  uint64_t valid = 0;
  for (unsigned bit = 13; bit < 25; bit += 2) {
    const uint64_t pair = uint64_t{3} << bit;
    if ((mask & pair) != pair) break;
    valid |= pair;
  }
  return valid;
}

}  // namespace

// Translates va: the matching entry, the half it selects and the physical address.
TlbHit Tlb::lookup(uint64_t va, uint8_t asid) const {
  for (unsigned i = 0; i < kEntries; ++i) {
    const TlbEntry& e = entries_[i];
    if (!matches(e, va, asid)) continue;
    const uint64_t pageSize = (e.pageMask + 0x2000) >> 1;  // one page of the pair
    const uint64_t lo = (va & pageSize) ? e.entryLo1 : e.entryLo0;
    const uint64_t frame = ((lo & tlbfield::kLoPfn) << 6) & ~(pageSize - 1);
    TlbHit hit;
    hit.index = int(i);
    hit.valid = lo & tlbfield::kLoV;
    hit.dirty = lo & tlbfield::kLoD;
    hit.physAddr = (frame | (va & (pageSize - 1))) & ((uint64_t{1} << kPhysAddrBits) - 1);
    hit.cacheAttr = uint8_t((lo >> 3) & 7);
    return hit;
  }
  return {};
}

// tlbp: the entry whose region/VPN2 (under its mask) and ASID-or-G match entryHi.
int Tlb::probe(uint64_t entryHi) const {
  const uint8_t asid = uint8_t(entryHi & tlbfield::kAsid);
  for (unsigned i = 0; i < kEntries; ++i)
    if (matches(entries_[i], entryHi, asid)) return int(i);
  return -1;
}

// Stores an entry: the mask is rounded to a supported page size, the VPN2 bits
// under the mask are dropped, and the single G bit of the pair (EntryLo0.G AND
// EntryLo1.G) is kept in both halves so that tlbr reads it back in each.
void Tlb::write(unsigned i, uint64_t pageMask, uint64_t entryHi, uint64_t entryLo0, uint64_t entryLo1) {
  TlbEntry& e = entries_[i % kEntries];
  e.pageMask = normalizePageMask(pageMask & tlbfield::kPageMask);
  e.entryHi = entryHi & (compareMask(e.pageMask) | tlbfield::kAsid);
  const uint64_t global = entryLo0 & entryLo1 & tlbfield::kLoG;
  e.entryLo0 = (entryLo0 & tlbfield::kLoWritable & ~tlbfield::kLoG) | global;
  e.entryLo1 = (entryLo1 & tlbfield::kLoWritable & ~tlbfield::kLoG) | global;
}

}  // namespace mips
