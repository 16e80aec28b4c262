// Building a machine's devices and decoding device-window addresses (dev_set.h).
#include "numa/dev_set.h"

#include "numa/device_map.h"

namespace numa {

namespace {

constexpr uint64_t kPageBytes = 0x1000;
constexpr uint64_t kSystemPage = SYS_BASE / kPageBytes;
constexpr uint64_t kUartPage = UART_BASE / kPageBytes;
constexpr uint64_t kIpiPage = IPI_BASE / kPageBytes;
constexpr uint64_t kMissCounterPage = MC_BASE / kPageBytes;
constexpr uint64_t kNicPage = NIC_BASE / kPageBytes;
constexpr uint64_t kFirstDiskPage = DISK_BASE(0) / kPageBytes;

static_assert(DEV_WINDOW_OFFSET == kDeviceWindowOffset, "device_map.h and address.h disagree on the window");

}  // namespace

// Every device of the machine, in node order.
DeviceSet::DeviceSet(const MachineConfig& config, DeviceHost& host, DeviceSetOptions options) : config_(config) {
  const uint32_t nodes = config.machine.nodes;
  const uint32_t perNode = config.machine.cpus_per_node;
  if (options.diskImages.size() > DISK_MAX) {
    throw DeviceError("disks: " + std::to_string(options.diskImages.size()) + " images given, at most " +
                      std::to_string(DISK_MAX) + " can be attached");
  }
  if (options.consoleInput.size() > nodes) {
    throw DeviceError("console input given for " + std::to_string(options.consoleInput.size()) +
                      " nodes, the machine has " + std::to_string(nodes));
  }
  if (options.network != nullptr) {
    network_ = options.network;
  } else {
    ownNetwork_ = std::make_unique<NetworkSwitch>();
    network_ = ownNetwork_.get();
  }
  IpiController::LatencyNs latency = options.ipiLatencyNs;
  if (!latency) {
    const uint64_t local = config.memory.uncached_latency_ns;
    const uint64_t remote = config.memory.remote_latency_ns;
    latency = [local, remote, perNode](CpuId from, CpuId to) { return from / perNode == to / perNode ? local : remote; };
  }
  ipi_ = std::make_unique<IpiController>(config.numCpus(), std::move(latency), host);

  nodes_.resize(nodes);
  for (NodeId n = 0; n < nodes; ++n) {
    const CpuId first = n * perNode;
    NodeDevices& d = nodes_[n];
    d.system = std::make_unique<SystemController>(n, config.devices.rtc_epoch, host);
    d.uart = std::make_unique<Uart>(n, first, host, n < options.consoleInput.size() ? options.consoleInput[n] : "");
    if (options.missCounters != nullptr) {
      d.missCounters = std::make_unique<MissCounterDevice>(n, first, *options.missCounters, config, host);
    }
    d.nic = std::make_unique<Nic>(n, first, *network_, config, host, options.machineIndex);
  }
  for (unsigned k = 0; k < options.diskImages.size(); ++k) {
    disks_.push_back(std::make_unique<DiskController>(k, options.diskImages[k], config, host));
  }
}

DeviceSet::~DeviceSet() = default;

// Inside [node base + DEV_WINDOW_OFFSET, + 16 MB) of an existing node?
bool DeviceSet::isDeviceAddress(MachineAddr addr) const {
  return addr.value >> kMachineAddrBits == 0 && addr.node() < config_.machine.nodes &&
         addr.offset() >= kDeviceWindowOffset && addr.offset() - kDeviceWindowOffset < kDeviceWindowSize;
}

// Page number within the window -> device.
Device* DeviceSet::deviceAt(MachineAddr addr, uint64_t& offset) {
  if (!isDeviceAddress(addr)) return nullptr;
  const uint64_t inWindow = addr.offset() - kDeviceWindowOffset;
  const uint64_t page = inWindow / kPageBytes;
  offset = inWindow % kPageBytes;
  NodeDevices& d = nodes_[addr.node()];
  switch (page) {
    case kSystemPage: return d.system.get();
    case kUartPage: return d.uart.get();
    case kIpiPage: return ipi_.get();
    case kMissCounterPage: return d.missCounters.get();
    case kNicPage: return d.nic.get();
    default: break;
  }
  if (addr.node() == DiskController::kNode && page >= kFirstDiskPage && page - kFirstDiskPage < disks_.size()) {
    return disks_[page - kFirstDiskPage].get();
  }
  return nullptr;
}

// Routes a read; no device: bus error.
bool DeviceSet::read(CpuId cpu, MachineAddr addr, unsigned size, uint64_t& value) {
  uint64_t offset = 0;
  Device* device = deviceAt(addr, offset);
  value = 0;
  return device != nullptr && device->read(cpu, offset, size, value);
}

// Routes a write; no device: bus error.
bool DeviceSet::write(CpuId cpu, MachineAddr addr, unsigned size, uint64_t value) {
  uint64_t offset = 0;
  Device* device = deviceAt(addr, offset);
  return device != nullptr && device->write(cpu, offset, size, value);
}

// A hot page was queued on `node`.
void DeviceSet::hotPageQueued(NodeId node) {
  if (MissCounterDevice* mc = nodes_.at(node).missCounters.get()) mc->hotPageQueued();
}

}  // namespace numa
