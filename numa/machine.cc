// The machine: memory, CPU ports, boot, the quantum scheduler and the
// DeviceHost services (see machine.h for the design, docs/machine.md and
// docs/boot.md for the user's view).
#include "numa/machine.h"

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ostream>

#include <fmt/format.h>

#include "mips/elf.h"
#include "numa/bulk_network.h"
#include "numa/dev_set.h"
#include "numa/device_map.h"
#include "numa/memory_system.h"
#include "numa/miss_counters.h"
#include "numa/stats.h"
#include "numa/topology.h"

namespace numa {

// ---------------------------------------------------------------------------
// Node memory: one anonymous mapping per node, zero-filled by the host OS on
// first touch, so a large machine costs only the memory its guest touches.

struct Machine::NodeMemory {
  uint8_t* base = nullptr;
  uint64_t bytes = 0;

  explicit NodeMemory(uint64_t size) : bytes(size) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw MachineError(fmt::format("cannot reserve {} MB of host memory for a node", size >> 20));
    base = static_cast<uint8_t*>(p);
  }
  ~NodeMemory() { munmap(base, bytes); }
  NodeMemory(const NodeMemory&) = delete;
  NodeMemory& operator=(const NodeMemory&) = delete;
};

// ---------------------------------------------------------------------------
// A CPU's port onto the machine: RAM pages by host pointer, device registers,
// decoded-code coherence, and the timing of every access.

class Machine::CpuPort final : public mips::Bus, public mips::MemoryTiming {
 public:
  CpuPort(Machine& machine, CpuId id) : machine_(machine), id_(id) {
    const MachineConfig& c = machine.config_;
    const NodeId home = c.nodeOfCpu(id);
    // An uncached device register access costs the device latency plus the
    // network distance to the device's node, as a remote miss does
    // (docs/machine.md).
    for (NodeId n = 0; n < c.machine.nodes; ++n) {
      uint64_t ns = c.memory.uncached_latency_ns;
      if (n != home) {
        const uint32_t hops = machine.topology_->hops(home, n);
        ns += c.memory.remote_latency_ns - c.memory.local_latency_ns +
              uint64_t{c.memory.hop_latency_ns} * (hops > 0 ? hops - 1 : 0);
      }
      deviceCycles_.push_back(uint32_t(c.cyclesFromNs(ns)));
    }
    home_ = home;
  }

  mips::PageMapping mapPage(mips::PhysAddr page) override {
    uint8_t* host = machine_.hostAddress(MachineAddr::fromPhys(page), mips::kPageSize);
    if (!host) return {};
    return {host, mips::kPermRWX};
  }

  // Device registers answer 4- and 8-byte accesses (docs/devices.md).
  bool ioRead(mips::PhysAddr pa, unsigned size, uint64_t& value) override {
    value = 0;
    return size >= 4 && machine_.devices_->read(id_, MachineAddr::fromPhys(pa), size, value);
  }
  bool ioWrite(mips::PhysAddr pa, unsigned size, uint64_t value) override {
    return size >= 4 && machine_.devices_->write(id_, MachineAddr::fromPhys(pa), size, size == 4 ? uint32_t(value) : value);
  }

  void codePageDecoded(mips::Cpu&, mips::PhysAddr page) override { machine_.codePageDecoded(id_, page); }
  bool pageWritten(mips::Cpu&, mips::PhysAddr addr, uint64_t size) override {
    return machine_.pageWritten(id_, addr, size);
  }

  uint32_t accessCycles(mips::PhysAddr pa, mips::Access access, bool uncached) override {
    const MachineAddr addr = MachineAddr::fromPhys(pa);
    const MemOp op = access == mips::Access::Store ? MemOp::Write
                     : access == mips::Access::Fetch ? MemOp::Fetch
                                                     : MemOp::Read;
    const Cycles now = machine_.cpus_[id_]->cycles();
    if (machine_.isRam(addr))
      return uint32_t(uncached ? machine_.memory_->uncachedAccess(id_, addr, op, now)
                               : machine_.memory_->access(id_, addr, op, now));
    // A device register (or nothing: the bus error costs the same trip).
    const NodeId node = addr.node() < deviceCycles_.size() ? addr.node() : home_;
    const uint32_t cycles = deviceCycles_[node];
    (node == home_ ? deviceStallLocal : deviceStallRemote) += cycles;
    ++deviceAccesses;
    return cycles;
  }

