// The Linux n64 system calls se mode serves. Each is a few lines that
// translate guest arguments (MIPS constants, guest byte order, guest memory)
// to a host call and the answer back. Numbers are 5000 + the index in
// syscall_n64.tbl; errors are returned as -errno in MIPS numbering.
// docs/se.md lists what is served, what answers ENOSYS, and what fails.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/statfs.h>
#include <sys/times.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <thread>

#include "mips/se/process_impl.h"

namespace mips::se {
namespace {

using namespace abi::err;

constexpr uint64_t pageUp(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }
constexpr bool pageAligned(uint64_t v) { return (v & (kPageSize - 1)) == 0; }

// -errno of the last failed host call, in MIPS numbering.
int64_t hostError() { return -abi::errnoToGuest(errno); }
// A host call's result: the value, or -errno in MIPS numbering.
int64_t hostResult(int64_t r) { return r < 0 ? hostError() : r; }

// Largest host buffer one read or write goes through.
constexpr uint64_t kIoChunk = uint64_t{1} << 20;

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

// struct stat of Linux/MIPS n64 (arch/mips/include/uapi/asm/stat.h), 104 bytes.
bool writeStat(Process& p, uint64_t va, const struct stat& st) {
  GuestStruct s(p, 104);
  s.set<uint32_t>(0, uint32_t(st.st_dev));
  s.set<uint64_t>(16, st.st_ino);
  s.set<uint32_t>(24, st.st_mode);
  s.set<uint32_t>(28, uint32_t(st.st_nlink));
  s.set<uint32_t>(32, st.st_uid);
  s.set<uint32_t>(36, st.st_gid);
  s.set<uint32_t>(40, uint32_t(st.st_rdev));
  s.set<int64_t>(56, st.st_size);
  s.set<uint32_t>(64, uint32_t(st.st_atim.tv_sec));
  s.set<uint32_t>(68, uint32_t(st.st_atim.tv_nsec));
  s.set<uint32_t>(72, uint32_t(st.st_mtim.tv_sec));
  s.set<uint32_t>(76, uint32_t(st.st_mtim.tv_nsec));
  s.set<uint32_t>(80, uint32_t(st.st_ctim.tv_sec));
  s.set<uint32_t>(84, uint32_t(st.st_ctim.tv_nsec));
  s.set<uint32_t>(88, uint32_t(st.st_blksize));
  s.set<uint64_t>(96, uint64_t(st.st_blocks));
  return s.writeTo(p, va);
}

// struct statx (generic, 256 bytes).
bool writeStatx(Process& p, uint64_t va, const struct statx& x) {
  GuestStruct s(p, 256);
  s.set<uint32_t>(0, x.stx_mask);
  s.set<uint32_t>(4, x.stx_blksize);
  s.set<uint64_t>(8, x.stx_attributes);
  s.set<uint32_t>(16, x.stx_nlink);
  s.set<uint32_t>(20, x.stx_uid);
  s.set<uint32_t>(24, x.stx_gid);
  s.set<uint16_t>(28, x.stx_mode);
  s.set<uint64_t>(32, x.stx_ino);
  s.set<uint64_t>(40, x.stx_size);
  s.set<uint64_t>(48, x.stx_blocks);
  s.set<uint64_t>(56, x.stx_attributes_mask);
  const struct statx_timestamp* times[4] = {&x.stx_atime, &x.stx_btime, &x.stx_ctime, &x.stx_mtime};
  for (size_t k = 0; k < 4; ++k) {
    s.set<int64_t>(64 + 16 * k, times[k]->tv_sec);
    s.set<uint32_t>(72 + 16 * k, times[k]->tv_nsec);
  }
  s.set<uint32_t>(128, x.stx_rdev_major);
  s.set<uint32_t>(132, x.stx_rdev_minor);
  s.set<uint32_t>(136, x.stx_dev_major);
  s.set<uint32_t>(140, x.stx_dev_minor);
  return s.writeTo(p, va);
}

// Guest RLIMIT_* (MIPS numbering) -> host resource, or -1.
int hostResource(uint64_t guest) {
  static constexpr int kMap[] = {RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE,
                                 RLIMIT_NOFILE, RLIMIT_AS, RLIMIT_RSS, RLIMIT_NPROC, RLIMIT_MEMLOCK,
                                 RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE, RLIMIT_NICE,
                                 RLIMIT_RTPRIO, RLIMIT_RTTIME};
  return guest < std::size(kMap) ? kMap[guest] : -1;
}

}  // namespace

// ---------------------------------------------------------------------------
// Memory management.

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
    data.resize(length);
    const ssize_t n = ::pread(hostFd, data.data(), length, off_t(offset));
    if (n < 0) return errno == EISDIR ? -abi::errnoToGuest(ENODEV) : hostError();
    data.resize(size_t(n));
  }
  memory.map(start, length, uint8_t(prot & kPermRWX));
  if (!data.empty()) {
    memory.poke(start, data.data(), data.size());
    cpu->invalidateCode(PhysAddr(start), data.size());
  }
  return int64_t(start);
}

int64_t Process::doMremap(uint64_t old, uint64_t oldSize, uint64_t newSize, uint64_t flags, uint64_t newAddr) {
  constexpr uint64_t kMayMove = 1, kFixed = 2;
  if (!pageAligned(old) || newSize == 0 || newSize > AddressSpace::kUserEnd) return -kEINVAL;
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
  std::vector<uint8_t> bytes(std::min(oldSize, newSize));
  memory.peek(old, bytes.data(), bytes.size());
  memory.unmap(old, oldSize);
  memory.map(dest, newSize, perms);
  memory.poke(dest, bytes.data(), bytes.size());
  return int64_t(dest);
}

// ---------------------------------------------------------------------------
// The dispatcher.

