// FLASH-style per-page, per-node miss counters (miss_counters.h).
//
// Storage is dense: for every RAM page of the machine (nodes x
// memory_per_node / 4 KB) and every node, a 32-bit window count, a one-byte
// "queued this window" mark and a 64-bit cumulative count, indexed by
// page * nodes + node, so one page's counts from all nodes are adjacent (the
// layout forEachPage hands out).
//
// Clearing every window count of the machine must be cheap, because it
// happens every reset interval: instead of a pass over all pages, resetAll
// advances an epoch number, and a page whose stamp is older than the epoch
// has all-zero window counts (it is cleared for real the next time it is
// touched). Cumulative counts are never cleared.
#include "numa/miss_counters.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace numa {

struct MissCounters::Impl {
  uint32_t nodes = 0;
  uint64_t pagesPerNode = 0;
  Cycles resetInterval = 0;  // 0: no periodic reset
  Cycles nextReset = 0;
  uint32_t epoch = 0;
  std::vector<uint32_t> pageEpoch;  // per page: the epoch its window counts belong to
  std::vector<uint32_t> window;     // page x node
  std::vector<uint8_t> queued;      // page x node: queued for this node in this window
  std::vector<uint64_t> total;      // page x node
  std::vector<std::deque<MachinePage>> hot;  // per node, oldest first

  // The dense index of a RAM page; throws for anything else.
  uint64_t pageIndex(MachinePage page, const char* who) const {
    const uint64_t pagesInWindow = uint64_t{1} << (kNodeShift - mips::kPageShift);
    const uint64_t node = page.value / pagesInWindow;
    const uint64_t offset = page.value % pagesInWindow;
    if (node >= nodes || offset >= pagesPerNode) {
      char text[160];
      std::snprintf(text, sizeof text, "MissCounters::%s: machine page %#" PRIx64 " (address %#" PRIx64 ") is not RAM",
                    who, page.value, page.base().value);
      throw std::out_of_range(text);
    }
    return node * pagesPerNode + offset;
  }
  void checkNode(NodeId node, const char* who) const {
    if (node >= nodes)
      throw std::out_of_range(std::string("MissCounters::") + who + ": node " + std::to_string(node) +
                              " does not exist (" + std::to_string(nodes) + " nodes)");
  }
  // Brings a page's window counts up to the current epoch (zero if stale).
  void freshen(uint64_t index) {
    if (pageEpoch[index] == epoch) return;
    clearPage(index);
  }
  void clearPage(uint64_t index) {
    std::fill_n(&window[index * nodes], nodes, 0);
    std::fill_n(&queued[index * nodes], nodes, 0);
    pageEpoch[index] = epoch;
  }
};

// Sizes the dense arrays for the configured RAM; throws std::length_error if
// they would not fit in a sane amount of host memory.
MissCounters::MissCounters(const MachineConfig& config)
    : threshold_(config.miss_counters.hot_threshold), impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.nodes = config.machine.nodes;
  m.pagesPerNode = config.memoryPerNodeBytes() >> mips::kPageShift;
  const uint64_t pages = m.pagesPerNode * m.nodes;
  const uint64_t bytesNeeded = pages * (4 + m.nodes * (4 + 1 + 8));
  constexpr uint64_t kMaxBytes = uint64_t{8} << 30;  // our limit: 8 GB of host memory for counters
  if (bytesNeeded > kMaxBytes)
    throw std::length_error("MissCounters: " + std::to_string(pages) + " pages x " + std::to_string(m.nodes) +
                            " nodes need " + std::to_string(bytesNeeded >> 20) +
                            " MB of counters (limit 8 GB); use fewer nodes or less memory per node");
  m.resetInterval = config.cyclesFromNs(uint64_t{config.miss_counters.reset_interval_us} * 1000);
  m.nextReset = m.resetInterval;
  m.pageEpoch.assign(pages, 0);
  m.window.assign(pages * m.nodes, 0);
  m.queued.assign(pages * m.nodes, 0);
  m.total.assign(pages * m.nodes, 0);
  m.hot.resize(m.nodes);
}

MissCounters::~MissCounters() = default;
MissCounters::MissCounters(MissCounters&&) noexcept = default;
MissCounters& MissCounters::operator=(MissCounters&&) noexcept = default;

