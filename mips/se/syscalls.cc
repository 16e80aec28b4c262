// The system-call dispatcher of se mode, and the calls about the process
// itself: exit, identity, time, limits, signals. Numbers are 5000 + the index
// in the kernel's syscall_n64.tbl; results are values or -errno in MIPS
// numbering. docs/se.md lists what is served, what answers ENOSYS, and what
// fails on purpose. Files: syscalls_files.cc; memory: syscalls_memory.cc.
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "mips/se/syscall_util.h"

namespace mips::se {
namespace {

using namespace abi::err;
using namespace sys;

// Guest RLIMIT_* (MIPS numbering) -> host resource, or -1.
int hostResource(uint64_t guest) {
  static constexpr int kMap[] = {RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE,
                                 RLIMIT_NOFILE, RLIMIT_AS, RLIMIT_RSS, RLIMIT_NPROC, RLIMIT_MEMLOCK,
                                 RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE, RLIMIT_NICE,
                                 RLIMIT_RTPRIO, RLIMIT_RTTIME};
  return guest < std::size(kMap) ? kMap[guest] : -1;
}

}  // namespace

// Counts the call and hands it to the theme that serves it; ENOSYS otherwise.
int64_t Process::syscall(uint64_t number, const std::array<uint64_t, 6>& a) {
  const std::string name = abi::syscallName(number);
  currentSyscall = name.empty() ? "nr " + std::to_string(number) : name;
  // Counted as served first; refuse() moves a call to the unsupported table.
  ++result.syscalls[currentSyscall];
  if (number < abi::kSyscallBase || number - abi::kSyscallBase > 1000) return refuse(-kENOSYS);
  const unsigned n = unsigned(number - abi::kSyscallBase);
  if (auto r = fileSyscall(n, a)) return *r;
  if (auto r = memorySyscall(n, a)) return *r;
  if (auto r = processSyscall(n, a)) return *r;
  return refuse(-kENOSYS);
}

// Counts the current call as unsupported instead of served.
int64_t Process::refuse(int64_t error) {
  if (--result.syscalls[currentSyscall] == 0) result.syscalls.erase(currentSyscall);
  ++result.unsupportedSyscalls[currentSyscall];
  return error;
}

// The process, its identity, time, limits and signals.
std::optional<int64_t> Process::processSyscall(unsigned n, const std::array<uint64_t, 6>& a) {
  const int64_t sa0 = int64_t(a[0]);
  int error = 0;
  switch (n) {
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
      const int r = n == 222 ? ::clock_gettime(clockid_t(a[0]), &ts)
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
      const bool clock = n == 224;
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
    case 33:  // pause: returns EINTR once a signal is handled; only the timer can send one
      while (!hasDeliverableSignal()) {
        if (!waitForAlarm()) {
          fail("pause() would wait forever (no signal is pending and no timer is armed)", cpu->pc);
          return 0;
        }
      }
      return -kEINTR;
    case 128: {  // rt_sigsuspend: waits with a temporary mask for a signal
      if (a[1] != 16) return -kEINVAL;
      SigSet wait;
      if (!get(a[0], wait.words[0]) || !get(a[0] + 8, wait.words[1])) return -kEFAULT;
      const SigSet old = blocked;
      blocked = wait;
      blocked.remove(abi::sig::KILL);
      blocked.remove(abi::sig::STOP);
      while (!hasDeliverableSignal()) {
        if (!waitForAlarm()) {
          blocked = old;
          fail("rt_sigsuspend() would wait forever (no signal is pending and no timer is armed)", cpu->pc);
          return 0;
        }
      }
      maskAfterSuspend = old;
      return -kEINTR;
    }
    case 37: {  // alarm: SIGALRM after a[0] seconds; returns the seconds left of the previous one
      using namespace std::chrono;
      const auto now = steady_clock::now();
      const int64_t before = alarmDue ? duration_cast<seconds>(*alarmDue - now + seconds(1) - nanoseconds(1)).count() : 0;
      alarmPeriod = nanoseconds(0);
      if (a[0] == 0) alarmDue.reset();
      else alarmDue = now + seconds(uint32_t(a[0]));
      cpu->requestStop();  // the run loop now watches the clock
      return std::max<int64_t>(before, 0);
    }
    case 35: case 36: {  // getitimer, setitimer: ITIMER_REAL only (struct itimerval: four longs)
      using namespace std::chrono;
      if (a[0] != 0) {
        ++result.unsupportedSyscalls["itimer " + std::to_string(a[0])];
        return -kEINVAL;
      }
      const bool set = n == 36;
      const uint64_t oldVa = set ? a[2] : a[1];
      int64_t nextSec = 0, nextUsec = 0, periodSec = 0, periodUsec = 0;
      if (set && a[1] &&
          !(get(a[1], periodSec) && get(a[1] + 8, periodUsec) && get(a[1] + 16, nextSec) && get(a[1] + 24, nextUsec)))
        return -kEFAULT;
      if (set && (nextUsec < 0 || nextUsec >= 1000000 || periodUsec < 0 || periodUsec >= 1000000)) return -kEINVAL;
      if (oldVa) {
        const auto left = alarmDue ? duration_cast<microseconds>(*alarmDue - steady_clock::now()) : microseconds(0);
        const int64_t leftUs = std::max<int64_t>(left.count(), alarmDue ? 1 : 0);
        const int64_t periodUs = duration_cast<microseconds>(alarmPeriod).count();
        if (!(put<int64_t>(oldVa, periodUs / 1000000) && put<int64_t>(oldVa + 8, periodUs % 1000000) &&
              put<int64_t>(oldVa + 16, leftUs / 1000000) && put<int64_t>(oldVa + 24, leftUs % 1000000)))
          return -kEFAULT;
      }
      if (set) {
        const auto value = seconds(nextSec) + microseconds(nextUsec);
        alarmPeriod = seconds(periodSec) + microseconds(periodUsec);
        if (value.count() == 0) alarmDue.reset();
        else alarmDue = steady_clock::now() + value;
        cpu->requestStop();  // the run loop now watches the clock
      }
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
    case 95: case 297: {  // getrlimit, prlimit64 (new limits are accepted, not enforced)
      const bool prlimit = n == 297;
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
    case 196: {  // sched_getaffinity: one CPU, in an 8-byte mask (the kernel's cpumask size)
      if (a[1] < 8 || (a[1] & 7)) return -kEINVAL;
      return put<uint64_t>(a[2], 1) ? 8 : -kEFAULT;
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
    case 194: {  // futex: with one thread, WAKE wakes nobody and a WAIT that matches never ends
      const uint64_t op = a[1] & 0x7f;  // without FUTEX_PRIVATE_FLAG / CLOCK_REALTIME
      if (op == 1 || op == 10) return 0;  // FUTEX_WAKE, FUTEX_WAKE_BITSET
      if (op == 0 || op == 9) {           // FUTEX_WAIT, FUTEX_WAIT_BITSET
        uint32_t value;
        if (!get(a[0], value)) return -kEFAULT;
        if (value != uint32_t(a[2])) return -kEAGAIN;
        if (a[3]) return -abi::errnoToGuest(ETIMEDOUT);  // a timed wait just times out
        fail("futex wait would wait forever (one thread, nobody wakes it)", cpu->pc);
        return 0;
      }
      ++result.unsupportedSyscalls["futex op " + std::to_string(op)];
      return -kENOSYS;
    }
    case 271: {  // getcpu: CPU 0 of node 0
      if (a[0] && !put<uint32_t>(a[0], 0)) return -kEFAULT;
      if (a[1] && !put<uint32_t>(a[1], 0)) return -kEFAULT;
      return 0;
    }
    case 109: return ::getpgrp();                                    // getpgrp
    case 119: return a[0] == 0 ? ::getpgrp() : hostResult(::getpgid(pid_t(a[0])));  // getpgid
    case 122: return hostResult(::getsid(pid_t(a[0])));              // getsid
    case 23: return 0;   // sched_yield
    case 197: return 0;  // cacheflush: the decoded-code cache already follows every store
    case 27: return 0;  // madvise: advice only
    case 93: {          // umask
      const unsigned old = umask;
      umask = unsigned(a[0]) & 0777;
      return old;
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
    case 58: case 205:  // exit, exit_group
      result.end = Result::End::Exited;
      result.exitStatus = int(a[0] & 0xff);
      finished = true;
      cpu->requestStop();
      return 0;
    case 327:  // rseq: registration is optional and glibc runs without it; ENOSYS is
               // the served answer (as on kernels before 4.18), not a missing feature.
      return -kENOSYS;
    // No second process or program: these fail (counted as unsupported).
    case 55: case 56: case 435:  // clone, fork, clone3
      return refuse(-kEAGAIN);
    case 57: case 316:  // execve, execveat
      return refuse(-kENOSYS);
    case 59: case 237:  // wait4, waitid: there are no children
      return -kECHILD;
    default:
      return std::nullopt;
  }
}

}  // namespace mips::se
