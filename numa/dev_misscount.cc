// The miss-counter device's registers (dev_misscount.h, docs/devices.md).
#include "numa/dev_misscount.h"

#include <algorithm>
#include <limits>

#include "numa/device_map.h"

namespace numa {

// The front end of `counters` for node `node`.
MissCounterDevice::MissCounterDevice(NodeId node, CpuId irqCpu, MissCounters& counters,
                                     const MachineConfig& config, DeviceHost& host)
    : node_(node), irqCpu_(irqCpu), counters_(counters), config_(config), host_(host) {}

// Called by the machine from MissCounters::onHot for this node.
void MissCounterDevice::hotPageQueued() { updateInterrupt(); }

// Level-triggered: up exactly while hot pages wait on this node.
void MissCounterDevice::updateInterrupt() {
  const bool want = counters_.hotCount(node_) > 0;
  if (want == lineAsserted_) return;
  lineAsserted_ = want;
  host_.setInterrupt(irqCpu_, IRQ_HOTPAGE, want);
}

// Selected page inside some node's RAM?
bool MissCounterDevice::selectedIsRam() const {
  if (selected_ > (uint64_t{1} << (kMachineAddrBits - mips::kPageShift)) - 1) return false;
  return rangeIsRam(config_, MachinePage(selected_).base(), uint64_t{1} << mips::kPageShift);
}

// Threshold, queue, selection and counts.
bool MissCounterDevice::readRegister(CpuId, uint64_t offset, uint64_t& value) {
  switch (offset) {
    case MC_THRESHOLD: value = counters_.threshold(); return true;
    case MC_HOT_COUNT: value = counters_.hotCount(node_); return true;
    case MC_HOT_POP: {
      const auto page = counters_.popHot(node_);
      value = page ? page->value : ~uint64_t{0};
      updateInterrupt();
      return true;
    }
    case MC_SELECT: value = selected_; return true;
    case MC_NODES: value = host_.numNodes(); return true;
    default: break;
  }
  if (offset >= MC_COUNT && offset < MC_COUNT + 8ull * host_.numNodes()) {
    const NodeId from = NodeId((offset - MC_COUNT) / 8);
    // A page that is not RAM never misses: its counts read 0.
    value = selectedIsRam() ? counters_.windowCount(MachinePage(selected_), from) : 0;
    return true;
  }
  return false;  // MC_RESET is write-only; anything else is no register
}

// Threshold, selection and resets.
bool MissCounterDevice::writeRegister(CpuId, uint64_t offset, uint64_t value) {
  switch (offset) {
    case MC_THRESHOLD:
      // Saturates: a threshold beyond 2^32-1 misses is never reached anyway.
      counters_.setThreshold(uint32_t(std::min<uint64_t>(value, std::numeric_limits<uint32_t>::max())));
      return true;
    case MC_SELECT: selected_ = value; return true;
    case MC_RESET:
      if (value == 1) {
        counters_.resetAll();
      } else if (value == 2) {
        if (selectedIsRam()) counters_.resetPage(MachinePage(selected_));
      } else {
        return false;  // no such reset: bus error rather than a silent no-op
      }
      updateInterrupt();
      return true;
    default: return false;
  }
}

}  // namespace numa
