// The timing side of the memory hierarchy: per-CPU L1 I, L1 D and L2 caches,
// a full-map directory at each line's home node, MESI coherence, and the
// latency of every miss from the topology and the controllers' occupancy.
//
// Functional data never lives here: loads and stores read and write machine
// memory directly (the CPU's software TLB points at it), so data is correct
// whatever this model does. The model only decides how long an access takes
// and what traffic it causes, and keeps the per-page miss counters.
//
// Interface (zsim style): access() returns the stall cycles of one access
// issued at the CPU's local time `now`. CPUs run in turn for a quantum each,
// so requests from different CPUs arrive at a controller out of time order;
// the occupancy model is built for that (docs/memory.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "numa/address.h"
#include "numa/config.h"

namespace numa {

class MissCounters;
class Topology;

enum class MemOp : uint8_t { Read, Write, Fetch };

// The coherence state of a line in one CPU's L2 (MESI; MSI never uses Exclusive).
enum class LineState : uint8_t { Invalid, Shared, Exclusive, Modified };

struct CacheCpuStats {
  uint64_t l1iHits = 0, l1iMisses = 0;
  uint64_t l1dHits = 0, l1dMisses = 0;
  uint64_t l2Hits = 0, l2Misses = 0;
  uint64_t upgrades = 0;          // write to a line held Shared: ownership request, no data
  uint64_t localMisses = 0;       // L2 misses (and upgrades) served by this CPU's own node
  uint64_t remoteMisses = 0;      // ... by another node
  uint64_t stallLocal = 0;        // stall cycles charged to local misses (incl. L2 hits)
  uint64_t stallRemote = 0;       // stall cycles charged to remote misses
  uint64_t invalidationsReceived = 0;
  uint64_t interventions = 0;     // misses that found the line dirty in another CPU's cache
  uint64_t writebacks = 0;        // dirty lines written back on eviction
  uint64_t uncachedAccesses = 0;
};

struct CacheNodeStats {
  uint64_t requests = 0;          // directory requests this node served as home
  uint64_t queueCycles = 0;       // total waiting at this node's controller
  uint64_t invalidationsSent = 0;
};

class MemorySystem {
 public:
  MemorySystem(const MachineConfig& config, const Topology& topology, MissCounters* counters);
  ~MemorySystem();

  // One cached access of CPU `cpu` at its local time `now`: the stall cycles
  // beyond the CPI-1 cycle (0 on an L1 hit).
  Cycles access(CpuId cpu, MachineAddr addr, MemOp op, Cycles now);
  // An uncached access to RAM (kseg1, xkphys uncached): memory latency, no caching.
  Cycles uncachedAccess(CpuId cpu, MachineAddr addr, MemOp op, Cycles now);

  // Coherent DMA at time `now`: a device read sees dirty cached data written
  // back first; a device write invalidates every cached copy of the range.
  void dmaRead(MachineAddr addr, uint64_t bytes, Cycles now);
  void dmaWrite(MachineAddr addr, uint64_t bytes, Cycles now);

  // Called whenever a line leaves a CPU's caches or loses write permission
  // because of another agent (invalidation, intervention, DMA): LL/SC links.
  void onLineLost(std::function<void(CpuId, MachineAddr lineBase)> listener);

  const CacheCpuStats& cpuStats(CpuId cpu) const;
  const CacheNodeStats& nodeStats(NodeId node) const;

  // Test support: checks that every line is either writable in exactly one
  // cache or readable in any number, that the directory agrees with the
  // caches, and that inclusion holds. Throws std::logic_error naming the
  // line and the violation.
  void checkInvariants() const;
  // The state of the L2 line holding `addr` in `cpu`'s cache (tests, debugging).
  LineState lineState(CpuId cpu, MachineAddr addr) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace numa