  uint64_t deviceStallLocal = 0, deviceStallRemote = 0, deviceAccesses = 0;

 private:
  Machine& machine_;
  const CpuId id_;
  NodeId home_ = 0;
  std::vector<uint32_t> deviceCycles_;  // per target node
};

// ---------------------------------------------------------------------------
// Construction.

Machine::Machine(const MachineConfig& config, std::ostream& console) : config_(config), console_(console) {
  validate(config_);
  topology_ = std::make_unique<Topology>(Topology::build(config_));
  missCounters_ = std::make_unique<MissCounters>(config_);
  memory_ = std::make_unique<MemorySystem>(config_, *topology_, config_.miss_counters.enabled ? missCounters_.get() : nullptr);
  bulk_ = std::make_unique<BulkNetwork>(config_, *topology_);
  for (NodeId n = 0; n < config_.machine.nodes; ++n)
    nodeMemory_.push_back(std::make_unique<NodeMemory>(config_.memoryPerNodeBytes()));
  consoleLines_.assign(config_.machine.nodes, std::string());
  started_.assign(config_.numCpus(), false);
  // Coherence takes the LL/SC link of a CPU whose copy of the line goes away.
  // Only the linked line counts: losing any other line leaves the link alone.
  memory_->onLineLost([this](CpuId cpu, MachineAddr line) {
    if (cpu >= cpus_.size() || !cpus_[cpu]->llBit) return;
    const uint64_t linked = cpus_[cpu]->cp0.llAddr << 4;
    if (linked >= line.value && linked - line.value < config_.cache.l2.line_bytes) cpus_[cpu]->breakLink();
  });
}

Machine::~Machine() = default;

mips::Cpu& Machine::cpu(CpuId id) {
  if (id >= cpus_.size()) throw MachineError(fmt::format("no CPU {} (the machine has {})", id, cpus_.size()));
  return *cpus_[id];
}

bool Machine::isRam(MachineAddr addr) const {
  return addr.node() < config_.machine.nodes && addr.offset() < config_.memoryPerNodeBytes() &&
         addr.value >> kMachineAddrBits == 0;
}

uint8_t* Machine::hostAddress(MachineAddr addr, uint64_t bytes) {
  if (!isRam(addr) || bytes > config_.memoryPerNodeBytes() - addr.offset()) return nullptr;
  return nodeMemory_[addr.node()]->base + addr.offset();
}

void Machine::attachDisk(const std::string& path) {
  if (devices_) throw MachineError("disks must be attached before the kernel is loaded");
  if (diskPaths_.size() >= DISK_MAX)
    throw MachineError(fmt::format("{}: at most {} disks can be attached", path, DISK_MAX));
  diskPaths_.push_back(path);
}

// The devices of every node (DeviceSet), with the IPI latency of this
// machine's topology and the miss counters' hot-page interrupt.
void Machine::createDevices() {
  DeviceSetOptions options;
  options.diskImages = diskPaths_;
  options.consoleInput = {consoleInput_};
  options.missCounters = missCounters_.get();
  options.ipiLatencyNs = [this](CpuId from, CpuId to) -> uint64_t {
    const NodeId a = config_.nodeOfCpu(from), b = config_.nodeOfCpu(to);
    if (a == b) return config_.memory.uncached_latency_ns;
    const uint32_t hops = topology_->hops(a, b);
    return config_.memory.remote_latency_ns + uint64_t{config_.memory.hop_latency_ns} * (hops > 0 ? hops - 1 : 0);
  };
  try {
    devices_ = std::make_unique<DeviceSet>(config_, *this, std::move(options));
  } catch (const DeviceError& e) {
    throw MachineError(e.what());
  }
  missCounters_->onHot([this](NodeId node) { devices_->hotPageQueued(node); });
}

void Machine::setConsoleInput(std::string bytes) { consoleInput_ = std::move(bytes); }

// ---------------------------------------------------------------------------
// Boot (docs/boot.md).

namespace {

// Where an unmapped kernel virtual address lands in machine memory, or
// nothing when the address is in a mapped segment.
std::optional<uint64_t> unmappedPhys(uint64_t va) {
  if (mips::isSext32(va)) {
    const uint32_t a = uint32_t(va);
    if (a >= 0x80000000u && a < 0xc0000000u) return a & 0x1fffffffu;  // kseg0, kseg1
    return std::nullopt;
  }
  if (va >> 62 == 2 && ((va >> kMachineAddrBits) & ((uint64_t{1} << 19) - 1)) == 0)  // xkphys
    return va & ((uint64_t{1} << kMachineAddrBits) - 1);
  return std::nullopt;
}

constexpr uint64_t kKseg0 = 0xffffffff80000000ull;

}  // namespace

