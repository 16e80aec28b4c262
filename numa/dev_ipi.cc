// The inter-processor interrupt controller's registers (dev_ipi.h,
// docs/devices.md).
#include "numa/dev_ipi.h"

#include "numa/device_map.h"

namespace numa {

// One controller for `numCpus` CPUs.
IpiController::IpiController(uint32_t numCpus, LatencyNs latencyNs, DeviceHost& host)
    : numCpus_(numCpus),
      latencyNs_(std::move(latencyNs)),
      host_(host),
      pending_(numCpus, 0),
      lineAsserted_(numCpus, 0) {
  if (numCpus == 0) throw DeviceError("ipi: a machine without CPUs");
  if (!latencyNs_) throw DeviceError("ipi: no delivery latency function");
}

// Sets the sender's bit at the target and raises IRQ_IPI there.
void IpiController::deliver(CpuId from, CpuId to) {
  pending_[to] |= uint64_t{1} << (from % 64);
  if (!lineAsserted_[to]) {
    lineAsserted_[to] = 1;
    host_.setInterrupt(to, IRQ_IPI, true);
  }
}

// PENDING: the reading CPU's own mask.
bool IpiController::readRegister(CpuId cpu, uint64_t offset, uint64_t& value) {
  if (offset != IPI_PENDING || cpu >= numCpus_) return false;
  value = pending_[cpu];
  return true;
}

// SEND schedules a delivery; CLEAR acknowledges bits of the writer's mask.
bool IpiController::writeRegister(CpuId cpu, uint64_t offset, uint64_t value) {
  if (cpu >= numCpus_) return false;
  switch (offset) {
    case IPI_SEND: {
      if (value >= numCpus_) return false;  // no such CPU: bus error
      const CpuId target = CpuId(value);
      const Cycles at = host_.now() + host_.cyclesFromNs(latencyNs_(cpu, target));
      ++sent_;
      host_.schedule(at, [this, cpu, target] { deliver(cpu, target); });
      return true;
    }
    case IPI_CLEAR:
      pending_[cpu] &= ~value;
      if (pending_[cpu] == 0 && lineAsserted_[cpu]) {
        lineAsserted_[cpu] = 0;
        host_.setInterrupt(cpu, IRQ_IPI, false);
      }
      return true;
    default: return false;  // PENDING is read-only
  }
}

}  // namespace numa
