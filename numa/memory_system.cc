// The timing model of the caches and the directory protocol (memory_system.h;
// the model and its sources are in docs/memory.md).
//
// Layout: per CPU three tag arrays (cache.h) and its statistics; per home
// node a sparse full-map directory and a controller calendar (directory.h).
// The L2 keeps each line's MESI state in its tag word; the L1 data cache keeps
// a "writable" bit per line, set only while the L2 holds the line Modified, so
// that loads, and stores to owned lines, are decided by the L1 fast path in
// access() alone. Everything else (L1 misses, stores needing ownership) goes
// through the slow path, which also maintains inclusion (L1 within L2) and the
// directory.
//
// Latency: every directory transaction costs the local memory latency (the
// home's controller, directory and DRAM) plus the network legs of its
// critical path, each leg half the round-trip network time between its two
// nodes (remote - local latency, plus the per-hop latency beyond the first
// hop), plus the queueing delay at the home's controller.
#include "numa/memory_system.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "numa/cache.h"
#include "numa/directory.h"
#include "numa/miss_counters.h"
#include "numa/topology.h"

namespace numa {

namespace {

// L2 line states, kept in the low bits of the tag word (Invalid = not present).
constexpr uint64_t kShared = 1;
constexpr uint64_t kExclusive = 2;  // clean, only copy (MESI only)
constexpr uint64_t kModified = 3;   // dirty, only copy
constexpr uint64_t kStateMask = 3;
static_assert(uint64_t(LineState::Shared) == kShared && uint64_t(LineState::Exclusive) == kExclusive &&
              uint64_t(LineState::Modified) == kModified);
// L1 data cache flag: stores may complete in the L1 (the L2 holds the line Modified).
constexpr uint64_t kWritable = 1;

// A hexadecimal address for error messages.
std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%#" PRIx64, value);
  return text;
}

// The name of an L2 state for error messages.
const char* stateName(uint64_t state) {
  switch (state) {
    case kShared: return "Shared";
    case kExclusive: return "Exclusive";
    case kModified: return "Modified";
    default: return "Invalid";
  }
}

}  // namespace

// One CPU's caches and counters.
struct CpuCaches {
  CpuCaches(const MachineConfig& config, NodeId node)
      : l1i(config.cache.l1i, "cache.l1i"), l1d(config.cache.l1d, "cache.l1d"), l2(config.cache.l2, "cache.l2"),
        node(node) {}
  CacheArray l1i, l1d, l2;
  NodeId node;
  CacheCpuStats stats;
};

struct MemorySystem::Impl {
  Impl(const MachineConfig& config, const Topology& topology, MissCounters* counters);

  Cycles accessSlow(CpuId cpu, uint64_t addr, MemOp op, Cycles now);
  Cycles l2Miss(CpuId cpu, uint64_t line, MemOp op, Cycles now);
  Cycles upgrade(CpuId cpu, uint64_t line, Cycles now);
  void evictL2Victim(CpuId cpu, uint64_t victimWord, Cycles now);
  void invalidateCopy(CpuId cpu, uint64_t line);
  uint64_t invalidateSharers(Directory& dir, size_t slot, uint64_t line, NodeId home, NodeId requester, CpuId keep);
  void downgradeCopy(CpuId cpu, uint64_t line);
  void dropL1Lines(CpuCaches& caches, uint64_t line);
  void setL1Writable(CpuCaches& caches, uint64_t line, bool writable);
  Cycles bookController(NodeId home, Cycles arrival, bool requesterWaits);
  void checkRam(uint64_t addr, uint64_t bytes, const char* what) const;
  void chargeStall(CacheCpuStats& stats, NodeId requester, NodeId home, Cycles stall) const {
    (requester == home ? stats.stallLocal : stats.stallRemote) += stall;
  }
  void countServed(CacheCpuStats& stats, NodeId requester, NodeId home) const {
    ++(requester == home ? stats.localMisses : stats.remoteMisses);
  }
  void lost(CpuId cpu, uint64_t line) const {
    if (lineLost) lineLost(cpu, MachineAddr(line));
  }
  // Twice the one-way network time from a to b, in ns.
  uint64_t roundTripNs(NodeId a, NodeId b) const { return roundTripNs_[size_t(a) * nodes + b]; }
  // A directory transaction whose critical path has network legs adding up to
  // `twiceLegsNs` / 2 ns: memory latency plus the legs, in cycles.
  Cycles transactionCycles(uint64_t twiceLegsNs) const {
    return config.cyclesFromNs(config.memory.local_latency_ns + (twiceLegsNs + 1) / 2);
  }