void Machine::loadKernel(const std::string& path, const std::string& commandLine) {
  if (kernelLoaded_) throw MachineError("a kernel is already loaded");
  createDevices();
  mips::elf::Image image;
  std::vector<uint8_t> bytes;
  try {
    bytes = mips::elf::readFile(path);
    image = mips::elf::parse(bytes, path, 0, mips::elf::Target::Kernel);
  } catch (const mips::elf::Error& e) {
    throw MachineError(e.what());
  }
  if (commandLine.size() > 255)
    throw MachineError(fmt::format("kernel command line is {} bytes; the boot block holds at most 255",
                                   commandLine.size()));

  // Place every segment; all must land in RAM, node 0 for the boot image.
  uint64_t imageEnd = 0, imageStart = ~uint64_t{0};
  for (const mips::elf::Segment& s : image.loads) {
    const auto pa = unmappedPhys(s.vaddr);
    const std::string where = fmt::format("{}: segment at {:#x}+{:#x}", path, s.vaddr, s.memSize);
    if (!pa) throw MachineError(where + " is not in an unmapped kernel segment (kseg0, kseg1 or xkphys)");
    const MachineAddr at(*pa);
    if (at.node() != 0)
      throw MachineError(where + fmt::format(" lands on node {}; the kernel image must be in node 0's memory", at.node()));
    uint8_t* host = hostAddress(at, s.memSize);
    if (!host && at.offset() + s.memSize > kDeviceWindowOffset)
      throw MachineError(where + fmt::format(" overlaps node 0's device window at {:#x}", kDeviceWindowOffset));
    if (!host)
      throw MachineError(where + fmt::format(" does not fit in node 0's {} MB of memory", config_.machine.memory_per_node_mb));
    std::memcpy(host, bytes.data() + s.fileOffset, s.fileSize);
    std::memset(host + s.fileSize, 0, s.memSize - s.fileSize);
    imageStart = std::min(imageStart, at.value);
    imageEnd = std::max(imageEnd, at.value + s.memSize);
  }
  const auto entryPa = unmappedPhys(image.entry);
  if (!entryPa) throw MachineError(fmt::format("{}: entry point {:#x} is not in kseg0, kseg1 or xkphys", path, image.entry));

  // The boot block on the next page, then CPU 0's stack.
  const uint64_t block = (imageEnd + mips::kPageSize - 1) & ~(mips::kPageSize - 1);
  const uint64_t stackTop = block + mips::kPageSize + BOOT_STACK_BYTES;
  if (stackTop > config_.memoryPerNodeBytes())
    throw MachineError(fmt::format("{}: no room for the boot block and stack after the kernel (ends at {:#x}; node 0 has {} MB)",
                                   path, imageEnd, config_.machine.memory_per_node_mb));
  bigEndian_ = image.bigEndian;
  uint8_t* info = hostAddress(MachineAddr(block), BOOT_INFO_BYTES);
  auto put = [&](unsigned offset, uint64_t value) {
    for (unsigned i = 0; i < 8; ++i)
      info[offset + i] = uint8_t(value >> (bigEndian_ ? 8 * (7 - i) : 8 * i));
  };
  std::memset(info, 0, BOOT_INFO_BYTES);
  put(BOOT_MAGIC, BOOT_MAGIC_VALUE);
  put(BOOT_VERSION, 1);
  put(BOOT_NUM_CPUS, config_.numCpus());
  put(BOOT_NUM_NODES, config_.machine.nodes);
  put(BOOT_CPUS_PER_NODE, config_.machine.cpus_per_node);
  put(BOOT_MEMORY_PER_NODE, config_.memoryPerNodeBytes());
  put(BOOT_NODE_SHIFT, kNodeShift);
  put(BOOT_CPU_HZ, uint64_t{config_.machine.cpu_clock_mhz} * 1000000);
  put(BOOT_FIRST_FREE, stackTop);
  put(BOOT_KERNEL_START, imageStart);
  put(BOOT_DEVICE_WINDOW, kDeviceWindowOffset);
  std::memcpy(info + BOOT_CMDLINE, commandLine.data(), commandLine.size());

  // The CPUs exist from now on (they need the byte order).
  for (CpuId id = 0; id < config_.numCpus(); ++id) {
    ports_.push_back(std::make_unique<CpuPort>(*this, id));
    auto cpu = std::make_unique<mips::Cpu>(*ports_.back(), bigEndian_);
    if (config_.sim.timing == "cache") {
      cpu->setMemoryTiming(ports_.back().get());
      cpu->setFetchLineBytes(config_.cache.l1i.line_bytes);
    }
    cpus_.push_back(std::move(cpu));
  }
  kernelLoaded_ = true;
  prepareCpu(0, image.entry, kKseg0 + stackTop, kKseg0 + block);
  registerStats();
}

