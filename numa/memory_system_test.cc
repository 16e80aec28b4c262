// Tests of the cache and directory timing model (memory_system.h,
// docs/memory.md): every latency formula against numbers worked out by hand
// from the documented model, MESI/MSI transitions, inclusion and writebacks,
// controller contention, DMA coherence, error messages, a randomized
// multi-CPU stress test against a shadow model, determinism, and the speed
// of an L1 hit.
#include "numa/memory_system.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "numa/directory.h"
#include "numa/miss_counters.h"
#include "numa/topology.h"

namespace numa {
namespace {

using ::testing::HasSubstr;

// A memory system with its topology and counters, built from one config.
struct Rig {
  explicit Rig(const MachineConfig& c)
      : config(c), topology(Topology::build(c)), counters(c), memory(config, topology, &counters) {
    memory.onLineLost([this](CpuId cpu, MachineAddr line) { lost.emplace_back(cpu, line.value); });
  }
  Cycles read(CpuId cpu, MachineAddr a, Cycles now = 0) { return memory.access(cpu, a, MemOp::Read, now); }
  Cycles write(CpuId cpu, MachineAddr a, Cycles now = 0) { return memory.access(cpu, a, MemOp::Write, now); }
  Cycles fetch(CpuId cpu, MachineAddr a, Cycles now = 0) { return memory.access(cpu, a, MemOp::Fetch, now); }
  const CacheCpuStats& stats(CpuId cpu) const { return memory.cpuStats(cpu); }

