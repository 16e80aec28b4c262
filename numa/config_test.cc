// Tests of the machine configuration (config.h): the presets carry the
// documented facts, parsing is strict and its errors name the key, the
// place and the reason, validation rejects each impossible value, overrides
// work for every value type, and toToml reads back to an equal config.
#include "numa/config.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace numa {
namespace {

using ::testing::HasSubstr;

// Runs `action`, expects a ConfigError for `key` whose message contains `part`.
void expectConfigError(const std::function<void()>& action, const std::string& key, const std::string& part) {
  try {
    action();
    ADD_FAILURE() << "no ConfigError (expected one for " << key << ")";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.key(), key) << error.what();
    EXPECT_THAT(error.what(), HasSubstr(part));
  }
}

// Expects that `mutate` applied to a valid default config makes validate() fail on `key`.
void expectInvalid(const std::function<void(MachineConfig&)>& mutate, const std::string& key, const std::string& part) {
  MachineConfig config;
  mutate(config);
  expectConfigError([&] { validate(config); }, key, part);
}

// A temporary file holding `text`, removed at the end of the test.
class TempFile {
 public:
  TempFile(const std::string& stem, const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              (stem + "_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml")) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }
  std::string stem() const { return path_.stem().string(); }

 private:
  std::filesystem::path path_;
};

// ---- presets ----

TEST(ConfigPresets, NamesAreTheFourShippedPresets) {
  EXPECT_THAT(presetNames(), ::testing::UnorderedElementsAre("flash8", "flash16", "uma8", "tiny2"));
}

TEST(ConfigPresets, EveryPresetLoadsValidatesAndIsNamedAfterItself) {
  for (const auto& name : presetNames()) {
    SCOPED_TRACE(name);
    const MachineConfig config = loadMachineConfig(name);
    EXPECT_EQ(config.name, name);
    EXPECT_NO_THROW(validate(config));
  }
}

TEST(ConfigPresets, Flash8IsTheDiscoPapersMachine) {
  const MachineConfig c = loadMachineConfig("flash8");
  EXPECT_EQ(c.machine.nodes, 8u);
  EXPECT_EQ(c.machine.cpus_per_node, 1u);
  EXPECT_EQ(c.numCpus(), 8u);
  EXPECT_EQ(c.cache.l1i, (CacheGeometry{32, 2, 64}));
  EXPECT_EQ(c.cache.l1d, (CacheGeometry{32, 2, 32}));
  EXPECT_EQ(c.cache.l2, (CacheGeometry{1024, 2, 128}));
  EXPECT_EQ(c.memory.local_latency_ns, 300u);
  EXPECT_EQ(c.memory.remote_latency_ns, 900u);
  EXPECT_EQ(c.memory.hop_latency_ns, 0u);
  EXPECT_EQ(c.topology.kind, "mesh");
  EXPECT_EQ(c.topology.dims, (std::vector<uint32_t>{2, 4}));
  EXPECT_EQ(c.cache.protocol, "mesi");
  EXPECT_EQ(c.sim.timing, "cache");
}

TEST(ConfigPresets, Flash16GrowsRemoteLatencyWithHops) {
  const MachineConfig c = loadMachineConfig("flash16");
  EXPECT_EQ(c.machine.nodes, 16u);
  EXPECT_EQ(c.topology.dims, (std::vector<uint32_t>{4, 4}));
  EXPECT_EQ(c.memory.remote_latency_ns, 900u);
  EXPECT_EQ(c.memory.hop_latency_ns, 82u);  // 2 x 41 ns SPIDER router (preset comment)
  // Inherited from flash8 unchanged:
  EXPECT_EQ(c.cache.l2.size_kb, 1024u);
  EXPECT_EQ(c.memory.local_latency_ns, 300u);
}

TEST(ConfigPresets, Uma8HasTheLocalLatencyEverywhere) {
  const MachineConfig c = loadMachineConfig("uma8");
  EXPECT_EQ(c.machine.nodes, 8u);
  EXPECT_EQ(c.memory.local_latency_ns, 300u);
  EXPECT_EQ(c.memory.remote_latency_ns, 300u);
  EXPECT_EQ(c.memory.hop_latency_ns, 0u);
  EXPECT_EQ(c.topology.kind, "full");
  EXPECT_TRUE(c.topology.dims.empty());
}

