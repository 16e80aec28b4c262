// Machine addresses: what the NUMA machine's memory system and devices see.
//
// A machine address is 40 bits wide (the R10000's physical address width). The
// node number sits in the high bits (bits 39..32), so the home node of any
// address is a shift away, as on FLASH; the low 32 bits are the offset within
// that node's window:
//
//   node window  [0, memory_per_node)             the node's local RAM
//                [kDeviceWindowOffset, +16 MB)     the node's devices (docs/devices.md)
//
// In native mode the CPU's physical addresses are machine addresses; the
// monitor (a later layer) maps each VM's physical addresses onto them.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

#include "mips/address.h"

namespace numa {

using NodeId = uint32_t;
using CpuId = uint32_t;

inline constexpr unsigned kMachineAddrBits = 40;
inline constexpr unsigned kNodeShift = 32;  // node number in bits 39..32
inline constexpr unsigned kMaxNodes = 1u << (kMachineAddrBits - kNodeShift);  // 256
inline constexpr uint64_t kNodeOffsetMask = (uint64_t{1} << kNodeShift) - 1;
// Each node's devices live at this offset of its window; node 0's are thus
// reachable from kseg1 (0xffffffffbf000000). RAM per node must stay below it.
inline constexpr uint64_t kDeviceWindowOffset = 0x1f000000;
inline constexpr uint64_t kDeviceWindowSize = 0x01000000;  // 16 MB

struct MachineAddr {
  uint64_t value = 0;

  constexpr MachineAddr() = default;
  constexpr explicit MachineAddr(uint64_t v) : value(v) {}
  static constexpr MachineAddr of(NodeId node, uint64_t offset) {
    return MachineAddr((uint64_t{node} << kNodeShift) | offset);
  }
  // In native mode a CPU physical address is a machine address.
  static constexpr MachineAddr fromPhys(mips::PhysAddr pa) { return MachineAddr(pa.value); }

  constexpr NodeId node() const { return NodeId(value >> kNodeShift); }
  constexpr uint64_t offset() const { return value & kNodeOffsetMask; }
  constexpr MachineAddr operator+(uint64_t delta) const { return MachineAddr(value + delta); }
  constexpr uint64_t operator-(MachineAddr other) const { return value - other.value; }
  constexpr auto operator<=>(const MachineAddr&) const = default;

  constexpr MachineAddr pageBase() const { return MachineAddr(value & ~uint64_t{0xfff}); }
  constexpr uint64_t pageNumber() const { return value >> mips::kPageShift; }
};

// A machine page number (machine address >> 12): what miss counters and the
// monitor's memmap are indexed by.
struct MachinePage {
  uint64_t value = 0;
  constexpr MachinePage() = default;
  constexpr explicit MachinePage(uint64_t v) : value(v) {}
  constexpr MachineAddr base() const { return MachineAddr(value << mips::kPageShift); }
  constexpr NodeId node() const { return NodeId(value >> (kNodeShift - mips::kPageShift)); }
  constexpr auto operator<=>(const MachinePage&) const = default;
};

// Simulated time is counted in CPU cycles of the machine's one clock
// (machine.cpu_clock_mhz); devices convert their nanosecond facts with
// MachineConfig::cyclesFromNs.
using Cycles = uint64_t;

}  // namespace numa

template <>
struct std::hash<numa::MachineAddr> {
  size_t operator()(const numa::MachineAddr& a) const noexcept { return std::hash<uint64_t>()(a.value); }
};
template <>
struct std::hash<numa::MachinePage> {
  size_t operator()(const numa::MachinePage& p) const noexcept { return std::hash<uint64_t>()(p.value); }
};
