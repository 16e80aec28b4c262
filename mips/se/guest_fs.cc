// The guest's file system root, cwd and descriptor table (see guest_fs.h).
#include "mips/se/guest_fs.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <stdexcept>

#include "mips/se/abi.h"

namespace mips::se {
namespace {

// openat2 with RESOLVE_IN_ROOT: `path` (relative) resolved with rootFd as "/".
int openInRoot(int rootFd, const std::string& path, int flags, unsigned mode) {
  open_how how{};
  how.flags = uint64_t(unsigned(flags)) | O_CLOEXEC;
  how.mode = (flags & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY))) ? (mode & 07777) : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  const std::string rel = path.empty() ? "." : path;
  return int(::syscall(SYS_openat2, rootFd, rel.c_str(), &how, sizeof how));
}

// "/a/b" -> "a/b" (openat2 wants it relative to the root descriptor).
std::string stripSlashes(const std::string& p) {
  size_t k = 0;
  while (k < p.size() && p[k] == '/') ++k;
  return p.substr(k);
}

}  // namespace

// Opens the root, checks openat2 works, and duplicates disco's stdin/stdout/stderr.
GuestFs::GuestFs(const std::string& hostRoot) {
  char real[PATH_MAX];
  if (!::realpath(hostRoot.c_str(), real)) throw std::runtime_error("root " + hostRoot + ": cannot resolve");
  rootReal_ = real;
  if (rootReal_ == "/") rootReal_.clear();
  rootFd_ = ::open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootFd_ < 0) throw std::runtime_error("root " + hostRoot + ": not an accessible directory");
  // Confinement relies on openat2 (Linux 5.6+); refuse to run without it.
  const int probe = openInRoot(rootFd_, ".", O_PATH, 0);
  if (probe < 0 && errno == ENOSYS)
    throw std::runtime_error("the host kernel has no openat2 (Linux 5.6+), which confines paths to the root");
  if (probe >= 0) ::close(probe);
  // The guest starts where disco runs, if that is inside the root.
  char here[PATH_MAX];
  if (::getcwd(here, sizeof here))
    if (auto p = guestPathOfHostPath(here)) cwd_ = *p;
  for (int k = 0; k < 3; ++k) {
    const int dup = ::fcntl(k, F_DUPFD_CLOEXEC, 3);
    if (dup >= 0) place(k, dup, false);
  }
}

// Closes every guest descriptor and the root.
GuestFs::~GuestFs() {
  for (const Entry& e : fds_)
    if (e.hostFd >= 0) ::close(e.hostFd);
  if (rootFd_ >= 0) ::close(rootFd_);
}

// Joins a relative path to the cwd or to the directory behind dirfd.
int GuestFs::absolutePath(int guestDirFd, const std::string& path, std::string& out) const {
  if (!path.empty() && path[0] == '/') {
    out = path;
    return 0;
  }
  std::string base = cwd_;
  if (guestDirFd != kAtFdCwd) {
    const int h = host(guestDirFd);
    if (h < 0) return -abi::err::kEBADF;
    auto p = guestPathOf(h);
    if (!p) return -abi::err::kENOENT;
    struct stat st;
    if (::fstat(h, &st) == 0 && !S_ISDIR(st.st_mode)) return -abi::err::kENOTDIR;
    base = *p;
  }
  out = path.empty() ? base : (base == "/" ? "/" + path : base + "/" + path);
  return 0;
}

// Resolves the path inside the root and opens it on the host.
int GuestFs::openHost(int guestDirFd, const std::string& path, int hostFlags, unsigned mode) const {
  if (path.empty()) return -abi::err::kENOENT;
  if (path.size() >= PATH_MAX) return -abi::err::kENAMETOOLONG;
  std::string abs;
  if (int e = absolutePath(guestDirFd, path, abs); e < 0) return e;
  const int fd = openInRoot(rootFd_, stripSlashes(abs), hostFlags, mode);
  if (fd < 0) {
    // EXDEV from openat2 means the path tried to leave the root.
    return errno == EXDEV ? -abi::err::kENOENT : -abi::errnoToGuest(errno);
  }
  return fd;
}

