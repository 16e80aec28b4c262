// The emulated process's address space: the Bus that se mode's CPU sees.
//
// Mappings are kept as non-overlapping [start, end) ranges with their
// PagePerm bits (from PT_LOAD flags, mmap, mprotect). Page storage is
// allocated on first touch and never freed or moved: the CPU caches host
// pointers to pages (software TLB, decoded-code cache), so an unmapped page
// keeps its storage, zeroed, for the next mapping at that address. Whoever
// changes mappings must then flush the CPU's cached translations (the
// `changed` callback does that in se mode).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include "mips/bus.h"

namespace mips::se {

class AddressSpace : public Bus {
 public:
  // Lowest address mmap hands out without a hint, and the end of user space.
  static constexpr uint64_t kMmapBase = 0x4000000000;
  static constexpr uint64_t kUserEnd = uint64_t{1} << 40;

  PageMapping mapPage(PhysAddr pageBase) override;

  // Maps [start, start+length) (page aligned) as fresh zeroed pages with
  // `perms`, replacing whatever was there.
  void map(uint64_t start, uint64_t length, uint8_t perms);
  // Removes any mapping in the range (pages not mapped are fine).
  void unmap(uint64_t start, uint64_t length);
  // Changes permissions; false (and nothing changed) if part of the range is unmapped.
  bool protect(uint64_t start, uint64_t length, uint8_t perms);

  // Moves a mapping to [to, to+newLength) with `perms`, carrying the bytes
  // of the first min(length, newLength) bytes; only pages that were ever
  // touched are copied. The ranges may overlap.
  void move(uint64_t from, uint64_t length, uint64_t to, uint64_t newLength, uint8_t perms);

  // True when no page of the range is mapped.
  bool isFree(uint64_t start, uint64_t length) const;
  // True when every page of the range is mapped.
  bool isMapped(uint64_t start, uint64_t length) const;
  // Permissions of the page holding va (0 if unmapped).
  uint8_t permsAt(uint64_t va) const;
  // A free, page-aligned range of `length` bytes at or above `from`, below kUserEnd.
  std::optional<uint64_t> findFree(uint64_t length, uint64_t from) const;

  // Host-side access that ignores permissions (loader, signal trampoline).
  // The range must be mapped; returns false otherwise.
  bool poke(uint64_t va, const void* src, uint64_t size);
  bool peek(uint64_t va, void* dst, uint64_t size);

  // Calls fn(pageBase, hostBytes) for every page of [start, start+length)
  // that has storage (was ever touched), in whichever order is cheaper: huge
  // reservations cost no more than the pages actually used.
  template <typename Fn>
  void forEachStoredPage(uint64_t start, uint64_t length, Fn fn) {
    const uint64_t first = start >> kPageShift, end = (start + length + kPageSize - 1) >> kPageShift;
    if (end - first <= pages_.size()) {
      for (uint64_t pn = first; pn < end; ++pn)
        if (auto it = pages_.find(pn); it != pages_.end()) fn(pn << kPageShift, it->second.get());
    } else {
      for (auto& [pn, bytes] : pages_)
        if (pn >= first && pn < end) fn(pn << kPageShift, bytes.get());
    }
  }

  // Called after every change of mappings or permissions, with the range.
  std::function<void(uint64_t start, uint64_t length)> changed;

 private:
  struct Range {
    uint64_t end;
    uint8_t perms;
  };
  // Removes [start, end) from ranges_, splitting ranges that straddle it.
  void carve(uint64_t start, uint64_t end);
  // Zeroes the stored pages of a range (they are no longer, or freshly, mapped).
  void zeroStorage(uint64_t start, uint64_t end);
  uint8_t* storage(uint64_t pageBase);
  void notify(uint64_t start, uint64_t length) {
    if (changed) changed(start, length);
  }

  std::map<uint64_t, Range> ranges_;  // by start
  std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> pages_;  // by page number
};

}  // namespace mips::se
