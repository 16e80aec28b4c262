// The register front end of the FLASH-style cache-miss counters (page 3 of
// every node's device window); the counting itself is numa::MissCounters.
//
// Kernel-mode code (the native kernel, later Disco's monitor) uses it to
//  - set the hot-page threshold (MC_THRESHOLD, one value for the machine);
//  - take the pages that became hot for this node off its queue (MC_HOT_POP),
//    one interrupt (IRQ_HOTPAGE on the node's first CPU) covering the whole
//    queue: the line is up while the queue is not empty;
//  - read the window counts of any page from every node (MC_SELECT, then
//    MC_COUNT + 8*n), and clear them (MC_RESET).
// The machine connects MissCounters::onHot to hotPageQueued() of the node
// the page was queued on.
#pragma once

#include <cstdint>
#include <string>

#include "numa/dev_base.h"
#include "numa/miss_counters.h"

namespace numa {

class MissCounterDevice : public RegisterDevice {
 public:
  // The front end on node `node`, interrupting CPU `irqCpu` (the node's first).
  MissCounterDevice(NodeId node, CpuId irqCpu, MissCounters& counters, const MachineConfig& config,
                    DeviceHost& host);

  std::string name() const override { return "misscount" + std::to_string(node_); }

  // A page was queued on this node while its queue was empty: raise IRQ_HOTPAGE.
  void hotPageQueued();

 protected:
  bool readRegister(CpuId cpu, uint64_t offset, uint64_t& value) override;
  bool writeRegister(CpuId cpu, uint64_t offset, uint64_t value) override;

 private:
  // IRQ_HOTPAGE follows "this node's queue is not empty".
  void updateInterrupt();
  // Whether the selected page is RAM (only RAM pages have counters).
  bool selectedIsRam() const;

  NodeId node_;
  CpuId irqCpu_;
  MissCounters& counters_;
  const MachineConfig& config_;
  DeviceHost& host_;
  uint64_t selected_ = 0;  // MC_SELECT: a machine page number
  bool lineAsserted_ = false;
};

}  // namespace numa
