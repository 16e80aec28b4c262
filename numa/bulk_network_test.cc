// Tests of the bulk network (SimGrid flows over the topology's links): one
// transfer costs route latency + bytes / bandwidth, flows on a shared link
// share it max-min fairly, disjoint links do not interfere, completions come
// in time order (ties in start order) at the right cycle however the machine
// steps time, several networks live in one process, and bad calls are
// refused. Times are worked out by hand from the model in docs/topology.md.
#include "numa/bulk_network.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <tuple>

#include "numa/topology.h"

namespace numa {
namespace {

// 200 MHz (5 ns cycles), 400 MB/s links with 50 ns latency: the defaults,
// spelled out because every expected time below is derived from them.
MachineConfig machine(uint32_t nodes, const std::string& kind = "mesh", std::vector<uint32_t> dims = {}) {
  MachineConfig config;
  config.machine.nodes = nodes;
  config.machine.cpu_clock_mhz = 200;
  config.topology.kind = kind;
  config.topology.dims = std::move(dims);
  config.topology.link_bandwidth_mb_s = 400;
  config.topology.link_latency_ns = 50;
  return config;
}

// "t7" for transfer 7 (built by appending: GCC 12 warns falsely on "t" + string).
std::string transferName(int i) {
  std::string name = "t";
  name += std::to_string(i);
  return name;
}

constexpr Cycles kLatencyCyclesPerHop = 10;  // 50 ns at 200 MHz

// Cycles to move `bytes` alone over a 400 MB/s path, rounded up: 4e8 B/s is
// 2 bytes per 5 ns cycle.
Cycles aloneCycles(uint64_t bytes) { return (bytes + 1) / 2; }

// A machine: its topology and bulk network, with a log of completions.
struct Net {
  explicit Net(const MachineConfig& c) : config(c), topology(Topology::build(c)), bulk(config, topology) {}

  // Starts a transfer whose completion is logged as (name, cycle).
  void send(const std::string& name, NodeId from, NodeId to, uint64_t bytes, Cycles now) {
    bulk.start(from, to, bytes, now, [this, name](Cycles done) { log.emplace_back(name, done); });
  }
  // The completion cycle of `name` (fails if it has not completed).
  Cycles doneAt(const std::string& name) const {
    for (const auto& [n, cycle] : log)
      if (n == name) return cycle;
    ADD_FAILURE() << name << " has not completed";
    return 0;
  }