// Puts a CPU at its entry as docs/boot.md says; its clock starts at now().
void Machine::prepareCpu(CpuId id, uint64_t pc, uint64_t sp, uint64_t a0) {
  mips::Cpu& c = *cpus_[id];
  const Cycles startAt = runningCpu_ ? now() : globalTime_;
  c.reset();
  // TLB entries that match no address the kernel will translate (distinct
  // kseg0 addresses, as Linux's local_flush_tlb_all writes), all invalid.
  for (unsigned i = 0; i < mips::Tlb::kEntries; ++i)
    c.tlb.write(i, 0, kKseg0 + (uint64_t{i} << 13), 0, 0);
  namespace st = mips::status;
  c.cp0.status = st::CU0 | st::CU1 | st::FR | st::KX | st::SX | st::UX | st::XX;
  c.statusChanged();
  c.gpr[4] = a0;
  c.gpr[5] = id;
  c.gpr[6] = config_.numCpus();
  c.gpr[29] = sp;
  c.pc = pc;
  c.npc = pc + 4;
  c.nnpc = pc + 8;
  c.idleUntil(startAt);
  started_[id] = true;
}

bool Machine::startCpu(CpuId cpu, uint64_t pc, uint64_t sp, uint64_t arg) {
  if (cpu >= cpus_.size() || started_[cpu]) return false;
  prepareCpu(cpu, pc, sp, arg);
  return true;
}

uint64_t Machine::startedMask() const {
  uint64_t mask = 0;
  for (CpuId i = 0; i < started_.size() && i < 64; ++i)
    if (started_[i]) mask |= uint64_t{1} << i;
  return mask;
}

// ---------------------------------------------------------------------------
// Decoded-code coherence across CPUs (mips::Bus hooks).

void Machine::codePageDecoded(CpuId cpu, mips::PhysAddr page) {
  uint64_t& holders = codeHolders_[page.value];
  holders |= uint64_t{1} << cpu;
  // Every other CPU's next store to the page must come through pageWritten.
  for (CpuId other = 0; other < cpus_.size(); ++other)
    if (other != cpu) cpus_[other]->revokeFastWrites(page);
}

// A store of `cpu` reached [addr, addr+size) through its slow path: the other
// CPUs holding decoded code in the page forget the instructions overwritten.
// False while they hold code there (the storer's next stores stay slow).
bool Machine::pageWritten(CpuId cpu, mips::PhysAddr addr, uint64_t size) {
  auto it = codeHolders_.find(addr.pageBase().value);
  if (it == codeHolders_.end()) return true;
  const uint64_t others = it->second & ~(uint64_t{1} << cpu);
  for (CpuId other = 0; other < cpus_.size(); ++other)
    if (others >> other & 1) cpus_[other]->invalidateCode(addr, size);
  return others == 0;
}

void Machine::invalidateCodeEverywhere(MachineAddr addr, uint64_t bytes) {
  if (bytes == 0 || codeHolders_.empty()) return;
  for (const auto& c : cpus_) c->invalidateCode(mips::PhysAddr(addr.value), bytes);
}

// ---------------------------------------------------------------------------
// DeviceHost services.

// The issuing CPU's clock during an instruction, the event's own time during
// an event, the quantum boundary otherwise.
Cycles Machine::now() const {
  if (runningCpu_) return cpus_[*runningCpu_]->cycles();
  if (events_.running()) return events_.runningTime();
  return globalTime_;
}

void Machine::schedule(Cycles at, std::function<void()> action) { events_.schedule(at, std::move(action)); }

