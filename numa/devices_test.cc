// Tests of the machine's devices against a fake host (dev_fake_host_test.h):
// every register of the system controller, UART, IPI controller, disk and
// NIC, their interrupts, their timing as docs/devices.md states it, and their
// errors. Expected times are computed here from the documented model and the
// test configuration (200 MHz: 1 cycle = 5 ns).
#include "numa/devices.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "numa/dev_fake_host_test.h"

namespace numa {
namespace {

using testing::FakeDeviceHost;
using testing::testMachineConfig;

// A register read that must succeed.
uint64_t readReg(Device& device, CpuId cpu, uint64_t offset, unsigned size = 8) {
  uint64_t value = 0xdeadbeef;
  EXPECT_TRUE(device.read(cpu, offset, size, value)) << device.name() << " offset " << offset;
  return value;
}

// A register write that must succeed.
void writeReg(Device& device, CpuId cpu, uint64_t offset, uint64_t value, unsigned size = 8) {
  EXPECT_TRUE(device.write(cpu, offset, size, value)) << device.name() << " offset " << offset;
}

// Whether a read is refused (bus error).
bool readRefused(Device& device, CpuId cpu, uint64_t offset, unsigned size = 8) {
  uint64_t value = 0;
  return !device.read(cpu, offset, size, value);
}

class DevicesTest : public ::testing::Test {
 protected:
  MachineConfig config = testMachineConfig();
  FakeDeviceHost host{config};
};

// ---------------------------------------------------------------- system controller

TEST_F(DevicesTest, SystemIdentityRegisters) {
  SystemController sys(1, 0, host);
  EXPECT_EQ(readReg(sys, 3, SYS_CPU_ID), 3u);
  EXPECT_EQ(readReg(sys, 0, SYS_CPU_ID), 0u);
  EXPECT_EQ(readReg(sys, 0, SYS_NUM_CPUS), 4u);
  EXPECT_EQ(readReg(sys, 0, SYS_NODE_ID), 1u);
  EXPECT_EQ(readReg(sys, 0, SYS_NUM_NODES), 2u);
  EXPECT_EQ(sys.name(), "system1");
}

TEST_F(DevicesTest, SystemTimeAndRtcFollowSimulatedTime) {
  SystemController sys(0, 1'000'000, host);
  host.time = 2000;  // 2000 cycles at 200 MHz = 10 us
  EXPECT_EQ(readReg(sys, 0, SYS_TIME_NS), 10'000u);
  EXPECT_EQ(readReg(sys, 0, SYS_RTC_SECONDS), 1'000'000u);
  host.time = 500'000'000;  // 2.5 s
  EXPECT_EQ(readReg(sys, 0, SYS_TIME_NS), 2'500'000'000u);
  EXPECT_EQ(readReg(sys, 0, SYS_RTC_SECONDS), 1'000'002u);
}

TEST_F(DevicesTest, RtcIsDeterministicNotHostTime) {
  // Two machines at the same simulated time read the same RTC, whatever host
  // time passed in between.
  SystemController first(0, 1234, host);
  host.time = 700'000'000;  // 3.5 s
  const uint64_t a = readReg(first, 0, SYS_RTC_SECONDS);
  usleep(20'000);
  FakeDeviceHost otherHost(config);
  SystemController second(0, 1234, otherHost);
  otherHost.time = 700'000'000;
  EXPECT_EQ(a, 1237u);
  EXPECT_EQ(readReg(second, 0, SYS_RTC_SECONDS), a);
}

TEST_F(DevicesTest, StartCpuPassesTheWritersLatchedValues) {
  SystemController sys(0, 0, host);
  writeReg(sys, 0, SYS_START_PC, 0xffffffff80001000ull);
  writeReg(sys, 0, SYS_START_SP, 0xffffffff80100000ull);
  writeReg(sys, 0, SYS_START_ARG, 42);
  // Another CPU's latch is its own.
  writeReg(sys, 2, SYS_START_PC, 0x1111);
  EXPECT_EQ(readReg(sys, 0, SYS_START_PC), 0xffffffff80001000ull);
  EXPECT_EQ(readReg(sys, 2, SYS_START_PC), 0x1111u);
  EXPECT_EQ(readReg(sys, 0, SYS_RUNNING_MASK), 0b1u);

  writeReg(sys, 0, SYS_START_CPU, 1);
  ASSERT_EQ(host.starts.size(), 1u);
  EXPECT_EQ(host.starts[0].cpu, 1u);
  EXPECT_EQ(host.starts[0].pc, 0xffffffff80001000ull);
  EXPECT_EQ(host.starts[0].sp, 0xffffffff80100000ull);
  EXPECT_EQ(host.starts[0].arg, 42u);
  EXPECT_EQ(readReg(sys, 0, SYS_RUNNING_MASK), 0b11u);
}

TEST_F(DevicesTest, StartCpuFailsForAStartedOrMissingCpu) {
  SystemController sys(0, 0, host);
  EXPECT_FALSE(sys.write(0, SYS_START_CPU, 8, 0));  // CPU 0 runs already
  writeReg(sys, 0, SYS_START_CPU, 3);
  EXPECT_FALSE(sys.write(0, SYS_START_CPU, 8, 3));  // twice
  EXPECT_FALSE(sys.write(0, SYS_START_CPU, 8, 4));  // only 4 CPUs
  EXPECT_FALSE(sys.write(0, SYS_START_CPU, 8, uint64_t{1} << 32));
  EXPECT_EQ(host.starts.size(), 1u);
}

TEST_F(DevicesTest, PowerOffKeepsTheLowByte) {
  SystemController sys(0, 0, host);
  writeReg(sys, 1, SYS_POWER_OFF, 0x1234);
  EXPECT_EQ(host.powerOffStatus, 0x34);
}

TEST_F(DevicesTest, AccessSizesAndOffsets) {
  SystemController sys(0, 0, host);
  host.time = 0x1'0000'0000ull;  // 2^32 cycles: TIME_NS = 5 * 2^32 = 0x5_0000_0000
  EXPECT_EQ(readReg(sys, 0, SYS_TIME_NS), 0x5'0000'0000ull);
  EXPECT_EQ(readReg(sys, 0, SYS_TIME_NS, 4), 0u);  // the low 32 bits
  // A 32-bit write zero-extends.
  writeReg(sys, 0, SYS_START_PC, 0xffffffff80001000ull, 4);
  EXPECT_EQ(readReg(sys, 0, SYS_START_PC), 0x80001000u);
  // The high half, odd offsets, sizes 1 and 2, no register, wrong direction.
  EXPECT_TRUE(readRefused(sys, 0, SYS_TIME_NS + 4, 4));
  EXPECT_TRUE(readRefused(sys, 0, SYS_TIME_NS + 1, 8));
  EXPECT_TRUE(readRefused(sys, 0, SYS_TIME_NS, 2));
  EXPECT_TRUE(readRefused(sys, 0, SYS_TIME_NS, 1));
  EXPECT_TRUE(readRefused(sys, 0, 0x30));
  EXPECT_TRUE(readRefused(sys, 0, 0x800));
  EXPECT_TRUE(readRefused(sys, 0, SYS_POWER_OFF));
  EXPECT_TRUE(readRefused(sys, 0, SYS_START_CPU));
  EXPECT_FALSE(sys.write(0, SYS_TIME_NS, 8, 1));
  EXPECT_FALSE(sys.write(0, SYS_CPU_ID, 8, 1));
  EXPECT_FALSE(sys.write(0, SYS_START_PC, 2, 1));
  EXPECT_EQ(host.powerOffStatus, -1);
}

// ---------------------------------------------------------------- UART

TEST_F(DevicesTest, UartTransmitsTheLowByte) {
  Uart uart(1, 2, host);
  for (char c : std::string("ok\n")) writeReg(uart, 2, UART_TX, uint64_t(0xabcd00) | uint8_t(c));
  EXPECT_EQ(host.console[1], "ok\n");
  EXPECT_EQ(host.console[0], "");
  EXPECT_TRUE(readRefused(uart, 2, UART_TX));
}

TEST_F(DevicesTest, UartReceivesItsInputThenAllOnes) {
  Uart uart(0, 0, host, "hi");
  EXPECT_EQ(readReg(uart, 0, UART_STATUS), UART_STATUS_RX_READY | UART_STATUS_TX_READY);
  EXPECT_EQ(readReg(uart, 0, UART_RX), uint64_t('h'));
  EXPECT_EQ(readReg(uart, 0, UART_RX), uint64_t('i'));
  EXPECT_EQ(readReg(uart, 0, UART_STATUS), UART_STATUS_TX_READY);
  EXPECT_EQ(readReg(uart, 0, UART_RX), ~uint64_t{0});
  EXPECT_EQ(readReg(uart, 0, UART_RX, 4), 0xffffffffu);
  EXPECT_FALSE(uart.write(0, UART_STATUS, 8, 0));
}

TEST_F(DevicesTest, UartInterruptWhileEnabledAndInputWaits) {
  Uart uart(1, 2, host, "x");
  EXPECT_FALSE(host.line(2, IRQ_UART));  // disabled by default
  EXPECT_EQ(readReg(uart, 2, UART_CONTROL), 0u);
  writeReg(uart, 2, UART_CONTROL, 1);
  EXPECT_EQ(readReg(uart, 2, UART_CONTROL), 1u);
  EXPECT_TRUE(host.line(2, IRQ_UART));
  EXPECT_FALSE(host.line(0, IRQ_UART));
  EXPECT_EQ(readReg(uart, 2, UART_RX), uint64_t('x'));
  EXPECT_FALSE(host.line(2, IRQ_UART));  // input consumed
  uart.appendInput("yz");
  EXPECT_TRUE(host.line(2, IRQ_UART));
  writeReg(uart, 2, UART_CONTROL, 0);
  EXPECT_FALSE(host.line(2, IRQ_UART));
  EXPECT_EQ(uart.pendingInput(), 2u);
}

// ---------------------------------------------------------------- IPI

// The delivery latency the tests pass: the flat model (300 ns uncached
// access within a node, 900 ns remote), CPUs 0-1 on node 0, 2-3 on node 1.
uint64_t flatLatency(CpuId from, CpuId to) { return from / 2 == to / 2 ? 300 : 900; }

TEST_F(DevicesTest, IpiArrivesAfterTheDeliveryLatency) {
  IpiController ipi(4, flatLatency, host);
  host.time = 100;
  writeReg(ipi, 0, IPI_SEND, 3);  // remote: 900 ns = 180 cycles
  host.runUntil(100 + 179);
  EXPECT_EQ(readReg(ipi, 3, IPI_PENDING), 0u);
  EXPECT_FALSE(host.line(3, IRQ_IPI));
  host.runUntil(100 + 180);
  EXPECT_EQ(readReg(ipi, 3, IPI_PENDING), 0b1u);
  EXPECT_TRUE(host.line(3, IRQ_IPI));
  EXPECT_FALSE(host.line(0, IRQ_IPI));

  writeReg(ipi, 2, IPI_SEND, 3);  // same node: 300 ns = 60 cycles
  host.runUntil(host.time + 59);
  EXPECT_EQ(readReg(ipi, 3, IPI_PENDING), 0b1u);
  host.runUntil(host.time + 1);
  EXPECT_EQ(readReg(ipi, 3, IPI_PENDING), 0b101u);
  EXPECT_EQ(ipi.sent(), 2u);
}

TEST_F(DevicesTest, IpiClearDropsTheLineAtZero) {
  IpiController ipi(4, flatLatency, host);
  writeReg(ipi, 0, IPI_SEND, 1);
  writeReg(ipi, 2, IPI_SEND, 1);
  host.runAll();
  EXPECT_EQ(readReg(ipi, 1, IPI_PENDING), 0b101u);
  EXPECT_EQ(readReg(ipi, 0, IPI_PENDING), 0u);  // each CPU reads its own mask
  writeReg(ipi, 1, IPI_CLEAR, 0b001);
  EXPECT_EQ(readReg(ipi, 1, IPI_PENDING), 0b100u);
  EXPECT_TRUE(host.line(1, IRQ_IPI));
  writeReg(ipi, 1, IPI_CLEAR, 0b100);
  EXPECT_EQ(readReg(ipi, 1, IPI_PENDING), 0u);
  EXPECT_FALSE(host.line(1, IRQ_IPI));
  // A CPU may interrupt itself.
  writeReg(ipi, 1, IPI_SEND, 1);
  host.runAll();
  EXPECT_EQ(readReg(ipi, 1, IPI_PENDING), 0b10u);
  EXPECT_TRUE(host.line(1, IRQ_IPI));
}

TEST_F(DevicesTest, IpiToAMissingCpuIsABusError) {
  IpiController ipi(4, flatLatency, host);
  EXPECT_FALSE(ipi.write(0, IPI_SEND, 8, 4));
  EXPECT_FALSE(ipi.write(0, IPI_PENDING, 8, 1));
  EXPECT_TRUE(readRefused(ipi, 0, IPI_SEND));
  EXPECT_EQ(host.pendingEvents(), 0u);
}

TEST_F(DevicesTest, IpiBeyond64CpusFoldsTheSenderBit) {
  config.machine.nodes = 35;  // 70 CPUs
  FakeDeviceHost big(config);
  IpiController ipi(70, [](CpuId, CpuId) { return 0; }, big);
  writeReg(ipi, 65, IPI_SEND, 69);
  writeReg(ipi, 3, IPI_SEND, 69);
  big.runAll();
  EXPECT_EQ(readReg(ipi, 69, IPI_PENDING), (uint64_t{1} << 1) | (uint64_t{1} << 3));
  EXPECT_TRUE(big.line(69, IRQ_IPI));
}

// ---------------------------------------------------------------- disk

// A temporary disk image of `sectors` sectors: byte i holds (i * 7 + 3) & 0xff.
class TempImage {
 public:
  explicit TempImage(uint64_t bytes) {
    char name[] = "/tmp/disk_test_XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    path_ = name;
    std::ofstream out(path_, std::ios::binary);
    for (uint64_t i = 0; i < bytes; ++i) out.put(char((i * 7 + 3) & 0xff));
  }
  ~TempImage() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }
  std::vector<uint8_t> contents() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static uint8_t patternAt(uint64_t i) { return uint8_t((i * 7 + 3) & 0xff); }

 private:
  std::string path_;
};

// The media time of `bytes` with the default devices.* settings (5 ms access,
// 20 MB/s), in cycles at 200 MHz.
Cycles diskMediaCycles(uint64_t bytes) {
  const uint64_t ns = 5'000'000 + (bytes * 1000 + 19) / 20;
  return (ns * 200 + 999) / 1000;
}

TEST(DiskTiming, MediaTimeFromTheConfig) {
  // 1024 bytes: 5 ms + 51.2 us = 5 051 200 ns = 1 010 240 cycles.
  EXPECT_EQ(diskMediaCycles(1024), 1'010'240u);
}

TEST_F(DevicesTest, DiskReadRoundTripIntoLocalMemory) {
  TempImage image(8 * 512);
  DiskController disk(0, image.path(), config, host);
  EXPECT_EQ(readReg(disk, 0, DISK_SECTORS), 8u);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_IDLE});
  host.time = 500;
  writeReg(disk, 0, DISK_SECTOR, 2);
  writeReg(disk, 0, DISK_COUNT, 2);
  writeReg(disk, 0, DISK_DMA_ADDR, 0x1000);
  EXPECT_EQ(readReg(disk, 0, DISK_SECTOR), 2u);
  EXPECT_EQ(readReg(disk, 0, DISK_COUNT), 2u);
  EXPECT_EQ(readReg(disk, 0, DISK_DMA_ADDR), 0x1000u);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
  EXPECT_FALSE(host.line(0, IRQ_DISK));

  const Cycles done = 500 + diskMediaCycles(1024);  // buffer on node 0: no network time
  host.runUntil(done - 1);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
  EXPECT_EQ(host.memory[0][0x1000], 0u);
  host.runUntil(done);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_DONE});
  EXPECT_EQ(readReg(disk, 0, DISK_ERROR), uint64_t{DISK_ERR_NONE});
  EXPECT_TRUE(host.line(0, IRQ_DISK));
  for (uint64_t i = 0; i < 1024; ++i) ASSERT_EQ(host.memory[0][0x1000 + i], TempImage::patternAt(1024 + i)) << i;
  EXPECT_EQ(host.memory[0][0x1000 + 1024], 0u);  // not one byte more

