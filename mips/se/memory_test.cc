// Tests of the se-mode address space: mapping, permissions, free-range
// search, and the rule that page storage never moves.
#include "mips/se/memory.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace mips::se {
namespace {

TEST(AddressSpace, MapProtectUnmap) {
  AddressSpace m;
  m.map(0x10000, 0x3000, kPermRead | kPermWrite);
  EXPECT_TRUE(m.isMapped(0x10000, 0x3000));
  EXPECT_FALSE(m.isMapped(0x10000, 0x4000));
  EXPECT_EQ(m.permsAt(0x11000), kPermRead | kPermWrite);
  ASSERT_TRUE(m.protect(0x11000, 0x1000, kPermRead));
  EXPECT_EQ(m.permsAt(0x10000), kPermRead | kPermWrite);
  EXPECT_EQ(m.permsAt(0x11000), kPermRead);
  EXPECT_EQ(m.permsAt(0x12000), kPermRead | kPermWrite);
  EXPECT_FALSE(m.protect(0x12000, 0x2000, kPermRead));  // runs past the mapping
  m.unmap(0x11000, 0x1000);
  EXPECT_FALSE(m.isMapped(0x11000, 0x1000));
  EXPECT_TRUE(m.isMapped(0x12000, 0x1000));
  EXPECT_EQ(m.mapPage(PhysAddr(0x11000)).host, nullptr);
  EXPECT_NE(m.mapPage(PhysAddr(0x12000)).host, nullptr);
}

TEST(AddressSpace, ProtNonePagesAreMappedWithoutPermissions) {
  AddressSpace m;
  m.map(0x10000, 0x1000, 0);
  const PageMapping p = m.mapPage(PhysAddr(0x10000));
  EXPECT_NE(p.host, nullptr);
  EXPECT_EQ(p.perms, 0);
  EXPECT_FALSE(m.isFree(0x10000, 0x1000));
}

TEST(AddressSpace, StorageStaysAtItsHostAddressAndIsZeroedWhenRemapped) {
  AddressSpace m;
  m.map(0x20000, 0x1000, kPermRead | kPermWrite);
  uint8_t* before = m.mapPage(PhysAddr(0x20000)).host;
  before[5] = 42;
  m.unmap(0x20000, 0x1000);
  m.map(0x20000, 0x1000, kPermRead);
  uint8_t* after = m.mapPage(PhysAddr(0x20000)).host;
  EXPECT_EQ(before, after);
  EXPECT_EQ(after[5], 0);
}

TEST(AddressSpace, FindFreeSkipsMappings) {
  AddressSpace m;
  m.map(0x100000, 0x2000, kPermRead);
  m.map(0x103000, 0x1000, kPermRead);
  EXPECT_EQ(m.findFree(0x1000, 0x100000), 0x102000u);
  EXPECT_EQ(m.findFree(0x2000, 0x100000), 0x104000u);
  EXPECT_EQ(m.findFree(0x1000, 0x100800), 0x102000u);
  EXPECT_FALSE(m.findFree(0x2000, AddressSpace::kUserEnd - 0x1000).has_value());
  EXPECT_TRUE(m.isFree(0x102000, 0x1000));
  EXPECT_FALSE(m.isFree(0x102000, 0x2000));
}

TEST(AddressSpace, PokeAndPeekIgnorePermissionsButNeedAMapping) {
  AddressSpace m;
  m.map(0x30000, 0x2000, kPermRead);
  const char text[] = "across a page boundary";
  ASSERT_TRUE(m.poke(0x30ff0, text, sizeof text));
  char back[sizeof text] = {};
  ASSERT_TRUE(m.peek(0x30ff0, back, sizeof back));
  EXPECT_STREQ(back, text);
  EXPECT_FALSE(m.poke(0x31ff0, text, sizeof text));
}

TEST(AddressSpace, PeekingUntouchedPagesReadsZerosWithoutGivingThemStorage) {
  AddressSpace m;
  m.map(0x40000000, uint64_t{1} << 32, kPermRead | kPermWrite);  // a 4 GB reservation
  const uint64_t value = 0x1122334455667788;
  ASSERT_TRUE(m.poke(0x40001000, &value, sizeof value));
  std::vector<uint8_t> bytes(16 << 20, 0xee);
  ASSERT_TRUE(m.peek(0x40000000, bytes.data(), bytes.size()));
  uint64_t back = 0;
  std::memcpy(&back, &bytes[0x1000], sizeof back);
  EXPECT_EQ(back, value);
  EXPECT_EQ(bytes[0], 0);
  EXPECT_EQ(bytes.back(), 0);
  unsigned stored = 0;
  m.forEachStoredPage(0x40000000, uint64_t{1} << 32, [&](uint64_t, uint8_t*) { ++stored; });
  EXPECT_EQ(stored, 1u);  // only the page that was written
}

TEST(AddressSpace, MoveCarriesTouchedPagesOnly) {
  AddressSpace m;
  m.map(0x100000, 0x100000, kPermRead | kPermWrite);  // 256 pages, one touched
  const uint64_t value = 0x1122334455667788;
  ASSERT_TRUE(m.poke(0x100000 + 0x5008, &value, 8));
  m.move(0x100000, 0x100000, 0x300000, 0x200000, kPermRead);
  EXPECT_FALSE(m.isMapped(0x100000, 0x1000));
  EXPECT_TRUE(m.isMapped(0x300000, 0x200000));
  EXPECT_EQ(m.permsAt(0x3ff000), kPermRead);
  uint64_t back = 0;
  ASSERT_TRUE(m.peek(0x300000 + 0x5008, &back, 8));
  EXPECT_EQ(back, value);
  // Overlapping move (down by one page).
  m.move(0x300000, 0x200000, 0x2ff000, 0x200000, kPermRead);
  ASSERT_TRUE(m.peek(0x2ff000 + 0x5008, &back, 8));
  EXPECT_EQ(back, value);
}

TEST(AddressSpace, RangesThatWrapOrLeaveUserSpaceAreNeitherFreeNorMapped) {
  AddressSpace m;
  m.map(0x10000, 0x1000, kPermRead);
  EXPECT_FALSE(m.isMapped(~uint64_t{0} - 0xfff, 0x2000));
  EXPECT_FALSE(m.isFree(~uint64_t{0} - 0xfff, 0x2000));
  EXPECT_FALSE(m.isFree(AddressSpace::kUserEnd - 0x1000, 0x2000));
  EXPECT_FALSE(m.protect(~uint64_t{0} - 0xfff, 0x2000, kPermRead));
}

TEST(AddressSpace, ChangesAreReported) {
  AddressSpace m;
  uint64_t lastStart = 0, lastLength = 0;
  m.changed = [&](uint64_t s, uint64_t l) {
    lastStart = s;
    lastLength = l;
  };
  m.map(0x40000, 0x2000, kPermRead);
  EXPECT_EQ(lastStart, 0x40000u);
  m.protect(0x41000, 0x1000, kPermRead | kPermExec);
  EXPECT_EQ(lastStart, 0x41000u);
  EXPECT_EQ(lastLength, 0x1000u);
}

}  // namespace
}  // namespace mips::se
