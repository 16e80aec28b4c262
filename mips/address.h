// Strong types for the address spaces of the project, so that a guest virtual
// address can never be passed where a physical one is expected.
//
//   VirtAddr  - what a MIPS instruction computes (64-bit, segment in the top bits)
//   PhysAddr  - what the CPU's TLB/segment translation produces (R10000: 40 bits)
//
// The NUMA layer adds MachineAddr (numa/), the monitor maps guest PhysAddr onto it.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace mips {

template <typename Tag>
struct Address {
  uint64_t value = 0;

  constexpr Address() = default;
  constexpr explicit Address(uint64_t v) : value(v) {}

  constexpr Address operator+(uint64_t offset) const { return Address(value + offset); }
  constexpr uint64_t operator-(Address other) const { return value - other.value; }
  constexpr auto operator<=>(const Address&) const = default;

  // The base of the 4 KB page holding this address, and the offset within it.
  constexpr Address pageBase() const { return Address(value & ~uint64_t{0xfff}); }
  constexpr uint64_t pageOffset() const { return value & 0xfff; }
  constexpr uint64_t pageNumber() const { return value >> 12; }
};

struct VirtTag {};
struct PhysTag {};
using VirtAddr = Address<VirtTag>;
using PhysAddr = Address<PhysTag>;

inline constexpr unsigned kPageShift = 12;  // the base page: 4 KB
inline constexpr uint64_t kPageSize = uint64_t{1} << kPageShift;
inline constexpr unsigned kPhysAddrBits = 40;  // R10000 physical address width

}  // namespace mips

template <typename Tag>
struct std::hash<mips::Address<Tag>> {
  size_t operator()(const mips::Address<Tag>& a) const noexcept { return std::hash<uint64_t>()(a.value); }
};