  writeReg(disk, 0, DISK_ACK, 1);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_IDLE});
  EXPECT_FALSE(host.line(0, IRQ_DISK));
  EXPECT_EQ(disk.readsDone(), 1u);
  EXPECT_EQ(disk.bytesRead(), 1024u);
}

TEST_F(DevicesTest, DiskReadToAnotherNodeAddsTheInterconnect) {
  TempImage image(8 * 512);
  DiskController disk(0, image.path(), config, host);
  writeReg(disk, 0, DISK_SECTOR, 0);
  writeReg(disk, 0, DISK_COUNT, 1);
  writeReg(disk, 0, DISK_DMA_ADDR, MachineAddr::of(1, 0x2000).value);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
  // Media first, then the DMA from node 0 to node 1.
  const Cycles media = diskMediaCycles(512);
  const Cycles done = media + FakeDeviceHost::bulkCycles(0, 1, 512);
  host.runUntil(done - 1);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
  ASSERT_EQ(host.transfers.size(), 1u);
  EXPECT_EQ(host.transfers[0].from, 0u);
  EXPECT_EQ(host.transfers[0].to, 1u);
  EXPECT_EQ(host.transfers[0].bytes, 512u);
  EXPECT_EQ(host.transfers[0].at, media);
  host.runUntil(done);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_DONE});
  EXPECT_EQ(host.memory[1][0x2000 + 511], TempImage::patternAt(511));
}