TEST(ConfigPresets, Tiny2IsSmall) {
  const MachineConfig c = loadMachineConfig("tiny2");
  EXPECT_EQ(c.machine.nodes, 2u);
  EXPECT_EQ(c.machine.cpus_per_node, 1u);
  EXPECT_EQ(c.machine.memory_per_node_mb, 8u);
  EXPECT_EQ(c.cache.l1i.size_kb, 4u);
  EXPECT_EQ(c.cache.l1d.size_kb, 4u);
  EXPECT_EQ(c.cache.l2.size_kb, 64u);
  EXPECT_EQ(c.sim.quantum_ns, 1000u);
}

// ---- loading ----

TEST(ConfigLoad, MissingFileNamesThePresetsAndTheFile) {
  expectConfigError([] { loadMachineConfig("no/such/file.toml"); }, "machine config 'no/such/file.toml'",
                    "no such preset (flash16, flash8, tiny2, uma8) or file");
  expectConfigError([] { loadMachineConfig("flash9"); }, "machine config 'flash9'", "no such preset");
  expectConfigError([] { loadMachineConfig(""); }, "machine config ''", "no such preset");
}

TEST(ConfigLoad, FileWithoutNameIsNamedAfterItsStem) {
  TempFile file("myexp", "[machine]\nnodes = 4\n");
  const MachineConfig c = loadMachineConfig(file.path());
  EXPECT_EQ(c.name, file.stem());
  EXPECT_EQ(c.machine.nodes, 4u);
  EXPECT_EQ(c.machine.cpu_clock_mhz, MachineConfig{}.machine.cpu_clock_mhz);  // defaults fill the rest
}

TEST(ConfigLoad, FileStartingFromAPresetChangesOnlyItsKeys) {
  TempFile file("l2small", "preset = \"flash8\"\nname = \"flash8-l2-256\"\n[cache.l2]\nsize_kb = 256\n");
  const MachineConfig c = loadMachineConfig(file.path());
  MachineConfig expected = loadMachineConfig("flash8");
  expected.name = "flash8-l2-256";
  expected.cache.l2.size_kb = 256;
  EXPECT_EQ(c, expected);
}

TEST(ConfigLoad, RelativeTopologyFileIsRelativeToTheConfigFile) {
  TempFile file("edges", "[topology]\nkind = \"file\"\nfile = \"links.txt\"\n");
  const MachineConfig c = loadMachineConfig(file.path());
  EXPECT_EQ(c.topology.file, (std::filesystem::path(file.path()).parent_path() / "links.txt").string());
}

TEST(ConfigLoad, ErrorsInAFileNameThePlace) {
  TempFile file("bad", "[machine]\nnodes = 4\n\n[cache.l2]\nsize_kb = 1000\n");
  expectConfigError([&] { loadMachineConfig(file.path()); }, "cache.l2.size_kb",
                    "must be a power of two (found 1000) (" + file.path() + ":5:11)");
}

// ---- parsing: strictness ----

TEST(ConfigParse, DefaultsWhenEmpty) {
  MachineConfig expected;
  EXPECT_EQ(parseMachineConfig("", "empty"), expected);
}

TEST(ConfigParse, UnknownKeySuggestsTheClosestKey) {
  expectConfigError([] { parseMachineConfig("[cache.l2]\nsise_kb = 256\n", "t.toml"); }, "cache.l2.sise_kb",
                    "unknown key (did you mean cache.l2.size_kb?) (t.toml:2:1)");
}

TEST(ConfigParse, KeyInTheWrongTableSuggestsWhereItLives) {
  expectConfigError([] { parseMachineConfig("[machine]\nprotocol = \"msi\"\n", "t.toml"); }, "machine.protocol",
                    "did you mean cache.protocol?");
}

TEST(ConfigParse, ShortenedKeySuggestsTheFullKey) {
  expectConfigError([] { parseMachineConfig("[machine]\ncpus = 2\n", "t.toml"); }, "machine.cpus",
                    "did you mean machine.cpus_per_node?");
}

TEST(ConfigParse, UnknownTableIsAnError) {
  expectConfigError([] { parseMachineConfig("[machnie]\nnodes = 2\n", "t.toml"); }, "machnie",
                    "did you mean machine?");
}

TEST(ConfigParse, FarOffKeyListsTheTablesKeys) {
  expectConfigError([] { parseMachineConfig("[sim]\nthreads = 4\n", "t.toml"); }, "sim.threads",
                    "unknown key ([sim] has timing, quantum_ns)");
}

