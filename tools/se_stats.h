// Statistics of one se-mode run: the HDF5 file written by `disco se --stats`
// and the human summary printed by `--summary`.
//
// File layout (every name below is readable with h5py, e.g.
// f["instructions/total"][()] or f["config"].attrs["program"]):
//   /config                  attributes: program, args, env, root, max_instructions, trace
//   /instructions/total      uint64 scalar
//   /instructions/by_class   table {name, count}, one row per mips::InsnClass
//   /exceptions              table {name, count}: guest exceptions by cause
//   /syscalls                table {name, count}: system calls served
//   /syscalls_unsupported    table {name, count}: system calls answered ENOSYS
//   /signals                 table {name, count}: Linux signals delivered (name "SIGSEGV"...)
//   /host_seconds            double scalar: wall-clock time of the simulation
//   /simulated_mips          double scalar: instructions / host_seconds / 1e6
//   /exit                    attributes: status, how ("exited", "signalled",
//                            "instruction_limit", "error"), signal, message
// A "table" is a one-dimensional compound dataset with members name (string)
// and count (uint64); a table with no rows has zero length.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mips/se/process.h"

namespace disco {

// One row of a statistics table.
struct NamedCount {
  std::string name;
  uint64_t count = 0;
  bool operator==(const NamedCount&) const = default;
};
using CountTable = std::vector<NamedCount>;

// The name of a Linux signal number on MIPS (which numbers several signals
// differently from x86: SIGUSR1 is 16, SIGCHLD 18, ...), or "signal N".
std::string mipsLinuxSignalName(int signal);

// How a run ended, as stored in /exit's "how" attribute.
const char* endName(mips::se::Result::End end);

// Instructions per host microsecond; 0 when no time was measured.
double simulatedMips(const mips::se::Result& result);

// Writes the statistics file of one run (replacing any existing file).
// Throws std::runtime_error naming the file when it cannot be written.
void writeStatsFile(const std::string& path, const mips::se::Options& options,
                    const mips::se::Result& result);

// Reads back the pieces of a statistics file that tests and tools check.
struct StatsFileContents {
  std::string program;
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::string root;
  uint64_t maxInstructions = 0;
  uint64_t totalInstructions = 0;
  CountTable byClass, exceptions, syscalls, unsupportedSyscalls, signals;
  double hostSeconds = 0;
  double simulatedMips = 0;
  int exitStatus = 0;
  std::string exitHow;
  int exitSignal = 0;
  std::string exitMessage;
};
StatsFileContents readStatsFile(const std::string& path);

// The human summary (several lines, each starting "disco: ").
std::string formatSummary(const mips::se::Options& options, const mips::se::Result& result);

// One line naming the system calls the guest made that se mode does not
// support (they failed with ENOSYS or another error), or "" when there were none.
// Printed after every run (unless --quiet), so nothing fails silently.
std::string formatUnsupportedNote(const mips::se::Result& result);

}  // namespace disco
