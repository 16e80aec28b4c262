// Tests of the FLASH-style miss counters (miss_counters.h): threshold
// crossing queues a page once per window and tells the listener, FIFO pop
// order, periodic reset by simulated time, resetPage and resetAll keep the
// cumulative counts, forEachPage's filter and order, and bad input.
#include "numa/miss_counters.h"

#include <stdexcept>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace numa {
namespace {

using ::testing::HasSubstr;

// 4 nodes of 1 MB (256 pages each), threshold 3, reset every 10 us
// (2000 cycles at 200 MHz).
MachineConfig smallMachine() {
  MachineConfig config;
  config.machine.nodes = 4;
  config.machine.memory_per_node_mb = 1;
  config.miss_counters.hot_threshold = 3;
  config.miss_counters.reset_interval_us = 10;
  return config;
}

MachinePage page(NodeId node, uint64_t index) { return MachinePage(MachineAddr::of(node, index << 12).pageNumber()); }

TEST(MissCounters, CountsPerPageAndNode) {
  MissCounters counters(smallMachine());
  counters.recordMiss(page(1, 5), 2, 0);
  counters.recordMiss(page(1, 5), 2, 1);
  counters.recordMiss(page(1, 5), 0, 2);
  EXPECT_EQ(counters.windowCount(page(1, 5), 2), 2u);
  EXPECT_EQ(counters.windowCount(page(1, 5), 0), 1u);
  EXPECT_EQ(counters.windowCount(page(1, 5), 1), 0u);
  EXPECT_EQ(counters.windowCount(page(1, 6), 2), 0u);
  EXPECT_EQ(counters.totalCount(page(1, 5), 2), 2u);
  EXPECT_EQ(counters.threshold(), 3u);
}

TEST(MissCounters, ReachingTheThresholdQueuesThePageOnceAndCallsTheListener) {
  MissCounters counters(smallMachine());
  std::vector<NodeId> told;
  counters.onHot([&](NodeId node) { told.push_back(node); });
  counters.recordMiss(page(0, 7), 3, 0);
  counters.recordMiss(page(0, 7), 3, 1);
  EXPECT_EQ(counters.hotCount(3), 0u);
  EXPECT_TRUE(told.empty());
  counters.recordMiss(page(0, 7), 3, 2);  // the third miss: hot
  EXPECT_EQ(counters.hotCount(3), 1u);
  EXPECT_EQ(told, std::vector<NodeId>{3});
  for (int i = 0; i < 10; ++i) counters.recordMiss(page(0, 7), 3, 3);  // still hot: not queued again
  EXPECT_EQ(counters.hotCount(3), 1u);
  EXPECT_EQ(told.size(), 1u);
  EXPECT_EQ(counters.hotCount(0), 0u);  // queued on the missing node only
}

TEST(MissCounters, ListenerOnlyWhenTheQueueStopsBeingEmptyAndPopIsFifo) {
  MissCounters counters(smallMachine());
  int calls = 0;
  counters.onHot([&](NodeId) { ++calls; });
  for (uint64_t p : {9, 4, 200})
    for (int i = 0; i < 3; ++i) counters.recordMiss(page(2, p), 1, 0);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(counters.hotCount(1), 3u);
  EXPECT_EQ(counters.popHot(1), page(2, 9));
  EXPECT_EQ(counters.popHot(1), page(2, 4));
  EXPECT_EQ(counters.popHot(1), page(2, 200));
  EXPECT_EQ(counters.popHot(1), std::nullopt);
  for (int i = 0; i < 3; ++i) counters.recordMiss(page(3, 0), 1, 0);
  EXPECT_EQ(calls, 2);  // empty again, then not
}

TEST(MissCounters, ThresholdZeroNeverQueues) {
  MissCounters counters(smallMachine());
  counters.setThreshold(0);
  for (int i = 0; i < 100; ++i) counters.recordMiss(page(0, 0), 0, 0);
  EXPECT_EQ(counters.hotCount(0), 0u);
  EXPECT_EQ(counters.windowCount(page(0, 0), 0), 100u);
}

TEST(MissCounters, LoweringTheThresholdMakesAnAlreadyBusyPageHotOnItsNextMiss) {
  MissCounters counters(smallMachine());
  counters.setThreshold(50);
  for (int i = 0; i < 10; ++i) counters.recordMiss(page(0, 1), 2, 0);
  EXPECT_EQ(counters.hotCount(2), 0u);
  counters.setThreshold(5);
  counters.recordMiss(page(0, 1), 2, 0);
  EXPECT_EQ(counters.hotCount(2), 1u);
}

TEST(MissCounters, PeriodicResetClearsWindowsByTimeAndKeepsTotals) {
  MissCounters counters(smallMachine());  // reset every 2000 cycles
  counters.recordMiss(page(1, 1), 0, 100);
  counters.recordMiss(page(1, 1), 0, 1999);
  EXPECT_EQ(counters.windowCount(page(1, 1), 0), 2u);
  EXPECT_EQ(counters.resets(), 0u);
  counters.recordMiss(page(1, 1), 0, 2000);  // the interval has passed: cleared first
  EXPECT_EQ(counters.windowCount(page(1, 1), 0), 1u);
  EXPECT_EQ(counters.totalCount(page(1, 1), 0), 3u);
  EXPECT_EQ(counters.resets(), 1u);
  counters.recordMiss(page(1, 1), 0, 9000);  // several intervals later: one reset, next at 10000
  EXPECT_EQ(counters.resets(), 2u);
  EXPECT_EQ(counters.windowCount(page(1, 1), 0), 1u);
  counters.recordMiss(page(1, 1), 0, 9999);
  EXPECT_EQ(counters.resets(), 2u);
  EXPECT_EQ(counters.windowCount(page(1, 1), 0), 2u);
}

TEST(MissCounters, ResetIntervalZeroNeverResets) {
  MachineConfig config = smallMachine();
  config.miss_counters.reset_interval_us = 0;
  MissCounters counters(config);
  counters.recordMiss(page(0, 0), 0, 0);
  counters.recordMiss(page(0, 0), 0, uint64_t{1} << 40);
  EXPECT_EQ(counters.windowCount(page(0, 0), 0), 2u);
  EXPECT_EQ(counters.resets(), 0u);
}

TEST(MissCounters, AfterAResetAPageCanBeQueuedAgain) {
  MissCounters counters(smallMachine());
  for (int i = 0; i < 3; ++i) counters.recordMiss(page(0, 2), 1, 0);
  ASSERT_EQ(counters.popHot(1), page(0, 2));
  for (int i = 0; i < 3; ++i) counters.recordMiss(page(0, 2), 1, 0);
  EXPECT_EQ(counters.hotCount(1), 0u);  // same window: once only
  for (int i = 0; i < 3; ++i) counters.recordMiss(page(0, 2), 1, 2500);
  EXPECT_EQ(counters.hotCount(1), 1u);  // new window
}

TEST(MissCounters, ResetPageClearsOnlyThatPage) {
  MissCounters counters(smallMachine());
  for (int i = 0; i < 3; ++i) {
    counters.recordMiss(page(2, 10), 0, 0);
    counters.recordMiss(page(2, 11), 0, 0);
  }
  ASSERT_EQ(counters.hotCount(0), 2u);
  counters.resetPage(page(2, 10));
  EXPECT_EQ(counters.windowCount(page(2, 10), 0), 0u);
  EXPECT_EQ(counters.windowCount(page(2, 11), 0), 3u);
  EXPECT_EQ(counters.totalCount(page(2, 10), 0), 3u);
  EXPECT_EQ(counters.hotCount(0), 2u);  // queued pages stay queued
  for (int i = 0; i < 3; ++i) counters.recordMiss(page(2, 10), 0, 0);
  EXPECT_EQ(counters.hotCount(0), 3u);  // its mark was cleared: queued again
}

TEST(MissCounters, ResetAllClearsEveryWindowAndKeepsTotals) {
  MissCounters counters(smallMachine());
  counters.recordMiss(page(0, 0), 0, 0);
  counters.recordMiss(page(3, 255), 3, 0);
  counters.resetAll();
  EXPECT_EQ(counters.resets(), 1u);
  EXPECT_EQ(counters.windowCount(page(0, 0), 0), 0u);
  EXPECT_EQ(counters.windowCount(page(3, 255), 3), 0u);
  EXPECT_EQ(counters.totalCount(page(3, 255), 3), 1u);
  counters.recordMiss(page(0, 0), 0, 0);
  EXPECT_EQ(counters.windowCount(page(0, 0), 0), 1u);
}

TEST(MissCounters, ForEachPageFiltersByTotalAndGoesInPageOrder) {
  MissCounters counters(smallMachine());
  counters.setThreshold(0);
  auto misses = [&](MachinePage p, NodeId node, int n) {
    for (int i = 0; i < n; ++i) counters.recordMiss(p, node, 0);
  };
  misses(page(3, 1), 0, 4);
  misses(page(0, 200), 1, 2);
  misses(page(0, 200), 2, 3);
  misses(page(1, 0), 3, 4);
  misses(page(2, 2), 0, 1);
  counters.resetAll();  // totals survive
  std::vector<std::pair<MachinePage, std::vector<uint64_t>>> seen;
  counters.forEachPage(4, [&](MachinePage p, const uint64_t* totals) {
    seen.emplace_back(p, std::vector<uint64_t>(totals, totals + 4));
  });
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].first, page(0, 200));
  EXPECT_EQ(seen[0].second, (std::vector<uint64_t>{0, 2, 3, 0}));
  EXPECT_EQ(seen[1].first, page(1, 0));
  EXPECT_EQ(seen[1].second, (std::vector<uint64_t>{0, 0, 0, 4}));
  EXPECT_EQ(seen[2].first, page(3, 1));
  EXPECT_EQ(seen[2].second, (std::vector<uint64_t>{4, 0, 0, 0}));
}