  MachineConfig config;
  uint32_t nodes;
  uint64_t memoryPerNode;
  uint64_t l2LineBytes;
  Cycles l2HitCycles;
  bool mesi;
  MissCounters* counters;  // nullptr or disabled: no counting
  std::vector<CpuCaches> cpus;
  std::vector<Directory> directories;        // per home node
  std::vector<ControllerCalendar> controllers;  // per home node
  std::vector<CacheNodeStats> nodeStats;
  std::vector<uint64_t> roundTripNs_;    // nodes x nodes
  std::vector<Cycles> arrivalCycles;     // nodes x nodes: one-way time requester -> home
  std::vector<Cycles> memoryMissCycles;  // nodes x nodes: a miss served by the home's memory
  std::function<void(CpuId, MachineAddr)> lineLost;
};

// Builds the caches, directories, controllers and latency tables from the config.
MemorySystem::Impl::Impl(const MachineConfig& cfg, const Topology& topology, MissCounters* missCounters)
    : config(cfg), nodes(cfg.machine.nodes), memoryPerNode(cfg.memoryPerNodeBytes()),
      l2LineBytes(cfg.cache.l2.line_bytes), l2HitCycles(cfg.cache.l2_hit_cycles),
      mesi(cfg.cache.protocol == "mesi"),
      counters(cfg.miss_counters.enabled ? missCounters : nullptr) {
  if (cfg.cache.protocol != "mesi" && cfg.cache.protocol != "msi")
    throw ConfigError("cache.protocol", "must be \"mesi\" or \"msi\", got \"" + cfg.cache.protocol + "\"");
  if (nodes == 0 || nodes > kMaxNodes)
    throw ConfigError("machine.nodes", "must be 1.." + std::to_string(kMaxNodes));
  if (cfg.machine.cpus_per_node == 0) throw ConfigError("machine.cpus_per_node", "must be at least 1");
  if (topology.nodes() != nodes)
    throw std::invalid_argument("MemorySystem: the topology has " + std::to_string(topology.nodes()) +
                                " nodes but machine.nodes is " + std::to_string(nodes));
  if (cfg.memory.remote_latency_ns < cfg.memory.local_latency_ns)
    throw ConfigError("memory.remote_latency_ns", "must be at least memory.local_latency_ns (" +
                                                      std::to_string(cfg.memory.local_latency_ns) + " ns)");
  if (cfg.cache.l1i.line_bytes > cfg.cache.l2.line_bytes)
    throw ConfigError("cache.l1i.line_bytes", "must not exceed cache.l2.line_bytes (inclusion)");
  if (cfg.cache.l1d.line_bytes > cfg.cache.l2.line_bytes)
    throw ConfigError("cache.l1d.line_bytes", "must not exceed cache.l2.line_bytes (inclusion)");

  const uint32_t numCpus = cfg.numCpus();
  cpus.reserve(numCpus);
  for (CpuId cpu = 0; cpu < numCpus; ++cpu) cpus.emplace_back(cfg, cfg.nodeOfCpu(cpu));

  roundTripNs_.resize(size_t(nodes) * nodes);
  arrivalCycles.resize(roundTripNs_.size());
  memoryMissCycles.resize(roundTripNs_.size());
  uint64_t farthest = 0;
  for (NodeId a = 0; a < nodes; ++a) {
    for (NodeId b = 0; b < nodes; ++b) {
      const uint32_t hops = topology.hops(a, b);
      const uint64_t roundTrip =
          a == b ? 0
                 : uint64_t{cfg.memory.remote_latency_ns - cfg.memory.local_latency_ns} +
                       uint64_t{cfg.memory.hop_latency_ns} * (hops - 1);
      const size_t i = size_t(a) * nodes + b;
      roundTripNs_[i] = roundTrip;
      arrivalCycles[i] = cfg.cyclesFromNs((roundTrip + 1) / 2);
      memoryMissCycles[i] = cfg.cyclesFromNs(cfg.memory.local_latency_ns + roundTrip);
      farthest = std::max(farthest, roundTrip);
    }
  }

  // Buckets two occupancies wide: a request waits at most for work booked
  // within about that much of its own time (docs/memory.md). The ring starts
  // out covering a few quanta plus the slowest transaction (the skew between
  // CPUs' clocks); it grows if a request ever comes from further back.
  const Cycles occupancy = cfg.cyclesFromNs(cfg.memory.controller_occupancy_ns);
  const Cycles span = 4 * (cfg.cyclesFromNs(cfg.sim.quantum_ns) + cfg.cyclesFromNs(cfg.memory.local_latency_ns + 2 * farthest));
  directories.reserve(nodes);
  controllers.reserve(nodes);
  for (NodeId n = 0; n < nodes; ++n) {
    directories.emplace_back(numCpus);
    controllers.emplace_back(occupancy, 2 * occupancy, span);
  }
  nodeStats.resize(nodes);
}

