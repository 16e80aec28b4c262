// A home node's coherence directory and the occupancy of its controller.
//
// Directory: for every line of the node's memory that some cache holds, the
// full map of the CPUs holding it (one bit per CPU, any number of CPUs) and,
// when one CPU holds it exclusively (MESI E or M), that owner. Lines no cache
// holds have no entry (their state is "uncached"); because caches tell the
// home about every eviction (writebacks and replacement hints) the table
// stays exact and never holds more entries than the caches hold lines. It is
// an open-addressing hash table (linear probing, backward-shift deletion) of
// one-record entries, so a lookup allocates nothing and touches one host cache
// line; it doubles when it gets half full.
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

  // A directory for `numCpus` CPUs. Each entry is one record of 64-bit
  // words, [line, owner, sharer bitmap...], padded to a power of two so that
  // a lookup touches one host cache line (the miss path is bound by host
  // memory latency, not by arithmetic).
  explicit Directory(uint32_t numCpus)
      : words_((numCpus + 63) / 64), stride_(std::bit_ceil(size_t{2} + words_)) {
    rehash(1024);
  }

  size_t size() const { return used_; }

  // The slot of `line`'s entry, or kNotFound.
  size_t find(uint64_t line) const {
    for (size_t slot = hash(line);; slot = (slot + 1) & mask_) {
      const uint64_t stored = record(slot)[kLine];
      if (stored == line) return slot;
      if (stored == kEmpty) return kNotFound;
    }
  }

  // The slot of `line`'s entry, created empty (no sharers, no owner) if absent.
  size_t findOrInsert(uint64_t line) {
    if (2 * (used_ + 1) > capacity()) rehash(capacity() * 2);
    size_t slot = hash(line);
    for (; record(slot)[kLine] != kEmpty; slot = (slot + 1) & mask_)
      if (record(slot)[kLine] == line) return slot;
    uint64_t* r = record(slot);
    r[kLine] = line;
    r[kOwner] = kNoOwner;
    std::fill_n(r + kSharers, words_, 0);
    ++used_;
    return slot;
  }

  // Removes the entry at `slot` (other slots may move: look them up again).
  void erase(size_t slot) {
    // Backward-shift deletion keeps every probe chain unbroken.
    size_t hole = slot;
    for (size_t next = (hole + 1) & mask_; record(next)[kLine] != kEmpty; next = (next + 1) & mask_) {
      const size_t home = hash(record(next)[kLine]);
      // Move `next` into the hole unless its home lies cyclically in (hole, next].
      const bool homeBetween = hole < next ? (home > hole && home <= next) : (home > hole || home <= next);
      if (homeBetween) continue;
      std::copy_n(record(next), stride_, record(hole));
      hole = next;
    }
    record(hole)[kLine] = kEmpty;
    --used_;
  }

  uint64_t line(size_t slot) const { return record(slot)[kLine]; }
  CpuId owner(size_t slot) const { return CpuId(record(slot)[kOwner]); }
  void setOwner(size_t slot, CpuId cpu) { record(slot)[kOwner] = cpu; }

  bool hasSharer(size_t slot, CpuId cpu) const { return (record(slot)[kSharers + cpu / 64] >> (cpu % 64)) & 1; }
  void addSharer(size_t slot, CpuId cpu) { record(slot)[kSharers + cpu / 64] |= uint64_t{1} << (cpu % 64); }
  void removeSharer(size_t slot, CpuId cpu) { record(slot)[kSharers + cpu / 64] &= ~(uint64_t{1} << (cpu % 64)); }
  void clearSharers(size_t slot) { std::fill_n(record(slot) + kSharers, words_, 0); }
  bool hasSharers(size_t slot) const {
    const uint64_t* words = record(slot) + kSharers;
    for (uint32_t w = 0; w < words_; ++w)
      if (words[w] != 0) return true;
    return false;
  }
  uint32_t sharerCount(size_t slot) const {
    uint32_t n = 0;
    for (uint32_t w = 0; w < words_; ++w) n += uint32_t(std::popcount(record(slot)[kSharers + w]));
    return n;
  }
  // Calls fn(cpu) for every sharer, in CPU order.
  template <class Fn>
  void forEachSharer(size_t slot, Fn&& fn) const {
    const uint64_t* words = record(slot) + kSharers;
    for (uint32_t w = 0; w < words_; ++w)
      for (uint64_t bits = words[w]; bits != 0; bits &= bits - 1) fn(CpuId(w * 64 + unsigned(std::countr_zero(bits))));
  }

  // Calls fn(slot) for every entry (test support).
  template <class Fn>
  void forEachEntry(Fn&& fn) const {
    for (size_t slot = 0; slot < capacity(); ++slot)
      if (record(slot)[kLine] != kEmpty) fn(slot);
  }

 private:
  static constexpr size_t kLine = 0, kOwner = 1, kSharers = 2;  // word offsets in a record

  size_t capacity() const { return mask_ + 1; }
  uint64_t* record(size_t slot) { return &table_[slot * stride_]; }
  const uint64_t* record(size_t slot) const { return &table_[slot * stride_]; }
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
  // Grows the table to `capacity` slots (a power of two) and reinserts every entry.
  void rehash(size_t newCapacity) {
    std::vector<uint64_t> old = std::move(table_);
    const size_t oldCapacity = old.size() / stride_;
    table_.assign(newCapacity * stride_, 0);
    mask_ = newCapacity - 1;
    for (size_t slot = 0; slot < newCapacity; ++slot) record(slot)[kLine] = kEmpty;
    for (size_t from = 0; from < oldCapacity; ++from) {
      const uint64_t* r = &old[from * stride_];
      if (r[kLine] == kEmpty) continue;
      size_t slot = hash(r[kLine]);
      while (record(slot)[kLine] != kEmpty) slot = (slot + 1) & mask_;
      std::copy_n(r, stride_, record(slot));
    }
  }

  uint32_t words_;   // 64-bit words per sharer bitmap
  size_t stride_;    // words per record: 2 + words_, rounded up to a power of two
  size_t used_ = 0;
  size_t mask_ = 0;
  std::vector<uint64_t> table_;  // capacity x stride_ words
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
