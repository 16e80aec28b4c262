// The register-access rules shared by every device (dev_base.h) and the
// helpers for time and memory ranges.
#include "numa/dev_base.h"

namespace numa {

// A 4- or 8-byte read: the whole register, or its low 32 bits.
bool RegisterDevice::read(CpuId cpu, uint64_t offset, unsigned size, uint64_t& value) {
  value = 0;
  if ((size != 4 && size != 8) || offset % 8 != 0) return false;
  uint64_t whole = 0;
  if (!readRegister(cpu, offset, whole)) return false;
  value = size == 8 ? whole : (whole & 0xffffffffull);
  return true;
}

// A 4- or 8-byte write: 32-bit values are zero-extended to the register's width.
bool RegisterDevice::write(CpuId cpu, uint64_t offset, unsigned size, uint64_t value) {
  if ((size != 4 && size != 8) || offset % 8 != 0) return false;
  if (size == 4) value &= 0xffffffffull;
  return writeRegister(cpu, offset, value);
}

// Whether a DMA buffer lies wholly inside one node's RAM.
bool rangeIsRam(const MachineConfig& config, MachineAddr addr, uint64_t bytes) {
  if (bytes == 0) return false;
  if (addr.node() >= config.machine.nodes) return false;
  const uint64_t ramBytes = config.memoryPerNodeBytes();
  const uint64_t offset = addr.offset();
  return offset < ramBytes && bytes <= ramBytes - offset;
}

// Transfer time at a datasheet rate: bytes / (MB/s * 10^6) seconds, in ns.
uint64_t transferNs(uint64_t bytes, uint32_t megabytesPerSecond) {
  if (megabytesPerSecond == 0) throw DeviceError("transfer rate of 0 MB/s");
  // bytes * 1000 / rate, rounded up; bytes <= 2^40 here, so no overflow.
  return (bytes * 1000 + megabytesPerSecond - 1) / megabytesPerSecond;
}

}  // namespace numa