TEST(ConfigParse, WrongTypeNamesExpectedAndFound) {
  expectConfigError([] { parseMachineConfig("[cache.l2]\nsize_kb = \"big\"\n", "t.toml"); }, "cache.l2.size_kb",
                    "expected an unsigned integer, found a string \"big\" (t.toml:2:11)");
  expectConfigError([] { parseMachineConfig("[machine]\nnodes = 8.0\n", "t.toml"); }, "machine.nodes",
                    "expected an unsigned integer, found a floating-point number 8.0");
  expectConfigError([] { parseMachineConfig("[miss_counters]\nenabled = 1\n", "t.toml"); },
                    "miss_counters.enabled", "expected a boolean (true or false), found an integer 1");
  expectConfigError([] { parseMachineConfig("[topology]\nkind = 3\n", "t.toml"); }, "topology.kind",
                    "expected a string, found an integer 3");
  expectConfigError([] { parseMachineConfig("[topology]\ndims = 4\n", "t.toml"); }, "topology.dims",
                    "expected an array of unsigned integers, found an integer 4");
  expectConfigError([] { parseMachineConfig("[topology]\ndims = [4, \"x\"]\n", "t.toml"); }, "topology.dims[1]",
                    "expected an unsigned integer, found a string");
  expectConfigError([] { parseMachineConfig("machine = 3\n", "t.toml"); }, "machine",
                    "expected a table, found an integer 3");
  expectConfigError([] { parseMachineConfig("[cache.l2.size_kb]\n", "t.toml"); }, "cache.l2.size_kb",
                    "expected an unsigned integer, found a table");
}

TEST(ConfigParse, NegativeAndOversizedIntegersAreRejected) {
  expectConfigError([] { parseMachineConfig("[machine]\nnodes = -2\n", "t.toml"); }, "machine.nodes",
                    "must not be negative (found -2)");
  expectConfigError([] { parseMachineConfig("[machine]\nnodes = 4294967296\n", "t.toml"); }, "machine.nodes",
                    "too large (found 4294967296, at most 4294967295)");
}

TEST(ConfigParse, SyntaxErrorHasOriginLineAndColumn) {
  try {
    parseMachineConfig("name = \"x\"\n[machine]\nnodes = = 4\n", "broken.toml");
    ADD_FAILURE() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.key(), ::testing::StartsWith("broken.toml:3:"));
    EXPECT_THAT(error.what(), HasSubstr("TOML syntax error: "));
  }
}

TEST(ConfigParse, ValidationErrorNamesWhereTheKeyWasSet) {
  expectConfigError([] { parseMachineConfig("[machine]\nnodes = 6\n[topology]\nkind = \"hypercube\"\n", "h.toml"); },
                    "topology.kind", "a hypercube needs a power-of-two node count (machine.nodes = 6) (h.toml:4:8)");
  // A key the document does not set is reported against the document as a whole.
  expectConfigError([] { parseMachineConfig("preset = \"flash8\"\n[machine]\nnodes = 6\n", "m.toml"); },
                    "topology.dims", "2x4 makes 8 nodes, but machine.nodes = 6 (in the configuration from m.toml)");
}

TEST(ConfigParse, PresetInheritanceAndNaming) {
  // parseMachineConfig keeps the preset's name when the text gives none.
  const MachineConfig c = parseMachineConfig("preset = \"tiny2\"\n[machine]\nseed = 7\n", "exp");
  EXPECT_EQ(c.name, "tiny2");
  EXPECT_EQ(c.machine.seed, 7u);
  EXPECT_EQ(c.cache.l2.size_kb, 64u);  // from tiny2
  EXPECT_EQ(c.memory.remote_latency_ns, 900u);  // from flash8, which tiny2 starts from
}

TEST(ConfigParse, BadPresetReference) {
  expectConfigError([] { parseMachineConfig("preset = \"flash9\"\n", "t.toml"); }, "preset",
                    "no such preset 'flash9' (flash16, flash8, tiny2, uma8)");
  expectConfigError([] { parseMachineConfig("preset = 8\n", "t.toml"); }, "preset",
                    "expected a string naming a preset, found an integer 8");
  expectConfigError([] { parseMachineConfig("[machine]\npreset = \"flash8\"\n", "t.toml"); }, "machine.preset",
                    "did you mean preset?");
}

// ---- validation: one test per rule ----

TEST(ConfigValidate, DefaultsAreValid) { EXPECT_NO_THROW(validate(MachineConfig{})); }

