// A home node's coherence directory and the occupancy of its controller.
//
// Directory: for every line of the node's memory that some cache holds, the
// full map of the CPUs holding it (one bit per CPU, any number of CPUs) and,
// when one CPU holds it exclusively (MESI E or M), that owner. Lines no cache
// holds have no entry (their state is "uncached"); because caches tell the
// home about every eviction (writebacks and replacement hints) the table
// stays exact and never holds more entries than the caches hold lines. It is
// an open-addressing hash table (linear probing, backward-shift deletion), so
// a lookup allocates nothing; it doubles when it gets half full.
//
// ControllerCalendar: the home's memory/directory controller is busy a fixed
// time per request it serves, and requests queue. CPUs are simulated one after
// another for a quantum each, so requests reach a controller out of time order
// (CPU 1's request at t=100 may come after CPU 0's at t=900). The calendar
// therefore books work into time buckets rather than behind one "busy until"
// time: a request at t waits only for work already booked in t's bucket (and
// any spill into it), never for work booked far in its future. See
// docs/memory.md for the argument and the error bound.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "numa/address.h"

namespace numa {

class Directory {
 public:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static constexpr CpuId kNoOwner = ~CpuId{0};
  static constexpr size_t kNotFound = ~size_t{0};

  explicit Directory(uint32_t numCpus) : words_((numCpus + 63) / 64) { rehash(1024); }

  size_t size() const { return used_; }

  // The slot of `line`'s entry, or kNotFound.
  size_t find(uint64_t line) const {
    for (size_t slot = hash(line);; slot = (slot + 1) & mask_) {
      if (lines_[slot] == line) return slot;
      if (lines_[slot] == kEmpty) return kNotFound;
    }
  }

  // The slot of `line`'s entry, created empty (no sharers, no owner) if absent.
  size_t findOrInsert(uint64_t line) {
    if (2 * (used_ + 1) > lines_.size()) rehash(lines_.size() * 2);
    size_t slot = hash(line);
    for (; lines_[slot] != kEmpty; slot = (slot + 1) & mask_)
      if (lines_[slot] == line) return slot;
    lines_[slot] = line;
    owners_[slot] = kNoOwner;
    std::fill_n(sharerWords(slot), words_, 0);
    ++used_;
    return slot;
  }

  // Removes the entry at `slot` (other slots may move: look them up again).
  void erase(size_t slot) {
    // Backward-shift deletion keeps every probe chain unbroken.
    size_t hole = slot;
    for (size_t next = (hole + 1) & mask_; lines_[next] != kEmpty; next = (next + 1) & mask_) {
      const size_t home = hash(lines_[next]);
      // Move `next` into the hole unless its home lies cyclically in (hole, next].
      const bool homeBetween = hole < next ? (home > hole && home <= next) : (home > hole || home <= next);
      if (homeBetween) continue;
      moveSlot(next, hole);
      hole = next;
    }
    lines_[hole] = kEmpty;
    --used_;
  }

  uint64_t line(size_t slot) const { return lines_[slot]; }
  CpuId owner(size_t slot) const { return owners_[slot]; }
  void setOwner(size_t slot, CpuId cpu) { owners_[slot] = cpu; }

  bool hasSharer(size_t slot, CpuId cpu) const { return (sharerWords(slot)[cpu / 64] >> (cpu % 64)) & 1; }
  void addSharer(size_t slot, CpuId cpu) { sharerWords(slot)[cpu / 64] |= uint64_t{1} << (cpu % 64); }
  void removeSharer(size_t slot, CpuId cpu) { sharerWords(slot)[cpu / 64] &= ~(uint64_t{1} << (cpu % 64)); }
  void clearSharers(size_t slot) { std::fill_n(sharerWords(slot), words_, 0); }
  uint32_t sharerCount(size_t slot) const {
    uint32_t n = 0;
    for (uint32_t w = 0; w < words_; ++w) n += uint32_t(std::popcount(sharerWords(slot)[w]));
    return n;
  }
  // Calls fn(cpu) for every sharer, in CPU order.
  template <class Fn>
  void forEachSharer(size_t slot, Fn&& fn) const {
    const uint64_t* words = sharerWords(slot);
    for (uint32_t w = 0; w < words_; ++w)
      for (uint64_t bits = words[w]; bits != 0; bits &= bits - 1) fn(CpuId(w * 64 + unsigned(std::countr_zero(bits))));
  }

  // Calls fn(slot) for every entry (test support).
  template <class Fn>
  void forEachEntry(Fn&& fn) const {
    for (size_t slot = 0; slot < lines_.size(); ++slot)
      if (lines_[slot] != kEmpty) fn(slot);
  }

