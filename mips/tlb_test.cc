// Tests of the R10000 TLB on its own: matching under every page size, the
// even/odd halves, ASID and global entries, region bits, probing, the entry
// images written, and the treatment of undefined page masks.
#include <gtest/gtest.h>

#include "mips/tlb.h"

namespace mips {
namespace {

// EntryLo image: physical frame of pa, cache attribute 3, with D/V/G flags.
uint64_t lo(uint64_t pa, bool dirty, bool valid, bool global) {
  return ((pa >> 12) << 6) | (3u << 3) | (dirty ? 4 : 0) | (valid ? 2 : 0) | (global ? 1 : 0);
}

struct PageSize {
  uint64_t mask;
  uint64_t bytes;
};
constexpr PageSize kPageSizes[] = {
    {0x0000000, 4ull << 10},   {0x0006000, 16ull << 10}, {0x001e000, 64ull << 10}, {0x007e000, 256ull << 10},
    {0x01fe000, 1ull << 20},   {0x07fe000, 4ull << 20},  {0x1ffe000, 16ull << 20},
};

TEST(Tlb, EveryPageSizeMapsTheEvenAndOddPage) {
  for (const PageSize& size : kPageSizes) {
    Tlb tlb;
    const uint64_t pair = 2 * size.bytes;
    const uint64_t va = 7 * pair;  // pair-aligned
    const uint64_t evenPa = 0x40000000, oddPa = 0x80000000;
    tlb.write(5, size.mask, va | 0x22, lo(evenPa, true, true, false), lo(oddPa, false, true, false));
    const uint64_t offset = size.bytes - 8;  // near the end of each page
    TlbHit even = tlb.lookup(va + offset, 0x22);
    EXPECT_EQ(even.index, 5) << size.bytes;
    EXPECT_EQ(even.physAddr, evenPa + offset) << size.bytes;
    EXPECT_TRUE(even.valid);
    EXPECT_TRUE(even.dirty);
    EXPECT_EQ(even.cacheAttr, 3);
    TlbHit odd = tlb.lookup(va + size.bytes + offset, 0x22);
    EXPECT_EQ(odd.physAddr, oddPa + offset) << size.bytes;
    EXPECT_FALSE(odd.dirty);
    // Just outside the pair, on both sides: no match (a refill).
    EXPECT_EQ(tlb.lookup(va + pair, 0x22).index, -1) << size.bytes;
    EXPECT_EQ(tlb.lookup(va - 8, 0x22).index, -1) << size.bytes;
    // tlbp finds the entry from any VPN2 inside the pair, for its ASID only.
    EXPECT_EQ(tlb.probe(((va + size.bytes + offset) & ~uint64_t{0x1fff}) | 0x22), 5) << size.bytes;
    EXPECT_EQ(tlb.probe(va | 0x23), -1) << size.bytes;
    EXPECT_EQ(tlb.probe((va + pair) | 0x22), -1) << size.bytes;
  }
}

TEST(Tlb, AsidMustMatchUnlessTheEntryIsGlobal) {
  Tlb tlb;
  tlb.write(0, 0, 0x10000 | 5, lo(0x1000, true, true, false), lo(0x3000, true, true, false));
  tlb.write(1, 0, 0x20000 | 5, lo(0x5000, true, true, true), lo(0x7000, true, true, true));
  EXPECT_EQ(tlb.lookup(0x10000, 5).index, 0);
  EXPECT_EQ(tlb.lookup(0x10000, 6).index, -1);
  EXPECT_EQ(tlb.lookup(0x20000, 6).index, 1);  // global
  EXPECT_EQ(tlb.lookup(0x20000, 200).physAddr, 0x5000u);
}

TEST(Tlb, GlobalNeedsTheGBitInBothHalves) {
  Tlb tlb;
  tlb.write(0, 0, 0x10000 | 5, lo(0x1000, true, true, true), lo(0x3000, true, true, false));
  EXPECT_EQ(tlb.lookup(0x10000, 6).index, -1);
  // The single G bit is stored in (and read back from) both halves.
  EXPECT_EQ(tlb.entry(0).entryLo0 & 1, 0u);
  tlb.write(0, 0, 0x10000 | 5, lo(0x1000, true, true, true), lo(0x3000, true, true, true));
  EXPECT_EQ(tlb.entry(0).entryLo1 & 1, 1u);
  EXPECT_EQ(tlb.lookup(0x10000, 6).index, 0);
}

TEST(Tlb, RegionBitsTakePartInTheMatch) {
  Tlb tlb;
  const uint64_t xsseg = 0x4000000000010000ull;
  tlb.write(3, 0, xsseg | 1, lo(0x9000, true, true, false), lo(0xb000, true, true, false));
  EXPECT_EQ(tlb.lookup(xsseg, 1).index, 3);
  EXPECT_EQ(tlb.lookup(0x10000, 1).index, -1);                  // same VPN2 in xuseg
  EXPECT_EQ(tlb.lookup(0xc000000000010000ull, 1).index, -1);    // and in xkseg
}

TEST(Tlb, UsesVirtualAddressBitsUpTo43) {
  Tlb tlb;
  const uint64_t high = 0x00000f0000000000ull;  // VA bit 43..40 set: still xuseg on the R10000
  tlb.write(0, 0, high | 1, lo(0xfffffff000ull, true, true, false), 0);
  const TlbHit hit = tlb.lookup(high + 0x123, 1);
  EXPECT_EQ(hit.index, 0);
  EXPECT_EQ(hit.physAddr, 0xfffffff123ull);  // 40-bit physical address
  EXPECT_EQ(tlb.lookup(0x123, 1).index, -1);
}

TEST(Tlb, ProbeFindsTheEntryUnderItsMask) {
  Tlb tlb;
  tlb.write(9, 0x1ffe000, 0x2000000 | 4, lo(0, true, true, false), lo(0x1000000, true, true, false));
  EXPECT_EQ(tlb.probe(0x2000000 | 4), 9);
  EXPECT_EQ(tlb.probe(0x3ffe000 | 4), 9);   // VPN2 bits under the 16 MB mask are ignored
  EXPECT_EQ(tlb.probe(0x2000000 | 3), -1);  // other ASID
  EXPECT_EQ(tlb.probe(0x4000000 | 4), -1);
}

TEST(Tlb, FirstMatchingEntryWins) {
  Tlb tlb;
  tlb.write(10, 0, 0x10000 | 1, lo(0xa000, true, true, false), 0);
  tlb.write(20, 0, 0x10000 | 1, lo(0xb000, true, true, false), 0);
  EXPECT_EQ(tlb.lookup(0x10000, 1).index, 10);
  EXPECT_EQ(tlb.probe(0x10000 | 1), 10);
}

TEST(Tlb, WriteKeepsOnlyArchitecturalBits) {
  Tlb tlb;
  // VPN2 bits under a 64 KB mask, EntryHi bits 12:8 and 61:44, EntryLo bits 61:34 are dropped.
  tlb.write(0, 0x001e000, 0x3ffff00000017f05ull | 0xc000000000000000ull, 0xffffffffffffffffull, 0);
  const TlbEntry& e = tlb.entry(0);
  EXPECT_EQ(e.pageMask, 0x001e000u);
  EXPECT_EQ(e.entryHi, 0xc000000000000005ull | 0x00000000000000000ull);
  EXPECT_EQ(e.entryLo0, 0xc0000003fffffffeull);  // UC, PFN, C, D, V; G cleared (EntryLo1.G is 0)
}

TEST(Tlb, UndefinedPageMaskRoundsDownToWholeBitPairs) {
  Tlb tlb;
  tlb.write(0, 0x000e000, 0x100000, lo(0x200000, true, true, true), lo(0x300000, true, true, true));
  EXPECT_EQ(tlb.entry(0).pageMask, 0x0006000u);  // bits 13,14,15 -> 16 KB
  EXPECT_EQ(tlb.lookup(0x100000 + 0x5000, 0).physAddr, 0x301000u);
  tlb.write(1, 0x0002000, 0x200000, lo(0x400000, true, true, true), 0);
  EXPECT_EQ(tlb.entry(1).pageMask, 0u);  // a lone bit 13 -> 4 KB
}

}  // namespace
}  // namespace mips
