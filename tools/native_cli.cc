// `disco native` and `disco topology`: options, help text, and the runs
// themselves (build the machine, boot, report). See docs/cli.md.
#include "tools/native_cli.h"

#include <cstdio>
#include <iostream>

#include "numa/config.h"
#include "numa/machine.h"
#include "numa/stats.h"
#include "tools/se_cli.h"
#include "tools/topology_cli.h"

namespace disco {
namespace {

void say(const std::string& text) { std::cerr << "disco: " << text << '\n'; }

constexpr const char* kNativeDescription =
    "Full-system mode: boot a bare-metal kernel (an ELF64 MIPS executable) on the simulated CC-NUMA "
    "machine: caches, directory coherence, NUMA latencies, devices (docs/boot.md, docs/devices.md).";

constexpr const char* kNativeFooter = R"(
MACHINE is a preset (flash8, flash16, uma8, tiny2) or a TOML file (docs/config.md);
--set overrides any key of it, e.g. --set cache.l2.size_kb=256.

Exit status: the value the guest wrote to the power-off register (low 8 bits);
124 when the run ended otherwise (a limit, every CPU idle for good, a stuck CPU);
126 when the machine, kernel or a disk cannot be set up; 125 when disco failed;
2 for a bad command line.

Examples:
  disco native --machine flash8 --kernel build/guests/native/el/boot
  disco native --machine tiny2 --kernel disk_test --disk image.raw --summary
  disco native --machine flash8 --set sim.timing=functional --kernel prog --stats run.h5)";

constexpr const char* kTopologyDescription =
    "Print a machine's interconnect: the node distance matrix (hops), the miss latency between "
    "every pair of nodes, and optionally the graph in Graphviz format.";

// The machine config with the --set overrides applied.
numa::MachineConfig loadConfig(const std::string& machine, const std::vector<std::string>& overrides) {
  numa::MachineConfig config = numa::loadMachineConfig(machine);
  numa::applyOverrides(config, overrides);  // together: some keys must change at once
  return config;
}

// The statistics file: the stats tree plus what describes the run.
void writeStats(numa::Machine& machine, const NativeCommand& native, const numa::RunResult& result) {
  std::string command = "disco native --machine " + native.machine;
  for (const auto& o : native.overrides) command += " --set " + o;
  command += " --kernel " + native.kernel;
  for (const auto& d : native.disks) command += " --disk " + d;
  machine.stats().writeHdf5(native.statsPath, {{"config", numa::toToml(machine.config())},
                                               {"mode", "native"},
                                               {"command", command},
                                               {"kernel", native.kernel},
                                               {"end", result.message},
                                               {"exit_status", std::to_string(result.exitStatus)}});
}

}  // namespace

void addNativeCommands(CLI::App& app, NativeCommand& native, TopologyCommand& topology) {
  CLI::App* cmd = app.add_subcommand("native", kNativeDescription);
  cmd->footer(kNativeFooter);
  cmd->add_option("--machine", native.machine, "Machine preset or TOML file")->required()->type_name("MACHINE");
  cmd->add_option("--set", native.overrides, "Override a configuration key (repeatable)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  cmd->add_option("--kernel", native.kernel, "The kernel: an ELF64 MIPS executable linked in kseg0")
      ->required()
      ->check(CLI::Validator(CLI::ExistingFile).description(""))
      ->type_name("ELF");
  cmd->add_option("--disk", native.disks, "Attach a raw disk image (repeatable: disk 0, 1, ...)")
      ->allow_extra_args(false)
      ->type_name("IMAGE");
  cmd->add_option("--cmdline", native.commandLine, "Kernel command line (in the boot block)")->type_name("TEXT");
  cmd->add_option("--console-input", native.consoleInput, "Bytes node 0's UART delivers as input")
      ->type_name("TEXT");
  cmd->add_option("--stats", native.statsPath, "Write run statistics to this HDF5 file")->type_name("FILE.h5");
  cmd->add_option("--max-instructions", native.maxInstructions, "Stop after N instructions (all CPUs)")
      ->type_name("N");
  cmd->add_option("--max-ms", native.maxMilliseconds, "Stop after this much simulated time")->type_name("MS");
  cmd->add_option("--progress", native.progressSeconds,
                  "Host seconds between progress lines on stderr (0: none)")
      ->capture_default_str()
      ->type_name("S");
  auto* summary = cmd->add_flag("--summary", native.summary, "After the run, print the time breakdown and misses");
  cmd->add_flag("--quiet", native.quiet, "Print nothing of disco's own; only the guest's console")->excludes(summary);

  CLI::App* topo = app.add_subcommand("topology", kTopologyDescription);
  topo->add_option("MACHINE", topology.machine, "Machine preset or TOML file")->required();
  topo->add_option("--set", topology.overrides, "Override a configuration key (repeatable)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  topo->add_option("--dot", topology.dotPath, "Write the graph in Graphviz format to this file")->type_name("FILE");
}

int runNative(const NativeCommand& native) {
  numa::MachineConfig config;
  std::unique_ptr<numa::Machine> machine;
  try {
    config = loadConfig(native.machine, native.overrides);
    machine = std::make_unique<numa::Machine>(config, std::cout);
    for (const std::string& disk : native.disks) machine->attachDisk(disk);
    machine->setConsoleInput(native.consoleInput);
    machine->loadKernel(native.kernel, native.commandLine);
  } catch (const numa::ConfigError& e) {
    say(e.what());
    return kExitLoadError;
  } catch (const numa::MachineError& e) {
    say(e.what());
    return kExitLoadError;
  }
  numa::RunLimits limits;
  limits.maxInstructions = native.maxInstructions;
  if (native.maxMilliseconds > 0) limits.maxCycles = config.cyclesFromNs(uint64_t(native.maxMilliseconds * 1e6));
  limits.progressSeconds = native.quiet ? 0 : native.progressSeconds;
  const numa::RunResult result = machine->run(limits);
  std::cout.flush();
  int status = result.end == numa::RunEnd::PowerOff ? result.exitStatus : kExitNoPowerOff;
  if (result.end != numa::RunEnd::PowerOff && !native.quiet) say(result.message);
  if (!native.statsPath.empty()) {
    try {
      writeStats(*machine, native, result);
    } catch (const std::exception& e) {
      say(e.what());
      status = kExitInternal;
    }
  }
  if (native.summary) std::cerr << machine->summary();
  return status;
}

int runTopology(const TopologyCommand& topology) {
  try {
    return runTopologyCommand(loadConfig(topology.machine, topology.overrides), topology.dotPath, std::cout);
  } catch (const numa::ConfigError& e) {
    say(e.what());
    return kExitLoadError;
  }
}

}  // namespace disco