// Opens the directory that holds the last component, inside the root.
int GuestFs::openParent(int guestDirFd, const std::string& path, std::string& leaf) const {
  if (path.empty()) return -abi::err::kENOENT;
  std::string abs;
  if (int e = absolutePath(guestDirFd, path, abs); e < 0) return e;
  while (abs.size() > 1 && abs.back() == '/') abs.pop_back();
  const size_t slash = abs.rfind('/');
  leaf = abs.substr(slash + 1);
  std::string parent = abs.substr(0, slash);
  if (leaf.empty() || leaf == "." || leaf == "..") {
    leaf.clear();
    parent = abs;
  }
  const int fd = openInRoot(rootFd_, stripSlashes(parent), O_PATH | O_DIRECTORY, 0);
  if (fd < 0) return errno == EXDEV ? -abi::err::kENOENT : -abi::errnoToGuest(errno);
  return fd;
}

// Strips the root prefix; nullopt for paths outside it.
std::optional<std::string> GuestFs::guestPathOfHostPath(const std::string& hostPath) const {
  if (hostPath.compare(0, rootReal_.size(), rootReal_) != 0) return std::nullopt;
  const std::string rest = hostPath.substr(rootReal_.size());
  if (rest.empty()) return "/";
  if (rest[0] != '/') return std::nullopt;
  return rest;
}

// Reads the descriptor's path from /proc/self/fd and makes it a guest path.
std::optional<std::string> GuestFs::guestPathOf(int hostFd) const {
  char buf[PATH_MAX];
  const std::string link = "/proc/self/fd/" + std::to_string(hostFd);
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  if (n < 0) return std::nullopt;
  return guestPathOfHostPath(std::string(buf, size_t(n)));
}

// Changes the guest cwd to the canonical guest path of a directory.
int GuestFs::chdir(const std::string& path) {
  const int fd = openHost(kAtFdCwd, path, O_PATH | O_DIRECTORY, 0);
  if (fd < 0) return fd;
  auto p = guestPathOf(fd);
  ::close(fd);
  if (!p) return -abi::err::kENOENT;
  cwd_ = *p;
  return 0;
}

// Changes the guest cwd to the directory behind a descriptor.
int GuestFs::fchdir(int guestFd) {
  const int h = host(guestFd);
  if (h < 0) return -abi::err::kEBADF;
  struct stat st;
  if (::fstat(h, &st) != 0 || !S_ISDIR(st.st_mode)) return -abi::err::kENOTDIR;
  auto p = guestPathOf(h);
  if (!p) return -abi::err::kENOENT;
  cwd_ = *p;
  return 0;
}

// The host descriptor of a guest one, or -1.
int GuestFs::host(int guestFd) const {
  if (guestFd < 0 || size_t(guestFd) >= fds_.size()) return -1;
  return fds_[size_t(guestFd)].hostFd;
}

// Takes the lowest free guest number at or above minFd.
int GuestFs::add(int hostFd, bool cloexec, int minFd) {
  for (int k = std::max(minFd, 0); k < kMaxFds; ++k) {
    if (host(k) < 0) {
      place(k, hostFd, cloexec);
      return k;
    }
  }
  ::close(hostFd);
  return -abi::err::kEMFILE;
}

// Installs a host descriptor at a guest number, closing the old one.
void GuestFs::place(int guestFd, int hostFd, bool cloexec) {
  if (size_t(guestFd) >= fds_.size()) fds_.resize(size_t(guestFd) + 1);
  Entry& e = fds_[size_t(guestFd)];
  if (e.hostFd >= 0) ::close(e.hostFd);
  e = Entry{hostFd, cloexec};
}

// Closes a guest descriptor and its host descriptor.
int GuestFs::close(int guestFd) {
  const int h = host(guestFd);
  if (h < 0) return -abi::err::kEBADF;
  fds_[size_t(guestFd)] = Entry{};
  return ::close(h) == 0 ? 0 : -abi::errnoToGuest(errno);
}

bool GuestFs::cloexec(int guestFd) const { return host(guestFd) >= 0 && fds_[size_t(guestFd)].cloexec; }

// Sets the guest's close-on-exec flag.
void GuestFs::setCloexec(int guestFd, bool on) {
  if (host(guestFd) >= 0) fds_[size_t(guestFd)].cloexec = on;
}

}  // namespace mips::se
