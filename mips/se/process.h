// Syscall-emulation (se) mode: one static Linux MIPS64 (n64 ABI) program on
// one CPU, its system calls served by the host. This header is the whole
// interface the command line and the tests use.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "mips/cpu.h"

namespace mips::se {

struct Options {
  std::string program;                 // host path of the ELF to run
  std::vector<std::string> argv;       // argv[0] included
  std::vector<std::string> envp;       // the guest's environment
  std::string root = ".";              // host directory the guest sees as "/"
  uint64_t maxInstructions = 0;        // 0: no limit
  std::ostream* trace = nullptr;       // if set: one disassembled line per instruction
};

// How the guest ended and what it did.
struct Result {
  enum class End { Exited, Signalled, InstructionLimit, Error } end = End::Exited;
  // For Exited: the guest's status (0..255). Otherwise the status disco
  // returns: 128 + signal for Signalled, 124 for InstructionLimit, 125 for
  // Error (see docs/se.md).
  int exitStatus = 0;
  int signal = 0;              // for Signalled: the Linux signal number
  // For Signalled/InstructionLimit/Error: what happened and where, e.g.
  // "guest terminated by signal 11 (SIGSEGV) at pc 0x120001234: 0x8c820000 lw ..."
  // (without a "disco: " prefix; run() prints nothing itself).
  std::string message;
  uint64_t instructions = 0;
  std::array<uint64_t, kInsnClassCount> instructionsByClass{};
  std::map<std::string, uint64_t> syscalls;             // served, by name
  std::map<std::string, uint64_t> unsupportedSyscalls;  // answered ENOSYS, by name (or "nr N")
  std::map<std::string, uint64_t> exceptions;           // guest exceptions, by excCodeName
  std::map<int, uint64_t> signalsDelivered;             // by signal number
  double hostSeconds = 0;
};

// Thrown for a program that cannot be loaded (bad ELF, missing file, ...).
// what() names the file and the cause.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loads and runs a program to completion. Throws LoadError when the program
// cannot be loaded (or Options::root is not a directory).
Result run(const Options& options);

}  // namespace mips::se