  MachineConfig config;
  Topology topology;
  MissCounters counters;
  MemorySystem memory;
  std::vector<std::pair<CpuId, uint64_t>> lost;  // line-lost notifications, in order
};

// The flash8 facts (the defaults of MachineConfig): 8 nodes of one CPU,
// 200 MHz, 300 ns local and 900 ns remote, a 2x4 mesh, no occupancy.
MachineConfig flash8() { return MachineConfig{}; }

MachineAddr at(NodeId node, uint64_t offset) { return MachineAddr::of(node, offset); }

// ---- latency of each kind of access ----

TEST(MemoryLatency, LocalMissCostsTheLocalLatency) {
  Rig rig(flash8());
  EXPECT_EQ(rig.read(0, at(0, 0x1000)), 60u);  // 300 ns at 200 MHz
  EXPECT_EQ(rig.read(3, at(3, 0x2000)), rig.config.cyclesFromNs(300));
  EXPECT_EQ(rig.stats(0).localMisses, 1u);
  EXPECT_EQ(rig.stats(0).remoteMisses, 0u);
  EXPECT_EQ(rig.stats(0).stallLocal, 60u);
  EXPECT_EQ(rig.stats(0).l2Misses, 1u);
  EXPECT_EQ(rig.stats(0).l1dMisses, 1u);
}

TEST(MemoryLatency, RemoteMissCostsTheRemoteLatencyAtAnyDistanceWithoutHopLatency) {
  Rig rig(flash8());
  EXPECT_EQ(rig.read(0, at(1, 0x1000)), 180u);  // 900 ns at 200 MHz
  EXPECT_EQ(rig.read(0, at(7, 0x1000)), 180u);  // farthest node of the mesh: same (flat model)
  EXPECT_EQ(rig.stats(0).remoteMisses, 2u);
  EXPECT_EQ(rig.stats(0).stallRemote, 360u);
  EXPECT_EQ(rig.stats(0).stallLocal, 0u);
}

TEST(MemoryLatency, EachHopBeyondTheFirstAddsTheHopLatency) {
  MachineConfig config = flash8();
  config.topology.kind = "ring";
  config.memory.hop_latency_ns = 100;
  Rig rig(config);
  ASSERT_EQ(rig.topology.hops(0, 4), 4u);
  ASSERT_EQ(rig.topology.hops(0, 2), 2u);
  EXPECT_EQ(rig.read(0, at(1, 0)), 180u);  // 1 hop: 900 ns
  EXPECT_EQ(rig.read(0, at(2, 0)), 200u);  // 2 hops: 900 + 100 = 1000 ns
  EXPECT_EQ(rig.read(0, at(4, 0)), 240u);  // 4 hops: 900 + 300 = 1200 ns
  EXPECT_EQ(rig.read(0, at(0, 0)), 60u);   // local: no hops
}

TEST(MemoryLatency, L2HitCostsTheConfiguredCyclesAndL1HitNothing) {
  Rig rig(flash8());
  ASSERT_EQ(rig.read(0, at(0, 0x1000)), 60u);
  EXPECT_EQ(rig.read(0, at(0, 0x1000)), 0u);   // same L1D line
  EXPECT_EQ(rig.read(0, at(0, 0x1004)), 0u);
  EXPECT_EQ(rig.read(0, at(0, 0x1020)), 10u);  // next 32-byte L1D line, same 128-byte L2 line
  EXPECT_EQ(rig.fetch(0, at(0, 0x1040)), 10u); // the L1I fills from the L2 too
  EXPECT_EQ(rig.fetch(0, at(0, 0x1040)), 0u);
  const CacheCpuStats& s = rig.stats(0);
  EXPECT_EQ(s.l1dHits, 2u);
  EXPECT_EQ(s.l1dMisses, 2u);
  EXPECT_EQ(s.l1iHits, 1u);
  EXPECT_EQ(s.l1iMisses, 1u);
  EXPECT_EQ(s.l2Hits, 2u);
  EXPECT_EQ(s.l2Misses, 1u);
  EXPECT_EQ(s.stallLocal, 80u);
}

TEST(MemoryLatency, L2HitCostFollowsTheConfig) {
  MachineConfig config = flash8();
  config.cache.l2_hit_cycles = 7;
  Rig rig(config);
  rig.read(0, at(0, 0));
  EXPECT_EQ(rig.read(0, at(0, 0x20)), 7u);
}

TEST(MemoryLatency, UncachedAccessCostsTheMemoryLatencyEveryTimeAndCachesNothing) {
  Rig rig(flash8());
  EXPECT_EQ(rig.memory.uncachedAccess(0, at(0, 0x3000), MemOp::Read, 0), 60u);
  EXPECT_EQ(rig.memory.uncachedAccess(0, at(0, 0x3000), MemOp::Read, 100), 60u);
  EXPECT_EQ(rig.memory.uncachedAccess(0, at(5, 0x3000), MemOp::Write, 200), 180u);
  EXPECT_EQ(rig.memory.lineState(0, at(0, 0x3000)), LineState::Invalid);
  EXPECT_EQ(rig.stats(0).uncachedAccesses, 3u);
  EXPECT_EQ(rig.stats(0).stallLocal, 120u);
  EXPECT_EQ(rig.stats(0).stallRemote, 180u);
  EXPECT_EQ(rig.stats(0).l2Misses, 0u);
}

TEST(MemoryLatency, DeviceRegistersCostTheUncachedLatencyPlusTheNetwork) {
  MachineConfig config = flash8();
  config.memory.uncached_latency_ns = 200;
  Rig rig(config);
  EXPECT_EQ(rig.memory.uncachedAccess(0, at(0, kDeviceWindowOffset + 0x1000), MemOp::Read, 0), 40u);
  EXPECT_EQ(rig.memory.uncachedAccess(0, at(2, kDeviceWindowOffset), MemOp::Read, 0), 160u);  // 200 + 600 ns
}

TEST(MemoryLatency, UpgradeIsADirectoryRoundTrip) {
  MachineConfig config = flash8();
  config.cache.protocol = "msi";
  Rig rig(config);
  ASSERT_EQ(rig.read(0, at(0, 0)), 60u);
  EXPECT_EQ(rig.write(0, at(0, 0)), 60u);  // MSI: S -> M asks the (local) home: 300 ns
  ASSERT_EQ(rig.read(0, at(3, 0)), 180u);
  EXPECT_EQ(rig.write(0, at(3, 8)), 180u);  // remote home: 900 ns
  EXPECT_EQ(rig.stats(0).upgrades, 2u);
  EXPECT_EQ(rig.stats(0).localMisses, 2u);  // the miss and the upgrade at home 0
  EXPECT_EQ(rig.stats(0).remoteMisses, 2u);
  EXPECT_EQ(rig.write(0, at(3, 8)), 0u);  // now Modified: an L1 hit
}

TEST(MemoryLatency, DirtyRemoteLineCostsThreeLegs) {
  Rig rig(flash8());
  ASSERT_EQ(rig.write(2, at(1, 0x400)), 180u);  // CPU 2 owns a node-1 line, Modified
  // CPU 0 reads it: 0 -> home 1 -> owner 2 -> 0, three 300 ns legs + 300 ns = 1200 ns.
  EXPECT_EQ(rig.read(0, at(1, 0x400)), 240u);
  EXPECT_EQ(rig.stats(0).interventions, 1u);
  // The requester at the home, the owner remote: 0 -> 0 (home) -> 1 -> 0 is
  // two network legs: 900 ns, like a remote memory miss.
  ASSERT_EQ(rig.write(1, at(0, 0x800)), 180u);
  EXPECT_EQ(rig.read(0, at(0, 0x800)), 180u);
  EXPECT_EQ(rig.stats(0).interventions, 2u);
}

TEST(MemoryLatency, WriteToSharedLineWaitsForTheFarthestAcknowledgement) {
  MachineConfig config = flash8();
  config.topology.kind = "ring";
  config.memory.hop_latency_ns = 100;
  Rig rig(config);
  // Readers on nodes 1 and 4 share a line homed at node 0.
  rig.read(1, at(0, 0));
  rig.read(4, at(0, 0));
  ASSERT_EQ(rig.memory.lineState(1, at(0, 0)), LineState::Shared);
  // CPU 2 writes: legs 2 -> 0 (2 hops: 350 ns one way), then the slowest of
  // the reply 0 -> 2 (350 ns) and the invalidation via node 4: 0 -> 4
  // (4 hops: 450 ns) + 4 -> 2 (2 hops: 350 ns) = 800 ns. Total 300 + 350 + 800.
  EXPECT_EQ(rig.write(2, at(0, 0)), rig.config.cyclesFromNs(1450));
  EXPECT_EQ(rig.memory.lineState(1, at(0, 0)), LineState::Invalid);
  EXPECT_EQ(rig.memory.lineState(4, at(0, 0)), LineState::Invalid);
  EXPECT_EQ(rig.stats(1).invalidationsReceived, 1u);
  EXPECT_EQ(rig.stats(4).invalidationsReceived, 1u);
  EXPECT_EQ(rig.memory.nodeStats(0).invalidationsSent, 2u);
  rig.memory.checkInvariants();
}

// ---- protocol states ----

TEST(MemoryProtocol, MesiReadOnlyLineIsExclusiveAndItsFirstWriteIsFree) {
  Rig rig(flash8());
  rig.read(0, at(2, 0));
  EXPECT_EQ(rig.memory.lineState(0, at(2, 0)), LineState::Exclusive);
  EXPECT_EQ(rig.write(0, at(2, 0)), 0u);  // E -> M silently
  EXPECT_EQ(rig.memory.lineState(0, at(2, 0)), LineState::Modified);
  EXPECT_EQ(rig.stats(0).upgrades, 0u);
  rig.memory.checkInvariants();
}

TEST(MemoryProtocol, MsiReadOnlyLineIsSharedAndItsFirstWriteUpgrades) {
  MachineConfig config = flash8();
  config.cache.protocol = "msi";
  Rig rig(config);
  rig.read(0, at(2, 0));
  EXPECT_EQ(rig.memory.lineState(0, at(2, 0)), LineState::Shared);
  EXPECT_EQ(rig.write(0, at(2, 0)), 180u);
  EXPECT_EQ(rig.memory.lineState(0, at(2, 0)), LineState::Modified);
  EXPECT_EQ(rig.stats(0).upgrades, 1u);
  rig.memory.checkInvariants();
}

TEST(MemoryProtocol, SecondReaderMakesTheLineSharedAndAWriterInvalidatesIt) {
  Rig rig(flash8());
  rig.read(0, at(0, 0x40));
  ASSERT_EQ(rig.memory.lineState(0, at(0, 0x40)), LineState::Exclusive);
  // CPU 1 reads: the home forwards to the clean owner (it cannot know it is
  // clean): 1 -> 0 -> 0 -> 1, 900 ns; no intervention on dirty data.
  EXPECT_EQ(rig.read(1, at(0, 0x40)), 180u);
  EXPECT_EQ(rig.stats(1).interventions, 0u);
  EXPECT_EQ(rig.memory.lineState(0, at(0, 0x40)), LineState::Shared);
  EXPECT_EQ(rig.memory.lineState(1, at(0, 0x40)), LineState::Shared);
  rig.memory.checkInvariants();
  rig.lost.clear();
  // CPU 0 writes (L1 hit, no permission): upgrade at its own home, the
  // invalidation to node 1 and its acknowledgement: 300 + (600 + 600) / 2.
  EXPECT_EQ(rig.write(0, at(0, 0x40)), 180u);
  EXPECT_EQ(rig.stats(0).upgrades, 1u);
  EXPECT_EQ(rig.stats(0).l1dHits, 1u);
  EXPECT_EQ(rig.memory.lineState(0, at(0, 0x40)), LineState::Modified);
  EXPECT_EQ(rig.memory.lineState(1, at(0, 0x40)), LineState::Invalid);
  EXPECT_EQ(rig.stats(1).invalidationsReceived, 1u);
  ASSERT_EQ(rig.lost.size(), 1u);
  EXPECT_EQ(rig.lost[0], std::make_pair(CpuId{1}, at(0, 0).value));
  // CPU 1's L1 copy went too: its next read misses.
  EXPECT_GT(rig.read(1, at(0, 0x40)), 10u);
  rig.memory.checkInvariants();
}

TEST(MemoryProtocol, InterventionOnDirtyLineLeavesBothShared) {
  Rig rig(flash8());
  rig.write(2, at(1, 0x400));
  rig.lost.clear();
  rig.read(0, at(1, 0x400));
  EXPECT_EQ(rig.memory.lineState(2, at(1, 0x400)), LineState::Shared);
  EXPECT_EQ(rig.memory.lineState(0, at(1, 0x400)), LineState::Shared);
  ASSERT_EQ(rig.lost.size(), 1u);  // CPU 2 lost write permission
  EXPECT_EQ(rig.lost[0].first, 2u);
  // CPU 2's L1D line is no longer writable: its store needs an upgrade.
  EXPECT_EQ(rig.write(2, at(1, 0x400)), rig.config.cyclesFromNs(300 + 300 + 600));
  EXPECT_EQ(rig.stats(2).upgrades, 1u);
  rig.memory.checkInvariants();
}

TEST(MemoryProtocol, WriteMissToDirtyLineMovesOwnership) {
  Rig rig(flash8());
  rig.write(2, at(1, 0x400));
  EXPECT_EQ(rig.write(0, at(1, 0x400)), 240u);
  EXPECT_EQ(rig.memory.lineState(2, at(1, 0x400)), LineState::Invalid);
  EXPECT_EQ(rig.memory.lineState(0, at(1, 0x400)), LineState::Modified);
  EXPECT_EQ(rig.stats(0).interventions, 1u);
  EXPECT_EQ(rig.stats(2).invalidationsReceived, 1u);
  rig.memory.checkInvariants();
}

// ---- replacement, inclusion, writebacks ----

// Lines that fall into the same set of flash8's L2 (1 MB, 2-way, 128 B: 4096 sets).
constexpr uint64_t kL2SetStride = 4096 * 128;

TEST(MemoryReplacement, DirtyEvictionIsAWritebackAndCleanOneAHint) {
  Rig rig(flash8());
  rig.write(0, at(0, 0));
  rig.read(0, at(0, kL2SetStride));
  rig.read(0, at(0, 2 * kL2SetStride));  // third line in a 2-way set: evicts the LRU, line 0 (dirty)
  EXPECT_EQ(rig.stats(0).writebacks, 1u);
  EXPECT_EQ(rig.memory.lineState(0, at(0, 0)), LineState::Invalid);
  rig.memory.checkInvariants();  // the directory forgot CPU 0 for line 0
  rig.read(0, at(0, 3 * kL2SetStride));  // evicts the clean line at kL2SetStride: no writeback
  EXPECT_EQ(rig.stats(0).writebacks, 1u);
  rig.memory.checkInvariants();
  // Inclusion: the evicted line's L1 copy is gone, so this is a full miss.
  EXPECT_EQ(rig.read(0, at(0, 0)), 60u);
}

TEST(MemoryReplacement, LruKeepsTheRecentlyUsedLine) {
  Rig rig(flash8());
  rig.read(0, at(0, 0));
  rig.read(0, at(0, kL2SetStride));
  rig.read(0, at(0, 0x20));  // L1 miss, L2 hit: line 0 becomes most recent in the L2
  rig.read(0, at(0, 2 * kL2SetStride));
  EXPECT_NE(rig.memory.lineState(0, at(0, 0)), LineState::Invalid);
  EXPECT_EQ(rig.memory.lineState(0, at(0, kL2SetStride)), LineState::Invalid);
}

TEST(MemoryReplacement, EvictionTellsTheLineLostListener) {
  Rig rig(flash8());
  rig.read(0, at(0, 0));
  rig.read(0, at(0, kL2SetStride));
  rig.lost.clear();
  rig.read(0, at(0, 2 * kL2SetStride));
  ASSERT_EQ(rig.lost.size(), 1u);
  EXPECT_EQ(rig.lost[0], std::make_pair(CpuId{0}, at(0, 0).value));
}

// ---- DMA ----

TEST(MemoryDma, DeviceReadFetchesDirtyLinesAndLeavesThemShared) {
  Rig rig(flash8());
  rig.write(3, at(0, 0x100));
  rig.lost.clear();
  rig.memory.dmaRead(at(0, 0x80), 0x100, 0);
  EXPECT_EQ(rig.memory.lineState(3, at(0, 0x100)), LineState::Shared);
  EXPECT_EQ(rig.lost.size(), 1u);
  rig.memory.checkInvariants();
}

TEST(MemoryDma, DeviceWriteInvalidatesEveryCopy) {
  Rig rig(flash8());
  rig.read(1, at(0, 0x1000));
  rig.read(2, at(0, 0x1000));
  rig.write(3, at(0, 0x2000));
  rig.lost.clear();
  rig.memory.dmaWrite(at(0, 0x1000), 0x1001, 0);  // covers both lines (0x1000..0x2000)
  EXPECT_EQ(rig.memory.lineState(1, at(0, 0x1000)), LineState::Invalid);
  EXPECT_EQ(rig.memory.lineState(2, at(0, 0x1000)), LineState::Invalid);
  EXPECT_EQ(rig.memory.lineState(3, at(0, 0x2000)), LineState::Invalid);
  EXPECT_EQ(rig.lost.size(), 3u);
  EXPECT_EQ(rig.memory.nodeStats(0).invalidationsSent, 3u);
  rig.memory.checkInvariants();
  EXPECT_EQ(rig.read(1, at(0, 0x1000)), 180u);  // a fresh miss
}

// ---- bad input ----

TEST(MemoryErrors, AccessesOutsideRamAreRefusedWithTheAddress) {
  Rig rig(flash8());
  try {
    rig.read(0, at(0, kDeviceWindowOffset));
    FAIL() << "no exception";
  } catch (const std::out_of_range& e) {
    EXPECT_THAT(e.what(), HasSubstr("0x1f000000"));
    EXPECT_THAT(e.what(), HasSubstr("not RAM"));
  }
  EXPECT_THROW(rig.read(0, at(8, 0)), std::out_of_range);  // node 8 of 8
  EXPECT_THROW(rig.memory.uncachedAccess(0, at(0, 64u << 20), MemOp::Read, 0), std::out_of_range);
  EXPECT_THROW(rig.memory.dmaWrite(at(0, (64u << 20) - 64), 128, 0), std::out_of_range);
  EXPECT_THROW(rig.memory.dmaRead(at(9, 0), 1, 0), std::out_of_range);
  EXPECT_THROW(rig.read(8, at(0, 0)), std::out_of_range);  // CPU 8 of 8
  EXPECT_THROW(rig.memory.cpuStats(8), std::out_of_range);
  EXPECT_THROW(rig.memory.nodeStats(8), std::out_of_range);
  rig.memory.checkInvariants();  // nothing half-done
  EXPECT_EQ(rig.stats(0).l1dMisses, 0u);
  EXPECT_EQ(rig.stats(0).l2Misses, 0u);
  EXPECT_EQ(rig.stats(0).uncachedAccesses, 0u);
}

TEST(MemoryErrors, ImpossibleCacheShapesNameTheKey) {
  MachineConfig config = flash8();
  config.cache.l2.size_kb = 96;  // 96 KB / (2 x 128 B) = 384 sets, not a power of two
  Topology topology = Topology::build(config);
  try {
    MemorySystem memory(config, topology, nullptr);
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "cache.l2.size_kb");
  }
  config = flash8();
  config.cache.l1d.line_bytes = 256;  // larger than the L2 line: no inclusion
  try {
    MemorySystem memory(config, topology, nullptr);
    FAIL() << "no exception";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "cache.l1d.line_bytes");
  }
}

