// FLASH-style cache-miss counters: for every machine page of RAM, how many
// cache misses reached it from each node.
//
// FLASH's MAGIC controller counted misses per page and per processor so that
// the OS (Disco's monitor) could find pages worth migrating or replicating.
// Two sets of counts are kept per (page, node):
//  - the window count, cleared every miss_counters.reset_interval_us and on
//    request, which drives the hot-page interrupt: when it reaches the
//    threshold the page is queued on the missing node's controller and that
//    node is told (the machine raises IRQ_HOTPAGE on its first CPU);
//  - the cumulative count, never cleared, for the run's statistics.
// A page is queued at most once per window for a given node.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <functional>
#include <optional>
#include <vector>

#include "numa/address.h"
#include "numa/config.h"

namespace numa {

class MissCounters {
 public:
  explicit MissCounters(const MachineConfig& config);
  ~MissCounters();
  MissCounters(MissCounters&&) noexcept;
  MissCounters& operator=(MissCounters&&) noexcept;

  // One cache miss to `page` (must be RAM) from `node` at time `now`. Applies a
  // due periodic reset first.
  void recordMiss(MachinePage page, NodeId node, Cycles now);

  uint32_t windowCount(MachinePage page, NodeId node) const;
  uint64_t totalCount(MachinePage page, NodeId node) const;

  uint32_t threshold() const { return threshold_; }
  void setThreshold(uint32_t misses) { threshold_ = misses; }
  void resetAll();                 // clears every window count and the hot queues' "queued" marks
  void resetPage(MachinePage page);

  // Hot pages queued on `node`, oldest first.
  size_t hotCount(NodeId node) const;
  std::optional<MachinePage> popHot(NodeId node);
  // Called when `node`'s queue goes from empty to non-empty.
  void onHot(std::function<void(NodeId)> listener) { hotListener_ = std::move(listener); }

  // Pages with at least minMisses cumulative misses, in page order:
  // fn(page, totals) where totals[n] is the cumulative count from node n.
  void forEachPage(uint64_t minMisses, const std::function<void(MachinePage, const uint64_t*)>& fn) const;
  uint64_t resets() const { return resets_; }

 private:
  uint32_t threshold_ = 0;
  uint64_t resets_ = 0;
  std::function<void(NodeId)> hotListener_;
  struct Impl;  // the dense count arrays and the hot queues (miss_counters.cc)
  std::unique_ptr<Impl> impl_;
};

}  // namespace numa