void Machine::setInterrupt(CpuId cpu, unsigned line, bool asserted) {
  if (cpu < cpus_.size()) cpus_[cpu]->setInterruptLine(line, asserted);
}

bool Machine::dmaRead(MachineAddr from, void* to, uint64_t bytes) {
  const uint8_t* host = hostAddress(from, bytes);
  if (!host) return false;
  memory_->dmaRead(from, bytes, now());
  std::memcpy(to, host, bytes);
  return true;
}

bool Machine::dmaWrite(MachineAddr to, const void* from, uint64_t bytes) {
  uint8_t* host = hostAddress(to, bytes);
  if (!host) return false;
  memory_->dmaWrite(to, bytes, now());
  std::memcpy(host, from, bytes);
  invalidateCodeEverywhere(to, bytes);
  return true;
}

void Machine::startBulkTransfer(NodeId from, NodeId to, uint64_t bytes, std::function<void()> onDone) {
  // The network has been advanced to the last quantum boundary; an event
  // running at the boundary carries its own (earlier) time, so start no
  // earlier than the boundary.
  const Cycles start = std::max(now(), globalTime_);
  bulk_->start(from, to, bytes, start, [this, done = std::move(onDone)](Cycles at) mutable {
    events_.schedule(at, std::move(done));
  });
}

void Machine::powerOff(int status) {
  poweredOff_ = true;
  exitStatus_ = status & 0xff;
  if (runningCpu_) cpus_[*runningCpu_]->requestStop();
}

void Machine::consoleWrite(NodeId node, char c) {
  if (node >= consoleLines_.size()) return;
  std::string& line = consoleLines_[node];
  line.push_back(c);
  if (c == '\n' || line.size() >= 4096) {
    // Whole lines, so that output from several nodes never interleaves mid-line.
    if (node != 0) console_ << "[node " << node << "] ";
    console_ << line;
    if (c != '\n') console_ << '\n';
    line.clear();
  }
}

void Machine::flushConsole() {
  for (NodeId n = 0; n < consoleLines_.size(); ++n)
    if (!consoleLines_[n].empty()) consoleWrite(n, '\n');
  console_.flush();
}

// ---------------------------------------------------------------------------
// Running.

// Runs every started CPU up to `end`; false when the run must stop (result set).
//
// The CPU that runs first in a quantum books the controllers and takes
// contended locks before the others; the order rotates every quantum so that
// no CPU is always first (deterministic all the same).
bool Machine::runQuantum(Cycles end, RunResult& result) {
  const size_t n = cpus_.size();
  const size_t first = n ? quantumCount_++ % n : 0;
  for (size_t k = 0; k < n && !poweredOff_; ++k) {
    const CpuId id = CpuId((first + k) % n);
    mips::Cpu& c = *cpus_[id];
    if (!started_[id]) {
      c.idleUntil(end);  // held in reset: time passes, nothing runs
      continue;
    }
    // Another CPU may have written the linked line since this CPU last ran:
    // a quantum switch ends the link (an SC after it fails and retries), the
    // way an exception or context switch does on real hardware.
    c.breakLink();
    runningCpu_ = id;
    while (c.cycles() < end && !poweredOff_) {
      const mips::StopReason why = c.runUntil(end);
      if (why == mips::StopReason::Wait) {
        // Idle until the timer can fire or the quantum ends; device
        // interrupts arrive at quantum boundaries.
        const bool timerArmed = c.cp0.status & (1u << (mips::status::IM_SHIFT + 7));
        const Cycles wake = timerArmed ? std::min<Cycles>(end, std::max(c.cp0.timerFireAt, c.cycles() + 1)) : end;
        c.idleUntil(wake);
        if (wake >= end) break;
        mips::pollTimer(c.cp0, c.cycles());
        continue;
      }
      if (why == mips::StopReason::Stuck) {
        runningCpu_.reset();
        result.end = RunEnd::Stuck;
        result.message = fmt::format("CPU {} stopped at pc {:#x}: {}", id, c.pc, c.stuckReason());
        return false;
      }
      if (why == mips::StopReason::Requested) break;
    }
    runningCpu_.reset();
  }
  return !poweredOff_;
}