// ---- miss counting ----

TEST(MemoryMissCounting, L2MissesAndUncachedAccessesCountButHitsAndUpgradesDoNot) {
  MachineConfig config = flash8();
  config.cache.protocol = "msi";
  Rig rig(config);
  const MachinePage page(at(2, 0x5000).pageNumber());
  rig.read(1, at(2, 0x5000));         // miss
  rig.read(1, at(2, 0x5020));         // L2 hit
  rig.write(1, at(2, 0x5000));        // upgrade
  rig.read(1, at(2, 0x5080));         // miss (next L2 line, same page)
  rig.memory.uncachedAccess(4, at(2, 0x5100), MemOp::Read, 0);
  EXPECT_EQ(rig.counters.totalCount(page, 1), 2u);
  EXPECT_EQ(rig.counters.totalCount(page, 4), 1u);
  EXPECT_EQ(rig.counters.totalCount(page, 2), 0u);
}

TEST(MemoryMissCounting, DisabledCountersCountNothing) {
  MachineConfig config = flash8();
  config.miss_counters.enabled = false;
  Rig rig(config);
  rig.read(1, at(2, 0x5000));
  EXPECT_EQ(rig.counters.totalCount(MachinePage(at(2, 0x5000).pageNumber()), 1), 0u);
}