TEST(ConfigValidate, Machine) {
  expectInvalid([](MachineConfig& c) { c.name = ""; }, "name", "must not be empty");
  expectInvalid([](MachineConfig& c) { c.machine.nodes = 0; }, "machine.nodes", "must be 1..256");
  expectInvalid([](MachineConfig& c) { c.machine.nodes = 257; c.topology.kind = "ring"; }, "machine.nodes",
                "must be 1..256");
  expectInvalid([](MachineConfig& c) { c.machine.cpus_per_node = 0; }, "machine.cpus_per_node", "at least 1");
  expectInvalid([](MachineConfig& c) { c.machine.cpus_per_node = 9; }, "machine.cpus_per_node",
                "72 CPUs, but at most 64");
  expectInvalid([](MachineConfig& c) { c.machine.cpus_per_node = 0x80000000u; }, "machine.cpus_per_node",
                "at most 64");  // no 32-bit wrap-around
  expectInvalid([](MachineConfig& c) { c.machine.memory_per_node_mb = 0; }, "machine.memory_per_node_mb",
                "at least 1");
  expectInvalid([](MachineConfig& c) { c.machine.memory_per_node_mb = 497; }, "machine.memory_per_node_mb",
                "must be at most 496");
  expectInvalid([](MachineConfig& c) { c.machine.cpu_clock_mhz = 0; }, "machine.cpu_clock_mhz", "1..10000");
  expectInvalid([](MachineConfig& c) { c.machine.cpu_clock_mhz = 10001; }, "machine.cpu_clock_mhz", "1..10000");
  expectInvalid([](MachineConfig& c) { c.machine.seed = uint64_t{1} << 63; }, "machine.seed", "TOML integer");

  MachineConfig edge;
  edge.machine.memory_per_node_mb = 496;
  edge.machine.cpus_per_node = 8;  // 8 x 8 = 64 CPUs: the maximum
  EXPECT_NO_THROW(validate(edge));
}

TEST(ConfigValidate, CacheGeometry) {
  expectInvalid([](MachineConfig& c) { c.cache.l1d.size_kb = 24; }, "cache.l1d.size_kb", "power of two (found 24)");
  expectInvalid([](MachineConfig& c) { c.cache.l1i.assoc = 3; }, "cache.l1i.assoc", "power of two (found 3)");
  expectInvalid([](MachineConfig& c) { c.cache.l2.assoc = 0; }, "cache.l2.assoc", "power of two (found 0)");
  expectInvalid([](MachineConfig& c) { c.cache.l1d.line_bytes = 48; }, "cache.l1d.line_bytes", "power of two");
  expectInvalid([](MachineConfig& c) { c.cache.l1d.line_bytes = 4; }, "cache.l1d.line_bytes", "at least 8");
  expectInvalid([](MachineConfig& c) { c.cache.l2.line_bytes = 8192; }, "cache.l2.line_bytes", "at most 4096");
  expectInvalid([](MachineConfig& c) { c.cache.l1d.size_kb = 1; c.cache.l1d.assoc = 64; }, "cache.l1d.size_kb",
                "at least one set of assoc x line_bytes = 2048 bytes (found 1024 bytes)");
  expectInvalid([](MachineConfig& c) { c.cache.l2.line_bytes = 32; }, "cache.l2.line_bytes",
                "must be at least the L1 line sizes (64 and 32)");
  expectInvalid([](MachineConfig& c) { c.cache.l2.size_kb = 32; }, "cache.l2.size_kb",
                "at least as large as both L1s together (64 KB; found 32)");
  expectInvalid([](MachineConfig& c) { c.cache.protocol = "moesi"; }, "cache.protocol",
                "must be one of mesi, msi (found \"moesi\")");

  MachineConfig fullyAssociative;
  fullyAssociative.cache.l1d = {1, 32, 32};  // one set of 32 ways
  fullyAssociative.cache.protocol = "msi";
  EXPECT_NO_THROW(validate(fullyAssociative));
}

TEST(ConfigValidate, Memory) {
  expectInvalid([](MachineConfig& c) { c.memory.local_latency_ns = 0; }, "memory.local_latency_ns", "at least 1");
  expectInvalid([](MachineConfig& c) { c.memory.remote_latency_ns = 299; }, "memory.remote_latency_ns",
                "must not be below memory.local_latency_ns (300; found 299)");
}