MemorySystem::MemorySystem(const MachineConfig& config, const Topology& topology, MissCounters* counters)
    : impl_(std::make_unique<Impl>(config, topology, counters)) {}

MemorySystem::~MemorySystem() = default;

// The hot path: decides L1 hits inline, everything else in accessSlow.
Cycles MemorySystem::access(CpuId cpu, MachineAddr addr, MemOp op, Cycles now) {
  Impl& m = *impl_;
  if (cpu >= m.cpus.size())
    throw std::out_of_range("MemorySystem::access: CPU " + std::to_string(cpu) + " does not exist (" +
                            std::to_string(m.cpus.size()) + " CPUs)");
  CpuCaches& c = m.cpus[cpu];
  if (op == MemOp::Fetch) {
    if (c.l1i.touch(c.l1i.lineBase(addr.value))) {
      ++c.stats.l1iHits;
      return 0;
    }
  } else if (const uint64_t* way = c.l1d.touch(c.l1d.lineBase(addr.value))) {
    if (op == MemOp::Read || (*way & kWritable)) {
      ++c.stats.l1dHits;
      return 0;
    }
  }
  return m.accessSlow(cpu, addr.value, op, now);
}

// An L1 miss, or a store to an L1 line without write permission.
Cycles MemorySystem::Impl::accessSlow(CpuId cpu, uint64_t addr, MemOp op, Cycles now) {
  CpuCaches& c = cpus[cpu];
  CacheArray& l1 = op == MemOp::Fetch ? c.l1i : c.l1d;
  const uint64_t l1Line = l1.lineBase(addr);
  const uint64_t line = c.l2.lineBase(addr);

  if (l1.find(l1Line) != nullptr) {
    // A store to a line the L1 holds read-only: the L2 decides (inclusion:
    // the L2 has the line). E or M: ownership is already here (E -> M is
    // silent); S: an ownership request to the home.
    ++c.stats.l1dHits;
    uint64_t* l2Way = c.l2.touch(line);
    Cycles stall = 0;
    if ((*l2Way & kStateMask) == kShared) {
      stall = upgrade(cpu, line, now);
    } else {
      *l2Way = line | kModified;
    }
    setL1Writable(c, line, true);
    return stall;
  }

  uint64_t* l2Way = c.l2.touch(line);
  if (l2Way == nullptr) checkRam(line, l2LineBytes, "a cached access");  // before anything changes
  ++(op == MemOp::Fetch ? c.stats.l1iMisses : c.stats.l1dMisses);
  Cycles stall;
  if (l2Way != nullptr) {
    ++c.stats.l2Hits;
    const uint64_t state = *l2Way & kStateMask;
    if (op == MemOp::Write && state == kShared) {
      stall = upgrade(cpu, line, now);
    } else {
      if (op == MemOp::Write) *l2Way = line | kModified;
      stall = l2HitCycles;
      c.stats.stallLocal += stall;
    }
  } else {
    ++c.stats.l2Misses;
    stall = l2Miss(cpu, line, op, now);
  }
  // Fill the L1 (its victim needs nothing: the L2 still holds that line and
  // its dirtiness). The new L1D line is writable while the L2 line is Modified.
  const uint64_t* filled = c.l2.find(line);
  const bool writable = op != MemOp::Fetch && (*filled & kStateMask) == kModified;
  l1.insert(l1Line | (writable ? kWritable : 0));
  return stall;
}

