// The system controller's registers (dev_system.h, docs/devices.md).
#include "numa/dev_system.h"

#include "numa/device_map.h"

namespace numa {

// A controller for one node's window.
SystemController::SystemController(NodeId node, uint64_t rtcEpoch, DeviceHost& host)
    : node_(node), rtcEpoch_(rtcEpoch), host_(host), latches_(host.numCpus()) {}

// The start values latched for `cpu` (grown on demand, so a host reporting
// fewer CPUs than access ids can never index out of range).
SystemController::StartLatch& SystemController::latchOf(CpuId cpu) {
  if (cpu >= latches_.size()) latches_.resize(size_t{cpu} + 1);
  return latches_[cpu];
}

// Identity, time, the latched start values and the running mask.
bool SystemController::readRegister(CpuId cpu, uint64_t offset, uint64_t& value) {
  switch (offset) {
    case SYS_CPU_ID: value = cpu; return true;
    case SYS_NUM_CPUS: value = host_.numCpus(); return true;
    case SYS_NODE_ID: value = node_; return true;
    case SYS_NUM_NODES: value = host_.numNodes(); return true;
    case SYS_TIME_NS: value = host_.nsFromCycles(host_.now()); return true;
    case SYS_RTC_SECONDS: value = rtcEpoch_ + host_.nsFromCycles(host_.now()) / 1'000'000'000; return true;
    case SYS_START_PC: value = latchOf(cpu).pc; return true;
    case SYS_START_SP: value = latchOf(cpu).sp; return true;
    case SYS_START_ARG: value = latchOf(cpu).arg; return true;
    case SYS_RUNNING_MASK: value = host_.startedMask(); return true;
    default: return false;  // write-only (START_CPU, POWER_OFF) or no register
  }
}

// Start values, CPU release and power-off.
bool SystemController::writeRegister(CpuId cpu, uint64_t offset, uint64_t value) {
  switch (offset) {
    case SYS_START_PC: latchOf(cpu).pc = value; return true;
    case SYS_START_SP: latchOf(cpu).sp = value; return true;
    case SYS_START_ARG: latchOf(cpu).arg = value; return true;
    case SYS_START_CPU: {
      if (value >= host_.numCpus()) return false;
      const StartLatch& latch = latchOf(cpu);
      return host_.startCpu(CpuId(value), latch.pc, latch.sp, latch.arg);
    }
    case SYS_POWER_OFF: host_.powerOff(int(value & 0xff)); return true;
    default: return false;  // read-only or no register
  }
}

}  // namespace numa
