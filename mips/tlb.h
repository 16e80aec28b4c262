// The R10000 joint TLB: 64 entries, each mapping an even/odd pair of pages of
// one size (4 KB .. 16 MB), with an 8-bit ASID and a global bit. Entries hold
// the CP0 images written by tlbwi/tlbwr (PageMask, EntryHi, EntryLo0/1).
#pragma once

#include <array>
#include <cstdint>

namespace mips {

// Field masks of the R10000's EntryHi, EntryLo and PageMask images
// (R10000 User's Manual, sections 14.3-14.5 and 14.11: 44-bit virtual
// addresses, 40-bit physical addresses).
namespace tlbfield {
inline constexpr uint64_t kRegion = 0xc000000000000000ull;  // EntryHi.R = VA 63:62
inline constexpr uint64_t kVpn2 = 0x00000fffffffe000ull;    // EntryHi.VPN2 = VA 43:13
inline constexpr uint64_t kAsid = 0xffull;                  // EntryHi.ASID
inline constexpr uint64_t kEntryHiWritable = kRegion | kVpn2 | kAsid;
inline constexpr uint64_t kPageMask = 0x01ffe000ull;        // PageMask.Mask = bits 24:13
inline constexpr uint64_t kLoUncached = 0xc000000000000000ull;  // EntryLo.UC (bits 63:62)
inline constexpr uint64_t kLoPfn = 0x00000003ffffffc0ull;       // EntryLo.PFN (bits 33:6) = PA 39:12
inline constexpr uint64_t kLoWritable = kLoUncached | kLoPfn | 0x3f;  // + C, D, V, G
inline constexpr uint64_t kLoG = 1, kLoV = 2, kLoD = 4;
}  // namespace tlbfield

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
  // tlbwi/tlbwr: stores the CP0 images in entry i (mask rounded to a page
  // size, one G bit for the pair; see tlb.cc).
  void write(unsigned i, uint64_t pageMask, uint64_t entryHi, uint64_t entryLo0, uint64_t entryLo1);

  TlbEntry& entry(unsigned i) { return entries_[i]; }
  const TlbEntry& entry(unsigned i) const { return entries_[i]; }

 private:
  std::array<TlbEntry, kEntries> entries_{};
};

}  // namespace mips
