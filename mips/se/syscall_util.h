// Helpers shared by the system-call files of se mode (syscalls*.cc): host
// error translation, structures built in guest byte order, and reading a
// path argument from guest memory.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "mips/se/process_impl.h"

namespace mips::se::sys {

constexpr uint64_t pageUp(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }
constexpr bool pageAligned(uint64_t v) { return (v & (kPageSize - 1)) == 0; }

// -errno of the last failed host call, in MIPS numbering.
inline int64_t hostError() { return -abi::errnoToGuest(errno); }
// A host call's result: the value, or -errno in MIPS numbering.
inline int64_t hostResult(int64_t r) { return r < 0 ? hostError() : r; }

// Largest host buffer one read or write goes through.
constexpr uint64_t kIoChunk = uint64_t{1} << 20;

// Linux transfers at most MAX_RW_COUNT = INT_MAX & PAGE_MASK bytes in one
// read/write/pread/pwrite call (fs/read_write.c, rw_verify_area); a larger
// count is a short transfer, not an error.
constexpr uint64_t kMaxRwCount = 0x7ffff000;
inline uint64_t clampRwCount(uint64_t count) { return count < kMaxRwCount ? count : kMaxRwCount; }

// Guest AT_* flags (generic values, same on MIPS).
constexpr uint64_t kAtSymlinkNofollow = 0x100, kAtRemoveDir = 0x200, kAtEmptyPath = 0x1000;

// A struct built in guest byte order, then copied to guest memory.
class GuestStruct {
 public:
  GuestStruct(const Process& p, size_t size) : p_(p), bytes_(size, 0) {}
  template <typename T>
  void set(size_t offset, T v) {
    v = p_.toGuest(v);
    std::memcpy(&bytes_[offset], &v, sizeof v);
  }
  void setBytes(size_t offset, const void* src, size_t n) { std::memcpy(&bytes_[offset], src, n); }
  bool writeTo(Process& p, uint64_t va) const { return p.writeGuest(va, bytes_.data(), bytes_.size()); }

 private:
  const Process& p_;
  std::vector<uint8_t> bytes_;
};

}  // namespace mips::se::sys

// Reads the guest string at va into `const std::string& var`, or returns its
// error (EFAULT, ENAMETOOLONG) from the enclosing system call. Needs a local
// `int error`.
#define GUEST_PATH(var, va)                \
  auto var##Opt = readString(va, error);   \
  if (!var##Opt) return -error;            \
  const std::string& var = *var##Opt;
