// The command line of the `disco` executable: its subcommands and options,
// kept apart from main() so tests can parse command lines without running
// anything. Today there is one subcommand, `se` (syscall emulation).
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "mips/se/process.h"

namespace disco {

// Exit statuses of disco's own failures (a guest that runs to its end
// returns its own status instead). Chosen like env(1) and timeout(1).
inline constexpr int kExitUsage = 2;          // bad command line
inline constexpr int kExitInternal = 125;     // disco itself failed (e.g. --stats file unwritable)
inline constexpr int kExitLoadError = 126;    // the program cannot be loaded

// Everything `disco se` was asked to do.
struct SeCommand {
  mips::se::Options options;           // program, argv, envp, root, limit (trace set by main)
  std::vector<std::string> command;    // PROGRAM ARGS... as given
  std::vector<std::string> envSettings;  // --env NAME=VALUE, in order
  bool trace = false;
  std::string statsPath;               // --stats; empty: no file
  bool summary = false;                // --summary
  bool quiet = false;                  // --quiet
};

// The environment a guest gets when no --env is given: fixed, so that runs
// are reproducible whatever the host's environment is.
std::vector<std::string> defaultGuestEnvironment();

// The defaults with each NAME=VALUE setting applied in order: a setting
// replaces the variable of the same name, or is appended.
std::vector<std::string> applyEnvironmentSettings(std::vector<std::string> environment,
                                                  const std::vector<std::string>& settings);

// Builds the whole `disco` command line; parsing it fills `se`. After a
// successful parse call finishSeCommand().
std::unique_ptr<CLI::App> makeCommandLine(SeCommand& se);

// Fills se.options from what was parsed (argv, environment).
void finishSeCommand(SeCommand& se);

}  // namespace disco