TEST_F(DevicesTest, DiskWriteReachesTheImageFile) {
  TempImage image(8 * 512);
  const MachineAddr buffer = MachineAddr::of(1, 0x3000);
  for (int i = 0; i < 512; ++i) host.ram(buffer)[i] = uint8_t(0xa0 ^ i);
  {
    DiskController disk(0, image.path(), config, host);
    writeReg(disk, 0, DISK_SECTOR, 5);
    writeReg(disk, 0, DISK_COUNT, 1);
    writeReg(disk, 0, DISK_DMA_ADDR, buffer.value);
    writeReg(disk, 0, DISK_COMMAND, DISK_CMD_WRITE);
    // The DMA from node 1 first, then the media.
    const Cycles dma = FakeDeviceHost::bulkCycles(1, 0, 512);
    const Cycles done = dma + diskMediaCycles(512);
    host.runUntil(done - 1);
    EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
    EXPECT_EQ(image.contents()[5 * 512], TempImage::patternAt(5 * 512));  // not yet on the media
    host.runUntil(done);
    EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_DONE});
    EXPECT_TRUE(host.line(0, IRQ_DISK));
    EXPECT_EQ(disk.writesDone(), 1u);
  }
  const std::vector<uint8_t> after = image.contents();
  ASSERT_EQ(after.size(), 8u * 512);
  for (uint64_t i = 0; i < after.size(); ++i) {
    const bool written = i >= 5 * 512 && i < 6 * 512;
    ASSERT_EQ(after[i], written ? uint8_t(0xa0 ^ (i - 5 * 512)) : TempImage::patternAt(i)) << "byte " << i;
  }
}

