// The `disco` executable: parses the command line and runs the chosen mode:
//   disco se PROGRAM [ARGS...]        syscall emulation of one static Linux MIPS64 program
//   disco native --machine M --kernel ELF   a bare-metal kernel on the simulated NUMA machine
//   disco topology MACHINE            the machine's interconnect
// The guest's output passes through untouched; disco's own messages go to
// stderr, each starting with "disco: ".
#include <cstdio>
#include <exception>
#include <iostream>

#include "tools/native_cli.h"
#include "tools/se_cli.h"
#include "tools/se_stats.h"

namespace {

// Prints one message of disco's own on stderr.
void say(const std::string& text) { std::cerr << "disco: " << text << '\n'; }

// Runs the guest, then writes statistics and the summary; returns the exit status.
int runSe(disco::SeCommand& se) {
  if (se.trace) se.options.trace = &std::cerr;
  mips::se::Result result;
  try {
    result = mips::se::run(se.options);
  } catch (const mips::se::LoadError& e) {
    if (!se.quiet) say(e.what());
    return disco::kExitLoadError;
  }
  // The guest's buffered output must be out before disco says anything.
  std::cout.flush();
  std::fflush(stdout);
  if (result.end != mips::se::Result::End::Exited && !se.quiet && !result.message.empty())
    say(result.message);
  int status = result.exitStatus;
  if (!se.statsPath.empty()) {
    try {
      disco::writeStatsFile(se.statsPath, se.options, result);
    } catch (const std::exception& e) {
      say(e.what());
      status = disco::kExitInternal;
    }
  }
  if (se.summary) std::cerr << disco::formatSummary(se.options, result);
  else if (!se.quiet) std::cerr << disco::formatUnsupportedNote(result);
  return status;
}

}  // namespace

// Parses the command line and runs the chosen mode; returns its exit status.
int main(int argc, char** argv) {
  disco::SeCommand se;
  disco::NativeCommand native;
  disco::TopologyCommand topology;
  auto app = disco::makeCommandLine(se);
  disco::addNativeCommands(*app, native, topology);
  try {
    app->parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app->exit(e);
    return status == 0 ? 0 : disco::kExitUsage;
  }
  try {
    if (app->got_subcommand("native")) return disco::runNative(native);
    if (app->got_subcommand("topology")) return disco::runTopology(topology);
    disco::finishSeCommand(se);
    return runSe(se);
  } catch (const std::exception& e) {
    say(std::string("internal error: ") + e.what());
    return disco::kExitInternal;
  }
}
