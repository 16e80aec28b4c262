// System calls on the address space: brk, mmap, munmap, mprotect, mremap.
// Placement follows QEMU's user mode (next-fit upwards from the stack).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "mips/se/syscall_util.h"

namespace mips::se {

using namespace abi::err;
using namespace sys;



// Moves the program break by whole pages; a refused move returns the old break.
int64_t Process::doBrk(uint64_t addr) {
  if (addr < brkStart || addr >= AddressSpace::kUserEnd) return int64_t(brkCurrent);
  const uint64_t oldEnd = pageUp(brkCurrent), newEnd = pageUp(addr);
  if (newEnd > oldEnd) {
    if (!memory.isFree(oldEnd, newEnd - oldEnd)) return int64_t(brkCurrent);
    memory.map(oldEnd, newEnd - oldEnd, kPermRead | kPermWrite);
  } else if (newEnd < oldEnd) {
    memory.unmap(newEnd, oldEnd - newEnd);
  }
  brkCurrent = addr;
  return int64_t(addr);
}

// Places a mapping (fixed, at a free hint, or next-fit) and fills it from the file if any.
int64_t Process::doMmap(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, int64_t fd, uint64_t offset) {
  if (length == 0 || !pageAligned(offset)) return -kEINVAL;
  if (length > AddressSpace::kUserEnd) return -kENOMEM;
  length = pageUp(length);
  const bool anonymous = flags & abi::mmapf::ANONYMOUS;
  int hostFd = -1;
  if (!anonymous) {
    hostFd = fs->host(int(fd));
    if (hostFd < 0) return -kEBADF;
  }
  uint64_t start;
  if (flags & (abi::mmapf::FIXED | abi::mmapf::FIXED_NOREPLACE)) {
    if (!pageAligned(addr)) return -kEINVAL;
    if (addr > AddressSpace::kUserEnd - length) return -kENOMEM;
    if ((flags & abi::mmapf::FIXED_NOREPLACE) && !(flags & abi::mmapf::FIXED) && !memory.isFree(addr, length))
      return -kEEXIST;
    start = addr;
  } else if (addr && pageAligned(addr) && addr <= AddressSpace::kUserEnd - length && memory.isFree(addr, length)) {
    start = addr;
  } else {
    auto found = memory.findFree(length, mmapNext);
    if (!found) found = memory.findFree(length, AddressSpace::kMmapBase);
    if (!found) return -kENOMEM;
    start = *found;
    mmapNext = start + length;
  }
  std::vector<uint8_t> data;
  if (!anonymous) {
    // Only the part of the file the mapping covers is read (pages past its end stay zero).
    struct stat st;
    if (::fstat(hostFd, &st) < 0) return hostError();
    if (S_ISDIR(st.st_mode)) return -abi::errnoToGuest(ENODEV);
    const uint64_t fileSize = S_ISREG(st.st_mode) ? uint64_t(st.st_size) : length;
    data.resize(offset < fileSize ? std::min(length, fileSize - offset) : 0);
    const ssize_t n = ::pread(hostFd, data.data(), data.size(), off_t(offset));
    if (n < 0) return hostError();
    data.resize(size_t(n));
  }
  memory.map(start, length, uint8_t(prot & kPermRWX));
  if (!data.empty()) {
    memory.poke(start, data.data(), data.size());
    cpu->invalidateCode(PhysAddr(start), data.size());
  }
  return int64_t(start);
}

// Resizes in place, or moves (always, with MREMAP_MAYMOVE, as QEMU does).
int64_t Process::doMremap(uint64_t old, uint64_t oldSize, uint64_t newSize, uint64_t flags, uint64_t newAddr) {
  constexpr uint64_t kMayMove = 1, kFixed = 2;
  if (!pageAligned(old) || newSize == 0 || newSize > AddressSpace::kUserEnd) return -kEINVAL;
  if (old >= AddressSpace::kUserEnd || oldSize > AddressSpace::kUserEnd - old) return -kEFAULT;
  if ((flags & kFixed) && !(flags & kMayMove)) return -kEINVAL;
  oldSize = pageUp(oldSize);
  newSize = pageUp(newSize);
  if (oldSize == 0 || !memory.isMapped(old, oldSize)) return -kEFAULT;
  const uint8_t perms = memory.permsAt(old);
  // Without MREMAP_MAYMOVE the mapping changes in place. With it, QEMU's user
  // mode always moves it to a newly found range (even when it could grow in
  // place); se mode does the same so addresses match.
  if (!(flags & (kFixed | kMayMove))) {
    if (newSize <= oldSize) {
      memory.unmap(old + newSize, oldSize - newSize);
      return int64_t(old);
    }
    if (old + newSize <= AddressSpace::kUserEnd && memory.isFree(old + oldSize, newSize - oldSize)) {
      memory.map(old + oldSize, newSize - oldSize, perms);
      return int64_t(old);
    }
    return -kENOMEM;
  }
  uint64_t dest;
  if (flags & kFixed) {
    if (!pageAligned(newAddr) || newAddr > AddressSpace::kUserEnd - newSize) return -kEINVAL;
    dest = newAddr;
  } else {
    auto found = memory.findFree(newSize, mmapNext);
    if (!found) found = memory.findFree(newSize, AddressSpace::kMmapBase);
    if (!found) return -kENOMEM;
    dest = *found;
    mmapNext = dest + newSize;
  }
  memory.move(old, oldSize, dest, newSize, perms);
  return int64_t(dest);
}

// brk, mmap, munmap, mprotect, mremap.
std::optional<int64_t> Process::memorySyscall(unsigned n, const std::array<uint64_t, 6>& a) {
  switch (n) {
    case 12: return doBrk(a[0]);
    case 9: return doMmap(a[0], a[1], a[2], a[3], int64_t(int32_t(a[4])), a[5]);
    case 11:  // munmap
      if (!pageAligned(a[0]) || a[1] == 0 || a[0] >= AddressSpace::kUserEnd ||
          a[1] > AddressSpace::kUserEnd - a[0])
        return -kEINVAL;
      memory.unmap(a[0], pageUp(a[1]));
      return 0;
    case 10:  // mprotect
      if (!pageAligned(a[0]) || a[0] >= AddressSpace::kUserEnd || a[1] > AddressSpace::kUserEnd - a[0]) return -kEINVAL;
      if (a[1] == 0) return 0;
      return memory.protect(a[0], pageUp(a[1]), uint8_t(a[2] & kPermRWX)) ? 0 : -kENOMEM;
    case 24: return doMremap(a[0], a[1], a[2], a[3], a[4]);
    default:
      return std::nullopt;
  }
}

}  // namespace mips::se