int64_t Process::syscall(uint64_t number, const std::array<uint64_t, 6>& a) {
  const std::string name = abi::syscallName(number);
  const int64_t sa0 = int64_t(a[0]);
  const int fd0 = int(int32_t(a[0]));
  const std::string key = name.empty() ? "nr " + std::to_string(number) : name;
  // Counted as served first; a call that turns out unsupported moves to the other table.
  ++result.syscalls[key];
  auto unsupported = [&](int64_t error) {
    if (--result.syscalls[key] == 0) result.syscalls.erase(key);
    ++result.unsupportedSyscalls[key];
    return error;
  };
  if (number < abi::kSyscallBase) return unsupported(-kENOSYS);
  int error = 0;
  // A guest path argument, or return its error.
#define GUEST_PATH(var, va)                                 \
  auto var##Opt = readString(va, error);                    \
  if (!var##Opt) return -error;                             \
  const std::string& var = *var##Opt;

  // Resolves (dirfd, path, flags) to a struct stat, following symlinks unless asked not to.
  auto statAt = [&](int dirfd, const std::string& path, uint64_t flags, struct stat& st) -> int64_t {
    if (path.empty()) {
      if (!(flags & kAtEmptyPath)) return -kENOENT;
      if (dirfd == GuestFs::kAtFdCwd) {
        const int cwd = fs->openHost(dirfd, ".", O_PATH, 0);
        if (cwd < 0) return cwd;
        const int64_t e = ::fstat(cwd, &st) < 0 ? hostError() : 0;
        ::close(cwd);
        return e;
      }
      const int h = fs->host(dirfd);
      if (h < 0) return -kEBADF;
      return ::fstat(h, &st) < 0 ? hostError() : 0;
    }
    if (flags & kAtSymlinkNofollow) {
      std::string leaf;
      const int parent = fs->openParent(dirfd, path, leaf);
      if (parent < 0) return parent;
      const int r = ::fstatat(parent, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW | (leaf.empty() ? AT_EMPTY_PATH : 0));
      const int64_t e = r < 0 ? hostError() : 0;
      ::close(parent);
      return e;
    }
    const int h = fs->openHost(dirfd, path, O_PATH, 0);
    if (h < 0) return h;
    const int64_t e = ::fstat(h, &st) < 0 ? hostError() : 0;
    ::close(h);
    return e;
  };
  // Opens a path for the guest and gives it a guest descriptor.
  auto openGuest = [&](int dirfd, const std::string& path, uint64_t flags, uint64_t mode) -> int64_t {
    const int h = fs->openHost(dirfd, path, abi::openFlagsToHost(flags), unsigned(mode & ~umask));
    if (h < 0) return h;
    return fs->add(h, flags & abi::kGuestOCloexec);
  };
  // Runs op(parentFd, leaf) on the last component of a guest path.
  auto onLeaf = [&](int dirfd, const std::string& path, auto op) -> int64_t {
    std::string leaf;
    const int parent = fs->openParent(dirfd, path, leaf);
    if (parent < 0) return parent;
    const int r = op(parent, leaf.empty() ? "." : leaf.c_str());
    const int64_t e = r < 0 ? hostError() : r;
    ::close(parent);
    return e;
  };
  auto hostFd = [&](int guestFd) { return fs->host(guestFd); };
  // A write's result; writing to a pipe nobody reads also raises SIGPIPE, as on Linux.
  auto writeResult = [&](ssize_t r) -> int64_t {
    if (r < 0 && errno == EPIPE) {
      SigInfo info;
      info.signo = abi::sig::PIPE;
      info.pid = ::getpid();
      info.uid = ::getuid();
      queueSignal(info);
    }
    return hostResult(r);
  };

  switch (number - abi::kSyscallBase) {
    case 0: {  // read, through a bounded buffer; regular files are read to the full count
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      struct stat st;
      const bool regular = ::fstat(h, &st) == 0 && S_ISREG(st.st_mode);
      std::vector<uint8_t> buf(std::min<uint64_t>(a[2], kIoChunk));
      uint64_t total = 0;
      while (total < a[2]) {
        const ssize_t n = ::read(h, buf.data(), std::min<uint64_t>(a[2] - total, buf.size()));
        if (n < 0) return total ? int64_t(total) : hostError();
        if (!writeGuest(a[1] + total, buf.data(), uint64_t(n))) return total ? int64_t(total) : -kEFAULT;
        total += uint64_t(n);
        if (uint64_t(n) < buf.size() || !regular) break;
      }
      return int64_t(total);
    }
    case 1: {  // write, through a bounded buffer
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      std::vector<uint8_t> buf(std::min<uint64_t>(a[2], kIoChunk));
      uint64_t total = 0;
      while (total < a[2]) {
        const uint64_t chunk = std::min<uint64_t>(a[2] - total, buf.size());
        if (!readGuest(a[1] + total, buf.data(), chunk)) return total ? int64_t(total) : -kEFAULT;
        const ssize_t n = ::write(h, buf.data(), chunk);
        if (n < 0) return total ? int64_t(total) : writeResult(n);
        total += uint64_t(n);
        if (uint64_t(n) < chunk) break;
      }
      return int64_t(total);
    }
    case 16: case 17: {  // pread64, pwrite64
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      std::vector<uint8_t> buf(std::min<uint64_t>(a[2], uint64_t{1} << 26));
      if (number - abi::kSyscallBase == 17) {
        if (!readGuest(a[1], buf.data(), buf.size())) return -kEFAULT;
        return writeResult(::pwrite(h, buf.data(), buf.size(), off_t(a[3])));
      }
      const ssize_t n = ::pread(h, buf.data(), buf.size(), off_t(a[3]));
      if (n < 0) return hostError();
      return writeGuest(a[1], buf.data(), uint64_t(n)) ? n : -kEFAULT;
    }
    case 18: case 19: {  // readv, writev: one host transfer through a gathered buffer
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      if (a[2] > 1024) return -kEINVAL;  // IOV_MAX
      std::vector<std::pair<uint64_t, uint64_t>> iov(a[2]);
      uint64_t total = 0;
      for (size_t k = 0; k < iov.size(); ++k) {
        if (!get(a[1] + 16 * k, iov[k].first) || !get(a[1] + 16 * k + 8, iov[k].second)) return -kEFAULT;
        total += iov[k].second;
        if (total > (uint64_t{1} << 28)) return -kEINVAL;  // more than disco buffers at once
      }
      std::vector<uint8_t> buf(total);
      if (number - abi::kSyscallBase == 19) {
        uint64_t at = 0;
        for (const auto& [base, len] : iov) {
          if (!readGuest(base, buf.data() + at, len)) return -kEFAULT;
          at += len;
        }
        return writeResult(::write(h, buf.data(), buf.size()));
      }
      const ssize_t n = ::read(h, buf.data(), buf.size());
      if (n < 0) return hostError();
      uint64_t at = 0;
      for (const auto& [base, len] : iov) {
        const uint64_t chunk = std::min<uint64_t>(len, uint64_t(n) - at);
        if (chunk && !writeGuest(base, buf.data() + at, chunk)) return -kEFAULT;
        at += chunk;
      }
      return n;
    }
    case 2: {  // open
      GUEST_PATH(path, a[0]);
      return openGuest(GuestFs::kAtFdCwd, path, a[1], a[2]);
    }
    case 247: {  // openat
      GUEST_PATH(path, a[1]);
      return openGuest(fd0, path, a[2], a[3]);
    }
    case 3:  // close
      return fs->close(fd0);
    case 8: {  // lseek
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::lseek(h, off_t(a[1]), int(a[2])));
    }
    case 5: {  // fstat
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      struct stat st;
      if (::fstat(h, &st) < 0) return hostError();
      return writeStat(*this, a[1], st) ? 0 : -kEFAULT;
    }
    case 4: case 6: {  // stat, lstat
      GUEST_PATH(path, a[0]);
      struct stat st;
      const int64_t r = statAt(GuestFs::kAtFdCwd, path, number - abi::kSyscallBase == 6 ? kAtSymlinkNofollow : 0, st);
      if (r < 0) return r;
      return writeStat(*this, a[1], st) ? 0 : -kEFAULT;
    }
    case 252: {  // newfstatat
      GUEST_PATH(path, a[1]);
      struct stat st;
      const int64_t r = statAt(fd0, path, a[3], st);
      if (r < 0) return r;
      return writeStat(*this, a[2], st) ? 0 : -kEFAULT;
    }
    case 326: {  // statx
      GUEST_PATH(given, a[1]);
      // An empty path with AT_EMPTY_PATH names dirfd itself (the cwd for AT_FDCWD).
      const std::string path = given.empty() && fd0 == GuestFs::kAtFdCwd && (a[2] & kAtEmptyPath) ? "." : given;
      struct statx x;
      int r;
      if (path.empty()) {
        if (!(a[2] & kAtEmptyPath)) return -kENOENT;
        const int h = hostFd(fd0);
        if (h < 0) return -kEBADF;
        r = ::statx(h, "", AT_EMPTY_PATH, unsigned(a[3]), &x);
        if (r < 0) return hostError();
      } else if (a[2] & kAtSymlinkNofollow) {
        const int64_t e = onLeaf(fd0, path, [&](int dir, const char* leaf) {
          return ::statx(dir, leaf, AT_SYMLINK_NOFOLLOW, unsigned(a[3]), &x);
        });
        if (e < 0) return e;
      } else {
        const int h = fs->openHost(fd0, path, O_PATH, 0);
        if (h < 0) return h;
        r = ::statx(h, "", AT_EMPTY_PATH, unsigned(a[3]), &x);
        const int64_t e = r < 0 ? hostError() : 0;
        ::close(h);
        if (e < 0) return e;
      }
      return writeStatx(*this, a[4], x) ? 0 : -kEFAULT;
    }
    case 308: {  // getdents64: the record layout is generic; only byte order changes
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      std::vector<uint8_t> buf(std::min<uint64_t>(a[2], 1 << 20));
      const long n = ::syscall(SYS_getdents64, h, buf.data(), buf.size());
      if (n < 0) return hostError();
      for (long at = 0; at < n;) {
        uint64_t ino, off;
        uint16_t reclen;
        std::memcpy(&ino, &buf[size_t(at)], 8);
        std::memcpy(&off, &buf[size_t(at) + 8], 8);
        std::memcpy(&reclen, &buf[size_t(at) + 16], 2);
        ino = toGuest(ino);
        off = toGuest(off);
        const uint16_t guestReclen = toGuest(reclen);
        std::memcpy(&buf[size_t(at)], &ino, 8);
        std::memcpy(&buf[size_t(at) + 8], &off, 8);
        std::memcpy(&buf[size_t(at) + 16], &guestReclen, 2);
        at += reclen;
      }
      return writeGuest(a[1], buf.data(), uint64_t(n)) ? n : -kEFAULT;
    }
    case 87: case 257: {  // readlink, readlinkat
      const bool at = number - abi::kSyscallBase == 257;
      const uint64_t pathVa = at ? a[1] : a[0], buf = at ? a[2] : a[1], size = at ? a[3] : a[2];
      const int dirfd = at ? fd0 : GuestFs::kAtFdCwd;
      GUEST_PATH(path, pathVa);
      if (int64_t(size) <= 0) return -kEINVAL;
      std::string target;
      if (path == "/proc/self/exe") {
        target = programGuestPath;
      } else {
        char out[4096];
        const int64_t n = onLeaf(dirfd, path, [&](int dir, const char* leaf) {
          return int(::readlinkat(dir, leaf, out, sizeof out));
        });
        if (n < 0) return n;
        target.assign(out, size_t(n));
      }
      const uint64_t n = std::min<uint64_t>(size, target.size());
      return writeGuest(buf, target.data(), n) ? int64_t(n) : -kEFAULT;
    }
    case 77: {  // getcwd
      const std::string& cwd = fs->cwd();
      if (a[1] < cwd.size() + 1) return -kERANGE;
      return writeGuest(a[0], cwd.c_str(), cwd.size() + 1) ? int64_t(cwd.size() + 1) : -kEFAULT;
    }
    case 78: {  // chdir
      GUEST_PATH(path, a[0]);
      return fs->chdir(path);
    }
    case 79:  // fchdir
      return fs->fchdir(fd0);
    case 70: {  // fcntl
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      switch (a[1]) {
        case 0: case 1030: {  // F_DUPFD, F_DUPFD_CLOEXEC
          const int d = ::fcntl(h, F_DUPFD_CLOEXEC, 3);
          if (d < 0) return hostError();
          return fs->add(d, a[1] == 1030, int(a[2]));
        }
        case 1: return fs->cloexec(fd0) ? 1 : 0;                     // F_GETFD
        case 2: fs->setCloexec(fd0, a[2] & 1); return 0;              // F_SETFD
        case 3: {                                                     // F_GETFL
          const int fl = ::fcntl(h, F_GETFL);
          return fl < 0 ? hostError() : int64_t(abi::openFlagsToGuest(fl & ~O_CLOEXEC));
        }
        case 4: return hostResult(::fcntl(h, F_SETFL, abi::openFlagsToHost(a[2])));  // F_SETFL
        default:
          ++result.unsupportedSyscalls["fcntl cmd " + std::to_string(a[1])];
          return -kEINVAL;
      }
    }
    case 31: {  // dup
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      const int d = ::fcntl(h, F_DUPFD_CLOEXEC, 3);
      return d < 0 ? hostError() : fs->add(d, false);
    }
    case 32: case 286: {  // dup2, dup3
      const int h = hostFd(fd0);
      const int target = int(int32_t(a[1]));
      if (h < 0 || target < 0 || target >= GuestFs::kMaxFds) return -kEBADF;
      const bool dup3 = number - abi::kSyscallBase == 286;
      if (target == fd0) return dup3 ? -kEINVAL : target;
      if (dup3 && (a[2] & ~abi::kGuestOCloexec)) return -kEINVAL;
      const int d = ::fcntl(h, F_DUPFD_CLOEXEC, 3);
      if (d < 0) return hostError();
      fs->place(target, d, dup3 && (a[2] & abi::kGuestOCloexec));
      return target;
    }
    case 21: case 287: {  // pipe (fds in v0/v1), pipe2
      int fds[2];
      const bool pipe2 = number - abi::kSyscallBase == 287;
      const int hostFlags = pipe2 ? abi::openFlagsToHost(a[1]) : 0;
      if (::pipe2(fds, (hostFlags & O_NONBLOCK) | O_CLOEXEC) < 0) return hostError();
      const bool cloexec = pipe2 && (a[1] & abi::kGuestOCloexec);
      const int r = fs->add(fds[0], cloexec);
      if (r < 0) {
        ::close(fds[1]);
        return r;
      }
      const int w = fs->add(fds[1], cloexec);
      if (w < 0) {
        fs->close(r);
        return w;
      }
      if (!pipe2) {
        cpu->gpr[3] = uint64_t(w);
        return r;
      }
      if (!put<int32_t>(a[0], r) || !put<int32_t>(a[0] + 4, w)) return -kEFAULT;
      return 0;
    }
    case 61: {  // uname
      struct utsname host;
      ::uname(&host);
      char fields[6][65] = {};
      std::snprintf(fields[0], 65, "Linux");
      std::snprintf(fields[1], 65, "%s", host.nodename);
      std::snprintf(fields[2], 65, "%s", host.release);
      std::snprintf(fields[3], 65, "%s", host.version);
      std::snprintf(fields[4], 65, "mips64");
      std::snprintf(fields[5], 65, "%s", host.domainname);
      return writeGuest(a[0], fields, sizeof fields) ? 0 : -kEFAULT;
    }
    case 222: case 223: {  // clock_gettime, clock_getres
      struct timespec ts;
      const int r = number - abi::kSyscallBase == 222 ? ::clock_gettime(clockid_t(a[0]), &ts)
                                                      : ::clock_getres(clockid_t(a[0]), &ts);
      if (r < 0) return hostError();
      if (!a[1]) return 0;
      return put<int64_t>(a[1], ts.tv_sec) && put<int64_t>(a[1] + 8, ts.tv_nsec) ? 0 : -kEFAULT;
    }
    case 94: {  // gettimeofday
      struct timespec ts;
      ::clock_gettime(CLOCK_REALTIME, &ts);
      if (a[0] && !(put<int64_t>(a[0], ts.tv_sec) && put<int64_t>(a[0] + 8, ts.tv_nsec / 1000))) return -kEFAULT;
      if (a[1] && !(put<int32_t>(a[1], 0) && put<int32_t>(a[1] + 4, 0))) return -kEFAULT;
      return 0;
    }
    case 34: case 224: {  // nanosleep, clock_nanosleep
      const bool clock = number - abi::kSyscallBase == 224;
      const uint64_t req = clock ? a[2] : a[0], rem = clock ? a[3] : a[1];
      int64_t sec, nsec;
      if (!get(req, sec) || !get(req + 8, nsec)) return -kEFAULT;
      if (sec < 0 || nsec < 0 || nsec >= 1000000000) return -kEINVAL;
      struct timespec t = {time_t(sec), long(nsec)}, left{};
      const int r = clock ? ::clock_nanosleep(clockid_t(a[0]), int(a[1]), &t, &left) : ::nanosleep(&t, &left);
      if (clock && r != 0) return -abi::errnoToGuest(r);
      if (!clock && r < 0) return hostError();
      if (rem && !(clock && (a[1] & 1))) {
        put<int64_t>(rem, left.tv_sec);
        put<int64_t>(rem + 8, left.tv_nsec);
      }
      return 0;
    }
    case 212:  // set_tid_address
      tidAddress = a[0];
      return ::getpid();
    case 268:  // set_robust_list: accepted; one thread never dies holding a robust futex
      return 0;
    case 242:  // set_thread_area
      cpu->userLocal = a[0];
      return 0;
    case 13: {  // rt_sigaction
      const int s = int(sa0);
      if (a[3] != 16 || s < 1 || s > abi::sig::kCount) return -kEINVAL;
      SigAction next;
      if (a[1]) {
        if (s == abi::sig::KILL || s == abi::sig::STOP) return -kEINVAL;
        uint32_t flags;
        if (!get(a[1], flags) || !get(a[1] + 8, next.handler) || !get(a[1] + 16, next.mask.words[0]) ||
            !get(a[1] + 24, next.mask.words[1]))
          return -kEFAULT;
        next.flags = flags;
      }
      if (a[2]) {
        const SigAction& cur = actions[size_t(s)];
        GuestStruct o(*this, 32);
        o.set<uint32_t>(0, cur.flags);
        o.set<uint64_t>(8, cur.handler);
        o.set<uint64_t>(16, cur.mask.words[0]);
        o.set<uint64_t>(24, cur.mask.words[1]);
        if (!o.writeTo(*this, a[2])) return -kEFAULT;
      }
      if (a[1]) {
        actions[size_t(s)] = next;
        // A signal that is now ignored is discarded if pending (POSIX).
        const bool ignored = next.handler == 1 || (next.handler == 0 && abi::defaultAction(s) != abi::DefaultAction::Terminate);
        if (ignored) std::erase_if(pending, [&](const SigInfo& i) { return i.signo == s; });
      }
      return 0;
    }
    case 14: {  // rt_sigprocmask
      if (a[3] != 16) return -kEINVAL;
      const SigSet old = blocked;
      if (a[1]) {
        SigSet set;
        if (!get(a[1], set.words[0]) || !get(a[1] + 8, set.words[1])) return -kEFAULT;
        switch (a[0]) {
          case 1: for (int k = 0; k < 2; ++k) blocked.words[size_t(k)] |= set.words[size_t(k)]; break;
          case 2: for (int k = 0; k < 2; ++k) blocked.words[size_t(k)] &= ~set.words[size_t(k)]; break;
          case 3: blocked = set; break;
          default: return -kEINVAL;
        }
        blocked.remove(abi::sig::KILL);
        blocked.remove(abi::sig::STOP);
      }
      if (a[2] && !(put(a[2], old.words[0]) && put(a[2] + 8, old.words[1]))) return -kEFAULT;
      return 0;
    }
    case 125: {  // rt_sigpending
      SigSet set;
      for (const SigInfo& p : pending)
        if (blocked.has(p.signo)) set.add(p.signo);
      return put(a[0], set.words[0]) && put(a[0] + 8, set.words[1]) ? 0 : -kEFAULT;
    }
    case 129: {  // sigaltstack
      if (a[1]) {
        GuestStruct o(*this, 24);
        o.set<uint64_t>(0, altStackSp);
        o.set<uint64_t>(8, altStackSize);
        o.set<int32_t>(16, altStackEnabled ? 0 : 2);
        if (!o.writeTo(*this, a[1])) return -kEFAULT;
      }
      if (a[0]) {
        uint64_t sp, size;
        int32_t flags;
        if (!get(a[0], sp) || !get(a[0] + 8, size) || !get(a[0] + 16, flags)) return -kEFAULT;
        if (flags == 2) {  // SS_DISABLE
          altStackEnabled = false;
        } else if (flags == 0) {
          if (size < 2048) return -abi::errnoToGuest(ENOMEM);
          altStackSp = sp;
          altStackSize = size;
          altStackEnabled = true;
        } else {
          return -kEINVAL;
        }
      }
      return 0;
    }
    case 60: case 192: case 225: {  // kill, tkill, tgkill: only to itself
      const int self = ::getpid();
      const unsigned n = unsigned(number - abi::kSyscallBase);
      const int64_t target = n == 225 ? int64_t(int32_t(a[1])) : int64_t(int32_t(a[0]));
      const int s = int(n == 225 ? a[2] : a[1]);
      if (s < 0 || s > abi::sig::kCount) return -kEINVAL;
      // kill(0) is our process group, which holds only us; kill(-1) means every other process.
      const bool toSelf = n == 60 ? (target == self || target == 0 || target == -self) : target == self;
      if (!toSelf) return n == 60 ? -kEPERM : -kESRCH;
      if (s == 0) return 0;
      SigInfo info;
      info.signo = s;
      info.code = n == 60 ? abi::si::kUSER : abi::si::kTKILL;
      info.pid = self;
      info.uid = ::getuid();
      queueSignal(info);
      return 0;
    }
    case 38: case 178: return ::getpid();  // getpid, gettid
    case 108: return ::getppid();
    case 100: return ::getuid();
    case 105: return ::geteuid();
    case 102: return ::getgid();
    case 106: return ::getegid();
    case 15: {  // ioctl: the terminal queries isatty() and friends need
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      if (a[1] == 0x540d) {  // TCGETS -> struct termios of MIPS (flags as the host has them)
        struct termios t;
        if (::tcgetattr(h, &t) < 0) return hostError();
        GuestStruct o(*this, 40);
        o.set<uint32_t>(0, t.c_iflag);
        o.set<uint32_t>(4, t.c_oflag);
        o.set<uint32_t>(8, t.c_cflag);
        o.set<uint32_t>(12, t.c_lflag);
        o.set<uint8_t>(16, t.c_line);
        // MIPS control-character slots: VINTR 0, VQUIT 1, VERASE 2, VKILL 3, VMIN 4, VTIME 5, VEOF 16, VEOL 17 ...
        const std::pair<int, int> slots[] = {{VINTR, 0}, {VQUIT, 1}, {VERASE, 2}, {VKILL, 3}, {VMIN, 4},
                                             {VTIME, 5}, {VEOL2, 6}, {VSTART, 8}, {VSTOP, 9}, {VSUSP, 10},
                                             {VREPRINT, 12}, {VDISCARD, 13}, {VWERASE, 14}, {VLNEXT, 15},
                                             {VEOF, 16}, {VEOL, 17}};
        for (const auto& [host, guest] : slots) o.set<uint8_t>(17 + size_t(guest), t.c_cc[host]);
        return o.writeTo(*this, a[2]) ? 0 : -kEFAULT;
      }
      if (a[1] == 0x40087468) {  // TIOCGWINSZ
        struct winsize w;
        if (::ioctl(h, TIOCGWINSZ, &w) < 0) return hostError();
        GuestStruct o(*this, 8);
        o.set<uint16_t>(0, w.ws_row);
        o.set<uint16_t>(2, w.ws_col);
        o.set<uint16_t>(4, w.ws_xpixel);
        o.set<uint16_t>(6, w.ws_ypixel);
        return o.writeTo(*this, a[2]) ? 0 : -kEFAULT;
      }
      char req[32];
      std::snprintf(req, sizeof req, "ioctl 0x%llx", static_cast<unsigned long long>(a[1]));
      ++result.unsupportedSyscalls[req];
      return -kENOTTY;
    }
    case 95: case 297: {  // getrlimit, prlimit64 (new limits are accepted, not enforced)
      const bool prlimit = number - abi::kSyscallBase == 297;
      if (prlimit && a[0] != 0 && int64_t(a[0]) != ::getpid()) return -kESRCH;
      const int resource = hostResource(prlimit ? a[1] : a[0]);
      if (resource < 0) return -kEINVAL;
      const uint64_t oldVa = prlimit ? a[3] : a[1];
      if (oldVa) {
        struct rlimit rl;
        if (::getrlimit(resource, &rl) < 0) return hostError();
        if (resource == RLIMIT_STACK) rl.rlim_cur = kStackSize;
        if (!put<uint64_t>(oldVa, rl.rlim_cur) || !put<uint64_t>(oldVa + 8, rl.rlim_max)) return -kEFAULT;
      }
      return 0;
    }
    case 313: {  // getrandom
      std::vector<uint8_t> buf(std::min<uint64_t>(a[1], 1 << 20));
      const ssize_t n = ::getrandom(buf.data(), buf.size(), unsigned(a[2]) & 3);
      if (n < 0) return hostError();
      return writeGuest(a[0], buf.data(), uint64_t(n)) ? n : -kEFAULT;
    }
    case 97: {  // sysinfo (the generic 64-bit layout, 112 bytes)
      struct sysinfo si;
      ::sysinfo(&si);
      GuestStruct o(*this, 112);
      o.set<int64_t>(0, si.uptime);
      for (size_t k = 0; k < 3; ++k) o.set<uint64_t>(8 + 8 * k, si.loads[k]);
      o.set<uint64_t>(32, si.totalram);
      o.set<uint64_t>(40, si.freeram);
      o.set<uint64_t>(48, si.sharedram);
      o.set<uint64_t>(56, si.bufferram);
      o.set<uint64_t>(64, si.totalswap);
      o.set<uint64_t>(72, si.freeswap);
      o.set<uint16_t>(80, 1);
      o.set<uint64_t>(88, si.totalhigh);
      o.set<uint64_t>(96, si.freehigh);
      o.set<uint32_t>(104, si.mem_unit);
      return o.writeTo(*this, a[0]) ? 0 : -kEFAULT;
    }
    case 196: {  // sched_getaffinity: one CPU
      if (a[1] < 8 || (a[1] & 7)) return -kEINVAL;
      std::vector<uint8_t> mask(a[1], 0);
      mask[0] = 1;
      return writeGuest(a[2], mask.data(), mask.size()) ? 8 : -kEFAULT;
    }
    case 7: case 261: {  // poll, ppoll (the signal mask of ppoll is not applied)
      const bool ppoll = number - abi::kSyscallBase == 261;
      if (a[1] > uint64_t(GuestFs::kMaxFds)) return -kEINVAL;
      std::vector<struct pollfd> fds(a[1]);
      for (size_t k = 0; k < fds.size(); ++k) {
        int32_t fd;
        int16_t events;
        if (!get(a[0] + 8 * k, fd) || !get(a[0] + 8 * k + 4, events)) return -kEFAULT;
        // A negative fd is skipped (-1); a guest fd that is not open is marked -2 (POLLNVAL).
        fds[k] = {fd < 0 ? -1 : (hostFd(fd) < 0 ? -2 : hostFd(fd)), events, 0};
      }
      int timeoutMs = int(int32_t(a[2]));
      if (ppoll) {
        timeoutMs = -1;
        if (a[2]) {
          int64_t sec, nsec;
          if (!get(a[2], sec) || !get(a[2] + 8, nsec)) return -kEFAULT;
          timeoutMs = int(std::min<int64_t>(sec * 1000 + nsec / 1000000, INT32_MAX));
        }
      }
      std::vector<struct pollfd> hostFds = fds;
      for (auto& f : hostFds)
        if (f.fd == -2) f.fd = -1;
      const int n = ::poll(hostFds.data(), hostFds.size(), timeoutMs);
      if (n < 0) return hostError();
      int ready = n;
      for (size_t k = 0; k < fds.size(); ++k) {
        int16_t revents = fds[k].fd == -2 ? int16_t(POLLNVAL) : hostFds[k].revents;
        if (fds[k].fd == -2) ++ready;
        if (!put<int16_t>(a[0] + 8 * k + 6, revents)) return -kEFAULT;
      }
      return ready;
    }
    case 153: {  // prctl: the thread name only
      constexpr uint64_t kSetName = 15, kGetName = 16;
      if (a[0] == kSetName) {
        auto n = readString(a[1], error, 4096);
        if (!n) return -error;
        threadName = n->substr(0, 15);
        return 0;
      }
      if (a[0] == kGetName) {
        char buf[16] = {};
        std::memcpy(buf, threadName.data(), std::min<size_t>(threadName.size(), 15));
        return writeGuest(a[1], buf, 16) ? 0 : -kEFAULT;
      }
      ++result.unsupportedSyscalls["prctl option " + std::to_string(a[0])];
      return -kEINVAL;
    }
    case 23: return 0;   // sched_yield
    case 197: return 0;  // cacheflush: the decoded-code cache already follows every store
    case 27: return 0;  // madvise: advice only
    case 93: {          // umask
      const unsigned old = umask;
      umask = unsigned(a[0]) & 0777;
      return old;
    }
    case 20: case 259: case 439: {  // access, faccessat, faccessat2
      const bool at = number - abi::kSyscallBase != 20;
      GUEST_PATH(path, at ? a[1] : a[0]);
      const int h = fs->openHost(at ? fd0 : GuestFs::kAtFdCwd, path, O_PATH, 0);
      if (h < 0) return h;
      const long r = ::syscall(SYS_faccessat2, h, "", int(at ? a[2] : a[1]), AT_EMPTY_PATH);
      const int64_t e = r < 0 ? hostError() : 0;
      ::close(h);
      return e;
    }
    case 253: case 85: case 82: {  // unlinkat, unlink, rmdir
      const unsigned n = unsigned(number - abi::kSyscallBase);
      GUEST_PATH(path, n == 253 ? a[1] : a[0]);
      const int flags = (n == 82 || (n == 253 && (a[2] & kAtRemoveDir))) ? AT_REMOVEDIR : 0;
      return onLeaf(n == 253 ? fd0 : GuestFs::kAtFdCwd, path,
                    [&](int dir, const char* leaf) { return ::unlinkat(dir, leaf, flags); });
    }
    case 248: case 81: {  // mkdirat, mkdir
      const bool at = number - abi::kSyscallBase == 248;
      GUEST_PATH(path, at ? a[1] : a[0]);
      const unsigned mode = unsigned(at ? a[2] : a[1]) & ~umask & 07777;
      return onLeaf(at ? fd0 : GuestFs::kAtFdCwd, path,
                    [&](int dir, const char* leaf) { return ::mkdirat(dir, leaf, mode); });
    }
    case 254: case 80: case 311: {  // renameat, rename, renameat2
      const unsigned n = unsigned(number - abi::kSyscallBase);
      const bool at = n != 80;
      GUEST_PATH(from, at ? a[1] : a[0]);
      GUEST_PATH(to, at ? a[3] : a[1]);
      const unsigned flags = n == 311 ? unsigned(a[4]) : 0;
      std::string fromLeaf, toLeaf;
      const int fromDir = fs->openParent(at ? fd0 : GuestFs::kAtFdCwd, from, fromLeaf);
      if (fromDir < 0) return fromDir;
      const int toDir = fs->openParent(at ? int(int32_t(a[2])) : GuestFs::kAtFdCwd, to, toLeaf);
      if (toDir < 0) {
        ::close(fromDir);
        return toDir;
      }
      const int r = ::renameat2(fromDir, fromLeaf.empty() ? "." : fromLeaf.c_str(), toDir,
                                toLeaf.empty() ? "." : toLeaf.c_str(), flags);
      const int64_t e = r < 0 ? hostError() : 0;
      ::close(fromDir);
      ::close(toDir);
      return e;
    }
    case 88: case 258: {  // chmod, fchmodat: through the resolved descriptor
      const bool at = number - abi::kSyscallBase == 258;
      GUEST_PATH(path, at ? a[1] : a[0]);
      const int h = fs->openHost(at ? fd0 : GuestFs::kAtFdCwd, path, O_PATH, 0);
      if (h < 0) return h;
      const std::string proc = "/proc/self/fd/" + std::to_string(h);
      const int64_t e = ::chmod(proc.c_str(), mode_t((at ? a[2] : a[1]) & 07777)) < 0 ? hostError() : 0;
      ::close(h);
      return e;
    }
    case 86: case 256: {  // symlink, symlinkat: the target text is stored as given
      const bool at = number - abi::kSyscallBase == 256;
      GUEST_PATH(target, a[0]);
      GUEST_PATH(path, at ? a[2] : a[1]);
      return onLeaf(at ? int(int32_t(a[1])) : GuestFs::kAtFdCwd, path,
                    [&](int dir, const char* leaf) { return ::symlinkat(target.c_str(), dir, leaf); });
    }
    case 84: case 255: {  // link, linkat (AT_SYMLINK_FOLLOW is not honoured: the link itself is linked)
      const bool at = number - abi::kSyscallBase == 255;
      GUEST_PATH(from, at ? a[1] : a[0]);
      GUEST_PATH(to, at ? a[3] : a[1]);
      std::string fromLeaf, toLeaf;
      const int fromDir = fs->openParent(at ? fd0 : GuestFs::kAtFdCwd, from, fromLeaf);
      if (fromDir < 0) return fromDir;
      const int toDir = fs->openParent(at ? int(int32_t(a[2])) : GuestFs::kAtFdCwd, to, toLeaf);
      if (toDir < 0) {
        ::close(fromDir);
        return toDir;
      }
      const int r = ::linkat(fromDir, fromLeaf.c_str(), toDir, toLeaf.c_str(), 0);
      const int64_t e = r < 0 ? hostError() : 0;
      ::close(fromDir);
      ::close(toDir);
      return e;
    }
    case 275: {  // utimensat (timespec[2] with UTIME_NOW/UTIME_OMIT, generic values)
      struct timespec times[2];
      if (a[2]) {
        for (uint64_t k = 0; k < 2; ++k) {
          int64_t sec, nsec;
          if (!get(a[2] + 16 * k, sec) || !get(a[2] + 16 * k + 8, nsec)) return -kEFAULT;
          times[k] = {time_t(sec), long(nsec)};
        }
      }
      const struct timespec* ts = a[2] ? times : nullptr;
      if (!a[1]) {  // futimens(dirfd)
        const int h = hostFd(fd0);
        return h < 0 ? -kEBADF : hostResult(::futimens(h, ts));
      }
      GUEST_PATH(path, a[1]);
      if (a[3] & kAtSymlinkNofollow)
        return onLeaf(fd0, path, [&](int dir, const char* leaf) {
          return ::utimensat(dir, leaf, ts, AT_SYMLINK_NOFOLLOW);
        });
      const int h = fs->openHost(fd0, path, O_PATH, 0);
      if (h < 0) return h;
      const std::string proc = "/proc/self/fd/" + std::to_string(h);
      const int64_t e = ::utimensat(AT_FDCWD, proc.c_str(), ts, 0) < 0 ? hostError() : 0;
      ::close(h);
      return e;
    }
    case 134: case 135: {  // statfs, fstatfs: struct statfs of n64 (all fields 64-bit, 128 bytes)
      struct statfs sf;
      if (number - abi::kSyscallBase == 135) {
        const int h = hostFd(fd0);
        if (h < 0) return -kEBADF;
        if (::fstatfs(h, &sf) < 0) return hostError();
      } else {
        GUEST_PATH(path, a[0]);
        const int h = fs->openHost(GuestFs::kAtFdCwd, path, O_PATH, 0);
        if (h < 0) return h;
        const int r = ::fstatfs(h, &sf);
        ::close(h);
        if (r < 0) return hostError();
      }
      GuestStruct o(*this, 128);
      const uint64_t fields[8] = {uint64_t(sf.f_type), uint64_t(sf.f_bsize), uint64_t(sf.f_frsize), sf.f_blocks,
                                  sf.f_bfree, sf.f_files, sf.f_ffree, sf.f_bavail};
      for (size_t k = 0; k < 8; ++k) o.set<uint64_t>(8 * k, fields[k]);
      int fsid[2];
      std::memcpy(fsid, &sf.f_fsid, sizeof fsid);
      o.set<int32_t>(64, fsid[0]);
      o.set<int32_t>(68, fsid[1]);
      o.set<uint64_t>(72, uint64_t(sf.f_namelen));
      o.set<uint64_t>(80, uint64_t(sf.f_flags));
      return o.writeTo(*this, a[1]) ? 0 : -kEFAULT;
    }
    case 113: {  // getgroups
      const int n = ::getgroups(0, nullptr);
      if (n < 0) return hostError();
      if (a[0] == 0) return n;
      if (int64_t(a[0]) < n) return -kEINVAL;
      std::vector<gid_t> groups(size_t(n) + 1);
      const int got = ::getgroups(n, groups.data());
      if (got < 0) return hostError();
      for (int k = 0; k < got; ++k)
        if (!put<uint32_t>(a[1] + 4 * uint64_t(k), groups[size_t(k)])) return -kEFAULT;
      return got;
    }
    case 98: {  // times: struct tms of four longs, in clock ticks
      struct tms t;
      const clock_t now = ::times(&t);
      if (a[0]) {
        const uint64_t v[4] = {uint64_t(t.tms_utime), uint64_t(t.tms_stime), uint64_t(t.tms_cutime),
                               uint64_t(t.tms_cstime)};
        for (uint64_t k = 0; k < 4; ++k)
          if (!put<uint64_t>(a[0] + 8 * k, v[k])) return -kEFAULT;
      }
      return int64_t(now);
    }
    case 96: {  // getrusage: the generic 64-bit struct rusage (144 bytes)
      struct rusage ru;
      if (::getrusage(int(int32_t(a[0])), &ru) < 0) return hostError();
      GuestStruct o(*this, 144);
      o.set<int64_t>(0, ru.ru_utime.tv_sec);
      o.set<int64_t>(8, ru.ru_utime.tv_usec);
      o.set<int64_t>(16, ru.ru_stime.tv_sec);
      o.set<int64_t>(24, ru.ru_stime.tv_usec);
      const long rest[14] = {ru.ru_maxrss, ru.ru_ixrss, ru.ru_idrss, ru.ru_isrss, ru.ru_minflt, ru.ru_majflt,
                             ru.ru_nswap, ru.ru_inblock, ru.ru_oublock, ru.ru_msgsnd, ru.ru_msgrcv,
                             ru.ru_nsignals, ru.ru_nvcsw, ru.ru_nivcsw};
      for (size_t k = 0; k < 14; ++k) o.set<int64_t>(32 + 8 * k, rest[k]);
      return o.writeTo(*this, a[1]) ? 0 : -kEFAULT;
    }
    case 39: {  // sendfile
      const int out = hostFd(fd0), in = hostFd(int(int32_t(a[1])));
      if (out < 0 || in < 0) return -kEBADF;
      off_t offset = 0;
      if (a[2]) {
        int64_t o;
        if (!get(a[2], o)) return -kEFAULT;
        offset = off_t(o);
      }
      const ssize_t n = ::sendfile(out, in, a[2] ? &offset : nullptr, std::min<uint64_t>(a[3], 1 << 30));
      if (n < 0) return writeResult(n);
      if (a[2] && !put<int64_t>(a[2], offset)) return -kEFAULT;
      return n;
    }
    case 74: {  // truncate
      GUEST_PATH(path, a[0]);
      const int h = fs->openHost(GuestFs::kAtFdCwd, path, O_WRONLY, 0);
      if (h < 0) return h;
      const int64_t e = ::ftruncate(h, off_t(a[1])) < 0 ? hostError() : 0;
      ::close(h);
      return e;
    }
    case 83: {  // creat
      GUEST_PATH(path, a[0]);
      return openGuest(GuestFs::kAtFdCwd, path, 0x1 | 0x100 | 0x200, a[1]);
    }
    case 75: {  // ftruncate
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::ftruncate(h, off_t(a[1])));
    }
    case 72: case 73: {  // fsync, fdatasync
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::fsync(h));
    }
    case 89: {  // fchmod
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::fchmod(h, mode_t(a[1] & 07777)));
    }
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
    case 58: case 205:  // exit, exit_group
      result.end = Result::End::Exited;
      result.exitStatus = int(a[0] & 0xff);
      finished = true;
      cpu->requestStop();
      return 0;
    // No second process or program: these fail (counted as unsupported).
    case 55: case 56: case 435:  // clone, fork, clone3
      return unsupported(-kEAGAIN);
    case 57: case 316:  // execve, execveat
      return unsupported(-kENOSYS);
    case 59: case 237:  // wait4, waitid: there are no children
      return -kECHILD;
    default:
      return unsupported(-kENOSYS);
  }
#undef GUEST_PATH
}

}  // namespace mips::se