RunResult Machine::run(const RunLimits& limits) {
  if (!kernelLoaded_) throw MachineError("no kernel loaded");
  RunResult result;
  const Cycles quantum = std::max<Cycles>(1, config_.cyclesFromNs(config_.sim.quantum_ns));
  const Cycles sampleEvery = std::max<Cycles>(1, config_.cyclesFromNs(uint64_t{config_.stats.sample_interval_us} * 1000));
  const auto hostStart = std::chrono::steady_clock::now();
  auto nextProgress = hostStart + std::chrono::duration<double>(limits.progressSeconds);
  bool running = true;
  while (running) {
    // The boundary: network, then due events (they may raise interrupts).
    bulk_->advanceTo(globalTime_);
    events_.runUntil(globalTime_);
    if (globalTime_ >= nextSample_) {
      sampleStats();
      nextSample_ = globalTime_ + sampleEvery;
    }
    Cycles end = globalTime_ + quantum;
    if (limits.maxCycles && end > limits.maxCycles) end = limits.maxCycles;

    // Skip ahead when every CPU waits with nothing to wake it before `end`.
    bool allWaiting = true;
    Cycles wake = std::min(events_.nextTime(), bulk_->nextCompletion());
    for (CpuId id = 0; id < cpus_.size(); ++id) {
      if (!started_[id]) continue;
      const mips::Cpu& c = *cpus_[id];
      const bool pending = (c.cp0.cause & c.cp0.status & mips::status::IM_MASK) && (c.cp0.status & mips::status::IE);
      if (!c.waiting || pending) {
        allWaiting = false;
        break;
      }
      if (c.cp0.status & (1u << (mips::status::IM_SHIFT + 7))) wake = std::min(wake, c.cp0.timerFireAt);
    }
    if (allWaiting) {
      if (wake == ~Cycles{0} && !limits.maxCycles) {
        result.end = RunEnd::Idle;
        result.message = "every CPU is waiting and nothing can wake one (no timer armed, no device busy)";
        break;
      }
      if (wake > end) {
        // Jump to the quantum boundary just before the wake-up.
        Cycles target = limits.maxCycles ? std::min(wake, limits.maxCycles) : wake;
        target = std::max(end, globalTime_ + (target - globalTime_) / quantum * quantum);
        end = target;
      }
    }

    running = runQuantum(end, result);
    globalTime_ = end;
    if (!running) break;
    if (limits.maxCycles && globalTime_ >= limits.maxCycles) {
      result.end = RunEnd::CycleLimit;
      result.message = fmt::format("the cycle limit ({}) was reached", limits.maxCycles);
      break;
    }
    if (limits.maxInstructions && totalInstructions() >= limits.maxInstructions) {
      result.end = RunEnd::InstructionLimit;
      result.message = fmt::format("the instruction limit ({}) was reached", limits.maxInstructions);
      break;
    }
    if (limits.progressSeconds > 0) {
      const auto t = std::chrono::steady_clock::now();
      if (t >= nextProgress) {
        const double host = std::chrono::duration<double>(t - hostStart).count();
        std::fprintf(stderr, "disco: %.6f s simulated, %llu instructions, %.1f MIPS\n",
                     config_.nsFromCycles(globalTime_) * 1e-9, (unsigned long long)totalInstructions(),
                     double(totalInstructions()) / host * 1e-6);
        nextProgress = t + std::chrono::duration<double>(limits.progressSeconds);
      }
    }
  }
  if (poweredOff_) {
    result.end = RunEnd::PowerOff;
    result.exitStatus = exitStatus_;
    result.message = fmt::format("the guest powered off with status {}", exitStatus_);
  }
  hostSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - hostStart).count();
  sampleStats();
  flushConsole();
  return result;
}

// ---------------------------------------------------------------------------
// Observation.

uint64_t Machine::totalInstructions() const {
  uint64_t total = 0;
  for (const auto& c : cpus_) total += c->instret;
  return total;
}

CpuTimes Machine::cpuTimes(CpuId id) const {
  CpuTimes t;
  if (id >= cpus_.size()) return t;
  const mips::Cpu& c = *cpus_[id];
  t.user = c.instructionsIn(mips::Mode::User);
  t.supervisor = c.instructionsIn(mips::Mode::Supervisor);
  t.kernel = c.instructionsIn(mips::Mode::Kernel);
  t.idle = c.idleCycles;
  const CacheCpuStats& s = memory_->cpuStats(id);
  t.stallLocal = s.stallLocal + ports_[id]->deviceStallLocal;
  t.stallRemote = s.stallRemote + ports_[id]->deviceStallRemote;
  t.instructions = c.instret;
  return t;
}

