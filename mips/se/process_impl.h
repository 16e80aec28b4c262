// Inside se mode: the emulated process (memory, CPU, files, signals) and the
// pieces of run() that the tests drive one at a time. The public interface is
// process.h; this header is for mips/se/*.cc and their tests.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mips/cpu.h"
#include "mips/elf.h"
#include "mips/se/abi.h"
#include "mips/se/guest_fs.h"
#include "mips/se/memory.h"
#include "mips/se/process.h"

namespace mips::se {

// Exit statuses disco returns for ends that are not the guest's own exit.
inline constexpr int kExitInstructionLimit = 124;  // like timeout(1)
inline constexpr int kExitError = 125;             // unhandled guest state
inline constexpr int kExitSignalBase = 128;        // + signal number, like a shell

// Where QEMU's user mode puts things, copied so a program sees the same addresses.
inline constexpr uint64_t kStackSize = 8 << 20;          // plus one guard page below
inline constexpr uint64_t kStackBase = AddressSpace::kMmapBase;
inline constexpr const char* kPlatform = "mips64r2";     // AT_BASE_PLATFORM of the reference CPU

// A set of signals 1..128 (bit n-1), as the kernel's sigset_t.
struct SigSet {
  std::array<uint64_t, 2> words{};
  bool has(int s) const { return (words[unsigned(s - 1) / 64] >> (unsigned(s - 1) % 64)) & 1; }
  void add(int s) { words[unsigned(s - 1) / 64] |= uint64_t{1} << (unsigned(s - 1) % 64); }
  void remove(int s) { words[unsigned(s - 1) / 64] &= ~(uint64_t{1} << (unsigned(s - 1) % 64)); }
};

// The kernel's siginfo for one signal (MIPS order: signo, code, errno).
struct SigInfo {
  int signo = 0;
  int code = 0;
  uint64_t addr = 0;  // faults: the address
  int pid = 0;        // kill/tkill: the sender
  unsigned uid = 0;
  bool fault = false;  // addr is meaningful (else pid/uid)
};

struct SigAction {
  uint64_t handler = 0;  // 0 SIG_DFL, 1 SIG_IGN, else the guest address
  uint32_t flags = 0;
  SigSet mask;
};

// The rt_sigframe of Linux/MIPS n64 (arch/mips/kernel/signal.c): 24 bytes of
// o32 argument save area and padding, siginfo (128), ucontext.
namespace frame {
inline constexpr uint64_t kInfo = 24, kUc = 152, kSize = 808;
// Offsets inside the ucontext.
inline constexpr uint64_t kUcStack = 16, kMcontext = 40, kSigmask = 640;
// Offsets inside the sigcontext (mcontext).
inline constexpr uint64_t kRegs = 0, kFpregs = 256, kMdhi = 512, kMdlo = 544, kPc = 576, kFpcCsr = 584,
                          kUsedMath = 588;
}  // namespace frame

class Process : public CpuHooks {
 public:
  // Loads the program and builds the start-up stack. Throws LoadError.
  explicit Process(const Options& options);
  ~Process() override;

  // Runs to the end and fills the result.
  Result run();

  // ---- CPU hooks ----
  bool onSyscall(Cpu& cpu) override;
  bool onException(Cpu& cpu, const GuestException& e) override;

  // One system call with the n64 arguments; returns the result or -errno (MIPS).
  int64_t syscall(uint64_t number, const std::array<uint64_t, 6>& a);
  // The calls by theme (n = number - 5000); nullopt when n is not theirs.
  std::optional<int64_t> fileSyscall(unsigned n, const std::array<uint64_t, 6>& a);
  std::optional<int64_t> memorySyscall(unsigned n, const std::array<uint64_t, 6>& a);
  std::optional<int64_t> processSyscall(unsigned n, const std::array<uint64_t, 6>& a);
  // Moves the current call from the served to the unsupported count; returns error.
  int64_t refuse(int64_t error);
  std::string currentSyscall;  // its name (or "nr N"), for the counts

