// Tests of the statistics file: written with the HDF5 API and read back with
// it; and of the human summary.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "tools/se_stats.h"

namespace disco {
namespace {

using mips::se::Options;
using mips::se::Result;

// A run with something in every counter.
std::pair<Options, Result> sampleRun() {
  Options o;
  o.program = "guests/nbody";
  o.argv = {"nbody", "-n", "1000"};
  o.envp = {"PATH=/bin", "HOME=/"};
  o.root = "/srv/root";
  o.maxInstructions = 5000000;
  Result r;
  r.end = Result::End::Signalled;
  r.exitStatus = 139;
  r.signal = 11;
  r.message = "guest terminated by signal 11 (SIGSEGV) at pc 0x120000010";
  r.instructionsByClass[unsigned(mips::InsnClass::IntAlu)] = 600;
  r.instructionsByClass[unsigned(mips::InsnClass::Load)] = 300;
  r.instructionsByClass[unsigned(mips::InsnClass::System)] = 100;
  r.instructions = 1000;
  r.syscalls = {{"write", 3}, {"exit_group", 1}};
  r.unsupportedSyscalls = {{"rseq", 1}, {"nr 5999", 2}};
  r.exceptions = {{"address error (load or fetch)", 1}};
  r.signalsDelivered = {{11, 1}, {16, 2}};
  r.hostSeconds = 0.5;
  return {o, r};
}

// A file name in the temporary directory, removed at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() / name).string()) {}
  ~TempFile() { std::remove(path.c_str()); }
};

TEST(SeStats, FileRoundTripsThroughHdf5) {
  auto [options, result] = sampleRun();
  TempFile file("disco_se_stats_test.h5");
  writeStatsFile(file.path, options, result);
  const StatsFileContents s = readStatsFile(file.path);

  EXPECT_EQ(s.program, "guests/nbody");
  EXPECT_EQ(s.args, options.argv);
  EXPECT_EQ(s.env, options.envp);
  EXPECT_EQ(s.root, "/srv/root");
  EXPECT_EQ(s.maxInstructions, 5000000u);
  EXPECT_EQ(s.totalInstructions, 1000u);
  ASSERT_EQ(s.byClass.size(), mips::kInsnClassCount);
  EXPECT_EQ(s.byClass[unsigned(mips::InsnClass::IntAlu)], (NamedCount{"int_alu", 600}));
  EXPECT_EQ(s.byClass[unsigned(mips::InsnClass::Load)], (NamedCount{"load", 300}));
  EXPECT_EQ(s.byClass[unsigned(mips::InsnClass::FpArith)], (NamedCount{"fp_arith", 0}));
  EXPECT_EQ(s.syscalls, (CountTable{{"exit_group", 1}, {"write", 3}}));
  EXPECT_EQ(s.unsupportedSyscalls, (CountTable{{"nr 5999", 2}, {"rseq", 1}}));
  EXPECT_EQ(s.exceptions, (CountTable{{"address error (load or fetch)", 1}}));
  EXPECT_EQ(s.signals, (CountTable{{"SIGSEGV", 1}, {"SIGUSR1", 2}}));
  EXPECT_DOUBLE_EQ(s.hostSeconds, 0.5);
  EXPECT_DOUBLE_EQ(s.simulatedMips, 0.002);
  EXPECT_EQ(s.exitStatus, 139);
  EXPECT_EQ(s.exitHow, "signalled");
  EXPECT_EQ(s.exitSignal, 11);
  EXPECT_EQ(s.exitMessage, result.message);
}

TEST(SeStats, EmptyTablesAreZeroLength) {
  Options options;
  options.program = "p";
  options.argv = {"p"};
  Result result;
  TempFile file("disco_se_stats_empty_test.h5");
  writeStatsFile(file.path, options, result);
  const StatsFileContents s = readStatsFile(file.path);
  EXPECT_TRUE(s.syscalls.empty());
  EXPECT_TRUE(s.signals.empty());
  EXPECT_TRUE(s.env.empty());
  EXPECT_EQ(s.exitHow, "exited");
  EXPECT_DOUBLE_EQ(s.simulatedMips, 0.0);
}

TEST(SeStats, UnwritableFileIsAnErrorNamingIt) {
  auto [options, result] = sampleRun();
  try {
    writeStatsFile("/nonexistent/dir/x.h5", options, result);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/x.h5"), std::string::npos);
  }
}

TEST(SeStats, MipsSignalNumbering) {
  EXPECT_EQ(mipsLinuxSignalName(10), "SIGBUS");
  EXPECT_EQ(mipsLinuxSignalName(16), "SIGUSR1");
  EXPECT_EQ(mipsLinuxSignalName(18), "SIGCHLD");
  EXPECT_EQ(mipsLinuxSignalName(34), "SIGRT2");
  EXPECT_EQ(mipsLinuxSignalName(0), "signal 0");
}

TEST(SeStats, SummaryNamesCountsSyscallsAndUnsupported) {
  auto [options, result] = sampleRun();
  const std::string s = formatSummary(options, result);
  EXPECT_NE(s.find("instructions  1000"), std::string::npos) << s;
  EXPECT_NE(s.find("int_alu"), std::string::npos) << s;
  EXPECT_NE(s.find("60.0%"), std::string::npos) << s;
  EXPECT_EQ(s.find("fp_arith"), std::string::npos) << "zero classes are left out\n" << s;
  EXPECT_NE(s.find("write 3"), std::string::npos) << s;
  EXPECT_NE(s.find("rseq 1"), std::string::npos) << s;
  EXPECT_NE(s.find("0.0 MIPS"), std::string::npos) << s;
  EXPECT_NE(s.find("killed by SIGSEGV"), std::string::npos) << s;
  // Every line is one of disco's own messages.
  size_t lineStart = 0;
  while (lineStart < s.size()) {
    EXPECT_EQ(s.compare(lineStart, 7, "disco: "), 0) << s.substr(lineStart);
    lineStart = s.find('\n', lineStart) + 1;
  }
}

}  // namespace
}  // namespace disco