 private:
  size_t hash(uint64_t line) const {
    // A 64-bit mix (the splitmix64 finalizer): line bases have many zero low bits.
    uint64_t x = line;
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ull;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dull;
    x ^= x >> 33;
    return size_t(x) & mask_;
  }
  uint64_t* sharerWords(size_t slot) { return &sharers_[slot * words_]; }
  const uint64_t* sharerWords(size_t slot) const { return &sharers_[slot * words_]; }
  void moveSlot(size_t from, size_t to) {
    lines_[to] = lines_[from];
    owners_[to] = owners_[from];
    std::copy_n(sharerWords(from), words_, sharerWords(to));
  }
  // Grows the table to `capacity` slots (a power of two) and reinserts every entry.
  void rehash(size_t capacity) {
    std::vector<uint64_t> oldLines = std::move(lines_);
    std::vector<CpuId> oldOwners = std::move(owners_);
    std::vector<uint64_t> oldSharers = std::move(sharers_);
    lines_.assign(capacity, kEmpty);
    owners_.assign(capacity, kNoOwner);
    sharers_.assign(capacity * words_, 0);
    mask_ = capacity - 1;
    for (size_t old = 0; old < oldLines.size(); ++old) {
      if (oldLines[old] == kEmpty) continue;
      size_t slot = hash(oldLines[old]);
      while (lines_[slot] != kEmpty) slot = (slot + 1) & mask_;
      lines_[slot] = oldLines[old];
      owners_[slot] = oldOwners[old];
      std::copy_n(&oldSharers[old * words_], words_, sharerWords(slot));
    }
  }

  uint32_t words_;      // 64-bit words per sharer bitmap
  size_t used_ = 0;
  size_t mask_ = 0;
  std::vector<uint64_t> lines_;    // line base per slot, kEmpty when free
  std::vector<CpuId> owners_;      // exclusive owner per slot, kNoOwner when shared
  std::vector<uint64_t> sharers_;  // slots x words_ bitmap
};

class ControllerCalendar {
 public:
  // A controller busy `occupancy` cycles per request; buckets `bucketWidth`
  // cycles wide; the ring initially covers `initialSpan` cycles (it grows when
  // a request comes from further back in time than that).
  ControllerCalendar(Cycles occupancy, Cycles bucketWidth, Cycles initialSpan)
      : occupancy_(occupancy), width_(std::max<Cycles>(bucketWidth, 1)) {
    const uint64_t buckets = std::bit_ceil(std::max<uint64_t>(64, initialSpan / width_ + 1));
    ring_.assign(buckets, Bucket{});
  }

  Cycles occupancy() const { return occupancy_; }
  Cycles bucketWidth() const { return width_; }

  // Books one request arriving at `arrival`; returns its queueing delay (the
  // cycles it waits before the controller starts on it).
  Cycles book(Cycles arrival) {
    if (occupancy_ == 0) return 0;
    Cycles start = arrival;
    Bucket* bucket = nullptr;
    for (;;) {
      const uint64_t index = start / width_;
      bucket = &at(index);
      start = std::max(start, bucket->idleFrom);
      if (start < (index + 1) * width_) break;  // starts inside this bucket
    }
    const Cycles finish = start + occupancy_;
    bucket->idleFrom = finish;
    // Work running past the bucket's end keeps the following buckets busy.
    for (uint64_t index = start / width_ + 1; index * width_ < finish; ++index) {
      Bucket& next = at(index);
      next.idleFrom = std::max(next.idleFrom, finish);
    }
    return start - arrival;
  }

 private:
  static constexpr uint64_t kNoBucket = ~uint64_t{0};
  static constexpr uint64_t kMaxBuckets = uint64_t{1} << 22;
  struct Bucket {
    uint64_t index = kNoBucket;  // which time bucket this ring slot holds
    Cycles idleFrom = 0;         // the controller is free from here within the bucket
  };

  // The bucket for time bucket `index`, fresh (idle from its start) if unused.
  Bucket& at(uint64_t index) {
    for (;;) {
      Bucket& b = ring_[index & (ring_.size() - 1)];
      if (b.index == index) return b;
      if (b.index == kNoBucket || b.index < index) {  // free, or an older bucket nobody can reach now
        b = Bucket{index, index * width_};
        return b;
      }
      // The slot holds a newer bucket: this request comes from further back
      // than the ring covers. Grow (keeping every booked bucket) and retry.
      if (ring_.size() >= kMaxBuckets) {
        scratch_ = Bucket{index, index * width_};  // beyond any plausible skew: treat as idle
        return scratch_;
      }
      grow();
    }
  }
  void grow() {
    std::vector<Bucket> old = std::move(ring_);
    ring_.assign(old.size() * 2, Bucket{});
    for (const Bucket& b : old)
      if (b.index != kNoBucket) ring_[b.index & (ring_.size() - 1)] = b;
  }

  Cycles occupancy_;
  Cycles width_;
  std::vector<Bucket> ring_;
  Bucket scratch_;
};

}  // namespace numa
