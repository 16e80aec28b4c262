// The Linux MIPS n64 user ABI as the guest sees it: syscall numbers and
// names, errno values, open/mmap flag bits, signal numbers. MIPS differs from
// the x86 host in many of these (ENOSYS is 89, O_CREAT is 0x100, SIGUSR1 is
// 16, ...), so every value crossing between guest and host is translated here.
// Sources: the kernel's arch/mips/include/uapi/asm/*.h and
// arch/mips/kernel/syscalls/syscall_n64.tbl.
#pragma once

#include <cstdint>
#include <string>

namespace mips::se::abi {

inline constexpr uint64_t kSyscallBase = 5000;  // n64 syscall numbers start here

// The n64 name of syscall `number` (5000-based), or "" if unknown.
std::string syscallName(uint64_t number);

// Host errno -> MIPS errno (positive). Unknown values map to EINVAL's number.
int errnoToGuest(int hostErrno);

// MIPS errno values used directly by the emulation (k + the C name, which is a host macro).
namespace err {
inline constexpr int kEPERM = 1, kENOENT = 2, kESRCH = 3, kEINTR = 4, kEIO = 5, kEBADF = 9, kECHILD = 10, kEAGAIN = 11,
                     kENOMEM = 12, kEACCES = 13, kEFAULT = 14, kEEXIST = 17, kENOTDIR = 20, kEISDIR = 21, kEINVAL = 22,
                     kEMFILE = 24, kENOTTY = 25, kESPIPE = 29, kERANGE = 34, kENAMETOOLONG = 78, kENOSYS = 89,
                     kELOOP = 90, kEOPNOTSUPP = 122;
}

// Guest open(2) flags <-> host flags.
int openFlagsToHost(uint64_t guestFlags);
uint64_t openFlagsToGuest(int hostFlags);
inline constexpr uint64_t kGuestOCloexec = 0x80000;

// mmap flags and prot bits of MIPS.
namespace mmapf {
inline constexpr uint64_t SHARED = 0x1, PRIVATE = 0x2, FIXED = 0x10, ANONYMOUS = 0x800, FIXED_NOREPLACE = 0x100000;
}

// Signals (MIPS numbering).
namespace sig {
inline constexpr int HUP = 1, INT = 2, QUIT = 3, ILL = 4, TRAP = 5, ABRT = 6, EMT = 7, FPE = 8, KILL = 9, BUS = 10,
                     SEGV = 11, SYS = 12, PIPE = 13, ALRM = 14, TERM = 15, USR1 = 16, USR2 = 17, CHLD = 18,
                     PWR = 19, WINCH = 20, URG = 21, IO = 22, STOP = 23, TSTP = 24, CONT = 25, TTIN = 26,
                     TTOU = 27, VTALRM = 28, PROF = 29, XCPU = 30, XFSZ = 31;
inline constexpr int kCount = 128;  // _NSIG on MIPS; signals are 1..128
}
// "SIGSEGV" etc., or "SIG<n>" / "SIGRT<n>".
std::string signalName(int signal);

// What a signal does when its action is SIG_DFL.
enum class DefaultAction { Terminate, Ignore, Stop };
DefaultAction defaultAction(int signal);

// sa_flags bits, siginfo codes.
namespace sa {
inline constexpr uint32_t NOCLDSTOP = 0x1, SIGINFO = 0x8, ONSTACK = 0x08000000, RESTART = 0x10000000,
                          NODEFER = 0x40000000, RESETHAND = 0x80000000;
}
namespace si {
inline constexpr int kUSER = 0, kKERNEL = 0x80, kTKILL = -6;
inline constexpr int kILL_ILLOPC = 1, kFPE_INTDIV = 1, kFPE_INTOVF = 2, kFPE_FLTDIV = 3, kFPE_FLTOVF = 4, kFPE_FLTUND = 5,
                     kFPE_FLTRES = 6, kFPE_FLTINV = 7, kSEGV_MAPERR = 1, kSEGV_ACCERR = 2, kBUS_ADRALN = 1, kTRAP_BRKPT = 1;
}

}  // namespace mips::se::abi
