// What every device of the machine shares: the error it throws when it cannot
// be built, the register-access rules of numa/device_map.h applied in one
// place, and the small time and memory-range helpers the devices need.
//
// RegisterDevice turns the machine's 4- and 8-byte accesses into whole 64-bit
// register reads and writes: a device subclass sees only "read register R" and
// "write value V to register R". The rules (device_map.h, docs/devices.md):
//  - registers are 64 bits wide at 8-byte aligned offsets;
//  - an 8-byte access reads or writes the whole register;
//  - a 4-byte access must use the register's own offset: a read returns the
//    low 32 bits, a write zero-extends the value to 64 bits;
//  - any other size or offset (4-byte access to offset+4, unaligned) is a bus
//    error, as is an offset no register answers to.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "numa/address.h"
#include "numa/config.h"
#include "numa/device.h"

namespace numa {

// A device that cannot be set up (missing disk image, bad image size, an
// impossible parameter). what() names the device and, for files, the path.
class DeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RegisterDevice : public Device {
 public:
  bool read(CpuId cpu, uint64_t offset, unsigned size, uint64_t& value) final;
  bool write(CpuId cpu, uint64_t offset, unsigned size, uint64_t value) final;

 protected:
  // One register read or write at an 8-byte aligned offset, always with the
  // full 64-bit value. Return false for "no such register here" (bus error).
  virtual bool readRegister(CpuId cpu, uint64_t offset, uint64_t& value) = 0;
  virtual bool writeRegister(CpuId cpu, uint64_t offset, uint64_t value) = 0;
};

// True when [addr, addr + bytes) is RAM of the machine described by `config`:
// one node's [0, memory_per_node) window, not crossing into another node, no
// wrap-around. bytes == 0 is never RAM (there is nothing to transfer).
bool rangeIsRam(const MachineConfig& config, MachineAddr addr, uint64_t bytes);

// Nanoseconds to move `bytes` at `megabytesPerSecond` (10^6 bytes per second,
// the unit of disk and network datasheets), rounded up.
uint64_t transferNs(uint64_t bytes, uint32_t megabytesPerSecond);

}  // namespace numa
