// Every device of one machine, built from its configuration, and the address
// decoding of the device windows: the machine hands any uncached access to a
// device window to read()/write() here and gets the device's answer.
//
// Per node n (window at (n << 32) + DEV_WINDOW_OFFSET):
//   page 0  SystemController      page 3  MissCounterDevice (if counters given)
//   page 1  Uart                  page 4  Nic
//   page 2  the one IpiController (the same object in every window)
// Node 0 only: pages 16 + k, DiskController k, for each disk image given.
// Any other page of a window has no device (bus error).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "numa/dev_base.h"
#include "numa/dev_disk.h"
#include "numa/dev_ipi.h"
#include "numa/dev_misscount.h"
#include "numa/dev_nic.h"
#include "numa/dev_system.h"
#include "numa/dev_uart.h"

namespace numa {

class MissCounters;

struct DeviceSetOptions {
  // Disk k is backed by diskImages[k] (at most DISK_MAX; none: no disks).
  std::vector<std::string> diskImages;
  // consoleInput[n] is what node n's UART reads (missing entries: no input).
  std::vector<std::string> consoleInput;
  // IPI delivery latency in ns between two CPUs. Empty: the flat model of
  // the Disco paper, memory.uncached_latency_ns within a node and
  // memory.remote_latency_ns between nodes; a machine with a topology passes
  // its own remote latency over hops (docs/devices.md).
  IpiController::LatencyNs ipiLatencyNs;
  // The machine's miss counters (null: page 3 has no device).
  MissCounters* missCounters = nullptr;
  // The switch the NICs attach to (null: the set makes its own).
  NetworkSwitch* network = nullptr;
  // This machine's number on a shared switch (the mm of the MACs).
  uint32_t machineIndex = 0;
};

class DeviceSet {
 public:
  // Builds every device; throws DeviceError (e.g. a bad disk image).
  DeviceSet(const MachineConfig& config, DeviceHost& host, DeviceSetOptions options = {});
  ~DeviceSet();
  DeviceSet(const DeviceSet&) = delete;
  DeviceSet& operator=(const DeviceSet&) = delete;

  // Whether `addr` is inside the device window of one of the machine's nodes.
  bool isDeviceAddress(MachineAddr addr) const;
  // The device answering at `addr` and the register offset within its page,
  // or nullptr if no device is there.
  Device* deviceAt(MachineAddr addr, uint64_t& offset);
  // An uncached access of `cpu` to `addr`; false: bus error.
  bool read(CpuId cpu, MachineAddr addr, unsigned size, uint64_t& value);
  bool write(CpuId cpu, MachineAddr addr, unsigned size, uint64_t value);

  // MissCounters::onHot(node) goes here (the machine connects it).
  void hotPageQueued(NodeId node);

  SystemController& system(NodeId node) { return *nodes_.at(node).system; }
  Uart& uart(NodeId node) { return *nodes_.at(node).uart; }
  IpiController& ipi() { return *ipi_; }
  MissCounterDevice* missCounters(NodeId node) { return nodes_.at(node).missCounters.get(); }
  Nic& nic(NodeId node) { return *nodes_.at(node).nic; }
  size_t disks() const { return disks_.size(); }
  DiskController& disk(unsigned k) { return *disks_.at(k); }
  NetworkSwitch& network() { return *network_; }

 private:
  struct NodeDevices {
    std::unique_ptr<SystemController> system;
    std::unique_ptr<Uart> uart;
    std::unique_ptr<MissCounterDevice> missCounters;
    std::unique_ptr<Nic> nic;
  };

  const MachineConfig& config_;
  std::unique_ptr<NetworkSwitch> ownNetwork_;  // declared before the NICs: outlives them
  NetworkSwitch* network_ = nullptr;
  std::unique_ptr<IpiController> ipi_;
  std::vector<NodeDevices> nodes_;
  std::vector<std::unique_ptr<DiskController>> disks_;
};

}  // namespace numa