TEST(ConfigValidate, Topology) {
  expectInvalid([](MachineConfig& c) { c.topology.kind = "star"; }, "topology.kind",
                "must be one of mesh, torus, hypercube, ring, full, file (found \"star\")");
  expectInvalid([](MachineConfig& c) { c.topology.dims = {3, 3}; }, "topology.dims",
                "3x3 makes 9 nodes, but machine.nodes = 8");
  expectInvalid([](MachineConfig& c) { c.topology.dims = {8, 0}; }, "topology.dims", "at least 1");
  expectInvalid([](MachineConfig& c) { c.topology.kind = "ring"; c.topology.dims = {2, 4}; }, "topology.dims",
                "only mesh and torus have dimensions");
  expectInvalid([](MachineConfig& c) { c.machine.nodes = 6; c.topology.kind = "hypercube"; }, "topology.kind",
                "power-of-two node count");
  expectInvalid([](MachineConfig& c) { c.topology.kind = "file"; }, "topology.file", "is required");
  expectInvalid([](MachineConfig& c) { c.topology.file = "edges.txt"; }, "topology.file", "is only read when");
  expectInvalid([](MachineConfig& c) { c.topology.link_bandwidth_mb_s = 0; }, "topology.link_bandwidth_mb_s",
                "at least 1");

  MachineConfig torus;
  torus.topology.kind = "torus";
  torus.topology.dims = {2, 2, 2};
  EXPECT_NO_THROW(validate(torus));
}

TEST(ConfigValidate, CountersSimDevicesStats) {
  expectInvalid([](MachineConfig& c) { c.miss_counters.hot_threshold = 0; }, "miss_counters.hot_threshold",
                "at least 1");
  expectInvalid([](MachineConfig& c) { c.sim.timing = "exact"; }, "sim.timing", "must be one of cache, functional");
  expectInvalid([](MachineConfig& c) { c.sim.quantum_ns = 0; }, "sim.quantum_ns", "at least 1");
  expectInvalid([](MachineConfig& c) { c.devices.disk_bandwidth_mb_s = 0; }, "devices.disk_bandwidth_mb_s",
                "at least 1");
  expectInvalid([](MachineConfig& c) { c.devices.nic_bandwidth_mb_s = 0; }, "devices.nic_bandwidth_mb_s",
                "at least 1");
  expectInvalid([](MachineConfig& c) { c.devices.rtc_epoch = ~uint64_t{0}; }, "devices.rtc_epoch", "TOML integer");
  expectInvalid([](MachineConfig& c) { c.stats.sample_interval_us = 0; }, "stats.sample_interval_us", "at least 1");
}

// ---- overrides ----

TEST(ConfigOverride, IntegerStringBoolArray) {
  MachineConfig c = loadMachineConfig("flash8");
  applyOverride(c, "cache.l2.size_kb=256");
  EXPECT_EQ(c.cache.l2.size_kb, 256u);
  applyOverride(c, "topology.kind = \"torus\"");
  EXPECT_EQ(c.topology.kind, "torus");
  applyOverride(c, "topology.kind=mesh");  // a bare string
  EXPECT_EQ(c.topology.kind, "mesh");
  applyOverride(c, "miss_counters.enabled=false");
  EXPECT_FALSE(c.miss_counters.enabled);
  applyOverride(c, "topology.dims=[4, 2]");
  EXPECT_EQ(c.topology.dims, (std::vector<uint32_t>{4, 2}));
  applyOverride(c, "name=my run");  // bare string with a space
  EXPECT_EQ(c.name, "my run");
  applyOverride(c, "name=123");  // digits are still a name for a string key
  EXPECT_EQ(c.name, "123");
  applyOverride(c, "machine.seed=9223372036854775807");
  EXPECT_EQ(c.machine.seed, 9223372036854775807u);
}

TEST(ConfigOverride, UnknownKeySuggests) {
  MachineConfig c;
  expectConfigError([&] { applyOverride(c, "cache.l2.sise_kb=256"); }, "cache.l2.sise_kb",
                    "did you mean cache.l2.size_kb?");
  expectConfigError([&] { applyOverride(c, "cache.l2=256"); }, "cache.l2",
                    "is a table; override one of its keys (e.g. cache.l2.size_kb=...)");
  expectConfigError([&] { applyOverride(c, "preset=flash8"); }, "preset", "only a configuration file");
}

TEST(ConfigOverride, BadValuesAndSyntax) {
  MachineConfig c;
  expectConfigError([&] { applyOverride(c, "cache.l2.size_kb"); }, "cache.l2.size_kb", "key=value");
  expectConfigError([&] { applyOverride(c, "=3"); }, "=3", "needs a key");
  expectConfigError([&] { applyOverride(c, "cache.l2.size_kb=big"); }, "cache.l2.size_kb",
                    "cannot read 'big' as a TOML value");
  expectConfigError([&] { applyOverride(c, "cache.l2.size_kb=\"256\""); }, "cache.l2.size_kb",
                    "expected an unsigned integer, found a string \"256\" (in override 'cache.l2.size_kb=\"256\"')");
  expectConfigError([&] { applyOverride(c, "miss_counters.enabled=yes"); }, "miss_counters.enabled",
                    "cannot read 'yes'");
}