TEST_F(DevicesTest, DiskWriteReadsMemoryWhenTheDmaArrives) {
  TempImage image(4 * 512);
  DiskController disk(0, image.path(), config, host);
  const MachineAddr buffer = MachineAddr::of(1, 0);
  host.ram(buffer)[0] = 1;
  writeReg(disk, 0, DISK_COUNT, 1);
  writeReg(disk, 0, DISK_DMA_ADDR, buffer.value);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_WRITE);
  host.ram(buffer)[0] = 2;  // changed before the transfer from node 1 ends
  host.runUntil(FakeDeviceHost::bulkCycles(1, 0, 512));
  host.ram(buffer)[0] = 3;  // after: too late
  host.runAll();
  EXPECT_EQ(image.contents()[0], 2u);
}

TEST_F(DevicesTest, DiskRangeErrors) {
  TempImage image(8 * 512);
  DiskController disk(0, image.path(), config, host);
  struct Case {
    uint64_t sector, count;
  };
  for (Case c : {Case{7, 2}, Case{8, 1}, Case{0, 9}, Case{0, 0}, Case{~uint64_t{0}, 2}, Case{1, ~uint64_t{0}}}) {
    writeReg(disk, 0, DISK_SECTOR, c.sector);
    writeReg(disk, 0, DISK_COUNT, c.count);
    writeReg(disk, 0, DISK_DMA_ADDR, 0);
    writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
    EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_ERROR}) << c.sector << "+" << c.count;
    EXPECT_EQ(readReg(disk, 0, DISK_ERROR), uint64_t{DISK_ERR_RANGE}) << c.sector << "+" << c.count;
    EXPECT_TRUE(host.line(0, IRQ_DISK));
    writeReg(disk, 0, DISK_ACK, 0);
    EXPECT_FALSE(host.line(0, IRQ_DISK));
  }
  // The last sector exactly is fine.
  writeReg(disk, 0, DISK_SECTOR, 7);
  writeReg(disk, 0, DISK_COUNT, 1);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
  EXPECT_EQ(host.pendingEvents(), 1u);
}

