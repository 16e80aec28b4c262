// Tests of the miss-counter device on real MissCounters, and of DeviceSet:
// which device answers at which machine address, the shared IPI page, the
// default IPI latency, and the errors of building a machine's devices.
#include "numa/devices.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "numa/dev_fake_host_test.h"
#include "numa/miss_counters.h"

namespace numa {
namespace {

using testing::FakeDeviceHost;
using testing::testMachineConfig;

uint64_t readReg(Device& device, CpuId cpu, uint64_t offset) {
  uint64_t value = 0xdeadbeef;
  EXPECT_TRUE(device.read(cpu, offset, 8, value)) << device.name() << " offset " << offset;
  return value;
}

void writeReg(Device& device, CpuId cpu, uint64_t offset, uint64_t value) {
  EXPECT_TRUE(device.write(cpu, offset, 8, value)) << device.name() << " offset " << offset;
}

// ---------------------------------------------------------------- miss counters

class MissCounterDeviceTest : public ::testing::Test {
 protected:
  MachineConfig config = [] {
    MachineConfig c = testMachineConfig();
    c.miss_counters.reset_interval_us = 0;  // no periodic reset in these tests
    return c;
  }();
  FakeDeviceHost host{config};
  MissCounters counters{config};
  MissCounterDevice mc0{0, 0, counters, config, host};
  MissCounterDevice mc1{1, 2, counters, config, host};
  const MachinePage pageA{5};                        // node 0, page 5
  const MachinePage pageB{(uint64_t{1} << 20) + 7};  // node 1, page 7

