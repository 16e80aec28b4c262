// The system controller (page 0 of every node's device window): who am I,
// what time is it, release another CPU, switch the machine off.
//
// Identity and time registers are computed on each read from DeviceHost, so
// every node's controller answers the same way (SYS_NODE_ID excepted). The
// real-time clock is devices.rtc_epoch plus the whole simulated seconds since
// power-on: deterministic, never the host's clock.
//
// Releasing a CPU (docs/boot.md): a CPU writes SYS_START_PC, SYS_START_SP and
// SYS_START_ARG, then the target's id to SYS_START_CPU. The three start values
// are latched per writing CPU, so two CPUs releasing others at the same time
// through one controller cannot mix their values up. SYS_START_CPU calls
// DeviceHost::startCpu; when that refuses (no such CPU, or it was already
// started) the store takes a bus error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "numa/dev_base.h"

namespace numa {

class SystemController : public RegisterDevice {
 public:
  // The controller of node `node`'s window; `rtcEpoch` is devices.rtc_epoch.
  SystemController(NodeId node, uint64_t rtcEpoch, DeviceHost& host);

  std::string name() const override { return "system" + std::to_string(node_); }

 protected:
  bool readRegister(CpuId cpu, uint64_t offset, uint64_t& value) override;
  bool writeRegister(CpuId cpu, uint64_t offset, uint64_t value) override;

 private:
  // The start values one CPU has written so far.
  struct StartLatch {
    uint64_t pc = 0, sp = 0, arg = 0;
  };
  StartLatch& latchOf(CpuId cpu);

  NodeId node_;
  uint64_t rtcEpoch_;
  DeviceHost& host_;
  std::vector<StartLatch> latches_;  // indexed by writing CPU
};

}  // namespace numa
