// What a memory-mapped device is, and what it may ask of the machine.
//
// A device owns one 4 KB page of a node's device window (numa/device_map.h
// has the register offsets, docs/devices.md the prose). The machine routes
// uncached loads and stores there to read()/write(), with the id of the CPU
// that issued them. A device never touches CPUs or memory directly: it goes
// through DeviceHost, which keeps interrupts, DMA (coherent with the caches
// and the decoded-code cache) and simulated time in one place.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "numa/address.h"

namespace numa {

class DeviceHost {
 public:
  virtual ~DeviceHost() = default;

  // Simulated time now (the issuing CPU's clock during a register access).
  virtual Cycles now() const = 0;
  virtual Cycles cyclesFromNs(uint64_t ns) const = 0;
  virtual uint64_t nsFromCycles(Cycles c) const = 0;
  // Runs `action` when global simulated time reaches `at` (events at the same
  // time run in the order they were scheduled: deterministic).
  virtual void schedule(Cycles at, std::function<void()> action) = 0;

  // Asserts or clears external interrupt line `line` (2..6) of `cpu`.
  virtual void setInterrupt(CpuId cpu, unsigned line, bool asserted) = 0;

  // DMA between machine memory and the device. False (nothing copied) when
  // any byte of the range is not RAM. Coherent: caches and decoded code are
  // updated as a real coherent DMA engine would leave them.
  virtual bool dmaRead(MachineAddr from, void* to, uint64_t bytes) = 0;
  virtual bool dmaWrite(MachineAddr to, const void* from, uint64_t bytes) = 0;

  // Bulk traffic over the interconnect (SimGrid's flow model, numa/bulk_network.h):
  // starts moving `bytes` from node `from` to node `to` now; `onDone` runs at
  // the simulated time the last byte arrives (from == to: no network time).
  virtual void startBulkTransfer(NodeId from, NodeId to, uint64_t bytes, std::function<void()> onDone) = 0;

  // The machine's CPUs: how many, and releasing a held CPU (docs/boot.md).
  // startCpu returns false when `cpu` does not exist or was already started.
  virtual uint32_t numCpus() const = 0;
  virtual uint32_t numNodes() const = 0;
  virtual bool startCpu(CpuId cpu, uint64_t pc, uint64_t sp, uint64_t arg) = 0;
  virtual uint64_t startedMask() const = 0;

  // Ends the run with this exit status once the current instruction retires.
  virtual void powerOff(int status) = 0;
  // Console output of a node's UART (the machine prefixes or routes it).
  virtual void consoleWrite(NodeId node, char c) = 0;
};

class Device {
 public:
  virtual ~Device() = default;
  virtual std::string name() const = 0;
  // A register access at `offset` within the device's page. size is 4 or 8
  // (1 and 2 are refused by the machine). Return false for "nothing answers"
  // (the CPU takes a bus error).
  virtual bool read(CpuId cpu, uint64_t offset, unsigned size, uint64_t& value) = 0;
  virtual bool write(CpuId cpu, uint64_t offset, unsigned size, uint64_t value) = 0;
};

}  // namespace numa