  void SetUp() override {
    counters.onHot([this](NodeId node) { (node == 0 ? mc0 : mc1).hotPageQueued(); });
  }
  void misses(MachinePage page, NodeId from, int n) {
    for (int i = 0; i < n; ++i) counters.recordMiss(page, from, 0);
  }
};

TEST_F(MissCounterDeviceTest, Threshold) {
  EXPECT_EQ(readReg(mc0, 0, MC_THRESHOLD), 256u);  // miss_counters.hot_threshold's default
  writeReg(mc1, 2, MC_THRESHOLD, 3);
  EXPECT_EQ(counters.threshold(), 3u);
  EXPECT_EQ(readReg(mc0, 0, MC_THRESHOLD), 3u);  // one threshold for the machine
  writeReg(mc0, 0, MC_THRESHOLD, uint64_t{1} << 40);
  EXPECT_EQ(counters.threshold(), 0xffffffffu);
  EXPECT_EQ(readReg(mc0, 0, MC_NODES), 2u);
}

TEST_F(MissCounterDeviceTest, HotPageInterruptAndQueue) {
  writeReg(mc0, 0, MC_THRESHOLD, 3);
  misses(pageA, 1, 2);
  EXPECT_EQ(readReg(mc1, 2, MC_HOT_COUNT), 0u);
  EXPECT_FALSE(host.line(2, IRQ_HOTPAGE));
  misses(pageA, 1, 1);  // the third miss from node 1: hot for node 1
  EXPECT_EQ(readReg(mc1, 2, MC_HOT_COUNT), 1u);
  EXPECT_EQ(readReg(mc0, 0, MC_HOT_COUNT), 0u);
  EXPECT_TRUE(host.line(2, IRQ_HOTPAGE));
  EXPECT_FALSE(host.line(0, IRQ_HOTPAGE));
  misses(pageB, 1, 3);
  EXPECT_EQ(readReg(mc1, 2, MC_HOT_COUNT), 2u);

  EXPECT_EQ(readReg(mc1, 2, MC_HOT_POP), pageA.value);  // oldest first
  EXPECT_TRUE(host.line(2, IRQ_HOTPAGE));
  EXPECT_EQ(readReg(mc1, 2, MC_HOT_POP), pageB.value);
  EXPECT_FALSE(host.line(2, IRQ_HOTPAGE));
  EXPECT_EQ(readReg(mc1, 2, MC_HOT_POP), ~uint64_t{0});
  EXPECT_EQ(readReg(mc1, 2, MC_HOT_COUNT), 0u);
}

TEST_F(MissCounterDeviceTest, SelectCountAndReset) {
  misses(pageB, 0, 5);
  misses(pageB, 1, 2);
  misses(pageA, 0, 1);
  writeReg(mc0, 0, MC_SELECT, pageB.value);
  EXPECT_EQ(readReg(mc0, 0, MC_SELECT), pageB.value);
  EXPECT_EQ(readReg(mc0, 0, MC_COUNT + 0), 5u);
  EXPECT_EQ(readReg(mc0, 0, MC_COUNT + 8), 2u);
  uint64_t value = 0;
  EXPECT_FALSE(mc0.read(0, MC_COUNT + 16, 8, value));  // there is no node 2
  EXPECT_FALSE(mc0.read(0, MC_RESET, 8, value));

  writeReg(mc0, 0, MC_RESET, 2);  // the selected page only
  EXPECT_EQ(readReg(mc0, 0, MC_COUNT + 0), 0u);
  EXPECT_EQ(counters.windowCount(pageA, 0), 1u);
  writeReg(mc0, 0, MC_SELECT, pageA.value);
  EXPECT_EQ(readReg(mc0, 0, MC_COUNT), 1u);
  writeReg(mc0, 0, MC_RESET, 1);  // everything
  EXPECT_EQ(readReg(mc0, 0, MC_COUNT), 0u);
  EXPECT_EQ(counters.totalCount(pageB, 0), 5u);  // cumulative counts stay
  EXPECT_FALSE(mc0.write(0, MC_RESET, 8, 3));
  EXPECT_FALSE(mc0.write(0, MC_HOT_COUNT, 8, 0));
}

TEST_F(MissCounterDeviceTest, PagesThatAreNotRamReadZero) {
  for (uint64_t page : {MachineAddr::of(0, kDeviceWindowOffset).pageNumber(),  // device window
                        MachineAddr::of(0, 1 << 20).pageNumber(),              // past node 0's 1 MB
                        MachineAddr::of(2, 0).pageNumber(),                    // no node 2
                        ~uint64_t{0}}) {
    writeReg(mc0, 0, MC_SELECT, page);
    EXPECT_EQ(readReg(mc0, 0, MC_COUNT), 0u) << std::hex << page;
    writeReg(mc0, 0, MC_RESET, 2);
  }
}

// ---------------------------------------------------------------- DeviceSet

// DeviceSetOptions filled in by `fill` (designated initializers would leave
// the other fields to -Wmissing-field-initializers).
template <typename Fill>
DeviceSetOptions options(Fill fill) {
  DeviceSetOptions o;
  fill(o);
  return o;
}

// The machine address of register `reg` of the device at `page` of node `node`'s window.
MachineAddr reg(NodeId node, uint64_t pageBase, uint64_t reg) {
  return MachineAddr::of(node, DEV_WINDOW_OFFSET + pageBase + reg);
}

class DeviceSetTest : public ::testing::Test {
 protected:
  MachineConfig config = testMachineConfig();
  FakeDeviceHost host{config};