// An L2 miss of `cpu` on `line`: one directory transaction at the line's home.
Cycles MemorySystem::Impl::l2Miss(CpuId cpu, uint64_t line, MemOp op, Cycles now) {
  CpuCaches& c = cpus[cpu];
  const NodeId requester = c.node;
  const NodeId home = NodeId(line >> kNodeShift);
  const Cycles wait = bookController(home, now + arrivalCycles[size_t(requester) * nodes + home], true);
  Directory& dir = directories[home];
  size_t slot = dir.findOrInsert(line);
  const CpuId owner = dir.owner(slot);
  uint64_t twiceLegs;  // the critical path's network legs, twice over (ns)
  uint64_t newState;
  if (owner != Directory::kNoOwner) {
    // Held exclusively elsewhere (E or M; the home cannot tell which): the
    // home forwards the request to the owner, which sends the line to the
    // requester (3 legs: requester -> home -> owner -> requester).
    CpuCaches& o = cpus[owner];
    const uint64_t ownerState = *o.l2.find(line) & kStateMask;
    if (ownerState == kModified) ++c.stats.interventions;
    if (op == MemOp::Write) {
      invalidateCopy(owner, line);
      ++nodeStats[home].invalidationsSent;
      newState = kModified;
    } else {
      downgradeCopy(owner, line);  // owner -> Shared; dirty data also goes to memory
      newState = kShared;
    }
    slot = dir.find(line);
    if (op == MemOp::Write) dir.clearSharers(slot);
    dir.setOwner(slot, op == MemOp::Write ? cpu : Directory::kNoOwner);
    twiceLegs = roundTripNs(requester, home) + roundTripNs(home, o.node) + roundTripNs(o.node, requester);
  } else if (dir.hasSharers(slot)) {
    if (op == MemOp::Write) {
      // Shared elsewhere: memory supplies the data, every sharer is
      // invalidated in parallel and acknowledges to the requester; the
      // requester waits for the slowest of the reply and the acknowledgements.
      const uint64_t slowest = invalidateSharers(dir, slot, line, home, requester, cpu);
      dir.clearSharers(slot);
      dir.setOwner(slot, cpu);
      twiceLegs = roundTripNs(requester, home) + slowest;
      newState = kModified;
    } else {
      twiceLegs = 2 * roundTripNs(requester, home);
      newState = kShared;
    }
  } else {
    // Nobody holds it: memory supplies it, exclusively unless MSI.
    newState = op == MemOp::Write ? kModified : (mesi ? kExclusive : kShared);
    if (newState != kShared) dir.setOwner(slot, cpu);
    twiceLegs = 2 * roundTripNs(requester, home);
  }
  dir.addSharer(dir.find(line), cpu);

  const Cycles stall = transactionCycles(twiceLegs) + wait;
  countServed(c.stats, requester, home);
  chargeStall(c.stats, requester, home, stall);
  if (counters) counters->recordMiss(MachinePage(line >> mips::kPageShift), requester, now);

  const uint64_t victim = c.l2.insert(line | newState);
  if (victim != CacheArray::kEmpty) evictL2Victim(cpu, victim, now);
  return stall;
}

// Invalidates every cached copy of `line` but `keep`'s, all in parallel; each
// sharer acknowledges to the requester. Returns the slowest of the home's
// reply and the home -> sharer -> requester paths, in ns.
uint64_t MemorySystem::Impl::invalidateSharers(Directory& dir, size_t slot, uint64_t line, NodeId home,
                                               NodeId requester, CpuId keep) {
  uint64_t slowest = roundTripNs(home, requester);
  dir.forEachSharer(slot, [&](CpuId s) {
    if (s == keep) return;
    const NodeId sharerNode = cpus[s].node;
    slowest = std::max(slowest, roundTripNs(home, sharerNode) + roundTripNs(sharerNode, requester));
    invalidateCopy(s, line);
    ++nodeStats[home].invalidationsSent;
  });
  return slowest;
}