// ---- the directory table ----

TEST(Directory, BehavesLikeAMapUnderRandomInsertsAndErases) {
  constexpr uint32_t kCpus = 300;  // five 64-bit words per sharer map
  Directory dir(kCpus);
  std::map<uint64_t, std::pair<CpuId, std::set<CpuId>>> shadow;
  std::mt19937_64 random(7);
  for (int op = 0; op < 200000; ++op) {
    const uint64_t line = (random() % 5000) * 128 + (uint64_t(random() % 4) << kNodeShift);
    const CpuId cpu = CpuId(random() % kCpus);
    const size_t slot = dir.find(line);
    ASSERT_EQ(slot == Directory::kNotFound, shadow.count(line) == 0) << "op " << op;
    if (random() % 3 == 0 && slot != Directory::kNotFound) {
      dir.erase(slot);
      shadow.erase(line);
    } else {
      const size_t s = dir.findOrInsert(line);
      dir.addSharer(s, cpu);
      dir.setOwner(s, cpu);
      auto& entry = shadow[line];
      entry.first = cpu;
      entry.second.insert(cpu);
    }
  }
  ASSERT_EQ(dir.size(), shadow.size());
  EXPECT_GT(dir.size(), 1000u);  // grew well past its first 1024 slots' half
  for (const auto& [line, entry] : shadow) {
    const size_t slot = dir.find(line);
    ASSERT_NE(slot, Directory::kNotFound);
    EXPECT_EQ(dir.owner(slot), entry.first);
    std::set<CpuId> sharers;
    dir.forEachSharer(slot, [&](CpuId c) { sharers.insert(c); });
    EXPECT_EQ(sharers, entry.second);
    EXPECT_EQ(dir.sharerCount(slot), entry.second.size());
  }
}

