// The `disco` command line (CLI11): subcommand `se`, its options, help text
// and the guest environment rules. See docs/cli.md for the user's view.
#include "tools/se_cli.h"

#include <algorithm>

namespace disco {

// The fixed default environment of every guest.
std::vector<std::string> defaultGuestEnvironment() {
  // What a guest under QEMU sees when the differential tests (tests/se_diff.py)
  // start QEMU with PATH, LC_ALL, HOME: QEMU hands its environment to the guest
  // in reverse order.
  return {"HOME=/", "LC_ALL=C", "PATH=/bin:/usr/bin"};
}

namespace {

// "NAME" of "NAME=VALUE".
std::string variableName(const std::string& setting) { return setting.substr(0, setting.find('=')); }

// Accepts NAME=VALUE with a non-empty NAME.
const CLI::Validator kEnvSetting(
    [](std::string& setting) -> std::string {
      const size_t eq = setting.find('=');
      if (eq == std::string::npos || eq == 0) return "expected NAME=VALUE, got '" + setting + "'";
      return {};
    },
    "");

constexpr const char* kSeDescription =
    "Syscall emulation: run one static Linux MIPS64 program (n64 ABI, either byte order) on the "
    "simulated R10000 CPU, its system calls served by the host (like qemu-mips64el user mode).";

constexpr const char* kSeFooter = R"(
Everything after PROGRAM is passed to the guest unchanged (also options like -n or --help).
The guest's stdin, stdout and stderr are disco's; disco's own messages start with "disco: ".

Exit status: the guest's own; 128+N when a signal N killed it; 124 when the
instruction limit was reached; 126 when PROGRAM cannot be loaded; 125 when
disco itself failed; 2 for a bad command line.

The guest environment is fixed unless changed with --env:
  HOME=/ LC_ALL=C PATH=/bin:/usr/bin

Examples:
  disco se ./hello                            run a program from the current directory
  disco se --summary ./nbody 1000             print instruction counts after the run
  disco se --root sysroot sysroot/bin/busybox ls /   the guest sees sysroot/ as "/"
  disco se --stats run.h5 ./prog              statistics for h5py (see docs/cli.md)
  disco se --trace --max-instructions 50 ./prog   the first 50 instructions, disassembled
  disco se --env LC_ALL=C.UTF-8 --env DEBUG=1 ./prog -v input.txt)";

constexpr const char* kTopFooter = R"(
Run `disco se --help`, `disco native --help` or `disco topology --help` for the
options of each mode.

Examples:
  disco se ./hello
  disco se --summary --stats run.h5 ./prog arg1 arg2
  disco native --machine flash8 --kernel build/guests/native/el/boot --summary
  disco topology flash16 --dot flash16.dot)";

}  // namespace

// Applies NAME=VALUE settings in order: replace the same name, else append.
std::vector<std::string> applyEnvironmentSettings(std::vector<std::string> environment,
                                                  const std::vector<std::string>& settings) {
  for (const std::string& setting : settings) {
    const std::string name = variableName(setting);
    auto same = std::find_if(environment.begin(), environment.end(),
                             [&](const std::string& v) { return variableName(v) == name; });
    if (same != environment.end()) *same = setting;
    else environment.push_back(setting);
  }
  return environment;
}

// The whole command line: top-level help, failure messages, the `se` subcommand.
std::unique_ptr<CLI::App> makeCommandLine(SeCommand& se) {
  auto app = std::make_unique<CLI::App>(
      "disco: a MIPS R10000 simulator and a simulated CC-NUMA machine (the base of a "
      "Disco-style monitor).",
      "disco");
  app->footer(kTopFooter);
  app->require_subcommand(1);
  app->failure_message([](const CLI::App* failed, const CLI::Error& e) {
    // Point at the help of the mode that was being parsed.
    std::string help = "disco --help";
    if (failed->get_parent()) help = "disco " + failed->get_name() + " --help";
    else if (!failed->get_subcommands().empty()) help = "disco " + failed->get_subcommands().front()->get_name() + " --help";
    return "disco: " + std::string(e.what()) + "\ndisco: see `" + help + "`\n";
  });

  CLI::App* cmd = app->add_subcommand("se", kSeDescription);
  cmd->footer(kSeFooter);
  // The first positional argument (PROGRAM) ends disco's options: the rest belongs to the guest.
  cmd->positionals_at_end();
  cmd->add_option("--root", se.options.root,
                  "Host directory the guest sees as \"/\" (PROGRAM itself is a host path)")
      ->check(CLI::Validator(CLI::ExistingDirectory).description(""))
      ->capture_default_str()
      ->type_name("DIR");
  cmd->add_flag("--trace", se.trace, "Print every executed instruction, disassembled, on stderr");
  cmd->add_option("--max-instructions", se.options.maxInstructions,
                  "Stop the guest after N instructions (exit status 124); 0 means no limit")
      ->capture_default_str()
      ->type_name("N");
  cmd->add_option("--stats", se.statsPath, "Write run statistics to this HDF5 file")
      ->type_name("FILE.h5");
  cmd->add_option("--env", se.envSettings,
                  "Set a guest environment variable (repeatable); replaces a default of the same name")
      ->allow_extra_args(false)
      ->check(kEnvSetting)
      ->type_name("NAME=VALUE");
  auto* summary = cmd->add_flag("--summary", se.summary,
                                "After the run, print instruction counts, speed and syscalls on stderr");
  cmd->add_flag("--quiet", se.quiet,
                "Print nothing of disco's own (no summary, no end-of-run message); only the guest's output")
      ->excludes(summary);
  cmd->add_option("PROGRAM", se.command, "The program to run (an ELF file on the host), then its arguments")
      ->required()
      ->type_name("");
  return app;
}

// PROGRAM and its arguments become the guest's argv; the environment gets built.
void finishSeCommand(SeCommand& se) {
  se.options.program = se.command.at(0);
  se.options.argv = se.command;
  se.options.envp = applyEnvironmentSettings(defaultGuestEnvironment(), se.envSettings);
}

}  // namespace disco