  uint64_t read(DeviceSet& set, CpuId cpu, MachineAddr addr) {
    uint64_t value = 0;
    EXPECT_TRUE(set.read(cpu, addr, 8, value)) << std::hex << addr.value;
    return value;
  }
  bool refused(DeviceSet& set, MachineAddr addr) {
    uint64_t value = 0;
    return !set.read(0, addr, 8, value) && !set.write(0, addr, 8, 0);
  }
};

TEST_F(DeviceSetTest, EachNodeWindowReachesItsOwnDevices) {
  DeviceSet set(config, host, options([](DeviceSetOptions& o) { o.consoleInput = {"", "k"}; }));
  EXPECT_EQ(read(set, 3, reg(1, SYS_BASE, SYS_NODE_ID)), 1u);
  EXPECT_EQ(read(set, 3, reg(0, SYS_BASE, SYS_NODE_ID)), 0u);
  EXPECT_EQ(read(set, 3, reg(1, SYS_BASE, SYS_CPU_ID)), 3u);
  EXPECT_TRUE(set.write(0, reg(1, UART_BASE, UART_TX), 8, 'z'));
  EXPECT_EQ(host.console[1], "z");
  EXPECT_EQ(read(set, 0, reg(1, UART_BASE, UART_RX)), uint64_t('k'));
  EXPECT_EQ(read(set, 0, reg(0, UART_BASE, UART_RX)), ~uint64_t{0});
  EXPECT_EQ(read(set, 0, reg(1, NIC_BASE, NIC_MAC)), 0x020000000001ull);
  EXPECT_EQ(set.network().ports(), 2u);
  // 32-bit access through the set.
  uint64_t value = 0;
  EXPECT_TRUE(set.read(0, reg(1, NIC_BASE, NIC_MAC), 4, value));
  EXPECT_EQ(value, 1u);
}

TEST_F(DeviceSetTest, OneIpiControllerBehindEveryWindow) {
  DeviceSet set(config, host);
  EXPECT_TRUE(set.write(0, reg(1, IPI_BASE, IPI_SEND), 8, 3));
  host.runAll();
  EXPECT_EQ(read(set, 3, reg(0, IPI_BASE, IPI_PENDING)), 0b1u);
  uint64_t offset = 0;
  EXPECT_EQ(&set.ipi(), set.deviceAt(reg(0, IPI_BASE, IPI_PENDING), offset));
  EXPECT_EQ(offset, uint64_t{IPI_PENDING});
  EXPECT_EQ(&set.ipi(), set.deviceAt(reg(1, IPI_BASE, IPI_PENDING), offset));
}

TEST_F(DeviceSetTest, DefaultIpiLatencyIsTheFlatModel) {
  DeviceSet set(config, host);
  ASSERT_TRUE(set.write(0, reg(0, IPI_BASE, IPI_SEND), 8, 1));  // same node: 300 ns = 60 cycles
  ASSERT_TRUE(set.write(0, reg(0, IPI_BASE, IPI_SEND), 8, 2));  // other node: 900 ns = 180 cycles
  EXPECT_EQ(host.nextEventTime(), 60u);
  host.runUntil(60);
  EXPECT_TRUE(host.line(1, IRQ_IPI));
  EXPECT_EQ(host.nextEventTime(), 180u);
  // A machine's own latency function replaces it.
  FakeDeviceHost other(config);
  DeviceSet custom(config, other, options([](DeviceSetOptions& o) { o.ipiLatencyNs = [](CpuId, CpuId) { return uint64_t{1000}; }; }));
  ASSERT_TRUE(custom.write(0, reg(0, IPI_BASE, IPI_SEND), 8, 1));
  EXPECT_EQ(other.nextEventTime(), 200u);
}

TEST_F(DeviceSetTest, NoDeviceMeansBusError) {
  DeviceSet set(config, host);  // no disks, no miss counters
  EXPECT_TRUE(refused(set, reg(0, MC_BASE, MC_NODES)));
  EXPECT_TRUE(refused(set, reg(0, DISK_BASE(0), DISK_SECTORS)));
  EXPECT_TRUE(refused(set, reg(0, 0x5000, 0)));                       // page 5: nothing
  EXPECT_TRUE(refused(set, MachineAddr::of(0, 0x1000)));              // RAM is not a device
  EXPECT_TRUE(refused(set, reg(2, SYS_BASE, SYS_NODE_ID)));           // no node 2
  EXPECT_TRUE(refused(set, MachineAddr::of(0, DEV_WINDOW_OFFSET + kDeviceWindowSize)));  // past the window
  EXPECT_TRUE(refused(set, MachineAddr(~uint64_t{0})));
  EXPECT_FALSE(set.isDeviceAddress(MachineAddr::of(0, DEV_WINDOW_OFFSET - 8)));
  EXPECT_TRUE(set.isDeviceAddress(MachineAddr::of(1, DEV_WINDOW_OFFSET + kDeviceWindowSize - 8)));
}

TEST_F(DeviceSetTest, DisksOnNodeZeroOnly) {
  char name[] = "/tmp/devset_disk_XXXXXX";
  const int fd = mkstemp(name);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 4 * 512), 0);
  close(fd);
  {
    DeviceSet set(config, host, options([&](DeviceSetOptions& o) { o.diskImages = {name, ""}; }));
    EXPECT_EQ(set.disks(), 2u);
    EXPECT_EQ(read(set, 0, reg(0, DISK_BASE(0), DISK_SECTORS)), 4u);
    EXPECT_EQ(read(set, 0, reg(0, DISK_BASE(1), DISK_SECTORS)), 0u);  // attached, no image
    EXPECT_TRUE(refused(set, reg(0, DISK_BASE(2), DISK_SECTORS)));
    EXPECT_TRUE(refused(set, reg(1, DISK_BASE(0), DISK_SECTORS)));
  }
  unlink(name);
}