// ---------------------------------------------------------------------------
// Statistics (docs/stats.md lists the paths).

void Machine::registerStats() {
  stats_ = std::make_unique<StatsTree>();
  StatsTree& st = *stats_;
  for (CpuId id = 0; id < cpus_.size(); ++id) {
    const std::string p = "cpu/" + std::to_string(id);
    st.counter(p + "/instructions", "instructions retired", [this, id] { return cpus_[id]->instret; });
    st.counter(p + "/cycles", "the CPU's clock: the sum of its time components", [this, id] { return cpus_[id]->cycles(); });
    st.counter(p + "/time/user", "cycles retiring user-mode instructions", [this, id] { return cpuTimes(id).user; });
    st.counter(p + "/time/supervisor", "cycles retiring supervisor-mode instructions",
               [this, id] { return cpuTimes(id).supervisor; });
    st.counter(p + "/time/kernel", "cycles retiring kernel-mode instructions", [this, id] { return cpuTimes(id).kernel; });
    st.counter(p + "/time/idle", "cycles waiting (wait instruction) or held before release",
               [this, id] { return cpuTimes(id).idle; });
    st.counter(p + "/time/stall_local", "cycles stalled on L2 hits and on misses served by the CPU's own node",
               [this, id] { return cpuTimes(id).stallLocal; });
    st.counter(p + "/time/stall_remote", "cycles stalled on misses served by other nodes",
               [this, id] { return cpuTimes(id).stallRemote; });
    const auto cache = [this, id]() -> const CacheCpuStats& { return memory_->cpuStats(id); };
    st.counter(p + "/cache/l1i_misses", "L1 instruction cache misses", [cache] { return cache().l1iMisses; }, false);
    st.counter(p + "/cache/l1d_misses", "L1 data cache misses", [cache] { return cache().l1dMisses; }, false);
    st.counter(p + "/cache/l2_hits", "L2 hits (after an L1 miss)", [cache] { return cache().l2Hits; }, false);
    st.counter(p + "/cache/l2_misses", "L2 misses", [cache] { return cache().l2Misses; }, false);
    st.counter(p + "/cache/upgrades", "writes to a Shared line (ownership requests)", [cache] { return cache().upgrades; }, false);
    st.counter(p + "/cache/local_misses", "L2 misses and upgrades served by the CPU's own node",
               [cache] { return cache().localMisses; });
    st.counter(p + "/cache/remote_misses", "L2 misses and upgrades served by another node",
               [cache] { return cache().remoteMisses; });
    st.counter(p + "/cache/interventions", "misses that found the line dirty in another cache",
               [cache] { return cache().interventions; }, false);
    st.counter(p + "/cache/invalidations_received", "lines taken away by other CPUs' writes",
               [cache] { return cache().invalidationsReceived; }, false);
    st.counter(p + "/cache/writebacks", "dirty lines written back on eviction", [cache] { return cache().writebacks; }, false);
    st.counter(p + "/cache/uncached", "uncached accesses to RAM", [cache] { return cache().uncachedAccesses; }, false);
    st.counter(p + "/device_accesses", "uncached device register accesses", [this, id] { return ports_[id]->deviceAccesses; }, false);
  }
  for (NodeId n = 0; n < config_.machine.nodes; ++n) {
    const std::string p = "node/" + std::to_string(n);
    st.counter(p + "/misses/local", "misses of this node's CPUs served by this node",
               [this, n] { return nodeMisses(n, false); });
    st.counter(p + "/misses/remote", "misses of this node's CPUs served by other nodes",
               [this, n] { return nodeMisses(n, true); });
    st.counter(p + "/home_requests", "directory requests this node served as home",
               [this, n] { return memory_->nodeStats(n).requests; });
    st.counter(p + "/queue_cycles", "cycles requests waited at this node's controller",
               [this, n] { return memory_->nodeStats(n).queueCycles; }, false);
  }
  st.counter("machine/cycles", "global simulated time, in cycles", [this] { return globalTime_; });
  st.real("machine/clock_mhz", "CPU clock", "MHz", [this] { return double(config_.machine.cpu_clock_mhz); });
  st.real("machine/seconds", "simulated time", "s", [this] { return config_.nsFromCycles(globalTime_) * 1e-9; });
  st.counter("machine/instructions", "instructions retired by all CPUs", [this] { return totalInstructions(); });
  st.counter("machine/hot_page_resets", "periodic resets of the miss counters",
             [this] { return missCounters_->resets(); }, false);
  st.counter("machine/bulk_bytes", "bytes moved over the interconnect as bulk flows (DMA, frames)",
             [this] { return bulk_->bytesDelivered(); }, false);
  st.real("host/seconds", "host wall-clock time of the simulation", "s", [this] { return hostSeconds_; });
  st.real("host/mips", "simulated instructions per host second, in millions", "MIPS", [this] {
    return hostSeconds_ > 0 ? double(totalInstructions()) / hostSeconds_ * 1e-6 : 0.0;
  });
  std::vector<std::string> columns{"page"};
  for (NodeId n = 0; n < config_.machine.nodes; ++n) columns.push_back("node" + std::to_string(n));
  st.table("pages/misses",
           "cumulative cache misses per machine page (page = machine address >> 12) from each node, "
           "for pages with at least stats.page_min_misses misses",
           columns, [this](StatsTree::TableRows& rows) {
             const uint32_t nodes = config_.machine.nodes;
             missCounters_->forEachPage(config_.stats.page_min_misses, [&](MachinePage page, const uint64_t* totals) {
               std::vector<uint64_t> row{page.value};
               row.insert(row.end(), totals, totals + nodes);
               rows.push_back(std::move(row));
             });
           });
  st.freeze();
}