TEST_F(DevicesTest, DiskDmaOutsideMemory) {
  TempImage image(8 * 512);
  DiskController disk(0, image.path(), config, host);
  const uint64_t mb = 1 << 20;
  for (uint64_t addr : {mb - 512 + 1,                              // runs past node 0's RAM
                        MachineAddr::of(0, kDeviceWindowOffset).value,  // the device window
                        MachineAddr::of(2, 0).value,                // no node 2
                        ~uint64_t{0} - 100}) {
    writeReg(disk, 0, DISK_COUNT, 1);
    writeReg(disk, 0, DISK_DMA_ADDR, addr);
    writeReg(disk, 0, DISK_COMMAND, DISK_CMD_WRITE);
    EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_ERROR}) << std::hex << addr;
    EXPECT_EQ(readReg(disk, 0, DISK_ERROR), uint64_t{DISK_ERR_DMA}) << std::hex << addr;
  }
  // The last 512 bytes of node 1 are fine.
  writeReg(disk, 0, DISK_DMA_ADDR, MachineAddr::of(1, mb - 512).value);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
  EXPECT_FALSE(host.line(0, IRQ_DISK));  // a new command takes the old error's interrupt away
  host.runAll();
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_DONE});
}

TEST_F(DevicesTest, DiskDmaRefusedByTheMachineAtCompletion) {
  TempImage image(8 * 512);
  DiskController disk(0, image.path(), config, host);
  writeReg(disk, 0, DISK_COUNT, 1);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
  host.refuseDma = true;
  host.runAll();
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_ERROR});
  EXPECT_EQ(readReg(disk, 0, DISK_ERROR), uint64_t{DISK_ERR_DMA});
  EXPECT_TRUE(host.line(0, IRQ_DISK));
  EXPECT_EQ(disk.readsDone(), 0u);
}

