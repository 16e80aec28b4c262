// System calls on files, directories, descriptors and the terminal. Paths
// go through GuestFs, which keeps them inside the root; structures are
// written in the MIPS n64 layout and the guest's byte order.
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <vector>

#include "mips/se/syscall_util.h"

namespace mips::se {
namespace {

using namespace abi::err;
using namespace sys;

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

}  // namespace

// Files, directories, descriptors, terminal ioctls.
std::optional<int64_t> Process::fileSyscall(unsigned n, const std::array<uint64_t, 6>& a) {
  const int fd0 = int(int32_t(a[0]));
  int error = 0;
  auto hostFd = [&](int guestFd) { return fs->host(guestFd); };
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
  // Runs op(fromDir, fromLeaf, toDir, toLeaf) for a call naming two paths
  // (rename, link): both parents are opened inside the root, then closed.
  auto onTwoLeaves = [&](int fromDirfd, const std::string& from, int toDirfd, const std::string& to,
                         auto op) -> int64_t {
    std::string fromLeaf, toLeaf;
    const int fromDir = fs->openParent(fromDirfd, from, fromLeaf);
    if (fromDir < 0) return fromDir;
    const int toDir = fs->openParent(toDirfd, to, toLeaf);
    if (toDir < 0) {
      ::close(fromDir);
      return toDir;
    }
    const int r = op(fromDir, fromLeaf, toDir, toLeaf);
    const int64_t e = r < 0 ? hostError() : 0;
    ::close(fromDir);
    ::close(toDir);
    return e;
  };
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

  switch (n) {
    case 0: {  // read, through a bounded buffer; regular files are read to the full count
      const int h = hostFd(fd0);
      if (h < 0) return -kEBADF;
      struct stat st;
      const bool regular = ::fstat(h, &st) == 0 && S_ISREG(st.st_mode);
      const uint64_t count = clampRwCount(a[2]);
      std::vector<uint8_t> buf(std::min<uint64_t>(count, kIoChunk));
      uint64_t total = 0;
      while (total < count) {
        const ssize_t n = ::read(h, buf.data(), std::min<uint64_t>(count - total, buf.size()));
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
      const uint64_t count = clampRwCount(a[2]);
      std::vector<uint8_t> buf(std::min<uint64_t>(count, kIoChunk));
      uint64_t total = 0;
      while (total < count) {
        const uint64_t chunk = std::min<uint64_t>(count - total, buf.size());
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
      if (n == 17) {
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
      if (n == 19) {
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
      const int64_t r = statAt(GuestFs::kAtFdCwd, path, n == 6 ? kAtSymlinkNofollow : 0, st);
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
      const bool at = n == 257;
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
      const bool dup3 = n == 286;
      if (target == fd0) return dup3 ? -kEINVAL : target;
      if (dup3 && (a[2] & ~abi::kGuestOCloexec)) return -kEINVAL;
      const int d = ::fcntl(h, F_DUPFD_CLOEXEC, 3);
      if (d < 0) return hostError();
      fs->place(target, d, dup3 && (a[2] & abi::kGuestOCloexec));
      return target;
    }
    case 21: case 287: {  // pipe (fds in v0/v1), pipe2
      int fds[2];
      const bool pipe2 = n == 287;
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
    case 7: case 261: {  // poll, ppoll (the signal mask of ppoll is not applied)
      const bool ppoll = n == 261;
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
    case 20: case 259: case 439: {  // access, faccessat, faccessat2
      const bool at = n != 20;
      GUEST_PATH(path, at ? a[1] : a[0]);
      const int h = fs->openHost(at ? fd0 : GuestFs::kAtFdCwd, path, O_PATH, 0);
      if (h < 0) return h;
      const long r = ::syscall(SYS_faccessat2, h, "", int(at ? a[2] : a[1]), AT_EMPTY_PATH);
      const int64_t e = r < 0 ? hostError() : 0;
      ::close(h);
      return e;
    }
    case 253: case 85: case 82: {  // unlinkat, unlink, rmdir
      GUEST_PATH(path, n == 253 ? a[1] : a[0]);
      const int flags = (n == 82 || (n == 253 && (a[2] & kAtRemoveDir))) ? AT_REMOVEDIR : 0;
      return onLeaf(n == 253 ? fd0 : GuestFs::kAtFdCwd, path,
                    [&](int dir, const char* leaf) { return ::unlinkat(dir, leaf, flags); });
    }
    case 248: case 81: {  // mkdirat, mkdir
      const bool at = n == 248;
      GUEST_PATH(path, at ? a[1] : a[0]);
      const unsigned mode = unsigned(at ? a[2] : a[1]) & ~umask & 07777;
      return onLeaf(at ? fd0 : GuestFs::kAtFdCwd, path,
                    [&](int dir, const char* leaf) { return ::mkdirat(dir, leaf, mode); });
    }
    case 254: case 80: case 311: {  // renameat, rename, renameat2
      const bool at = n != 80;
      GUEST_PATH(from, at ? a[1] : a[0]);
      GUEST_PATH(to, at ? a[3] : a[1]);
      const unsigned flags = n == 311 ? unsigned(a[4]) : 0;
      return onTwoLeaves(at ? fd0 : GuestFs::kAtFdCwd, from, at ? int(int32_t(a[2])) : GuestFs::kAtFdCwd, to,
                         [&](int fromDir, const std::string& fromLeaf, int toDir, const std::string& toLeaf) {
                           return ::renameat2(fromDir, fromLeaf.empty() ? "." : fromLeaf.c_str(), toDir,
                                              toLeaf.empty() ? "." : toLeaf.c_str(), flags);
                         });
    }
    case 88: case 258: {  // chmod, fchmodat: through the resolved descriptor
      const bool at = n == 258;
      GUEST_PATH(path, at ? a[1] : a[0]);
      const int h = fs->openHost(at ? fd0 : GuestFs::kAtFdCwd, path, O_PATH, 0);
      if (h < 0) return h;
      const std::string proc = "/proc/self/fd/" + std::to_string(h);
      const int64_t e = ::chmod(proc.c_str(), mode_t((at ? a[2] : a[1]) & 07777)) < 0 ? hostError() : 0;
      ::close(h);
      return e;
    }
    case 86: case 256: {  // symlink, symlinkat: the target text is stored as given
      const bool at = n == 256;
      GUEST_PATH(target, a[0]);
      GUEST_PATH(path, at ? a[2] : a[1]);
      return onLeaf(at ? int(int32_t(a[1])) : GuestFs::kAtFdCwd, path,
                    [&](int dir, const char* leaf) { return ::symlinkat(target.c_str(), dir, leaf); });
    }
    case 84: case 255: {  // link, linkat (AT_SYMLINK_FOLLOW is not honoured: the link itself is linked)
      const bool at = n == 255;
      GUEST_PATH(from, at ? a[1] : a[0]);
      GUEST_PATH(to, at ? a[3] : a[1]);
      return onTwoLeaves(at ? fd0 : GuestFs::kAtFdCwd, from, at ? int(int32_t(a[2])) : GuestFs::kAtFdCwd, to,
                         [](int fromDir, const std::string& fromLeaf, int toDir, const std::string& toLeaf) {
                           return ::linkat(fromDir, fromLeaf.c_str(), toDir, toLeaf.c_str(), 0);
                         });
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
      if (n == 135) {
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
    case 71: {  // flock
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::flock(h, int(a[1])));
    }
    case 215: {  // fadvise64: advice only
      return hostFd(fd0) < 0 ? -kEBADF : 0;
    }
    case 157: ::sync(); return 0;  // sync
    case 301: {                    // syncfs
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::syncfs(h));
    }
    case 72: case 73: {  // fsync, fdatasync
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::fsync(h));
    }
    case 89: {  // fchmod
      const int h = hostFd(fd0);
      return h < 0 ? -kEBADF : hostResult(::fchmod(h, mode_t(a[1] & 07777)));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace mips::se
