// Tables of the MIPS n64 Linux ABI and the host <-> guest translations (see abi.h).
#include "mips/se/abi.h"

#include <cerrno>
#include <fcntl.h>

#include <array>
#include <utility>

namespace mips::se::abi {
namespace {

// syscall_n64.tbl, numbers 5000..5328 (238 is unused).
constexpr const char* kSyscallNames[] = {
    "read", "write", "open", "close", "stat", "fstat", "lstat", "poll", "lseek", "mmap", "mprotect", "munmap",
    "brk", "rt_sigaction", "rt_sigprocmask", "ioctl", "pread64", "pwrite64", "readv", "writev", "access",
    "pipe", "_newselect", "sched_yield", "mremap", "msync", "mincore", "madvise", "shmget", "shmat", "shmctl",
    "dup", "dup2", "pause", "nanosleep", "getitimer", "setitimer", "alarm", "getpid", "sendfile", "socket",
    "connect", "accept", "sendto", "recvfrom", "sendmsg", "recvmsg", "shutdown", "bind", "listen",
    "getsockname", "getpeername", "socketpair", "setsockopt", "getsockopt", "clone", "fork", "execve", "exit",
    "wait4", "kill", "uname", "semget", "semop", "semctl", "shmdt", "msgget", "msgsnd", "msgrcv", "msgctl",
    "fcntl", "flock", "fsync", "fdatasync", "truncate", "ftruncate", "getdents", "getcwd", "chdir", "fchdir",
    "rename", "mkdir", "rmdir", "creat", "link", "unlink", "symlink", "readlink", "chmod", "fchmod", "chown",
    "fchown", "lchown", "umask", "gettimeofday", "getrlimit", "getrusage", "sysinfo", "times", "ptrace",
    "getuid", "syslog", "getgid", "setuid", "setgid", "geteuid", "getegid", "setpgid", "getppid", "getpgrp",
    "setsid", "setreuid", "setregid", "getgroups", "setgroups", "setresuid", "getresuid", "setresgid",
    "getresgid", "getpgid", "setfsuid", "setfsgid", "getsid", "capget", "capset", "rt_sigpending",
    "rt_sigtimedwait", "rt_sigqueueinfo", "rt_sigsuspend", "sigaltstack", "utime", "mknod", "personality",
    "ustat", "statfs", "fstatfs", "sysfs", "getpriority", "setpriority", "sched_setparam", "sched_getparam",
    "sched_setscheduler", "sched_getscheduler", "sched_get_priority_max", "sched_get_priority_min",
    "sched_rr_get_interval", "mlock", "munlock", "mlockall", "munlockall", "vhangup", "pivot_root", "_sysctl",
    "prctl", "adjtimex", "setrlimit", "chroot", "sync", "acct", "settimeofday", "mount", "umount2", "swapon",
    "swapoff", "reboot", "sethostname", "setdomainname", "create_module", "init_module", "delete_module",
    "get_kernel_syms", "query_module", "quotactl", "nfsservctl", "getpmsg", "putpmsg", "afs_syscall",
    "reserved177", "gettid", "readahead", "setxattr", "lsetxattr", "fsetxattr", "getxattr", "lgetxattr",
    "fgetxattr", "listxattr", "llistxattr", "flistxattr", "removexattr", "lremovexattr", "fremovexattr",
    "tkill", "reserved193", "futex", "sched_setaffinity", "sched_getaffinity", "cacheflush", "cachectl",
    "sysmips", "io_setup", "io_destroy", "io_getevents", "io_submit", "io_cancel", "exit_group",
    "lookup_dcookie", "epoll_create", "epoll_ctl", "epoll_wait", "remap_file_pages", "rt_sigreturn",
    "set_tid_address", "restart_syscall", "semtimedop", "fadvise64", "timer_create", "timer_settime",
    "timer_gettime", "timer_getoverrun", "timer_delete", "clock_settime", "clock_gettime", "clock_getres",
    "clock_nanosleep", "tgkill", "utimes", "mbind", "get_mempolicy", "set_mempolicy", "mq_open", "mq_unlink",
    "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr", "vserver", "waitid", "", "add_key",
    "request_key", "keyctl", "set_thread_area", "inotify_init", "inotify_add_watch", "inotify_rm_watch",
    "migrate_pages", "openat", "mkdirat", "mknodat", "fchownat", "futimesat", "newfstatat", "unlinkat",
    "renameat", "linkat", "symlinkat", "readlinkat", "fchmodat", "faccessat", "pselect6", "ppoll", "unshare",
    "splice", "sync_file_range", "tee", "vmsplice", "move_pages", "set_robust_list", "get_robust_list",
    "kexec_load", "getcpu", "epoll_pwait", "ioprio_set", "ioprio_get", "utimensat", "signalfd", "timerfd",
    "eventfd", "fallocate", "timerfd_create", "timerfd_gettime", "timerfd_settime", "signalfd4", "eventfd2",
    "epoll_create1", "dup3", "pipe2", "inotify_init1", "preadv", "pwritev", "rt_tgsigqueueinfo",
    "perf_event_open", "accept4", "recvmmsg", "fanotify_init", "fanotify_mark", "prlimit64",
    "name_to_handle_at", "open_by_handle_at", "clock_adjtime", "syncfs", "sendmmsg", "setns",
    "process_vm_readv", "process_vm_writev", "kcmp", "finit_module", "getdents64", "sched_setattr",
    "sched_getattr", "renameat2", "seccomp", "getrandom", "memfd_create", "bpf", "execveat", "userfaultfd",
    "membarrier", "mlock2", "copy_file_range", "preadv2", "pwritev2", "pkey_mprotect", "pkey_alloc",
    "pkey_free", "statx", "rseq", "io_pgetevents",
};

// Numbers above the table that the kernel shares across architectures (+5000 on n64).
constexpr std::pair<unsigned, const char*> kLaterSyscalls[] = {
    {424, "pidfd_send_signal"}, {425, "io_uring_setup"}, {426, "io_uring_enter"}, {427, "io_uring_register"},
    {428, "open_tree"}, {429, "move_mount"}, {430, "fsopen"}, {431, "fsconfig"}, {432, "fsmount"},
    {433, "fspick"}, {434, "pidfd_open"}, {435, "clone3"}, {436, "close_range"}, {437, "openat2"},
    {438, "pidfd_getfd"}, {439, "faccessat2"}, {440, "process_madvise"}, {441, "epoll_pwait2"},
    {442, "mount_setattr"}, {443, "quotactl_fd"}, {444, "landlock_create_ruleset"}, {445, "landlock_add_rule"},
    {446, "landlock_restrict_self"}, {448, "process_mrelease"}, {449, "futex_waitv"},
    {450, "set_mempolicy_home_node"}, {451, "cachestat"}, {452, "fchmodat2"},
};

// Host errno -> MIPS errno, for every value where the two differ (1..34 agree).
constexpr std::pair<int, int> kErrno[] = {
    {ENOMSG, 35}, {EIDRM, 36}, {ECHRNG, 37}, {EL2NSYNC, 38}, {EL3HLT, 39}, {EL3RST, 40}, {ELNRNG, 41},
    {EUNATCH, 42}, {ENOCSI, 43}, {EL2HLT, 44}, {EDEADLK, 45}, {ENOLCK, 46}, {EBADE, 50}, {EBADR, 51},
    {EXFULL, 52}, {ENOANO, 53}, {EBADRQC, 54}, {EBADSLT, 55}, {EBFONT, 59}, {ENOSTR, 60}, {ENODATA, 61},
    {ETIME, 62}, {ENOSR, 63}, {ENONET, 64}, {ENOPKG, 65}, {EREMOTE, 66}, {ENOLINK, 67}, {EADV, 68},
    {ESRMNT, 69}, {ECOMM, 70}, {EPROTO, 71}, {EDOTDOT, 73}, {EMULTIHOP, 74}, {EBADMSG, 77},
    {ENAMETOOLONG, 78}, {EOVERFLOW, 79}, {ENOTUNIQ, 80}, {EBADFD, 81}, {EREMCHG, 82}, {ELIBACC, 83},
    {ELIBBAD, 84}, {ELIBSCN, 85}, {ELIBMAX, 86}, {ELIBEXEC, 87}, {EILSEQ, 88}, {ENOSYS, 89}, {ELOOP, 90},
    {ERESTART, 91}, {ESTRPIPE, 92}, {ENOTEMPTY, 93}, {EUSERS, 94}, {ENOTSOCK, 95}, {EDESTADDRREQ, 96},
    {EMSGSIZE, 97}, {EPROTOTYPE, 98}, {ENOPROTOOPT, 99}, {EPROTONOSUPPORT, 120}, {ESOCKTNOSUPPORT, 121},
    {EOPNOTSUPP, 122}, {EPFNOSUPPORT, 123}, {EAFNOSUPPORT, 124}, {EADDRINUSE, 125}, {EADDRNOTAVAIL, 126},
    {ENETDOWN, 127}, {ENETUNREACH, 128}, {ENETRESET, 129}, {ECONNABORTED, 130}, {ECONNRESET, 131},
    {ENOBUFS, 132}, {EISCONN, 133}, {ENOTCONN, 134}, {EUCLEAN, 135}, {ENOTNAM, 137}, {ENAVAIL, 138},
    {EISNAM, 139}, {EREMOTEIO, 140}, {ESHUTDOWN, 143}, {ETOOMANYREFS, 144}, {ETIMEDOUT, 145},
    {ECONNREFUSED, 146}, {EHOSTDOWN, 147}, {EHOSTUNREACH, 148}, {EALREADY, 149}, {EINPROGRESS, 150},
    {ESTALE, 151}, {ECANCELED, 158}, {ENOMEDIUM, 159}, {EMEDIUMTYPE, 160}, {ENOKEY, 161}, {EKEYEXPIRED, 162},
    {EKEYREVOKED, 163}, {EKEYREJECTED, 164}, {EOWNERDEAD, 165}, {ENOTRECOVERABLE, 166}, {ERFKILL, 167},
    {EHWPOISON, 168}, {EDQUOT, 1133},
};

// Guest (MIPS) open flag bit -> host flag bit. O_RDONLY/O_WRONLY/O_RDWR agree.
constexpr std::pair<uint64_t, int> kOpenFlags[] = {
    {0x0008, O_APPEND},    {0x0010, O_DSYNC},     {0x0080, O_NONBLOCK}, {0x0100, O_CREAT},
    {0x0200, O_TRUNC},     {0x0400, O_EXCL},      {0x0800, O_NOCTTY},   {0x1000, FASYNC},
    {0x4000, O_SYNC & ~O_DSYNC},    {0x8000, O_DIRECT},    {0x10000, O_DIRECTORY}, {0x20000, O_NOFOLLOW},
    {0x40000, O_NOATIME},  {0x80000, O_CLOEXEC},  {0x200000, O_PATH},   {0x400000, O_TMPFILE & ~O_DIRECTORY},
};

constexpr const char* kSignalNames[32] = {
    "",        "SIGHUP",  "SIGINT",  "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT", "SIGEMT",
    "SIGFPE",  "SIGKILL", "SIGBUS",  "SIGSEGV", "SIGSYS",    "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPWR",  "SIGWINCH",  "SIGURG",  "SIGIO",   "SIGSTOP",
    "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU", "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ",
};

}  // namespace

// Looks the number up in the n64 table, then among the newer shared numbers.
std::string syscallName(uint64_t number) {
  if (number < kSyscallBase) return "";
  const uint64_t n = number - kSyscallBase;
  if (n < std::size(kSyscallNames)) return kSyscallNames[n];
  for (const auto& [later, name] : kLaterSyscalls)
    if (later == n) return name;
  return "";
}

// Values 1..34 agree; the rest go through the table.
int errnoToGuest(int hostErrno) {
  if (hostErrno > 0 && hostErrno <= 34) return hostErrno;
  for (const auto& [host, guest] : kErrno)
    if (host == hostErrno) return guest;
  return err::kEINVAL;
}

// Translates bit by bit; the access mode (low two bits) agrees.
int openFlagsToHost(uint64_t guestFlags) {
  int host = int(guestFlags & 3);
  for (const auto& [guest, hostBit] : kOpenFlags)
    if (guestFlags & guest) host |= hostBit;
  return host;
}

// The inverse of openFlagsToHost.
uint64_t openFlagsToGuest(int hostFlags) {
  uint64_t guest = uint64_t(hostFlags & 3);
  for (const auto& [guestBit, host] : kOpenFlags)
    if ((hostFlags & host) == host) guest |= guestBit;
  return guest;
}

// Standard names for 1..31, SIGRT<n> above.
std::string signalName(int signal) {
  if (signal > 0 && signal < 32) return kSignalNames[signal];
  if (signal >= 32 && signal <= sig::kCount) return "SIGRT" + std::to_string(signal - 32);
  return "SIG" + std::to_string(signal);
}

// What SIG_DFL does (signal(7)); stop signals are reported as Stop.
DefaultAction defaultAction(int signal) {
  switch (signal) {
    case sig::CHLD: case sig::WINCH: case sig::URG: case sig::CONT:
      return DefaultAction::Ignore;
    case sig::STOP: case sig::TSTP: case sig::TTIN: case sig::TTOU:
      return DefaultAction::Stop;
    default:
      return DefaultAction::Terminate;
  }
}

}  // namespace mips::se::abi