TEST_F(DevicesTest, DiskCommandWhileBusy) {
  TempImage image(8 * 512);
  DiskController disk(0, image.path(), config, host);
  writeReg(disk, 0, DISK_COUNT, 1);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
  writeReg(disk, 0, DISK_SECTOR, 3);
  writeReg(disk, 0, DISK_COMMAND, DISK_CMD_READ);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
  EXPECT_EQ(readReg(disk, 0, DISK_ERROR), uint64_t{DISK_ERR_BUSY});
  EXPECT_FALSE(host.line(0, IRQ_DISK));
  writeReg(disk, 0, DISK_ACK, 0);  // cannot acknowledge a request away
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_BUSY});
  host.runAll();
  // The first request (sector 0) completed; the second never started.
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_DONE});
  EXPECT_EQ(readReg(disk, 0, DISK_ERROR), uint64_t{DISK_ERR_NONE});
  EXPECT_EQ(host.memory[0][0], TempImage::patternAt(0));
  EXPECT_EQ(disk.readsDone(), 1u);
  EXPECT_EQ(host.pendingEvents(), 0u);
}

TEST_F(DevicesTest, DiskUnknownCommandAndNoMedia) {
  TempImage image(8 * 512);
  DiskController disk(0, image.path(), config, host);
  writeReg(disk, 0, DISK_COUNT, 1);
  writeReg(disk, 0, DISK_COMMAND, 9);
  EXPECT_EQ(readReg(disk, 0, DISK_STATUS), uint64_t{DISK_ST_ERROR});
  EXPECT_EQ(readReg(disk, 0, DISK_ERROR), uint64_t{DISK_ERR_COMMAND});

  DiskController empty(1, "", config, host);
  EXPECT_EQ(readReg(empty, 0, DISK_SECTORS), 0u);
  writeReg(empty, 0, DISK_COUNT, 1);
  writeReg(empty, 0, DISK_COMMAND, DISK_CMD_READ);
  EXPECT_EQ(readReg(empty, 0, DISK_STATUS), uint64_t{DISK_ST_ERROR});
  EXPECT_EQ(readReg(empty, 0, DISK_ERROR), uint64_t{DISK_ERR_NO_MEDIA});
  EXPECT_TRUE(readRefused(disk, 0, DISK_COMMAND));
  EXPECT_TRUE(readRefused(disk, 0, DISK_ACK));
  EXPECT_FALSE(disk.write(0, DISK_STATUS, 8, 0));
  EXPECT_FALSE(disk.write(0, DISK_SECTORS, 8, 0));
}

// The DeviceError message a disk constructor throws, or "".
std::string diskError(const std::string& path, const MachineConfig& config, DeviceHost& host) {
  try {
    DiskController disk(2, path, config, host);
  } catch (const DeviceError& e) {
    return e.what();
  }
  return "";
}

TEST_F(DevicesTest, DiskImageErrorsNameThePath) {
  EXPECT_EQ(diskError("/nonexistent/dir/disk.img", config, host),
            "disk2: image '/nonexistent/dir/disk.img': cannot open it for reading and writing: "
            "No such file or directory");
  TempImage odd(1000);
  EXPECT_EQ(diskError(odd.path(), config, host),
            "disk2: image '" + odd.path() + "': size 1000 bytes is not a multiple of 512");
  TempImage none(0);
  EXPECT_EQ(diskError(none.path(), config, host),
            "disk2: image '" + none.path() + "': empty (a disk needs at least one 512-byte sector)");
  EXPECT_EQ(diskError("/tmp", config, host).find("disk2: image '/tmp': cannot open"), 0u);
  EXPECT_THROW(DiskController(DISK_MAX, "", config, host), DeviceError);
}

// ---------------------------------------------------------------- NIC

// A frame of `len` bytes to `dst` from `src`, payload byte i = i.
std::vector<uint8_t> makeFrame(uint64_t dst, uint64_t src, size_t len) {
  std::vector<uint8_t> frame(len);
  for (size_t i = 0; i < len; ++i) frame[i] = uint8_t(i);
  for (int i = 0; i < 6; ++i) {
    frame[i] = uint8_t(dst >> (40 - 8 * i));
    frame[6 + i] = uint8_t(src >> (40 - 8 * i));
  }
  return frame;
}

// The wire time of `len` bytes at the default 100 MB/s, in cycles at 200 MHz.
Cycles nicWireCycles(uint64_t len) { return ((len * 1000 + 99) / 100 * 200 + 999) / 1000; }

class NicTest : public DevicesTest {
 protected:
  NetworkSwitch network;
  Nic nic0{0, 0, network, config, host};
  Nic nic1{1, 2, network, config, host};

