// The file system and file descriptors the guest sees.
//
// Options::root is the guest's "/": every guest path, absolute or relative
// (joined to the guest's cwd or to the directory a dirfd names), is resolved
// by the host kernel with openat2(RESOLVE_IN_ROOT) against a descriptor of
// the root, so "..", absolute symlinks and symlinks pointing outside all stay
// inside it (like chroot). Operations on a name (unlink, mkdir, rename,
// lstat, readlink) open the parent directory that way and act on the last
// component relative to it. A path that cannot be resolved inside the root
// fails with the host's error (usually ENOENT).
//
// Guest descriptors are a table of host descriptors (guest 0/1/2 start as
// duplicates of disco's own stdin/stdout/stderr, so a guest close() never
// closes disco's streams). Errors are returned as negative MIPS errno values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mips::se {

class GuestFs {
 public:
  // Throws std::runtime_error if hostRoot is not an accessible directory.
  explicit GuestFs(const std::string& hostRoot);
  ~GuestFs();
  GuestFs(const GuestFs&) = delete;
  GuestFs& operator=(const GuestFs&) = delete;

  static constexpr int kAtFdCwd = -100;

  // ---- paths ----
  // The absolute guest path `path` names relative to guest dirfd (or cwd).
  // Returns -errno if dirfd is bad.
  int absolutePath(int guestDirFd, const std::string& path, std::string& out) const;
  // Opens a guest path inside the root with host open flags; returns a host fd or -guest errno.
  int openHost(int guestDirFd, const std::string& path, int hostFlags, unsigned mode) const;
  // Opens the parent directory of a guest path (O_PATH) and gives the last
  // component; returns the host fd or -guest errno. "." / ".." / "" leaves
  // are resolved whole instead (leaf is then "", use AT_EMPTY_PATH).
  int openParent(int guestDirFd, const std::string& path, std::string& leaf) const;
  // The guest path of an open host descriptor ("/..." inside the root).
  std::optional<std::string> guestPathOf(int hostFd) const;
  // Whether a host path lies inside the root; gives its guest path.
  std::optional<std::string> guestPathOfHostPath(const std::string& hostPath) const;

  const std::string& cwd() const { return cwd_; }
  int chdir(const std::string& path);
  int fchdir(int guestFd);

  // ---- descriptors ----
  // The host fd behind a guest fd, or -1.
  int host(int guestFd) const;
  // Adds a host fd at the lowest free guest number >= minFd; returns it (or -EMFILE).
  int add(int hostFd, bool cloexec, int minFd = 0);
  // Places a host fd at exactly guestFd (closing what was there).
  void place(int guestFd, int hostFd, bool cloexec);
  int close(int guestFd);
  bool cloexec(int guestFd) const;
  void setCloexec(int guestFd, bool on);
  static constexpr int kMaxFds = 1024;

 private:
  struct Entry {
    int hostFd = -1;
    bool cloexec = false;
  };
  int rootFd_ = -1;
  std::string rootReal_;  // realpath of the root, without a trailing '/'
  std::string cwd_ = "/";
  std::vector<Entry> fds_;
};

}  // namespace mips::se