TEST(MemoryScale, ALargeWorkingSetKeepsTheDirectoryExact) {
  Rig rig(flash8());
  for (CpuId cpu = 0; cpu < 8; ++cpu)
    for (uint64_t i = 0; i < 12000; ++i)  // more lines than an L2 holds: evictions everywhere
      rig.memory.access(cpu, at(NodeId((i + cpu) % 8), (i % 9000) * 128), (i % 5) ? MemOp::Read : MemOp::Write, i);
  rig.memory.checkInvariants();
  uint64_t writebacks = 0;
  for (CpuId cpu = 0; cpu < 8; ++cpu) writebacks += rig.stats(cpu).writebacks;
  EXPECT_GT(writebacks, 0u);
}

// ---- controller occupancy ----

TEST(ControllerCalendar, InOrderRequestsQueueFirstComeFirstServed) {
  ControllerCalendar calendar(10, 20, 1000);
  EXPECT_EQ(calendar.book(0), 0u);
  EXPECT_EQ(calendar.book(0), 10u);
  EXPECT_EQ(calendar.book(5), 15u);   // behind work until 30
  EXPECT_EQ(calendar.book(100), 0u);  // the controller has been idle
}

TEST(ControllerCalendar, ARequestFromTheFarPastDoesNotWaitForFutureWork) {
  ControllerCalendar calendar(10, 20, 1000);
  EXPECT_EQ(calendar.book(900), 0u);
  EXPECT_EQ(calendar.book(100), 0u);  // arrives later in simulation order, earlier in time
  EXPECT_EQ(calendar.book(905), 5u);
}