// A machine large enough for the parallel pass (4 x 256 MB = 262144 pages):
// the pages come out in page order, each exactly once, whatever the threads.
TEST(MissCounters, ForEachPageOnALargeMachineIsInPageOrderAndComplete) {
  MachineConfig config;
  config.machine.nodes = 4;
  config.machine.memory_per_node_mb = 256;
  MissCounters counters(config);
  counters.setThreshold(0);
  std::vector<MachinePage> expected;
  for (NodeId node = 0; node < 4; ++node)
    for (uint64_t index = node; index < 65536; index += 4099) {  // crosses chunk boundaries
      counters.recordMiss(page(node, index), (node + 1) % 4, 0);
      counters.recordMiss(page(node, index), node, 0);
      expected.push_back(page(node, index));
    }
  counters.recordMiss(page(2, 7), 0, 0);  // one miss only: filtered out below
  std::vector<MachinePage> seen;
  counters.forEachPage(2, [&](MachinePage p, const uint64_t* totals) {
    seen.push_back(p);
    const NodeId node = p.node();
    EXPECT_EQ(totals[node], 1u);
    EXPECT_EQ(totals[(node + 1) % 4], 1u);
  });
  EXPECT_EQ(seen, expected);
}

TEST(MissCounters, PagesThatAreNotRamAndUnknownNodesAreRefused) {
  MissCounters counters(smallMachine());
  try {
    counters.recordMiss(page(0, 256), 0, 0);  // 1 MB per node: pages 0..255
    FAIL() << "no exception";
  } catch (const std::out_of_range& e) {
    EXPECT_THAT(e.what(), HasSubstr("0x100"));
    EXPECT_THAT(e.what(), HasSubstr("not RAM"));
  }
  EXPECT_THROW(counters.recordMiss(page(4, 0), 0, 0), std::out_of_range);  // node 4 of 4
  EXPECT_THROW(counters.recordMiss(page(0, 0), 4, 0), std::out_of_range);
  EXPECT_THROW(counters.windowCount(page(0, 0), 9), std::out_of_range);
  EXPECT_THROW(counters.totalCount(page(5, 0), 0), std::out_of_range);
  EXPECT_THROW(counters.hotCount(4), std::out_of_range);
  EXPECT_THROW(counters.popHot(4), std::out_of_range);
  EXPECT_EQ(counters.totalCount(page(0, 0), 0), 0u);  // nothing was counted
}

TEST(MissCounters, AMachineTooLargeForDenseCountersIsAClearError) {
  MachineConfig config;
  config.machine.nodes = 256;
  config.machine.memory_per_node_mb = 256;
  try {
    MissCounters counters(config);
    FAIL() << "no exception";
  } catch (const std::length_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("256 nodes"));
  }
}

}  // namespace
}  // namespace numa