// Counts one miss; queues the page on `node` when its window count reaches
// the threshold (once per window), and tells the listener when that node's
// queue stops being empty.
void MissCounters::recordMiss(MachinePage page, NodeId node, Cycles now) {
  Impl& m = *impl_;
  if (m.resetInterval != 0 && now >= m.nextReset) {
    resetAll();
    m.nextReset = (now / m.resetInterval + 1) * m.resetInterval;
  }
  const uint64_t index = m.pageIndex(page, "recordMiss");
  m.checkNode(node, "recordMiss");
  m.freshen(index);
  const uint64_t slot = index * m.nodes + node;
  if (m.window[slot] != std::numeric_limits<uint32_t>::max()) ++m.window[slot];
  ++m.total[slot];
  if (threshold_ != 0 && m.window[slot] >= threshold_ && !m.queued[slot]) {
    m.queued[slot] = 1;
    std::deque<MachinePage>& queue = m.hot[node];
    queue.push_back(page);
    if (queue.size() == 1 && hotListener_) hotListener_(node);
  }
}

// Misses to `page` from `node` since the last reset.
uint32_t MissCounters::windowCount(MachinePage page, NodeId node) const {
  const Impl& m = *impl_;
  const uint64_t index = m.pageIndex(page, "windowCount");
  m.checkNode(node, "windowCount");
  return m.pageEpoch[index] == m.epoch ? m.window[index * m.nodes + node] : 0;
}

// Misses to `page` from `node` since the start of the run.
uint64_t MissCounters::totalCount(MachinePage page, NodeId node) const {
  const Impl& m = *impl_;
  const uint64_t index = m.pageIndex(page, "totalCount");
  m.checkNode(node, "totalCount");
  return m.total[index * m.nodes + node];
}

// Clears every window count and "queued" mark (pages already queued stay queued).
void MissCounters::resetAll() {
  Impl& m = *impl_;
  ++resets_;
  if (++m.epoch == 0) {
    // The epoch wrapped (after 2^32 resets): clear everything for real once.
    std::fill(m.window.begin(), m.window.end(), 0);
    std::fill(m.queued.begin(), m.queued.end(), 0);
    std::fill(m.pageEpoch.begin(), m.pageEpoch.end(), 0);
  }
}

// Clears one page's window counts and marks, for every node.
void MissCounters::resetPage(MachinePage page) {
  Impl& m = *impl_;
  m.clearPage(m.pageIndex(page, "resetPage"));
}

size_t MissCounters::hotCount(NodeId node) const {
  impl_->checkNode(node, "hotCount");
  return impl_->hot[node].size();
}

// The oldest hot page queued on `node`, removed from the queue.
std::optional<MachinePage> MissCounters::popHot(NodeId node) {
  impl_->checkNode(node, "popHot");
  std::deque<MachinePage>& queue = impl_->hot[node];
  if (queue.empty()) return std::nullopt;
  const MachinePage page = queue.front();
  queue.pop_front();
  return page;
}

// Every page with at least minMisses cumulative misses (all nodes together), in page order.
void MissCounters::forEachPage(uint64_t minMisses,
                               const std::function<void(MachinePage, const uint64_t*)>& fn) const {
  const Impl& m = *impl_;
  const uint64_t pagesInWindow = uint64_t{1} << (kNodeShift - mips::kPageShift);
  const int64_t pages = int64_t(m.pageEpoch.size());
  // The filter is a pass over every page of the machine (pages x nodes
  // counters: 16 M on a 16-node machine with 1 GB per node), done in parallel
  // with OpenMP in fixed page ranges; the pages found are then handed to fn in
  // page order on the calling thread, so the result does not depend on the
  // number of threads.
  constexpr int64_t kChunk = 4096;
  const int64_t chunks = (pages + kChunk - 1) / kChunk;
  std::vector<std::vector<uint64_t>> found(size_t(std::max<int64_t>(chunks, 0)));
#pragma omp parallel for schedule(static) if (pages >= 16 * kChunk)
  for (int64_t c = 0; c < chunks; ++c) {
    const int64_t end = std::min(pages, (c + 1) * kChunk);
    for (int64_t index = c * kChunk; index < end; ++index) {
      const uint64_t* totals = &m.total[size_t(index) * m.nodes];
      uint64_t sum = 0;
      for (uint32_t n = 0; n < m.nodes; ++n) sum += totals[n];
      if (sum >= minMisses) found[size_t(c)].push_back(uint64_t(index));
    }
  }
  for (const auto& chunk : found)
    for (uint64_t index : chunk) {
      const uint64_t node = index / m.pagesPerNode;
      fn(MachinePage(node * pagesInWindow + index % m.pagesPerNode), &m.total[index * m.nodes]);
    }
}

}  // namespace numa
