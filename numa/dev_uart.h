// The console UART of one node (page 1 of its device window).
//
// Output: every byte written to UART_TX goes straight to DeviceHost::
// consoleWrite; the transmitter is always ready (no baud-rate delay is
// modelled: console output is for people, not for timing).
// Input: a fixed byte string given when the machine is built (for example a
// --console-input option), consumed one byte per UART_RX read. Input never
// arrives from the host's terminal while the machine runs, so a run is
// repeatable byte for byte. appendInput() adds bytes later for tools that
// feed input at chosen simulated times.
// Interrupt: with UART_CONTROL bit 0 set, IRQ_UART is asserted on the node's
// first CPU for as long as input is waiting (level-triggered).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "numa/dev_base.h"

namespace numa {

class Uart : public RegisterDevice {
 public:
  // The UART of node `node`; its interrupt goes to CPU `irqCpu` (the node's
  // first CPU: node * cpus_per_node).
  Uart(NodeId node, CpuId irqCpu, DeviceHost& host, std::string input = {});

  std::string name() const override { return "uart" + std::to_string(node_); }

  // Adds bytes at the end of the pending input (and raises the interrupt if enabled).
  void appendInput(std::string_view bytes);
  // Input bytes not yet read by the guest.
  size_t pendingInput() const { return input_.size() - readPos_; }

 protected:
  bool readRegister(CpuId cpu, uint64_t offset, uint64_t& value) override;
  bool writeRegister(CpuId cpu, uint64_t offset, uint64_t value) override;

 private:
  // Sets IRQ_UART to "enabled and input waiting", telling the host only on change.
  void updateInterrupt();

  NodeId node_;
  CpuId irqCpu_;
  DeviceHost& host_;
  std::string input_;
  size_t readPos_ = 0;
  bool interruptEnabled_ = false;
  bool lineAsserted_ = false;
};

}  // namespace numa
