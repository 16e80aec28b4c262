// The se-mode address space (see memory.h).
#include "mips/se/memory.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace mips::se {

// The page's storage and permissions, or nothing when unmapped.
PageMapping AddressSpace::mapPage(PhysAddr pageBase) {
  const uint8_t perms = permsAt(pageBase.value);
  if (!perms && !isMapped(pageBase.value, kPageSize)) return {};
  return {storage(pageBase.value), perms};
}

// The page's bytes, allocated (zeroed) on first use and never moved.
uint8_t* AddressSpace::storage(uint64_t pageBase) {
  auto& page = pages_[pageBase >> kPageShift];
  if (!page) page = std::make_unique<uint8_t[]>(kPageSize);  // value-initialised: zero
  return page.get();
}

// Clears the bytes of the stored pages in [start, end).
void AddressSpace::zeroStorage(uint64_t start, uint64_t end) {
  forEachStoredPage(start, end - start, [](uint64_t, uint8_t* bytes) { std::memset(bytes, 0, kPageSize); });
}

// Splits the ranges that straddle [start, end) and drops the parts inside it.
void AddressSpace::carve(uint64_t start, uint64_t end) {
  auto it = ranges_.upper_bound(start);
  if (it != ranges_.begin()) --it;
  while (it != ranges_.end() && it->first < end) {
    const uint64_t rStart = it->first;
    const Range r = it->second;
    if (r.end <= start) {
      ++it;
      continue;
    }
    it = ranges_.erase(it);
    if (rStart < start) ranges_.emplace(rStart, Range{start, r.perms});
    if (r.end > end) it = ranges_.emplace(end, Range{r.end, r.perms}).first;
  }
}

// Replaces the range with one fresh, zeroed mapping.
void AddressSpace::map(uint64_t start, uint64_t length, uint8_t perms) {
  if (length == 0) return;
  const uint64_t end = start + length;
  carve(start, end);
  zeroStorage(start, end);
  ranges_.emplace(start, Range{end, perms});
  notify(start, length);
}

// Drops the range's mappings and clears their stored bytes.
void AddressSpace::unmap(uint64_t start, uint64_t length) {
  if (length == 0) return;
  carve(start, start + length);
  zeroStorage(start, start + length);
  notify(start, length);
}

// Remaps a range elsewhere, carrying the touched pages' bytes.
void AddressSpace::move(uint64_t from, uint64_t length, uint64_t to, uint64_t newLength, uint8_t perms) {
  // Copies of the touched pages first: the two ranges may overlap.
  std::map<uint64_t, std::vector<uint8_t>> saved;  // by offset
  forEachStoredPage(from, std::min(length, newLength), [&](uint64_t page, uint8_t* bytes) {
    saved[page - from].assign(bytes, bytes + kPageSize);
  });
  unmap(from, length);
  map(to, newLength, perms);
  for (const auto& [off, bytes] : saved) std::memcpy(storage(to + off), bytes.data(), kPageSize);
}

// Sets new permissions on a fully mapped range.
bool AddressSpace::protect(uint64_t start, uint64_t length, uint8_t perms) {
  if (!isMapped(start, length)) return false;
  carve(start, start + length);
  ranges_.emplace(start, Range{start + length, perms});
  notify(start, length);
  return true;
}

// No range starts inside, and none before it reaches into it.
bool AddressSpace::isFree(uint64_t start, uint64_t length) const {
  if (start > kUserEnd || length > kUserEnd - start) return false;  // beyond user space, or wrapping
  const uint64_t end = start + length;
  auto it = ranges_.upper_bound(start);
  if (it != ranges_.begin() && std::prev(it)->second.end > start) return false;
  return it == ranges_.end() || it->first >= end;
}

// Walks the ranges from start; any gap means unmapped.
bool AddressSpace::isMapped(uint64_t start, uint64_t length) const {
  if (start > kUserEnd || length > kUserEnd - start) return false;  // beyond user space, or wrapping
  uint64_t at = start;
  const uint64_t end = start + length;
  auto it = ranges_.upper_bound(at);
  if (it == ranges_.begin()) return length == 0;
  --it;
  while (at < end) {
    if (it == ranges_.end() || it->first > at || it->second.end <= at) return false;
    at = it->second.end;
    ++it;
  }
  return true;
}

// The permissions of the range holding va.
uint8_t AddressSpace::permsAt(uint64_t va) const {
  auto it = ranges_.upper_bound(va);
  if (it == ranges_.begin()) return 0;
  --it;
  return it->second.end > va ? it->second.perms : 0;
}

// First fit at or above from: steps over ranges until a gap is long enough.
std::optional<uint64_t> AddressSpace::findFree(uint64_t length, uint64_t from) const {
  uint64_t candidate = (from + kPageSize - 1) & ~(kPageSize - 1);
  auto it = ranges_.upper_bound(candidate);
  if (it != ranges_.begin() && std::prev(it)->second.end > candidate) candidate = std::prev(it)->second.end;
  for (;; ++it) {
    if (candidate > kUserEnd || length > kUserEnd - candidate) return std::nullopt;
    if (it == ranges_.end() || it->first >= candidate + length) return candidate;
    candidate = std::max(candidate, it->second.end);
  }
}

// Copies into mapped pages page by page, ignoring permissions.
bool AddressSpace::poke(uint64_t va, const void* src, uint64_t size) {
  if (!isMapped(va & ~(kPageSize - 1), ((va + size + kPageSize - 1) & ~(kPageSize - 1)) - (va & ~(kPageSize - 1))))
    return false;
  const auto* from = static_cast<const uint8_t*>(src);
  while (size > 0) {
    const uint64_t chunk = std::min<uint64_t>(size, kPageSize - (va & (kPageSize - 1)));
    std::memcpy(storage(va & ~(kPageSize - 1)) + (va & (kPageSize - 1)), from, chunk);
    va += chunk;
    from += chunk;
    size -= chunk;
  }
  return true;
}

// Copies out of mapped pages page by page, ignoring permissions.
bool AddressSpace::peek(uint64_t va, void* dst, uint64_t size) {
  if (!isMapped(va & ~(kPageSize - 1), ((va + size + kPageSize - 1) & ~(kPageSize - 1)) - (va & ~(kPageSize - 1))))
    return false;
  auto* to = static_cast<uint8_t*>(dst);
  while (size > 0) {
    const uint64_t chunk = std::min<uint64_t>(size, kPageSize - (va & (kPageSize - 1)));
    // A page never written has no storage yet and reads as zeros; reading it
    // from the host side must not allocate (a guest could otherwise make
    // disco hold its whole, possibly huge, reservation).
    auto it = pages_.find(va >> kPageShift);
    if (it == pages_.end()) std::memset(to, 0, chunk);
    else std::memcpy(to, it->second.get() + (va & (kPageSize - 1)), chunk);
    va += chunk;
    to += chunk;
    size -= chunk;
  }
  return true;
}

}  // namespace mips::se