// A store to a line `cpu`'s L2 holds Shared: ownership from the home, every
// other copy invalidated; no data moves.
Cycles MemorySystem::Impl::upgrade(CpuId cpu, uint64_t line, Cycles now) {
  CpuCaches& c = cpus[cpu];
  const NodeId requester = c.node;
  const NodeId home = NodeId(line >> kNodeShift);
  const Cycles wait = bookController(home, now + arrivalCycles[size_t(requester) * nodes + home], true);
  Directory& dir = directories[home];
  const size_t slot = dir.find(line);
  const uint64_t slowest = invalidateSharers(dir, slot, line, home, requester, cpu);
  dir.clearSharers(slot);
  dir.addSharer(slot, cpu);
  dir.setOwner(slot, cpu);
  *c.l2.find(line) = line | kModified;

  const Cycles stall = transactionCycles(roundTripNs(requester, home) + slowest) + wait;
  ++c.stats.upgrades;
  countServed(c.stats, requester, home);
  chargeStall(c.stats, requester, home, stall);
  return stall;
}

// `cpu`'s L2 evicted `victimWord`: its L1 copies go too (inclusion), a dirty
// line is written back, a clean one reported by a replacement hint.
void MemorySystem::Impl::evictL2Victim(CpuId cpu, uint64_t victimWord, Cycles now) {
  CpuCaches& c = cpus[cpu];
  const uint64_t line = CacheArray::lineOf(victimWord);
  const NodeId home = NodeId(line >> kNodeShift);
  dropL1Lines(c, line);
  if ((victimWord & kStateMask) == kModified) ++c.stats.writebacks;
  Directory& dir = directories[home];
  const size_t slot = dir.find(line);
  dir.removeSharer(slot, cpu);
  if (dir.owner(slot) == cpu) dir.setOwner(slot, Directory::kNoOwner);
  if (!dir.hasSharers(slot)) dir.erase(slot);
  bookController(home, now + arrivalCycles[size_t(c.node) * nodes + home], false);
  lost(cpu, line);  // an LL link on an evicted line can no longer see remote stores
}

// Another agent takes `line` away from `cpu` entirely (L2 and both L1s).
// The caller updates the directory.
void MemorySystem::Impl::invalidateCopy(CpuId cpu, uint64_t line) {
  CpuCaches& c = cpus[cpu];
  c.l2.remove(line);
  dropL1Lines(c, line);
  ++c.stats.invalidationsReceived;
  lost(cpu, line);
}

// Another agent reads `line`, which `cpu` holds exclusively: it keeps a
// Shared copy (a dirty line is written to memory on the way). The caller
// updates the directory.
void MemorySystem::Impl::downgradeCopy(CpuId cpu, uint64_t line) {
  CpuCaches& c = cpus[cpu];
  *c.l2.find(line) = line | kShared;
  setL1Writable(c, line, false);
  lost(cpu, line);
}

// Removes every L1 line inside L2 line `line` from both L1s.
void MemorySystem::Impl::dropL1Lines(CpuCaches& c, uint64_t line) {
  for (uint64_t a = line; a < line + l2LineBytes; a += c.l1i.lineBytes()) c.l1i.remove(a);
  for (uint64_t a = line; a < line + l2LineBytes; a += c.l1d.lineBytes()) c.l1d.remove(a);
}

// Sets or clears the writable bit of every L1D line inside L2 line `line`.
void MemorySystem::Impl::setL1Writable(CpuCaches& c, uint64_t line, bool writable) {
  for (uint64_t a = line; a < line + l2LineBytes; a += c.l1d.lineBytes())
    if (uint64_t* way = c.l1d.find(a)) *way = a | (writable ? kWritable : 0);
}

// One request at `home`'s controller; returns its queueing delay.
Cycles MemorySystem::Impl::bookController(NodeId home, Cycles arrival, bool requesterWaits) {
  const Cycles wait = controllers[home].book(arrival);
  ++nodeStats[home].requests;
  if (requesterWaits) nodeStats[home].queueCycles += wait;
  return wait;
}

// Throws unless [addr, addr + bytes) is one node's RAM.
void MemorySystem::Impl::checkRam(uint64_t addr, uint64_t bytes, const char* what) const {
  const MachineAddr a(addr);
  if (a.node() >= nodes || a.offset() > memoryPerNode || bytes > memoryPerNode - a.offset())
    throw std::out_of_range(std::string("MemorySystem: ") + what + " at machine address " + hex(addr) + " (+" +
                            std::to_string(bytes) + " bytes) is not RAM (" + std::to_string(nodes) + " nodes of " +
                            std::to_string(memoryPerNode >> 20) + " MB)");
}

