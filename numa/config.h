// The machine description: every knob of the simulated CC-NUMA machine, with
// its default and the source of that default. One TOML file (or a preset)
// fills it; parsing is strict (an unknown key, a wrong type or an impossible
// value is an error naming the key and the reason), command-line overrides
// (`key.path=value`) apply on top, and the full effective configuration,
// defaults included, is written into every result file (toToml).
//
// The TOML keys are the field paths below, e.g. `cache.l2.size_kb = 256`.
// docs/config.md lists every key; the presets are in numa/presets/.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "numa/address.h"

namespace numa {

// A configuration error: `key` is the dotted key (or the file), `what()` the reason.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string key, const std::string& reason)
      : std::runtime_error(key + ": " + reason), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

struct CacheGeometry {
  uint32_t size_kb = 32;
  uint32_t assoc = 2;
  uint32_t line_bytes = 32;
  bool operator==(const CacheGeometry&) const = default;
};

struct MachineConfig {
  std::string name = "custom";  // the preset's or file's name, for reports

  struct Machine {
    uint32_t nodes = 8;
    uint32_t cpus_per_node = 1;        // FLASH: one processor per node
    uint32_t memory_per_node_mb = 64;  // our default; must stay below the device window (496 MB)
    uint32_t cpu_clock_mhz = 200;      // R10000 parts shipped at 150-250 MHz (R10000 User's Manual)
    uint64_t seed = 1;                 // every random choice of the machine derives from it
    bool operator==(const Machine&) const = default;
  } machine;

  struct Cache {
    // R10000 User's Manual, ch. 1: 32 KB 2-way L1 I (64-byte lines) and D
    // (32-byte lines); a 512 KB-16 MB 2-way secondary cache with 64- or
    // 128-byte lines. Disco's FLASH setup: 1 MB board-level cache.
    CacheGeometry l1i{32, 2, 64};
    CacheGeometry l1d{32, 2, 32};
    CacheGeometry l2{1024, 2, 128};
    uint32_t l2_hit_cycles = 10;  // R10000 secondary-cache hit (see docs/memory.md for the source)
    std::string protocol = "mesi";  // "mesi" or "msi"
    bool operator==(const Cache&) const = default;
  } cache;

  struct Memory {
    // Disco (SOSP'97) sec. 5: without contention a cache miss takes 300 ns to
    // local memory and 900 ns to remote memory on the simulated FLASH.
    uint32_t local_latency_ns = 300;
    uint32_t remote_latency_ns = 900;  // remote miss at the nearest distance (1 hop)
    uint32_t hop_latency_ns = 0;       // added per hop beyond the first (0: the paper's flat model)
    uint32_t controller_occupancy_ns = 0;  // node memory/directory controller busy time per request
    uint32_t uncached_latency_ns = 300;    // an uncached load/store to a device register
    bool operator==(const Memory&) const = default;
  } memory;

  struct Topology {
    std::string kind = "mesh";  // mesh, torus, hypercube, ring, full, file
    std::vector<uint32_t> dims;  // mesh/torus dimensions (empty: the most square 2-D shape)
    std::string file;            // kind = "file": an edge list (docs/topology.md)
    uint32_t link_bandwidth_mb_s = 400;  // per link and direction, for bulk flows (SimGrid)
    uint32_t link_latency_ns = 50;       // per link, for bulk flows (SimGrid)
    bool operator==(const Topology&) const = default;
  } topology;

  struct MissCounters {
    bool enabled = true;
    uint32_t hot_threshold = 256;       // misses from one node to one page that make it hot
    uint32_t reset_interval_us = 1000;  // all counters are cleared this often (0: never)
    bool operator==(const MissCounters&) const = default;
  } miss_counters;

  struct Sim {
    std::string timing = "cache";  // "cache": caches + coherence + latencies; "functional": CPI 1
    uint32_t quantum_ns = 1000;    // CPUs run in turn for this long (interrupt/IPI granularity)
    bool operator==(const Sim&) const = default;
  } sim;

  struct Devices {
    uint32_t disk_access_us = 5000;     // per request positioning time (documented in docs/devices.md)
    uint32_t disk_bandwidth_mb_s = 20;  // media transfer rate
    uint32_t nic_bandwidth_mb_s = 100;  // per NIC, both directions
    uint64_t rtc_epoch = 0;             // seconds since 1970 the RTC reads at simulated time 0
    bool operator==(const Devices&) const = default;
  } devices;

  struct Stats {
    uint32_t sample_interval_us = 1000;  // time series sampling period
    uint32_t page_min_misses = 64;       // per-page counts written for pages with at least this many misses
    bool operator==(const Stats&) const = default;
  } stats;

  // Field-by-field equality (round-trip tests, "same config" checks).
  bool operator==(const MachineConfig&) const = default;

  // ---- derived helpers ----
  uint32_t numCpus() const { return machine.nodes * machine.cpus_per_node; }
  uint64_t memoryPerNodeBytes() const { return uint64_t{machine.memory_per_node_mb} << 20; }
  Cycles cyclesFromNs(uint64_t ns) const { return (ns * machine.cpu_clock_mhz + 999) / 1000; }
  double nsFromCycles(Cycles c) const { return double(c) * 1000.0 / machine.cpu_clock_mhz; }
  NodeId nodeOfCpu(CpuId cpu) const { return cpu / machine.cpus_per_node; }
};

// ---- loading (config.cc) ----

// The names of the shipped presets (flash8, flash16, uma8, tiny2).
std::vector<std::string> presetNames();
// A preset by name, or a TOML file by path: "flash8" or "configs/my.toml".
// Throws ConfigError.
MachineConfig loadMachineConfig(const std::string& presetOrPath);
// Parses TOML text (strict). `origin` names the source in errors.
MachineConfig parseMachineConfig(const std::string& tomlText, const std::string& origin);
// Applies one override "dotted.key=value" (the value in TOML syntax, bare
// strings allowed), then re-validates. Throws ConfigError naming the key.
void applyOverride(MachineConfig& config, const std::string& assignment);
// Applies several overrides, then validates once, so that keys that must
// change together can (`topology.kind=file` with `topology.file=...`). On an
// error `config` is left unchanged. This is what command lines should use.
void applyOverrides(MachineConfig& config, const std::vector<std::string>& assignments);
// Checks every value and the relations between them. Throws ConfigError.
void validate(const MachineConfig& config);
// The full effective configuration as TOML (every key, defaults included).
std::string toToml(const MachineConfig& config);
// Every dotted key a configuration may set, in toToml's order.
std::vector<std::string> configKeys();

}  // namespace numa
