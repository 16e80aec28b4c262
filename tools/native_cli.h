// The command line of full-system mode: `disco native` (boot a kernel on the
// simulated NUMA machine) and `disco topology` (print a machine's
// interconnect). Kept apart from main() so tests can parse without running.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace disco {

// Exit status when a native run ends without the guest powering off (a
// limit was reached, every CPU idles forever, or a CPU is stuck).
inline constexpr int kExitNoPowerOff = 124;

struct NativeCommand {
  std::string machine;                 // --machine: a preset name or a TOML file
  std::vector<std::string> overrides;  // --set key=value, in order
  std::string kernel;                  // --kernel ELF
  std::vector<std::string> disks;      // --disk IMAGE, in order: disk 0, 1, ...
  std::string commandLine;             // --cmdline: into the boot block
  std::string consoleInput;            // --console-input: bytes for node 0's UART
  std::string statsPath;               // --stats FILE.h5
  uint64_t maxInstructions = 0;        // --max-instructions (all CPUs together)
  double maxMilliseconds = 0;          // --max-ms of simulated time
  double progressSeconds = 5;          // --progress: host seconds between progress lines (0: none)
  bool summary = false;                // --summary
  bool quiet = false;                  // --quiet
};

struct TopologyCommand {
  std::string machine;
  std::vector<std::string> overrides;
  std::string dotPath;  // --dot FILE
};

// Adds the `native` and `topology` subcommands to the `disco` command line.
void addNativeCommands(CLI::App& app, NativeCommand& native, TopologyCommand& topology);

// Runs them; each returns the process exit status.
int runNative(const NativeCommand& native);
int runTopology(const TopologyCommand& topology);

}  // namespace disco