uint64_t Machine::nodeMisses(NodeId node, bool remote) const {
  uint64_t total = 0;
  for (CpuId id = 0; id < cpus_.size(); ++id)
    if (config_.nodeOfCpu(id) == node) {
      const CacheCpuStats& s = memory_->cpuStats(id);
      total += remote ? s.remoteMisses : s.localMisses;
    }
  return total;
}

void Machine::sampleStats() {
  if (stats_ && (stats_->sampleCount() == 0 || stats_->sampleTimesNs().back() < nsFromCycles(globalTime_)))
    stats_->sample(nsFromCycles(globalTime_));
}

std::string Machine::summary() const {
  std::string out;
  const double simSeconds = config_.nsFromCycles(globalTime_) * 1e-9;
  const uint64_t instructions = totalInstructions();
  out += fmt::format("disco: machine {}: {} nodes x {} CPU, {} MHz, {} timing, topology {}\n", config_.name,
                     config_.machine.nodes, config_.machine.cpus_per_node, config_.machine.cpu_clock_mhz,
                     config_.sim.timing, topology_->describe());
  out += fmt::format("disco: simulated {:.6f} s, {} instructions; host {:.2f} s, {:.1f} MIPS\n", simSeconds,
                     instructions, hostSeconds_, hostSeconds_ > 0 ? double(instructions) / hostSeconds_ * 1e-6 : 0.0);
  out += "disco: time per CPU (% of its cycles)\n";
  out += fmt::format("disco: {:>4} {:>14} {:>7} {:>7} {:>7} {:>7} {:>11} {:>12}\n", "cpu", "instructions", "user",
                     "kernel", "super", "idle", "stall-local", "stall-remote");
  for (CpuId id = 0; id < cpus_.size(); ++id) {
    const CpuTimes t = cpuTimes(id);
    const double all = std::max<double>(1, double(t.total()));
    auto pct = [&](uint64_t v) { return fmt::format("{:.1f}", 100.0 * double(v) / all); };
    out += fmt::format("disco: {:>4} {:>14} {:>7} {:>7} {:>7} {:>7} {:>11} {:>12}\n", id, t.instructions, pct(t.user),
                       pct(t.kernel), pct(t.supervisor), pct(t.idle), pct(t.stallLocal), pct(t.stallRemote));
  }
  out += "disco: cache misses per node (served locally / remotely)\n";
  out += fmt::format("disco: {:>4} {:>12} {:>12} {:>8}\n", "node", "local", "remote", "remote%");
  for (NodeId n = 0; n < config_.machine.nodes; ++n) {
    const uint64_t local = nodeMisses(n, false), remote = nodeMisses(n, true);
    const double share = local + remote ? 100.0 * double(remote) / double(local + remote) : 0.0;
    out += fmt::format("disco: {:>4} {:>12} {:>12} {:>7.1f}%\n", n, local, remote, share);
  }
  return out;
}

}  // namespace numa