  MachineConfig config;
  Topology topology;
  BulkNetwork bulk;
  std::vector<std::pair<std::string, Cycles>> log;
};

TEST(BulkNetwork, OneTransferOverOneLinkTakesLatencyPlusBytesOverBandwidth) {
  Net net(machine(2));
  // 1001 bytes: 2.5025 us + 50 ns = 510.5 cycles, rounded up to 511.
  net.send("a", 0, 1, 1001, 1000);
  net.bulk.advanceTo(1000 + 510);
  EXPECT_TRUE(net.log.empty()) << "done one cycle early";
  net.bulk.advanceTo(5000);
  const Cycles formula = 1000 + Cycles(std::ceil((50e-9 + 1001 / 400e6) * 200e6));
  EXPECT_NEAR(double(net.doneAt("a")), double(formula), 1.0);
  EXPECT_EQ(net.doneAt("a"), 1511u);
  // 1 MB: 2.5 ms + 50 ns = 500010 cycles.
  net.send("b", 1, 0, 1'000'000, 5000);
  net.bulk.advanceTo(1'000'000);
  EXPECT_EQ(net.doneAt("b"), 5000u + 500'010u);
  EXPECT_EQ(net.bulk.bytesDelivered(), 1'001'001u);
  EXPECT_EQ(net.bulk.inFlight(), 0u);
}

TEST(BulkNetwork, MultiHopRoutePaysLatencyPerHop) {
  Net net(machine(8));  // mesh 2x4: 0 -> 7 is 4 hops
  net.send("far", 0, 7, 4000, 0);
  net.bulk.advanceTo(100'000);
  EXPECT_EQ(net.doneAt("far"), 4 * kLatencyCyclesPerHop + aloneCycles(4000));
}

TEST(BulkNetwork, TwoTransfersOnOneLinkEachTakeTwiceAsLong) {
  Net net(machine(2));
  net.send("first", 0, 1, 1'000'000, 0);
  net.send("second", 0, 1, 1'000'000, 0);
  net.bulk.advanceTo(2'000'000);
  // Each gets 200 MB/s: 5 ms + 50 ns = 1000010 cycles; a tie, in start order.
  ASSERT_EQ(net.log.size(), 2u);
  EXPECT_EQ(net.log[0], std::make_pair(std::string("first"), Cycles{1'000'010}));
  EXPECT_EQ(net.log[1], std::make_pair(std::string("second"), Cycles{1'000'010}));
}

TEST(BulkNetwork, DisjointLinksAndOppositeDirectionsDoNotInterfere) {
  Net net(machine(4, "mesh", {2, 2}));  // links 0-1, 2-3, 0-2, 1-3
  net.send("0->1", 0, 1, 1'000'000, 0);
  net.send("2->3", 2, 3, 1'000'000, 0);
  net.send("1->0", 1, 0, 1'000'000, 0);  // the other direction of link 0-1
  net.bulk.advanceTo(2'000'000);
  for (const auto* name : {"0->1", "2->3", "1->0"}) EXPECT_EQ(net.doneAt(name), 500'010u) << name;
}

TEST(BulkNetwork, SharingIsMaxMinFairWhateverTheRouteLength) {
  Net net(machine(8));  // mesh 2x4, node n at (n % 2, n / 2): 0 -> 3 goes 0, 1, 3
  net.send("near", 0, 1, 1'000'000, 0);  // enters at 50 ns
  net.send("far", 0, 3, 1'000'000, 0);   // enters at 100 ns, shares link 0->1
  net.bulk.advanceTo(2'000'000);
  // near: 20 bytes alone, then 999980 at 200 MB/s: done at 5 ms exactly.
  // far: 999980 bytes by then, the last 20 alone: 50 ns later.
  EXPECT_EQ(net.doneAt("near"), 1'000'000u);
  EXPECT_EQ(net.doneAt("far"), 1'000'010u);
}

TEST(BulkNetwork, LocalAndEmptyTransfers) {
  Net net(machine(2));
  net.bulk.advanceTo(100);
  net.send("local", 1, 1, 1 << 20, 100);
  net.send("empty", 0, 1, 0, 100);
  EXPECT_EQ(net.bulk.inFlight(), 2u);
  EXPECT_EQ(net.bulk.nextCompletion(), 100u);
  net.bulk.advanceTo(100);
  EXPECT_EQ(net.doneAt("local"), 100u);  // no network time at all
  EXPECT_EQ(net.log.size(), 1u);
  net.bulk.advanceTo(200);
  EXPECT_EQ(net.doneAt("empty"), 100 + kLatencyCyclesPerHop);  // latency only
}

TEST(BulkNetwork, CompletionsInTimeOrderTiesInStartOrder) {
  Net net(machine(4, "full"));
  net.send("big", 0, 1, 8000, 0);
  net.send("small", 2, 3, 2000, 0);
  net.send("tie-a", 1, 2, 4000, 0);
  net.send("tie-b", 3, 0, 4000, 0);
  net.send("local", 3, 3, 10, 0);
  net.bulk.advanceTo(1'000'000);
  std::vector<std::string> order;
  for (const auto& [name, cycle] : net.log) order.push_back(name);
  EXPECT_EQ(order, (std::vector<std::string>{"local", "small", "tie-a", "tie-b", "big"}));
  EXPECT_EQ(net.doneAt("tie-a"), kLatencyCyclesPerHop + aloneCycles(4000));
  EXPECT_EQ(net.doneAt("tie-b"), kLatencyCyclesPerHop + aloneCycles(4000));
}

TEST(BulkNetwork, CallbacksStartTransfersAtTheirCompletionCycle) {
  Net net(machine(2));
  Cycles secondDone = 0;
  net.bulk.start(0, 1, 1000, 0, [&](Cycles done) {
    net.bulk.start(1, 0, 1000, done, [&](Cycles again) { secondDone = again; });
  });
  net.bulk.advanceTo(10'000);
  EXPECT_EQ(secondDone, 2 * (kLatencyCyclesPerHop + aloneCycles(1000)));
  EXPECT_THROW(net.bulk.start(0, 1, 1, 9'999, nullptr), std::invalid_argument);
}

TEST(BulkNetwork, QuantumSteppingGivesTheSameTimes) {
  // The same traffic, advanced in one go and in 1 us quanta with starts in
  // between, completes at the same cycles.
  auto run = [](Cycles quantum) {
    Net net(machine(8));
    std::mt19937_64 random(7);
    Cycles now = 0;
    for (int i = 0; i < 60; ++i) {
      now += random() % 3000;
      if (quantum) net.bulk.advanceTo(now / quantum * quantum);  // the last quantum boundary passed
      net.send(transferName(i), NodeId(random() % 8), NodeId(random() % 8), 64 + random() % 20000, now);
    }
    if (quantum)
      for (Cycles t = (now / quantum + 1) * quantum; net.bulk.inFlight(); t += quantum) net.bulk.advanceTo(t);
    else
      net.bulk.advanceTo(now + 10'000'000);
    return net.log;
  };
  const auto once = run(0);
  ASSERT_EQ(once.size(), 60u);
  const auto stepped = run(200);
  EXPECT_EQ(once, stepped);
}

TEST(BulkNetwork, NextCompletionIsExactForRunningFlows) {
  Net net(machine(2));
  net.send("a", 0, 1, 1'000'000, 0);
  net.send("b", 0, 1, 500'000, 0);
  net.bulk.advanceTo(100);  // both in SimGrid, sharing the link
  // b: 500000 bytes at 200 MB/s = 2.5 ms after entering at 50 ns.
  EXPECT_EQ(net.bulk.nextCompletion(), 500'010u);
  int steps = 0;
  while (net.bulk.inFlight()) {
    net.bulk.advanceTo(net.bulk.nextCompletion());
    ++steps;
  }
  EXPECT_EQ(steps, 2);  // an idle machine skips straight from completion to completion
  EXPECT_EQ(net.doneAt("b"), 500'010u);
  EXPECT_EQ(net.doneAt("a"), 750'010u);  // the remaining 500000 bytes alone: 250000 more cycles
  EXPECT_EQ(net.bulk.nextCompletion(), ~Cycles{0});
}

TEST(BulkNetwork, NextCompletionIsALowerBoundBeforeAFlowStarts) {
  Net net(machine(2));
  net.send("a", 0, 1, 1000, 0);
  // Still in its latency: the end of it is all that can be promised.
  EXPECT_EQ(net.bulk.nextCompletion(), kLatencyCyclesPerHop);
  net.bulk.advanceTo(kLatencyCyclesPerHop);
  EXPECT_EQ(net.bulk.nextCompletion(), kLatencyCyclesPerHop + aloneCycles(1000));
}

// An idle machine that only ever skips to nextCompletion() sees every
// completion at the same cycle as one stepping in quanta, and never stalls
// (each skip makes progress), also with latencies that are not whole cycles.
TEST(BulkNetwork, SkippingToNextCompletionNeverStalls) {
  for (const uint32_t latencyNs : {50u, 37u, 0u}) {
    MachineConfig config = machine(8);
    config.machine.cpu_clock_mhz = 150;
    config.topology.link_latency_ns = latencyNs;
    auto run = [&](bool skipping) {
      Net net(config);
      std::mt19937_64 random(latencyNs);
      for (int i = 0; i < 100; ++i)
        net.send(transferName(i), NodeId(random() % 8), NodeId(random() % 8), random() % 50'000, random() % 200'000);
      int steps = 0;
      for (Cycles t = 0; net.bulk.inFlight(); ++steps) {
        if (skipping) t = std::max(t, net.bulk.nextCompletion());
        else t += 150;
        net.bulk.advanceTo(t);
        if (skipping && steps > 1000) {
          ADD_FAILURE() << "no progress at cycle " << t << " with latency " << latencyNs;
          break;
        }
      }
      return net.log;
    };
    const auto stepped = run(false);
    ASSERT_EQ(stepped.size(), 100u);
    EXPECT_EQ(run(true), stepped) << "latency " << latencyNs << " ns";
  }
}

// The completion log of a fixed random workload on a fresh network.
std::vector<std::pair<std::string, Cycles>> randomWorkload(const MachineConfig& config, uint64_t seed) {
  Net net(config);
  std::mt19937_64 random(seed);
  for (int i = 0; i < 200; ++i)
    net.send(transferName(i), NodeId(random() % config.machine.nodes),
             NodeId(random() % config.machine.nodes), random() % 100'000, random() % 1'000'000);
  for (Cycles t = 0; net.bulk.inFlight(); t += 5'000) net.bulk.advanceTo(t);
  return net.log;
}

TEST(BulkNetwork, Deterministic) {
  const auto first = randomWorkload(machine(8), 42);
  const auto second = randomWorkload(machine(8), 42);
  ASSERT_EQ(first.size(), 200u);
  EXPECT_EQ(first, second);
  EXPECT_NE(first, randomWorkload(machine(8), 43));
}

TEST(BulkNetwork, SeveralNetworksOneAfterAnother) {
  // Different shapes, then the first shape again (its platform is reused).
  for (const auto& config : {machine(2), machine(16, "torus"), machine(8, "hypercube"), machine(2)}) {
    Net net(config);
    const NodeId far = NodeId(config.machine.nodes - 1);
    net.send("x", 0, far, 10'000, 123);
    net.bulk.advanceTo(1'000'000);
    EXPECT_EQ(net.doneAt("x"), 123 + net.topology.hops(0, far) * kLatencyCyclesPerHop + aloneCycles(10'000))
        << net.topology.describe();
  }
}

TEST(BulkNetwork, ReusedPlatformTakesTheNewBandwidth) {
  { Net first(machine(2)); }  // leaves a 2-node platform with 400 MB/s links in the pool
  MachineConfig slower = machine(2);
  slower.topology.link_bandwidth_mb_s = 200;  // 1 byte per cycle
  Net net(slower);
  net.send("x", 0, 1, 1000, 0);
  net.bulk.advanceTo(100'000);
  EXPECT_EQ(net.doneAt("x"), kLatencyCyclesPerHop + 1000);
}

TEST(BulkNetwork, TwoNetworksAliveAndInterleaved) {
  Net a(machine(2));
  Net b(machine(2));  // same shape: its own platform, since a's is in use
  a.send("a", 0, 1, 100'000, 0);
  b.send("b1", 0, 1, 100'000, 0);
  b.send("b2", 0, 1, 100'000, 0);
  // Advance them alternately, b lagging behind a: neither sees the other's flows or time.
  for (Cycles t = 1000; t <= 200'000; t += 1000) {
    a.bulk.advanceTo(t);
    b.bulk.advanceTo(t / 2);
  }
  b.bulk.advanceTo(200'000);
  EXPECT_EQ(a.doneAt("a"), kLatencyCyclesPerHop + aloneCycles(100'000));
  EXPECT_EQ(b.doneAt("b1"), kLatencyCyclesPerHop + 2 * aloneCycles(100'000));
  EXPECT_EQ(b.doneAt("b2"), kLatencyCyclesPerHop + 2 * aloneCycles(100'000));
}

TEST(BulkNetwork, DestroyedWithFlowsInFlight) {
  {
    Net net(machine(2));
    net.send("never", 0, 1, 1'000'000, 0);
    net.bulk.advanceTo(1000);
    EXPECT_EQ(net.bulk.inFlight(), 1u);
  }
  Net next(machine(2));  // reuses the platform; the cancelled flow must not show up
  next.send("x", 0, 1, 1000, 0);
  next.bulk.advanceTo(2'000'000);
  ASSERT_EQ(next.log.size(), 1u);
  EXPECT_EQ(next.doneAt("x"), kLatencyCyclesPerHop + aloneCycles(1000));
}

TEST(BulkNetwork, BadCalls) {
  Net net(machine(2));
  EXPECT_THROW(net.bulk.start(0, 2, 10, 0, nullptr), std::out_of_range);
  net.bulk.advanceTo(500);
  EXPECT_THROW(net.bulk.start(0, 1, 10, 499, nullptr), std::invalid_argument);
  EXPECT_THROW(net.bulk.advanceTo(499), std::invalid_argument);
  net.bulk.start(0, 1, 10, 500, [&](Cycles) { net.bulk.advanceTo(10'000); });
  EXPECT_THROW(net.bulk.advanceTo(10'000), std::logic_error);
  // The network is still usable afterwards.
  net.send("after", 0, 1, 10, 10'000);
  net.bulk.advanceTo(20'000);
  EXPECT_EQ(net.doneAt("after"), 10'000 + kLatencyCyclesPerHop + aloneCycles(10));
}

// Not a check: measures how many transfers per second of host time the
// flow model sustains on flash8's mesh, stepping in 1 us quanta as the
// machine does, at a light and a saturating load of 4 KB page copies.
TEST(BulkNetworkSpeed, TransfersPerSecond) {
  for (const Cycles meanGap : {4000, 400}) {
    Net net(machine(8));
    std::mt19937_64 random(1);
    constexpr int kTransfers = 10'000;
    uint64_t inFlightSum = 0;
    const auto begin = std::chrono::steady_clock::now();
    Cycles now = 0;
    for (int i = 0; i < kTransfers; ++i) {
      now += random() % (2 * meanGap);
      net.bulk.start(NodeId(random() % 8), NodeId(random() % 8), 4096, now, nullptr);
      net.bulk.advanceTo(now);
      inFlightSum += net.bulk.inFlight();
    }
    for (Cycles t = now; net.bulk.inFlight(); t += 200) net.bulk.advanceTo(t);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::printf("bulk network: a 4 KB transfer every %.1f us on average, %.1f in flight: %.0f transfers/s\n",
                double(meanGap) / 200, double(inFlightSum) / kTransfers, kTransfers / seconds);
    EXPECT_EQ(net.bulk.bytesDelivered(), uint64_t{kTransfers} * 4096);
  }
}

}  // namespace
}  // namespace numa
