// The inter-processor interrupt controller (page 2 of every node's device
// window). One controller serves the whole machine: any node's page 2 reaches
// every CPU, so a kernel may use its own node's window.
//
// Each CPU has a 64-bit pending mask. A CPU writes a target CPU id to
// IPI_SEND; after the delivery latency the sender's bit is set in the
// target's mask and IRQ_IPI is asserted on the target. The target reads
// IPI_PENDING (its own mask) and writes the bits it has handled to IPI_CLEAR;
// the line drops when its mask becomes 0.
//
// Delivery latency: an IPI is an uncached store that travels from the
// sender's node to the controller logic at the target's node, so it takes the
// time of one uncached access between those nodes. The machine passes that
// time as a function (memory.uncached_latency_ns within a node, the remote
// latency over the topology between nodes; docs/devices.md), so this class
// knows nothing about the topology.
//
// More than 64 CPUs: a SEND to any existing CPU works; the pending bit of
// sender s is bit (s mod 64), so on such machines a bit names a group of
// possible senders and a kernel must keep the reason for an IPI in memory
// (as Linux does), using the bit only as a hint.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "numa/dev_base.h"

namespace numa {

class IpiController : public RegisterDevice {
 public:
  // Nanoseconds from a SEND by CPU `from` to the interrupt at CPU `to`.
  using LatencyNs = std::function<uint64_t(CpuId from, CpuId to)>;

  IpiController(uint32_t numCpus, LatencyNs latencyNs, DeviceHost& host);

  std::string name() const override { return "ipi"; }

  // The pending mask of `cpu` (tests, statistics).
  uint64_t pending(CpuId cpu) const { return pending_.at(cpu); }
  uint64_t sent() const { return sent_; }

 protected:
  bool readRegister(CpuId cpu, uint64_t offset, uint64_t& value) override;
  bool writeRegister(CpuId cpu, uint64_t offset, uint64_t value) override;

 private:
  // The IPI from `from` reaches `to`: sets the bit and asserts the line.
  void deliver(CpuId from, CpuId to);

  uint32_t numCpus_;
  LatencyNs latencyNs_;
  DeviceHost& host_;
  std::vector<uint64_t> pending_;       // per target CPU
  std::vector<uint8_t> lineAsserted_;   // per target CPU
  uint64_t sent_ = 0;
};

}  // namespace numa
