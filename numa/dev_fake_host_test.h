// A DeviceHost for device tests: an event list the test advances by hand,
// RAM as byte vectors, recorded interrupt lines, console output, CPU starts,
// power-off, and a bulk network with a simple documented cost, so tests can
// compute every expected time themselves.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "numa/config.h"
#include "numa/device.h"

namespace numa::testing {

class FakeDeviceHost : public DeviceHost {
  const MachineConfig& config_;  // first: the public members below are sized from it

 public:
  // The fake interconnect: a transfer between two different nodes takes
  // kBulkFixedCycles plus one cycle per kBulkBytesPerCycle bytes (rounded up);
  // within a node it takes no time.
  static constexpr Cycles kBulkFixedCycles = 1000;
  static constexpr uint64_t kBulkBytesPerCycle = 4;
  static Cycles bulkCycles(NodeId from, NodeId to, uint64_t bytes) {
    return from == to ? 0 : kBulkFixedCycles + (bytes + kBulkBytesPerCycle - 1) / kBulkBytesPerCycle;
  }

  explicit FakeDeviceHost(const MachineConfig& config)
      : config_(config),
        memory(config.machine.nodes, std::vector<uint8_t>(config.memoryPerNodeBytes(), 0)),
        lines(config.numCpus(), 0),
        console(config.machine.nodes) {
    started = 1;  // CPU 0 runs from power-on
  }

  // ---- test controls ----
  Cycles time = 0;
  // Runs every event due at or before `until` in (time, order) order, with
  // `time` set to each event's time; ends with time = until.
  void runUntil(Cycles until) {
    while (!events_.empty() && events_.begin()->first.first <= until) {
      auto node = events_.extract(events_.begin());
      time = node.key().first;
      node.mapped()();
    }
    time = until;
  }
  // Runs every event, however late.
  void runAll() {
    while (!events_.empty()) runUntil(events_.begin()->first.first);
  }
  size_t pendingEvents() const { return events_.size(); }
  Cycles nextEventTime() const { return events_.empty() ? ~Cycles{0} : events_.begin()->first.first; }
  // Whether interrupt line `line` of `cpu` is asserted.
  bool line(CpuId cpu, unsigned irq) const { return (lines.at(cpu) >> irq) & 1; }
  uint8_t* ram(MachineAddr a) { return memory.at(a.node()).data() + a.offset(); }

  std::vector<std::vector<uint8_t>> memory;  // per node
  std::vector<uint32_t> lines;               // per CPU: bit i = line i asserted
  std::vector<std::string> console;          // per node
  uint64_t started = 0;
  struct Start {
    CpuId cpu;
    uint64_t pc, sp, arg;
  };
  std::vector<Start> starts;
  int powerOffStatus = -1;
  struct Transfer {
    NodeId from, to;
    uint64_t bytes;
    Cycles at;
  };
  std::vector<Transfer> transfers;
  bool refuseDma = false;  // makes every dmaRead/dmaWrite fail

  // ---- DeviceHost ----
  Cycles now() const override { return time; }
  Cycles cyclesFromNs(uint64_t ns) const override { return config_.cyclesFromNs(ns); }
  uint64_t nsFromCycles(Cycles c) const override { return uint64_t(config_.nsFromCycles(c)); }
  void schedule(Cycles at, std::function<void()> action) override {
    events_.emplace(std::make_pair(at, nextSeq_++), std::move(action));
  }
  void setInterrupt(CpuId cpu, unsigned irq, bool asserted) override {
    if (asserted) {
      lines.at(cpu) |= 1u << irq;
    } else {
      lines.at(cpu) &= ~(1u << irq);
    }
  }
  bool dmaRead(MachineAddr from, void* to, uint64_t bytes) override {
    if (!isRam(from, bytes)) return false;
    std::copy_n(ram(from), bytes, static_cast<uint8_t*>(to));
    return true;
  }
  bool dmaWrite(MachineAddr to, const void* from, uint64_t bytes) override {
    if (!isRam(to, bytes)) return false;
    std::copy_n(static_cast<const uint8_t*>(from), bytes, ram(to));
    return true;
  }
  void startBulkTransfer(NodeId from, NodeId to, uint64_t bytes, std::function<void()> onDone) override {
    transfers.push_back({from, to, bytes, time});
    schedule(time + bulkCycles(from, to, bytes), std::move(onDone));
  }
  uint32_t numCpus() const override { return config_.numCpus(); }
  uint32_t numNodes() const override { return config_.machine.nodes; }
  bool startCpu(CpuId cpu, uint64_t pc, uint64_t sp, uint64_t arg) override {
    if (cpu >= numCpus() || cpu >= 64 || (started >> cpu) & 1) return false;
    started |= uint64_t{1} << cpu;
    starts.push_back({cpu, pc, sp, arg});
    return true;
  }
  uint64_t startedMask() const override { return started; }
  void powerOff(int status) override { powerOffStatus = status; }
  void consoleWrite(NodeId node, char c) override { console.at(node) += c; }

 private:
  // Independent of the devices' own check: node exists, range inside its RAM.
  bool isRam(MachineAddr a, uint64_t bytes) const {
    if (refuseDma || a.node() >= memory.size()) return false;
    const uint64_t size = memory[a.node()].size();
    return a.offset() <= size && bytes <= size - a.offset();
  }

  std::map<std::pair<Cycles, uint64_t>, std::function<void()>> events_;
  uint64_t nextSeq_ = 0;
};

// The machine of the device tests: 2 nodes x 2 CPUs, 1 MB per node, 200 MHz
// (so 1 cycle = 5 ns), the config's default device timing.
inline MachineConfig testMachineConfig() {
  MachineConfig c;
  c.machine.nodes = 2;
  c.machine.cpus_per_node = 2;
  c.machine.memory_per_node_mb = 1;
  c.machine.cpu_clock_mhz = 200;
  return c;
}

}  // namespace numa::testing