TEST(ControllerCalendar, OutOfOrderWithinABucketWaitsForTheBookedWork) {
  ControllerCalendar calendar(10, 20, 1000);
  EXPECT_EQ(calendar.book(45), 0u);  // bucket [40, 60): busy 45..55
  EXPECT_EQ(calendar.book(41), 14u);  // the documented approximation: served after it, 55..65
  EXPECT_EQ(calendar.book(58), 7u);   // bucket [40, 60) is full: served 65..75 in the next one
  EXPECT_EQ(calendar.book(61), 14u);  // the next bucket holds the spill and that request: 75..85
  EXPECT_EQ(calendar.book(85), 0u);
}

TEST(ControllerCalendar, ZeroOccupancyNeverWaits) {
  ControllerCalendar calendar(0, 0, 1000);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(calendar.book(7), 0u);
}

TEST(ControllerCalendar, RequestsFromBeyondTheRingGrowItAndKeepBookings) {
  ControllerCalendar calendar(10, 10, 10);  // 64 buckets of 10 cycles
  EXPECT_EQ(calendar.book(100000), 0u);
  EXPECT_EQ(calendar.book(50), 0u);      // 10000 buckets back: the ring grows
  EXPECT_EQ(calendar.book(100000), 10u); // the first booking survived the growth
  EXPECT_EQ(calendar.book(55), 5u);
}

// Average queueing delay per request at home node 0 when `cpusUsed` CPUs
// stream misses to node 0's memory for `quanta` quanta, run in turn as the
// machine runs them.
double averageQueueing(uint32_t occupancyNs, uint32_t cpusUsed, uint32_t quanta = 300) {
  MachineConfig config = flash8();
  config.memory.controller_occupancy_ns = occupancyNs;
  Rig rig(config);
  const Cycles quantum = config.cyclesFromNs(config.sim.quantum_ns);
  std::vector<Cycles> clock(cpusUsed, 0);
  std::vector<uint64_t> next(cpusUsed, 0);
  uint64_t requests = 0;
  Cycles waited = 0;
  for (uint32_t q = 1; q <= quanta; ++q) {
    for (CpuId cpu = 0; cpu < cpusUsed; ++cpu) {
      while (clock[cpu] < q * quantum) {
        // Each CPU walks its own 4 MB region of node 0: every access a new line.
        const MachineAddr a = at(0, (uint64_t{cpu} << 22) + (next[cpu]++ % (1u << 15)) * 128);
        const Cycles base = rig.memory.cpuStats(cpu).stallLocal + rig.memory.cpuStats(cpu).stallRemote;
        const Cycles stall = rig.read(cpu, a, clock[cpu]);
        EXPECT_EQ(base + stall, rig.memory.cpuStats(cpu).stallLocal + rig.memory.cpuStats(cpu).stallRemote);
        waited += stall - (cpu == 0 ? 60 : 180);
        ++requests;
        clock[cpu] += 1 + stall;
      }
    }
  }
  EXPECT_EQ(waited, rig.memory.nodeStats(0).queueCycles);
  return double(waited) / double(requests);
}