TEST(ConfigOverride, ValidatesAndLeavesConfigUnchangedOnError) {
  MachineConfig c = loadMachineConfig("flash8");
  const MachineConfig before = c;
  expectConfigError([&] { applyOverride(c, "cache.l2.size_kb=1000"); }, "cache.l2.size_kb", "power of two");
  EXPECT_EQ(c, before);
}

TEST(ConfigOverride, SeveralAtOnceValidateOnce) {
  MachineConfig c = loadMachineConfig("flash8");
  // One at a time each of these is invalid on its own (file without kind file, and the reverse).
  expectConfigError([&] { applyOverride(c, "topology.file=edges.txt"); }, "topology.file", "only read when");
  applyOverrides(c, {"topology.kind=file", "topology.file=edges.txt", "topology.dims=[]"});
  EXPECT_EQ(c.topology.kind, "file");
  EXPECT_EQ(c.topology.file, "edges.txt");
  const MachineConfig before = c;
  expectConfigError([&] { applyOverrides(c, {"machine.nodes=4", "machine.nodes=0"}); }, "machine.nodes", "1..256");
  EXPECT_EQ(c, before);
}

// ---- toToml ----

TEST(ConfigToToml, EveryKeyInOrderWithTables) {
  const std::string text = toToml(MachineConfig{});
  size_t position = 0;
  for (const auto& key : configKeys()) {
    const size_t dot = key.rfind('.');
    const std::string leaf = dot == std::string::npos ? key : key.substr(dot + 1);
    if (dot != std::string::npos) {
      const std::string header = "[" + key.substr(0, dot) + "]\n";
      ASSERT_NE(text.find(header), std::string::npos) << header;
    }
    const size_t at = text.find("\n" + leaf + " = ", position);
    ASSERT_NE(at, std::string::npos) << key << " missing or out of order";
    position = at + 1;
  }
  EXPECT_THAT(text, HasSubstr("name = \"custom\"\n"));
  EXPECT_THAT(text, HasSubstr("[cache.l2]\nsize_kb = 1024\nassoc = 2\nline_bytes = 128\n"));
  EXPECT_THAT(text, HasSubstr("dims = []\n"));
  EXPECT_THAT(text, HasSubstr("enabled = true\n"));
  EXPECT_EQ(configKeys().size(), 38u);
}

TEST(ConfigToToml, PresetsRoundTrip) {
  for (const auto& name : presetNames()) {
    SCOPED_TRACE(name);
    const MachineConfig c = loadMachineConfig(name);
    const MachineConfig back = parseMachineConfig(toToml(c), "round trip");
    EXPECT_EQ(back, c);
    EXPECT_EQ(toToml(back), toToml(c));
  }
}

TEST(ConfigToToml, EveryFieldChangedRoundTrips) {
  MachineConfig c;
  c.name = "odd \"name\"\\ with\ttab";
  c.machine = {4, 2, 128, 250, 12345};
  c.cache.l1i = {16, 4, 32};
  c.cache.l1d = {64, 1, 64};
  c.cache.l2 = {512, 8, 256};
  c.cache.l2_hit_cycles = 7;
  c.cache.protocol = "msi";
  c.memory = {250, 700, 30, 40, 500};
  c.topology = {"file", {}, "net/edges.txt", 800, 20};
  c.miss_counters = {false, 99, 0};
  c.sim = {"functional", 250};
  c.devices = {100, 40, 1000, 1700000000};
  c.stats = {500, 0};
  ASSERT_NO_THROW(validate(c));
  const MachineConfig defaults;
  // Each field differs from its default, so a key toToml forgot would come back as the default.
  EXPECT_NE(c.machine.cpus_per_node, defaults.machine.cpus_per_node);
  EXPECT_NE(c.stats.page_min_misses, defaults.stats.page_min_misses);
  EXPECT_EQ(parseMachineConfig(toToml(c), "round trip"), c);

  MachineConfig grid = c;
  grid.topology = {"torus", {2, 2}, "", 1, 0};
  EXPECT_EQ(parseMachineConfig(toToml(grid), "round trip"), grid);
}

}  // namespace
}  // namespace numa
