// The simulated CC-NUMA machine: nodes with memory, CPUs, caches and
// directory, devices, the interconnect, and the simulated clock that orders
// them. `disco native` builds one, loads a kernel ELF and runs it.
//
// Time (docs/machine.md): every CPU keeps its own cycle count (CPI 1 plus
// memory stalls plus idle time). CPUs run one after another for a quantum
// (sim.quantum_ns) each; at every quantum boundary the machine advances the
// bulk network, runs the device events that are due and delivers their
// interrupts, so interrupts and IPIs arrive within one quantum of their time.
// Same configuration, same inputs: bit-identical results.
//
// Memory: each node's RAM is one host allocation (untouched pages cost
// nothing); CPUs reach it through per-CPU ports (mips::Bus) that also route
// device registers and report every access to the MemorySystem for timing.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "mips/cpu.h"
#include "numa/address.h"
#include "numa/config.h"
#include "numa/device.h"
#include "numa/event_queue.h"

namespace numa {

class BulkNetwork;
class MemorySystem;
class MissCounters;
class Topology;
class StatsTree;
class DeviceSet;

// A problem with what the machine was given (kernel, disk image, ...):
// the message names the file and the reason.
class MachineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunLimits {
  Cycles maxCycles = 0;           // 0: no limit
  uint64_t maxInstructions = 0;   // total over all CPUs; 0: no limit
  double progressSeconds = 0;     // > 0: a progress line on stderr this often (host time)
};

enum class RunEnd : uint8_t {
  PowerOff,          // the guest wrote SYS_POWER_OFF
  CycleLimit,        // RunLimits::maxCycles
  InstructionLimit,  // RunLimits::maxInstructions
  Idle,              // every CPU waits and nothing can ever wake one
  Stuck,             // a CPU cannot make progress (message says which and why)
};

struct RunResult {
  RunEnd end = RunEnd::PowerOff;
  int exitStatus = 0;   // the power-off value (PowerOff only)
  std::string message;  // why the run ended, for the user
};

// Per-CPU time split (cycles); the six parts add up to the CPU's clock.
struct CpuTimes {
  uint64_t user = 0, supervisor = 0, kernel = 0;  // one cycle per instruction retired in that mode
  uint64_t idle = 0;                              // waiting (`wait`) or not yet started
  uint64_t stallLocal = 0, stallRemote = 0;       // memory stalls by where the miss was served
  uint64_t instructions = 0;
  uint64_t total() const { return user + supervisor + kernel + idle + stallLocal + stallRemote; }
};

class Machine final : public DeviceHost {
 public:
  // Builds the machine (memory, topology, caches, devices); `console`
  // receives the UARTs' output.
  Machine(const MachineConfig& config, std::ostream& console);
  ~Machine() override;
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Attaches a raw disk image as the next disk (0, 1, ...); before
  // loadKernel. The image is opened then (errors are MachineErrors).
  void attachDisk(const std::string& path);
  // Bytes the node-0 UART will deliver as input.
  void setConsoleInput(std::string bytes);
  // Builds the devices, loads the kernel and prepares CPU 0 as docs/boot.md
  // describes. Throws MachineError (a bad disk image, an unreadable or
  // malformed ELF, a segment outside RAM or over the device window, no room
  // for the boot block).
  void loadKernel(const std::string& path, const std::string& commandLine);

  RunResult run(const RunLimits& limits);

  // ---- observation ----
  const MachineConfig& config() const { return config_; }
  const Topology& topology() const { return *topology_; }
  uint32_t numCpus() const override { return uint32_t(cpus_.size()); }
  uint32_t numNodes() const override { return config_.machine.nodes; }
  Cycles globalTime() const { return globalTime_; }
  mips::Cpu& cpu(CpuId id);
  CpuTimes cpuTimes(CpuId id) const;
  const MemorySystem* memorySystem() const { return memory_.get(); }
  const MissCounters& missCounters() const { return *missCounters_; }
  uint64_t totalInstructions() const;
  double hostSeconds() const { return hostSeconds_; }
  // The statistics tree (registered at construction, sampled during run).
  StatsTree& stats() { return *stats_; }
  // A human summary of the run (time breakdown, misses, speed).
  std::string summary() const;
  DeviceSet& devices() { return *devices_; }
  // Host pointer to machine RAM (tests, loaders); nullptr when not RAM.
  uint8_t* hostAddress(MachineAddr addr, uint64_t bytes);

  // ---- DeviceHost ----
  Cycles now() const override;
  Cycles cyclesFromNs(uint64_t ns) const override { return config_.cyclesFromNs(ns); }
  uint64_t nsFromCycles(Cycles c) const override { return uint64_t(config_.nsFromCycles(c)); }
  void schedule(Cycles at, std::function<void()> action) override;
  void setInterrupt(CpuId cpu, unsigned line, bool asserted) override;
  bool dmaRead(MachineAddr from, void* to, uint64_t bytes) override;
  bool dmaWrite(MachineAddr to, const void* from, uint64_t bytes) override;
  void startBulkTransfer(NodeId from, NodeId to, uint64_t bytes, std::function<void()> onDone) override;
  bool startCpu(CpuId cpu, uint64_t pc, uint64_t sp, uint64_t arg) override;
  uint64_t startedMask() const override;
  void powerOff(int status) override;
  void consoleWrite(NodeId node, char c) override;

 private:
  class CpuPort;
  struct NodeMemory;
  struct Disk;

  bool isRam(MachineAddr addr) const;
  void createDevices();
  void registerStats();
  void sampleStats();
  uint64_t nodeMisses(NodeId node, bool remote) const;
  void flushConsole();
  bool runQuantum(Cycles end, RunResult& result);
  void prepareCpu(CpuId id, uint64_t pc, uint64_t sp, uint64_t a0);
  void codePageDecoded(CpuId cpu, mips::PhysAddr page);
  bool pageWritten(CpuId cpu, mips::PhysAddr addr, uint64_t size);
  void invalidateCodeEverywhere(MachineAddr addr, uint64_t bytes);

  MachineConfig config_;
  std::ostream& console_;
  std::unique_ptr<Topology> topology_;
  std::unique_ptr<MissCounters> missCounters_;
  std::unique_ptr<MemorySystem> memory_;
  std::unique_ptr<BulkNetwork> bulk_;
  std::unique_ptr<StatsTree> stats_;
  std::vector<std::unique_ptr<NodeMemory>> nodeMemory_;
  std::vector<std::unique_ptr<CpuPort>> ports_;
  std::vector<std::unique_ptr<mips::Cpu>> cpus_;
  std::vector<bool> started_;
  std::unique_ptr<DeviceSet> devices_;  // built with the kernel (disks must be attached first)
  std::vector<std::string> consoleLines_;          // per node: the line being written
  std::string consoleInput_;
  std::vector<std::string> diskPaths_;
  EventQueue events_;
  bool bigEndian_ = false;
  bool kernelLoaded_ = false;
  bool poweredOff_ = false;
  int exitStatus_ = 0;
  Cycles globalTime_ = 0;
  Cycles nextSample_ = 0;
  uint64_t quantumCount_ = 0;  // quanta run so far (rotates the CPU order)
  std::optional<CpuId> runningCpu_;  // the CPU executing now (its clock is now())
  double hostSeconds_ = 0;
  // Decoded code: which CPUs hold a decoded copy of each physical page (bit per CPU).
  std::unordered_map<uint64_t, uint64_t> codeHolders_;
};

}  // namespace numa