TEST(MemoryContention, DelayGrowsWithTheNumberOfCpusSharingAHome) {
  const double one = averageQueueing(100, 1), two = averageQueueing(100, 2), four = averageQueueing(100, 4),
               eight = averageQueueing(100, 8);
  std::printf("average queueing at the home, 100 ns occupancy: 1 CPU %.2f, 2: %.2f, 4: %.2f, 8: %.2f cycles\n", one,
              two, four, eight);
  EXPECT_LT(one, two);
  EXPECT_LT(two, four);
  EXPECT_LT(four, eight);
  EXPECT_GT(eight, 20.0);  // beyond saturation the queue is longer than one service time
}

TEST(MemoryContention, NoOccupancyNoDelay) {
  EXPECT_EQ(averageQueueing(0, 8, 50), 0.0);
}

// ---- randomized coherence stress test ----

// Small caches so that a few hundred lines cause evictions everywhere.
MachineConfig smallCaches(const std::string& protocol) {
  MachineConfig config = flash8();
  config.cache.l1i = {1, 2, 64};
  config.cache.l1d = {1, 2, 32};
  config.cache.l2 = {4, 2, 128};
  config.cache.protocol = protocol;
  config.memory.controller_occupancy_ns = 50;
  return config;
}

// Drives random reads, writes, fetches and DMA from 8 CPUs over `lines`
// lines spread over all nodes, checking after every operation that
//  - the model's invariants hold (single writer, directory = caches, inclusion);
//  - no access is reported as a hit on a stale copy: the shadow keeps the
//    version each line was last written at and the version each CPU last
//    obtained; a hit needs the two to agree (the last store is visible);
//  - every CPU whose copy another agent made stale was told (LL/SC links).
void stress(const std::string& protocol, uint64_t seed, int operations) {
  Rig rig(smallCaches(protocol));
  constexpr int kLines = 300;
  std::mt19937_64 random(seed);
  std::vector<MachineAddr> lines;
  for (int i = 0; i < kLines; ++i)
    lines.push_back(at(NodeId(i % 8), uint64_t(random() % 4096) * 128));  // may repeat: fine
  std::map<uint64_t, uint64_t> version;                  // line -> last store's version
  std::vector<std::map<uint64_t, uint64_t>> seen(8);      // cpu -> line -> version it holds
  std::vector<std::set<uint64_t>> linked(8);              // cpu -> lines with an unbroken link
  rig.memory.onLineLost([&](CpuId cpu, MachineAddr line) { linked[cpu].erase(line.value); });
  Cycles now = 0;
  for (int op = 0; op < operations; ++op) {
    now += random() % 50;
    const int kind = int(random() % 100);
    const MachineAddr line = lines[random() % kLines];
    if (kind < 2) {  // DMA
      const uint64_t bytes = 128 * (1 + random() % 3);
      if (kind == 0) {
        rig.memory.dmaWrite(line, bytes, now);
        for (uint64_t l = line.value; l < line.value + bytes; l += 128) {
          ++version[l];
          for (CpuId c = 0; c < 8; ++c) ASSERT_EQ(linked[c].count(l), 0u) << "CPU " << c << " kept a link";
        }
      } else {
        rig.memory.dmaRead(line, bytes, now);
      }
    } else {
      const CpuId cpu = CpuId(random() % 8);
      const MachineAddr a = line + (random() % 16) * 8;
      const MemOp memOp = kind < 60 ? MemOp::Read : kind < 85 ? MemOp::Write : MemOp::Fetch;
      const CacheCpuStats before = rig.stats(cpu);
      const Cycles stall = rig.memory.access(cpu, a, memOp, now);
      const CacheCpuStats& after = rig.stats(cpu);
      const bool l1Hit = after.l1dHits + after.l1iHits > before.l1dHits + before.l1iHits;
      const bool l2Hit = after.l2Hits > before.l2Hits;
      const bool missed = after.l2Misses > before.l2Misses;
      const bool upgraded = after.upgrades > before.upgrades;
      ASSERT_EQ(int(l1Hit) + int(after.l1dMisses + after.l1iMisses > before.l1dMisses + before.l1iMisses), 1);
      if (!missed) {
        // Served from the CPU's own copy (an upgrade keeps it too): it must be the latest.
        ASSERT_EQ(seen[cpu][line.value], version[line.value])
            << "op " << op << ": CPU " << cpu << " hit on a stale copy of " << std::hex << line.value;
      }
      if (missed || upgraded) {
        ASSERT_GE(stall, 60u);
      } else {
        ASSERT_EQ(stall, l1Hit ? 0u : 10u);
        ASSERT_TRUE(l1Hit || l2Hit);
      }
      if (memOp == MemOp::Write) {
        ++version[line.value];
        for (CpuId c = 0; c < 8; ++c) {
          if (c != cpu) {
            ASSERT_EQ(linked[c].count(line.value), 0u) << "CPU " << c << " was not told of a store";
          }
        }
      }
      seen[cpu][line.value] = version[line.value];
      linked[cpu].insert(line.value);
    }
    if (op % 4 == 0 || op + 1 == operations) {
      ASSERT_NO_THROW(rig.memory.checkInvariants()) << "after operation " << op;
    }
  }
  uint64_t misses = 0, writebacks = 0, invalidations = 0;
  for (CpuId c = 0; c < 8; ++c) {
    misses += rig.stats(c).l2Misses;
    writebacks += rig.stats(c).writebacks;
    invalidations += rig.stats(c).invalidationsReceived;
  }
  // The workload must exercise what it claims to.
  EXPECT_GT(misses, uint64_t(operations) / 10);
  EXPECT_GT(writebacks, 0u);
  EXPECT_GT(invalidations, 0u);
}