  // Places `frame` at `addr` and sends it from `nic`.
  void send(Nic& nic, CpuId cpu, MachineAddr addr, const std::vector<uint8_t>& frame) {
    std::copy(frame.begin(), frame.end(), host.ram(addr));
    writeReg(nic, cpu, NIC_TX_ADDR, addr.value);
    writeReg(nic, cpu, NIC_TX_LEN, frame.size());
    writeReg(nic, cpu, NIC_TX_GO, 1);
  }
  void arm(Nic& nic, CpuId cpu, MachineAddr addr) {
    writeReg(nic, cpu, NIC_RX_ADDR, addr.value);
    writeReg(nic, cpu, NIC_RX_ARM, 1);
  }
  bool bytesAt(MachineAddr addr, const std::vector<uint8_t>& frame) {
    return std::equal(frame.begin(), frame.end(), host.ram(addr));
  }
};

TEST_F(NicTest, MacAddresses) {
  EXPECT_EQ(readReg(nic0, 0, NIC_MAC), 0x020000000000ull);
  EXPECT_EQ(readReg(nic1, 2, NIC_MAC), 0x020000000001ull);
  EXPECT_EQ(Nic::macOf(5, 3), 0x020000000305ull);
  EXPECT_EQ(network.ports(), 2u);
}

TEST_F(NicTest, LoopbackFrameComesBack) {
  writeReg(nic0, 0, NIC_CONTROL, 1);
  EXPECT_EQ(readReg(nic0, 0, NIC_CONTROL), 1u);
  arm(nic0, 0, MachineAddr::of(0, 0x8000));
  const auto frame = makeFrame(nic1.mac(), nic0.mac(), 60);  // the MAC does not matter in loopback
  send(nic0, 0, MachineAddr::of(0, 0x4000), frame);
  EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), NIC_STATUS_TX_BUSY);
  host.runUntil(nicWireCycles(60) - 1);  // 600 ns = 120 cycles
  EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), NIC_STATUS_TX_BUSY);
  EXPECT_FALSE(host.line(0, IRQ_NIC));
  host.runUntil(nicWireCycles(60));
  EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), NIC_STATUS_TX_DONE | NIC_STATUS_RX_READY);
  EXPECT_EQ(readReg(nic0, 0, NIC_RX_LEN), 60u);
  EXPECT_TRUE(bytesAt(MachineAddr::of(0, 0x8000), frame));
  EXPECT_TRUE(host.line(0, IRQ_NIC));
  EXPECT_EQ(nic1.framesReceived(), 0u);
  writeReg(nic0, 0, NIC_ACK, NIC_STATUS_TX_DONE);
  EXPECT_TRUE(host.line(0, IRQ_NIC));
  writeReg(nic0, 0, NIC_ACK, NIC_STATUS_RX_READY | NIC_STATUS_TX_BUSY);
  EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), 0u);
  EXPECT_FALSE(host.line(0, IRQ_NIC));
}

TEST_F(NicTest, FrameFromNodeToNode) {
  arm(nic1, 2, MachineAddr::of(1, 0x100));
  const auto frame = makeFrame(nic1.mac(), nic0.mac(), 100);
  host.time = 1000;
  send(nic0, 0, MachineAddr::of(0, 0x4000), frame);
  const Cycles left = 1000 + nicWireCycles(100);
  const Cycles arrives = left + FakeDeviceHost::bulkCycles(0, 1, 100);
  host.runUntil(left);
  EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), NIC_STATUS_TX_DONE);
  EXPECT_EQ(readReg(nic1, 2, NIC_STATUS), 0u);
  host.runUntil(arrives - 1);
  EXPECT_FALSE(host.line(2, IRQ_NIC));
  host.runUntil(arrives);
  EXPECT_EQ(readReg(nic1, 2, NIC_STATUS), NIC_STATUS_RX_READY);
  EXPECT_EQ(readReg(nic1, 2, NIC_RX_LEN), 100u);
  EXPECT_TRUE(bytesAt(MachineAddr::of(1, 0x100), frame));
  EXPECT_TRUE(host.line(2, IRQ_NIC));
  ASSERT_EQ(host.transfers.size(), 1u);
  EXPECT_EQ(host.transfers[0].from, 0u);
  EXPECT_EQ(host.transfers[0].to, 1u);
  EXPECT_EQ(nic0.framesSent(), 1u);
  EXPECT_EQ(nic1.framesReceived(), 1u);
}

