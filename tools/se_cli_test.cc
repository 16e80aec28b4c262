// Tests of the `disco` command line: guest arguments pass through untouched,
// options are parsed, bad command lines are refused, the environment rules.
#include <gtest/gtest.h>

#include <filesystem>

#include "tools/se_cli.h"

namespace disco {
namespace {

using Args = std::vector<std::string>;

// Parses `disco ARGS...`; returns the filled command (finished) or throws CLI::ParseError.
SeCommand parse(const Args& args) {
  SeCommand se;
  auto app = makeCommandLine(se);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  app->parse(reversed);
  finishSeCommand(se);
  return se;
}

TEST(Cli, GuestOptionsAfterProgramAreNotEaten) {
  SeCommand se = parse({"se", "--trace", "prog", "-n", "--trace", "--help", "--stats", "x"});
  EXPECT_TRUE(se.trace);
  EXPECT_TRUE(se.statsPath.empty());
  EXPECT_EQ(se.options.program, "prog");
  EXPECT_EQ(se.options.argv, (Args{"prog", "-n", "--trace", "--help", "--stats", "x"}));
}

TEST(Cli, DoubleDashIsPassedOnAfterProgram) {
  EXPECT_EQ(parse({"se", "prog", "--", "-x"}).options.argv, (Args{"prog", "--", "-x"}));
}

TEST(Cli, DoubleDashBeforeProgramAllowsDashedProgramName) {
  EXPECT_EQ(parse({"se", "--", "-prog", "-n"}).options.argv, (Args{"-prog", "-n"}));
}

TEST(Cli, OptionsAreParsed) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  SeCommand se = parse({"se", "--root", dir, "--max-instructions", "1000", "--stats", "out.h5",
                        "--summary", "prog", "a"});
  EXPECT_EQ(se.options.root, dir);
  EXPECT_EQ(se.options.maxInstructions, 1000u);
  EXPECT_EQ(se.statsPath, "out.h5");
  EXPECT_TRUE(se.summary);
  EXPECT_FALSE(se.quiet);
  EXPECT_FALSE(se.trace);
}

TEST(Cli, DefaultsAreCurrentDirectoryNoLimitNoSummary) {
  SeCommand se = parse({"se", "prog"});
  EXPECT_EQ(se.options.root, ".");
  EXPECT_EQ(se.options.maxInstructions, 0u);
  EXPECT_FALSE(se.summary);
  EXPECT_EQ(se.options.envp, defaultGuestEnvironment());
}

TEST(Cli, BadCommandLinesAreRefused) {
  EXPECT_THROW(parse({"se"}), CLI::ParseError);                              // no program
  EXPECT_THROW(parse({"se", "--bogus", "prog"}), CLI::ParseError);           // unknown option
  EXPECT_THROW(parse({"se", "--env", "NOEQUALS", "prog"}), CLI::ParseError); // malformed --env
  EXPECT_THROW(parse({"se", "--env", "=x", "prog"}), CLI::ParseError);       // empty name
  EXPECT_THROW(parse({"se", "--max-instructions", "ten", "prog"}), CLI::ParseError);
  EXPECT_THROW(parse({"se", "--root", "/nonexistent/dir/for/disco", "prog"}), CLI::ParseError);
  EXPECT_THROW(parse({"se", "--quiet", "--summary", "prog"}), CLI::ParseError);
  EXPECT_THROW(parse({"prog"}), CLI::ParseError);                            // no subcommand
}

TEST(Cli, EnvSettingsOverrideDefaultsAndAppend) {
  SeCommand se = parse({"se", "--env", "HOME=/tmp", "--env", "X=a=b", "--env=Y=", "prog"});
  Args expected = defaultGuestEnvironment();
  for (auto& v : expected)
    if (v.rfind("HOME=", 0) == 0) v = "HOME=/tmp";
  expected.push_back("X=a=b");
  expected.push_back("Y=");
  EXPECT_EQ(se.options.envp, expected);
}

TEST(Cli, LaterEnvSettingWins) {
  EXPECT_EQ(applyEnvironmentSettings({"A=1"}, {"A=2", "A=3"}), (Args{"A=3"}));
}

TEST(Cli, DefaultEnvironmentIsFixed) {
  // Independent of the host's environment: every run starts from the same list.
  setenv("DISCO_CLI_TEST_VARIABLE", "1", 1);
  for (const std::string& v : parse({"se", "prog"}).options.envp)
    EXPECT_EQ(v.find("DISCO_CLI_TEST_VARIABLE"), std::string::npos);
  EXPECT_EQ(defaultGuestEnvironment(), (Args{"HOME=/", "LC_ALL=C", "PATH=/bin:/usr/bin"}));
}

}  // namespace
}  // namespace disco