// An uncached load or store: RAM at the home's memory latency (and its
// controller), a device register at uncached_latency_ns plus the network.
Cycles MemorySystem::uncachedAccess(CpuId cpu, MachineAddr addr, MemOp, Cycles now) {
  Impl& m = *impl_;
  if (cpu >= m.cpus.size())
    throw std::out_of_range("MemorySystem::uncachedAccess: CPU " + std::to_string(cpu) + " does not exist");
  CpuCaches& c = m.cpus[cpu];
  const NodeId home = addr.node();
  const NodeId requester = c.node;
  Cycles stall;
  if (home < m.nodes && addr.offset() >= kDeviceWindowOffset &&
      addr.offset() < kDeviceWindowOffset + kDeviceWindowSize) {
    stall = m.config.cyclesFromNs(m.config.memory.uncached_latency_ns + m.roundTripNs(requester, home));
  } else {
    m.checkRam(addr.value, 1, "an uncached access");
    const Cycles wait = m.bookController(home, now + m.arrivalCycles[size_t(requester) * m.nodes + home], true);
    stall = m.memoryMissCycles[size_t(requester) * m.nodes + home] + wait;
    if (m.counters) m.counters->recordMiss(MachinePage(addr.value >> mips::kPageShift), requester, now);
  }
  ++c.stats.uncachedAccesses;
  m.chargeStall(c.stats, requester, home, stall);
  return stall;
}

// A DMA transfer over [addr, addr+bytes): each L2 line of the range books the
// home controller at `now`, and `forLine(dir, slot, line)` runs for every line
// some cache holds.
template <typename Model, typename ForLine>
void dmaLines(Model& m, MachineAddr addr, uint64_t bytes, Cycles now, const char* what,
              ForLine forLine) {
  if (bytes == 0) return;
  m.checkRam(addr.value, bytes, what);
  const NodeId home = addr.node();
  Directory& dir = m.directories[home];
  const uint64_t first = addr.value & ~(m.l2LineBytes - 1);
  for (uint64_t line = first; line < addr.value + bytes; line += m.l2LineBytes) {
    m.bookController(home, now, false);
    const size_t slot = dir.find(line);
    if (slot != Directory::kNotFound) forLine(dir, slot, line);
  }
}

// Device reads memory: every line of the range held exclusively is fetched
// from its owner, which keeps a Shared copy (dirty data reaches memory).
void MemorySystem::dmaRead(MachineAddr addr, uint64_t bytes, Cycles now) {
  Impl& m = *impl_;
  dmaLines(m, addr, bytes, now, "a DMA read", [&](Directory& dir, size_t slot, uint64_t line) {
    const CpuId owner = dir.owner(slot);
    if (owner == Directory::kNoOwner) return;
    m.downgradeCopy(owner, line);
    dir.setOwner(slot, Directory::kNoOwner);
  });
}

// Device writes memory: every cached copy of the range is invalidated.
void MemorySystem::dmaWrite(MachineAddr addr, uint64_t bytes, Cycles now) {
  Impl& m = *impl_;
  const NodeId home = addr.node();
  dmaLines(m, addr, bytes, now, "a DMA write", [&](Directory& dir, size_t slot, uint64_t line) {
    dir.forEachSharer(slot, [&](CpuId s) {
      m.invalidateCopy(s, line);
      ++m.nodeStats[home].invalidationsSent;
    });
    dir.erase(slot);
  });
}

void MemorySystem::onLineLost(std::function<void(CpuId, MachineAddr lineBase)> listener) {
  impl_->lineLost = std::move(listener);
}

const CacheCpuStats& MemorySystem::cpuStats(CpuId cpu) const {
  if (cpu >= impl_->cpus.size())
    throw std::out_of_range("MemorySystem::cpuStats: CPU " + std::to_string(cpu) + " does not exist");
  return impl_->cpus[cpu].stats;
}

const CacheNodeStats& MemorySystem::nodeStats(NodeId node) const {
  if (node >= impl_->nodes)
    throw std::out_of_range("MemorySystem::nodeStats: node " + std::to_string(node) + " does not exist");
  return impl_->nodeStats[node];
}