TEST(MemoryStress, RandomMultiCpuTrafficKeepsCoherenceMesi) {
  for (uint64_t seed : {1, 2, 3, 4}) {
    SCOPED_TRACE(seed);
    stress("mesi", seed, 20000);
  }
}

TEST(MemoryStress, RandomMultiCpuTrafficKeepsCoherenceMsi) {
  for (uint64_t seed : {5, 6}) {
    SCOPED_TRACE(seed);
    stress("msi", seed, 20000);
  }
}

// ---- determinism ----

TEST(MemoryDeterminism, SameSequenceSameStatistics) {
  auto run = [](std::vector<Cycles>& stalls) {
    MachineConfig config = smallCaches("mesi");
    Rig rig(config);
    std::mt19937_64 random(42);
    Cycles now = 0;
    for (int i = 0; i < 20000; ++i) {
      now += random() % 20;
      const MachineAddr a = at(NodeId(random() % 8), (random() % 2048) * 32);
      stalls.push_back(rig.memory.access(CpuId(random() % 8), a, MemOp(random() % 3), now));
    }
    std::vector<uint64_t> numbers;
    for (CpuId c = 0; c < 8; ++c) {
      const CacheCpuStats& s = rig.stats(c);
      numbers.insert(numbers.end(), {s.l1iHits, s.l1iMisses, s.l1dHits, s.l1dMisses, s.l2Hits, s.l2Misses,
                                     s.upgrades, s.localMisses, s.remoteMisses, s.stallLocal, s.stallRemote,
                                     s.invalidationsReceived, s.interventions, s.writebacks, s.uncachedAccesses});
    }
    for (NodeId n = 0; n < 8; ++n) {
      const CacheNodeStats& s = rig.memory.nodeStats(n);
      numbers.insert(numbers.end(), {s.requests, s.queueCycles, s.invalidationsSent});
    }
    return numbers;
  };
  std::vector<Cycles> stallsA, stallsB;
  const std::vector<uint64_t> a = run(stallsA), b = run(stallsB);
  EXPECT_EQ(a, b);
  EXPECT_EQ(stallsA, stallsB);
}

// ---- speed ----

TEST(MemorySpeed, L1HitTakesAFewNanoseconds) {
  Rig rig(flash8());
  constexpr int kLines = 256;  // 8 KB of data: always in the 32 KB L1D
  for (int i = 0; i < kLines; ++i) rig.write(0, at(0, uint64_t(i) * 32));
  constexpr int kAccesses = 20'000'000;
  Cycles sum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kAccesses; ++i)
    sum += rig.memory.access(0, at(0, uint64_t(i % kLines) * 32 + 8), (i & 3) == 0 ? MemOp::Write : MemOp::Read, i);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(sum, 0u);
  std::printf("L1 hit (3 loads : 1 store): %.2f ns per access\n", seconds * 1e9 / kAccesses);
}

TEST(MemorySpeed, L2MissHostCost) {
  Rig rig(flash8());
  constexpr int kAccesses = 2'000'000;
  Cycles sum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kAccesses; ++i)  // 8 CPUs streaming over 16 MB of all nodes: every access misses
    sum += rig.memory.access(CpuId(i % 8), at(NodeId(i % 8), (uint64_t(i / 8) % 131072) * 128), MemOp::Read, i);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(rig.stats(0).l2Misses, uint64_t(kAccesses / 8));
  EXPECT_GT(sum, 0u);
  std::printf("L2 miss (with eviction): %.1f ns per access\n", seconds * 1e9 / kAccesses);
}

}  // namespace
}  // namespace numa