TEST_F(NicTest, BroadcastReachesEveryOtherNic) {
  Nic nic2(2, 4, network, config, host);  // a third NIC (node 2 has no RAM here: unused)
  arm(nic0, 0, MachineAddr::of(0, 0x100));
  arm(nic1, 2, MachineAddr::of(1, 0x100));
  send(nic0, 0, MachineAddr::of(0, 0x4000), makeFrame(NetworkSwitch::kBroadcastMac, nic0.mac(), 64));
  host.runAll();
  EXPECT_EQ(nic0.framesReceived(), 0u);  // not back to the sender
  EXPECT_EQ(nic1.framesReceived(), 1u);
  EXPECT_EQ(nic2.framesDropped(), 1u);  // nothing armed there
  EXPECT_EQ(readReg(nic2, 4, NIC_DROPPED), 1u);
}

TEST_F(NicTest, DropsWithoutAnArmedBuffer) {
  const auto frame = makeFrame(nic1.mac(), nic0.mac(), 64);
  send(nic0, 0, MachineAddr::of(0, 0x4000), frame);
  host.runAll();
  EXPECT_EQ(readReg(nic1, 2, NIC_DROPPED), 1u);
  EXPECT_EQ(readReg(nic1, 2, NIC_STATUS), 0u);
  EXPECT_FALSE(host.line(2, IRQ_NIC));
  // Armed: the next one is received, and the buffer is used once.
  arm(nic1, 2, MachineAddr::of(1, 0));
  writeReg(nic0, 0, NIC_TX_GO, 1);
  host.runAll();
  writeReg(nic0, 0, NIC_TX_GO, 1);
  host.runAll();
  EXPECT_EQ(nic1.framesReceived(), 1u);
  EXPECT_EQ(readReg(nic1, 2, NIC_DROPPED), 2u);
  // To an unknown MAC: dropped by the switch.
  send(nic0, 0, MachineAddr::of(0, 0x4000), makeFrame(0x02000000aaaaull, nic0.mac(), 64));
  host.runAll();
  EXPECT_EQ(network.droppedUnknown(), 1u);
}

TEST_F(NicTest, BadLengthOrBufferIsATxError) {
  for (uint64_t len : {uint64_t{0}, uint64_t{13}, uint64_t{1515}, uint64_t{1} << 40}) {
    writeReg(nic0, 0, NIC_TX_ADDR, 0);
    writeReg(nic0, 0, NIC_TX_LEN, len);
    writeReg(nic0, 0, NIC_TX_GO, 1);
    EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), NIC_STATUS_TX_ERROR) << len;
    EXPECT_TRUE(host.line(0, IRQ_NIC));
    writeReg(nic0, 0, NIC_ACK, NIC_STATUS_TX_ERROR);
    EXPECT_FALSE(host.line(0, IRQ_NIC));
  }
  writeReg(nic0, 0, NIC_TX_ADDR, (1 << 20) - 100);  // 1514 bytes would run past node 0's RAM
  writeReg(nic0, 0, NIC_TX_LEN, 1514);
  writeReg(nic0, 0, NIC_TX_GO, 1);
  EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), NIC_STATUS_TX_ERROR);
  EXPECT_EQ(host.pendingEvents(), 0u);
  // The limits themselves are fine.
  writeReg(nic0, 0, NIC_ACK, ~uint64_t{0});
  writeReg(nic0, 0, NIC_TX_LEN, 14);
  writeReg(nic0, 0, NIC_TX_ADDR, 0);
  writeReg(nic0, 0, NIC_TX_GO, 1);
  EXPECT_EQ(readReg(nic0, 0, NIC_STATUS), NIC_STATUS_TX_BUSY);
}

TEST_F(NicTest, OneFrameAtATimeAndArmChecksTheBuffer) {
  send(nic0, 0, MachineAddr::of(0, 0), makeFrame(nic1.mac(), nic0.mac(), 64));
  EXPECT_FALSE(nic0.write(0, NIC_TX_GO, 8, 1));  // still busy
  writeReg(nic1, 2, NIC_RX_ADDR, (1 << 20) - 1000);  // 1514 bytes do not fit
  EXPECT_FALSE(nic1.write(2, NIC_RX_ARM, 8, 1));
  writeReg(nic1, 2, NIC_RX_ADDR, MachineAddr::of(1, (1 << 20) - 1514).value);
  writeReg(nic1, 2, NIC_RX_ARM, 1);
  host.runAll();
  EXPECT_EQ(nic1.framesReceived(), 1u);
  EXPECT_TRUE(readRefused(nic0, 0, NIC_TX_GO));
  EXPECT_FALSE(nic0.write(0, NIC_STATUS, 8, 0));
}

TEST_F(NicTest, DuplicateMacOnOneSwitch) {
  EXPECT_THROW(Nic(1, 2, network, config, host), DeviceError);
  NetworkSwitch other;
  Nic ok(1, 2, other, config, host);
  EXPECT_EQ(other.ports(), 1u);
  EXPECT_EQ(network.ports(), 2u);  // the failed NIC left nothing behind
}

}  // namespace
}  // namespace numa