LineState MemorySystem::lineState(CpuId cpu, MachineAddr addr) const {
  if (cpu >= impl_->cpus.size())
    throw std::out_of_range("MemorySystem::lineState: CPU " + std::to_string(cpu) + " does not exist");
  const CacheArray& l2 = impl_->cpus[cpu].l2;
  const uint64_t* way = l2.find(l2.lineBase(addr.value));
  return way == nullptr ? LineState::Invalid : LineState(*way & kStateMask);
}

// Walks every cache and directory entry; throws std::logic_error at the first
// disagreement, naming the line, the CPU and what is wrong.
void MemorySystem::checkInvariants() const {
  const Impl& m = *impl_;
  auto fail = [](uint64_t line, const std::string& what) {
    throw std::logic_error("coherence invariant broken for line " + hex(line) + ": " + what);
  };
  // Caches -> directory.
  for (CpuId cpu = 0; cpu < m.cpus.size(); ++cpu) {
    const CpuCaches& c = m.cpus[cpu];
    const std::string who = "CPU " + std::to_string(cpu);
    c.l2.forEach([&](uint64_t word) {
      const uint64_t line = CacheArray::lineOf(word);
      const uint64_t state = word & kStateMask;
      if (state == 0) fail(line, who + "'s L2 holds it in no state");
      if (state == kExclusive && !m.mesi) fail(line, who + " holds it Exclusive under MSI");
      const NodeId home = NodeId(line >> kNodeShift);
      if (home >= m.nodes) fail(line, who + " caches a line of no node");
      const Directory& dir = m.directories[home];
      const size_t slot = dir.find(line);
      if (slot == Directory::kNotFound) fail(line, who + "'s L2 holds it but the directory has no entry");
      if (!dir.hasSharer(slot, cpu)) fail(line, who + "'s L2 holds it but is not in the sharer map");
      if (state == kShared && dir.owner(slot) != Directory::kNoOwner)
        fail(line, who + " holds it Shared while CPU " + std::to_string(dir.owner(slot)) + " owns it");
      if (state != kShared && dir.owner(slot) != cpu)
        fail(line, who + " holds it " + stateName(state) + " but the directory's owner is " +
                       (dir.owner(slot) == Directory::kNoOwner ? std::string("nobody")
                                                               : "CPU " + std::to_string(dir.owner(slot))));
    });
    auto checkL1 = [&](const CacheArray& l1, const char* name, bool data) {
      l1.forEach([&](uint64_t word) {
        const uint64_t l1Line = CacheArray::lineOf(word);
        const uint64_t* l2Way = c.l2.find(c.l2.lineBase(l1Line));
        if (l2Way == nullptr) fail(c.l2.lineBase(l1Line), who + "'s " + name + " holds part of it but the L2 does not");
        if (data && (word & kWritable) && (*l2Way & kStateMask) != kModified)
          fail(c.l2.lineBase(l1Line), who + "'s L1D may write it but the L2 holds it " + stateName(*l2Way & kStateMask));
        if (!data && (word & CacheArray::kFlagMask) != 0) fail(l1Line, who + "'s L1I has flag bits set");
      });
    };
    checkL1(c.l1i, "L1I", false);
    checkL1(c.l1d, "L1D", true);
  }
  // Directory -> caches: every sharer holds the line, an owner alone.
  for (NodeId home = 0; home < m.nodes; ++home) {
    const Directory& dir = m.directories[home];
    dir.forEachEntry([&](size_t slot) {
      const uint64_t line = dir.line(slot);
      if (NodeId(line >> kNodeShift) != home) fail(line, "entry in node " + std::to_string(home) + "'s directory");
      const uint32_t count = dir.sharerCount(slot);
      if (count == 0) fail(line, "directory entry with no sharers");
      const CpuId owner = dir.owner(slot);
      if (owner != Directory::kNoOwner && (count != 1 || !dir.hasSharer(slot, owner)))
        fail(line, "owner CPU " + std::to_string(owner) + " is not the only sharer (" + std::to_string(count) +
                       " sharers)");
      dir.forEachSharer(slot, [&](CpuId s) {
        if (s >= m.cpus.size()) fail(line, "sharer bit for a CPU that does not exist");
        const uint64_t* way = m.cpus[s].l2.find(line);
        if (way == nullptr) fail(line, "directory lists CPU " + std::to_string(s) + " but its L2 does not hold it");
      });
    });
  }
}

}  // namespace numa