TEST_F(DeviceSetTest, MissCounterPagesAndHotWiring) {
  MissCounters counters(config);
  DeviceSet set(config, host, options([&](DeviceSetOptions& o) { o.missCounters = &counters; }));
  counters.onHot([&set](NodeId node) { set.hotPageQueued(node); });
  ASSERT_TRUE(set.write(0, reg(1, MC_BASE, MC_THRESHOLD), 8, 1));
  counters.recordMiss(MachinePage(3), 1, 0);
  EXPECT_TRUE(host.line(2, IRQ_HOTPAGE));  // node 1's first CPU
  EXPECT_EQ(read(set, 2, reg(1, MC_BASE, MC_HOT_POP)), 3u);
  EXPECT_FALSE(host.line(2, IRQ_HOTPAGE));
}

TEST_F(DeviceSetTest, BuildErrors) {
  EXPECT_THROW(DeviceSet(config, host, options([](DeviceSetOptions& o) { o.diskImages.resize(DISK_MAX + 1); })), DeviceError);
  EXPECT_THROW(DeviceSet(config, host, options([](DeviceSetOptions& o) { o.consoleInput = {"a", "b", "c"}; })), DeviceError);
  try {
    DeviceSet set(config, host, options([](DeviceSetOptions& o) { o.diskImages = {"/no/such/image.raw"}; }));
    FAIL() << "a missing image was accepted";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("'/no/such/image.raw'"), std::string::npos) << e.what();
  }
  // Nothing left attached to a shared switch by a set that failed to build.
  NetworkSwitch shared;
  EXPECT_THROW(DeviceSet(config, host, options([&](DeviceSetOptions& o) {
                 o.diskImages = {"/no/such/image.raw"};
                 o.network = &shared;
               })), DeviceError);
  EXPECT_EQ(shared.ports(), 0u);
}

TEST_F(DeviceSetTest, TwoMachinesShareASwitch) {
  NetworkSwitch shared;
  FakeDeviceHost hostB(config);
  DeviceSet a(config, host, options([&](DeviceSetOptions& o) { o.network = &shared; }));
  DeviceSet b(config, hostB, options([&](DeviceSetOptions& o) {
                o.network = &shared;
                o.machineIndex = 1;
              }));
  EXPECT_EQ(shared.ports(), 4u);
  EXPECT_EQ(b.nic(1).mac(), 0x020000000101ull);
  EXPECT_THROW(DeviceSet(config, hostB, options([&](DeviceSetOptions& o) { o.network = &shared; })), DeviceError);  // machine 0's MACs again
  EXPECT_EQ(shared.ports(), 4u);
}

}  // namespace
}  // namespace numa
