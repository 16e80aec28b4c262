// A set-associative tag array with true LRU replacement: the building block
// of every cache in the timing model (L1 instruction, L1 data, L2).
//
// Only tags live here; data always stays in machine memory. Each way is one
// 64-bit word: the line's base machine address with a few flag bits in its
// low bits (a line base has its low log2(line size) bits clear, and lines are
// at least 8 bytes, so three bits are free). The L2 keeps the MESI state
// there, the L1 data cache a "writable" bit. An empty way holds kEmpty, which
// no line base can equal (machine addresses have 40 bits).
//
// The ways of a set are kept in recency order, most recent first: a hit on
// the most recent way costs one compare and no update, the victim is always
// the last way, and that is exactly true LRU (for the R10000's 2-way caches,
// its one LRU bit per set). Sets are indexed by the low bits of the line
// number (physically indexed, physically tagged by machine address).
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "numa/config.h"

namespace numa {

class CacheArray {
 public:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static constexpr uint64_t kFlagMask = 7;

  // A cache of geometry `g`; `key` is its configuration key ("cache.l2") for
  // errors. Throws ConfigError unless the line size is a power of two of at
  // least 8 bytes and the size gives a whole, power-of-two number of sets.
  CacheArray(const CacheGeometry& g, const std::string& key) {
    const uint64_t bytes = uint64_t{g.size_kb} * 1024;
    if (g.line_bytes < 8 || !std::has_single_bit(g.line_bytes))
      throw ConfigError(key + ".line_bytes", "must be a power of two of at least 8 bytes, got " +
                                                 std::to_string(g.line_bytes));
    if (g.assoc == 0) throw ConfigError(key + ".assoc", "must be at least 1");
    const uint64_t setBytes = uint64_t{g.assoc} * g.line_bytes;
    if (bytes == 0 || bytes % setBytes != 0 || !std::has_single_bit(bytes / setBytes))
      throw ConfigError(key + ".size_kb", "size / (assoc * line_bytes) must be a power of two number of sets; " +
                                              std::to_string(g.size_kb) + " KB, " + std::to_string(g.assoc) +
                                              "-way, " + std::to_string(g.line_bytes) + "-byte lines does not give one");
    lineBytes_ = g.line_bytes;
    lineShift_ = unsigned(std::countr_zero(g.line_bytes));
    assoc_ = g.assoc;
    sets_ = bytes / setBytes;
    ways_.assign(sets_ * assoc_, kEmpty);
  }

  uint32_t lineBytes() const { return lineBytes_; }
  uint32_t assoc() const { return assoc_; }
  uint64_t sets() const { return sets_; }
  // The base address of the line holding `addr`.
  uint64_t lineBase(uint64_t addr) const { return addr & ~uint64_t{lineBytes_ - 1}; }
  // The line base stored in a way's word (flags stripped).
  static uint64_t lineOf(uint64_t word) { return word & ~kFlagMask; }

  // Looks a line up and makes it the most recently used: the way's word, or
  // nullptr on a miss. The pointer stays valid until the set changes.
  uint64_t* touch(uint64_t lineBase) {
    uint64_t* set = setOf(lineBase);
    if (lineOf(set[0]) == lineBase) return set;  // the common case: MRU hit
    for (uint32_t i = 1; i < assoc_; ++i) {
      if (lineOf(set[i]) == lineBase) {
        const uint64_t word = set[i];
        for (uint32_t j = i; j > 0; --j) set[j] = set[j - 1];
        set[0] = word;
        return set;
      }
    }
    return nullptr;
  }

  // Looks a line up without changing the recency order.
  uint64_t* find(uint64_t lineBase) {
    uint64_t* set = setOf(lineBase);
    for (uint32_t i = 0; i < assoc_; ++i)
      if (lineOf(set[i]) == lineBase) return set + i;
    return nullptr;
  }
  const uint64_t* find(uint64_t lineBase) const { return const_cast<CacheArray*>(this)->find(lineBase); }

  // Inserts a line that is not present as the most recently used; returns
  // the word of the evicted least recently used way (kEmpty if it was free).
  uint64_t insert(uint64_t word) {
    uint64_t* set = setOf(lineOf(word));
    const uint64_t victim = set[assoc_ - 1];
    for (uint32_t j = assoc_ - 1; j > 0; --j) set[j] = set[j - 1];
    set[0] = word;
    return victim;
  }

  // Removes a line if present; returns its word or kEmpty. The freed way
  // moves to the LRU end, so the next insert into the set uses it.
  uint64_t remove(uint64_t lineBase) {
    uint64_t* set = setOf(lineBase);
    for (uint32_t i = 0; i < assoc_; ++i) {
      if (lineOf(set[i]) == lineBase) {
        const uint64_t word = set[i];
        for (uint32_t j = i; j + 1 < assoc_; ++j) set[j] = set[j + 1];
        set[assoc_ - 1] = kEmpty;
        return word;
      }
    }
    return kEmpty;
  }

  // Calls fn(word) for every occupied way (test support, statistics).
  template <class Fn>
  void forEach(Fn&& fn) const {
    for (uint64_t word : ways_)
      if (word != kEmpty) fn(word);
  }

 private:
  uint64_t* setOf(uint64_t lineBase) { return &ways_[((lineBase >> lineShift_) & (sets_ - 1)) * assoc_]; }

  uint32_t lineBytes_ = 0;
  unsigned lineShift_ = 0;
  uint32_t assoc_ = 0;
  uint64_t sets_ = 0;
  std::vector<uint64_t> ways_;  // sets x assoc, each set most recent first
};

}  // namespace numa