  // ---- guest memory from the host side (false: fault, the syscall says EFAULT) ----
  bool readGuest(uint64_t va, void* dst, uint64_t size);
  bool writeGuest(uint64_t va, const void* src, uint64_t size);
  // A NUL-terminated guest string of at most `max` bytes; nullopt on a fault
  // or when too long (error set to EFAULT or ENAMETOOLONG).
  std::optional<std::string> readString(uint64_t va, int& error, size_t max = 4096);
  template <typename T>
  T toGuest(T v) const { return cpu->bigEndian ? byteSwap(v) : v; }
  template <typename T>
  bool put(uint64_t va, T v) {
    v = toGuest(v);
    return writeGuest(va, &v, sizeof v);
  }
  template <typename T>
  bool get(uint64_t va, T& v) {
    if (!readGuest(va, &v, sizeof v)) return false;
    v = toGuest(v);
    return true;
  }

  // ---- signals (signals.cc) ----
  // Queues a signal for the process (kill, tkill, faults go through deliverFault).
  void queueSignal(const SigInfo& info);
  // Delivers the first deliverable pending signal, if any; resumePc is where
  // the guest continues when the handler returns.
  // betweenInstructions: delivered by the run loop (not at a system call), so
  // the handler starts at once instead of after the current instruction.
  void deliverPending(uint64_t resumePc, bool betweenInstructions = false);
  // The real-time timer (alarm, setitimer ITIMER_REAL): queues SIGALRM when due.
  void checkAlarm();
  // pause/sigsuspend with nothing pending: sleeps until the timer fires.
  // False when no timer is armed (the wait would never end).
  bool waitForAlarm();
  // True when a pending signal is unblocked and would do something.
  bool hasDeliverableSignal() const;
  // A synchronous fault: deliver now (or terminate if blocked/ignored).
  void deliverFault(const SigInfo& info, uint64_t resumePc);
  // rt_sigreturn: restores the context saved by deliver. Returns false on a bad frame.
  bool sigreturn();
  // Ends the run as killed by `signal`, naming the instruction at pc.
  void terminate(int signal, uint64_t pc);
  // Ends the run with an error message (unhandled state).
  void fail(const std::string& what, uint64_t pc);
  // "at pc 0x...: <disassembly>" for messages.
  std::string where(uint64_t pc);

  // ---- memory management (syscalls.cc) ----
  int64_t doBrk(uint64_t addr);
  int64_t doMmap(uint64_t addr, uint64_t length, uint64_t prot, uint64_t flags, int64_t fd, uint64_t offset);
  int64_t doMremap(uint64_t old, uint64_t oldSize, uint64_t newSize, uint64_t flags, uint64_t newAddr);

  Options options;
  AddressSpace memory;
  std::unique_ptr<Cpu> cpu;
  std::unique_ptr<GuestFs> fs;
  elf::Image image;
  Result result;
  bool finished = false;

  uint64_t brkStart = 0, brkCurrent = 0;  // program break
  uint64_t mmapNext = 0;                  // next-fit pointer of mmap, like QEMU
  uint64_t stackTop = 0, trampoline = 0;  // trampoline: li v0, rt_sigreturn; syscall
  uint64_t initialSp = 0;
  uint64_t randomBytes = 0, execfnAddr = 0;
  std::string programGuestPath;           // readlink("/proc/self/exe")
  unsigned umask = 022;
  uint64_t tidAddress = 0;
  std::string threadName;                 // prctl(PR_SET_NAME); starts as the program's base name

  std::array<SigAction, abi::sig::kCount + 1> actions{};
  SigSet blocked;
  std::optional<SigSet> maskAfterSuspend;  // set by rt_sigsuspend until its signal is delivered
  std::vector<SigInfo> pending;
  std::optional<std::chrono::steady_clock::time_point> alarmDue;  // armed real-time timer
  std::chrono::nanoseconds alarmPeriod{0};                        // its interval (0: one shot)
  uint64_t altStackSp = 0, altStackSize = 0;
  bool altStackEnabled = false;

 private:
  void load();
  void buildStack();
  void mapTrampoline();
};

}  // namespace mips::se
