// Tests of the statistics tree: registration rules, freezing, sampling into
// time series, the text dump, and the HDF5 file read back with the HDF5 C++
// API (values, attributes, series, tables; overwrite; write errors).
#include "numa/stats.h"

#include "numa/hdf5_strings.h"

#include <H5Cpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace numa {
namespace {

using ::testing::HasSubstr;

// A file name in a fresh temporary directory, removed with the directory.
struct TempFile {
  std::filesystem::path dir;
  std::string path;
  explicit TempFile(const std::string& name) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir = std::filesystem::temp_directory_path() /
          ("numa_stats_test_" + std::to_string(getpid()) + "_" + test->name());
    std::filesystem::create_directories(dir);
    path = (dir / name).string();
  }
  ~TempFile() { std::filesystem::remove_all(dir); }
};

// Expects `call` to throw `Exception` with a message containing `part`.
template <typename Exception, typename Call>
void expectThrowWith(Call call, const std::string& part) {
  try {
    call();
    ADD_FAILURE() << "no exception; expected one mentioning \"" << part << "\"";
  } catch (const Exception& e) {
    EXPECT_THAT(e.what(), HasSubstr(part));
  }
}

// ---- HDF5 reading helpers for the checks ----

uint64_t readUint(const H5::H5File& f, const std::string& path) {
  uint64_t v = 0;
  f.openDataSet(path).read(&v, H5::PredType::NATIVE_UINT64);
  return v;
}

double readDouble(const H5::H5File& f, const std::string& path) {
  double v = 0;
  f.openDataSet(path).read(&v, H5::PredType::NATIVE_DOUBLE);
  return v;
}

std::vector<uint64_t> readUintVector(const H5::H5File& f, const std::string& path) {
  H5::DataSet ds = f.openDataSet(path);
  EXPECT_EQ(ds.getSpace().getSimpleExtentNdims(), 1) << path;
  std::vector<uint64_t> v(size_t(ds.getSpace().getSimpleExtentNpoints()));
  if (!v.empty()) ds.read(v.data(), H5::PredType::NATIVE_UINT64);
  return v;
}

std::vector<double> readDoubleVector(const H5::H5File& f, const std::string& path) {
  H5::DataSet ds = f.openDataSet(path);
  std::vector<double> v(size_t(ds.getSpace().getSimpleExtentNpoints()));
  if (!v.empty()) ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
  return v;
}

using hdf5::readStringAttribute;
using hdf5::readStringListAttribute;

// True when the file has an object (group or dataset) at `path`.
bool hasObject(const H5::H5File& f, const std::string& path) {
  return H5Lexists(f.getId(), path.c_str(), H5P_DEFAULT) > 0;
}

// A small machine's worth of statistics over variables the test changes.
struct Model {
  uint64_t instructions0 = 0, instructions1 = 0, userCycles0 = 0, homeRequests = 0;
  double hostSeconds = 0;
  std::vector<std::vector<uint64_t>> pages;

  void registerAll(StatsTree& t) {
    t.counter("cpu/0/instructions", "instructions retired", [this] { return instructions0; });
    t.counter("cpu/1/instructions", "instructions retired", [this] { return instructions1; });
    t.counter("cpu/0/time/user", "cycles in user mode", [this] { return userCycles0; });
    t.counter("node/0/home_requests", "requests served as home", [this] { return homeRequests; },
              /*sampled=*/false);
    t.real("host/seconds", "host wall-clock time", "s", [this] { return hostSeconds; });
    t.real("machine/clock_mhz", "CPU clock", "MHz", [] { return 200.0; }, /*sampled=*/true);
    t.table("pages/misses", "misses per page and node", {"page", "node0", "node1"},
            [this](StatsTree::TableRows& rows) { rows = pages; });
  }
};

// ---- registration ----

TEST(StatsTree, CountersAndRealsAreReadWhenAsked) {
  StatsTree t;
  Model m;
  m.registerAll(t);
  m.instructions0 = 42;
  m.hostSeconds = 1.25;
  EXPECT_EQ(t.counterValue("cpu/0/instructions"), 42u);
  m.instructions0 = 43;
  EXPECT_EQ(t.counterValue("cpu/0/instructions"), 43u);
  EXPECT_DOUBLE_EQ(t.realValue("host/seconds"), 1.25);
  m.pages = {{7, 1, 2}, {9, 0, 5}};
  EXPECT_EQ(t.tableRows("pages/misses"), m.pages);
  EXPECT_EQ(t.tableColumns("pages/misses"), (std::vector<std::string>{"page", "node0", "node1"}));
  EXPECT_EQ(t.paths(), (std::vector<std::string>{"cpu/0/instructions", "cpu/1/instructions",
                                                 "cpu/0/time/user", "node/0/home_requests",
                                                 "host/seconds", "machine/clock_mhz", "pages/misses"}));
  EXPECT_TRUE(t.contains("cpu/0/time/user"));
  EXPECT_FALSE(t.contains("cpu/0/time"));
}

TEST(StatsTree, LookupsNameTheProblem) {
  StatsTree t;
  Model m;
  m.registerAll(t);
  expectThrowWith<std::out_of_range>([&] { t.counterValue("cpu/7/instructions"); },
                                     "no value is registered at 'cpu/7/instructions'");
  expectThrowWith<std::invalid_argument>([&] { t.counterValue("host/seconds"); },
                                         "'host/seconds' is a real, not a counter");
  expectThrowWith<std::invalid_argument>([&] { t.realValue("pages/misses"); },
                                         "'pages/misses' is a table, not a real");
  expectThrowWith<std::invalid_argument>([&] { t.tableRows("cpu/0/instructions"); },
                                         "is a counter, not a table");
}

TEST(StatsTree, DuplicatePathIsRejected) {
  StatsTree t;
  t.counter("cpu/0/instructions", "", [] { return 1; });
  expectThrowWith<std::invalid_argument>([&] { t.counter("cpu/0/instructions", "", [] { return 2; }); },
                                         "'cpu/0/instructions' is registered twice");
  // The namespace is shared by all kinds.
  expectThrowWith<std::invalid_argument>(
      [&] { t.real("cpu/0/instructions", "", "s", [] { return 1.0; }); }, "registered twice");
  EXPECT_EQ(t.counterValue("cpu/0/instructions"), 1u);  // the first registration stays
}

TEST(StatsTree, BadPathsAreRejected) {
  StatsTree t;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "the path is empty"},
      {"/cpu/0", "starts or ends with '/'"},
      {"cpu/0/", "starts or ends with '/'"},
      {"cpu//0", "empty component"},
      {"cpu/0/time user", "has the character ' '"},
      {"cpu/0/..", "component '..' starts with '.'"},
      {"cpu/.hidden", "starts with '.'"},
      {"node/0/miss%", "has the character '%'"},
      {"time_ns", "reserved"},
      {"time_ns/x", "reserved"},
  };
  for (const auto& [path, reason] : bad) {
    SCOPED_TRACE(path);
    expectThrowWith<std::invalid_argument>([&] { t.counter(path, "", [] { return 0; }); }, reason);
  }
  // Names that are fine: digits, dots inside, dashes, underscores, a lone component.
  EXPECT_NO_THROW(t.counter("a-b_c.d/0/x1", "", [] { return 0; }));
  EXPECT_NO_THROW(t.counter("instructions", "", [] { return 0; }));
  EXPECT_NO_THROW(t.counter("cpu/time_ns", "", [] { return 0; }));  // reserved only at the top
}

TEST(StatsTree, AValueCannotAlsoBeAGroup) {
  StatsTree t;
  t.counter("cpu/0/time", "", [] { return 0; });
  expectThrowWith<std::invalid_argument>([&] { t.counter("cpu/0/time/user", "", [] { return 0; }); },
                                         "'cpu/0/time' is already a value");
  t.counter("node/0/misses/local", "", [] { return 0; });
  expectThrowWith<std::invalid_argument>([&] { t.counter("node/0/misses", "", [] { return 0; }); },
                                         "'node/0/misses/local' is already below it");
  expectThrowWith<std::invalid_argument>([&] { t.counter("node", "", [] { return 0; }); },
                                         "already below it");
  // A sibling whose name merely starts the same is fine.
  EXPECT_NO_THROW(t.counter("node/0/misses_total", "", [] { return 0; }));
}

TEST(StatsTree, MissingFunctionsAndBadColumnsAreRejected) {
  StatsTree t;
  expectThrowWith<std::invalid_argument>([&] { t.counter("a", "", nullptr); }, "counter 'a' has no read");
  expectThrowWith<std::invalid_argument>([&] { t.real("b", "", "s", nullptr); }, "real 'b' has no read");
  auto fill = [](StatsTree::TableRows&) {};
  expectThrowWith<std::invalid_argument>([&] { t.table("c", "", {"x"}, nullptr); }, "table 'c' has no fill");
  expectThrowWith<std::invalid_argument>([&] { t.table("c", "", {}, fill); }, "table 'c' has no columns");
  expectThrowWith<std::invalid_argument>([&] { t.table("c", "", {"x", ""}, fill); }, "empty column name");
  expectThrowWith<std::invalid_argument>([&] { t.table("c", "", {"x", "y", "x"}, fill); },
                                         "names column 'x' twice");
  EXPECT_TRUE(t.paths().empty());  // nothing half-registered
}

// ---- freezing and sampling ----

TEST(StatsTree, RegistrationAfterFreezeThrows) {
  StatsTree t;
  t.counter("a", "", [] { return 0; });
  EXPECT_FALSE(t.frozen());
  t.freeze();
  EXPECT_TRUE(t.frozen());
  expectThrowWith<std::logic_error>([&] { t.counter("b", "", [] { return 0; }); },
                                    "cannot register 'b': the tree is frozen");
  expectThrowWith<std::logic_error>([&] { t.real("c", "", "s", [] { return 0.0; }); }, "frozen");
  expectThrowWith<std::logic_error>(
      [&] { t.table("d", "", {"x"}, [](StatsTree::TableRows&) {}); }, "frozen");
  EXPECT_EQ(t.paths(), std::vector<std::string>{"a"});
  EXPECT_NO_THROW(t.freeze());  // twice is harmless
}

TEST(StatsTree, SamplingNeedsAFrozenTreeAndForwardTime) {
  StatsTree t;
  t.counter("a", "", [] { return 0; });
  expectThrowWith<std::logic_error>([&] { t.sample(0); }, "sample() before freeze()");
  t.freeze();
  t.sample(1000);
  t.sample(1000);  // the same instant twice (a final sample at the last boundary) is allowed
  expectThrowWith<std::logic_error>([&] { t.sample(999); },
                                    "sample at 999 ns is earlier than the previous one at 1000 ns");
  EXPECT_EQ(t.sampleCount(), 2u);
}

TEST(StatsTree, SampledValuesGetOneEntryPerSample) {
  StatsTree t;
  Model m;
  m.registerAll(t);
  t.freeze();
  EXPECT_EQ(t.sampleCount(), 0u);
  EXPECT_TRUE(t.counterSeries("cpu/0/instructions").empty());
  for (uint64_t i = 1; i <= 5; ++i) {
    m.instructions0 = 100 * i;
    m.instructions1 = 7 * i;
    m.homeRequests = i;
    t.sample(i * 1000);
  }
  EXPECT_EQ(t.sampleCount(), 5u);
  EXPECT_EQ(t.sampleTimesNs(), (std::vector<uint64_t>{1000, 2000, 3000, 4000, 5000}));
  EXPECT_EQ(t.counterSeries("cpu/0/instructions"), (std::vector<uint64_t>{100, 200, 300, 400, 500}));
  EXPECT_EQ(t.counterSeries("cpu/1/instructions"), (std::vector<uint64_t>{7, 14, 21, 28, 35}));
  EXPECT_EQ(t.counterSeries("cpu/0/time/user"), (std::vector<uint64_t>{0, 0, 0, 0, 0}));
  expectThrowWith<std::invalid_argument>([&] { t.counterSeries("node/0/home_requests"); },
                                         "counter 'node/0/home_requests' is not sampled");
}

// ---- text ----

TEST(StatsTree, FormatTextListsEveryValueWithAlignedComments) {
  StatsTree t;
  uint64_t misses = 12345;
  t.counter("node/0/misses/local", "misses served by the own node", [&] { return misses; });
  t.real("host/seconds", "host time", "s", [] { return 1.5; });
  t.real("host/mips", "", "", [] { return 0.25; });
  t.table("pages/misses", "per page", {"page", "node0"},
          [](StatsTree::TableRows& rows) { rows = {{1, 2}, {3, 4}, {5, 6}}; });
  const std::string expected =
      "node/0/misses/local = 12345                               # misses served by the own node\n"
      "host/seconds = 1.5 s                                      # host time\n"
      "host/mips = 0.25\n"
      "pages/misses = table of 3 rows x 2 columns (page, node0)  # per page\n";
  EXPECT_EQ(t.formatText(), expected);
  misses = 7;  // read on demand
  EXPECT_THAT(t.formatText(), HasSubstr("node/0/misses/local = 7 "));
}

// ---- HDF5 ----

TEST(StatsTree, Hdf5RoundTrip) {
  StatsTree t;
  Model m;
  m.registerAll(t);
  t.freeze();
  for (uint64_t i = 1; i <= 3; ++i) {
    m.instructions0 = 10 * i;
    m.instructions1 = 20 * i;
    m.userCycles0 = 30 * i;
    t.sample(i * 500);
  }
  m.instructions0 = 35;  // the scalar is the value at write time, not the last sample
  m.homeRequests = 9;
  m.hostSeconds = 2.5;
  m.pages = {{0x100, 3, 70}, {0x2a5, 64, 0}};
  TempFile file("run.h5");
  t.writeHdf5(file.path, {{"config", "name = \"tiny2\"\n[machine]\nnodes = 2\n"}, {"mode", "native"}});

  H5::H5File f(file.path, H5F_ACC_RDONLY);
  H5::Group root = f.openGroup("/");
  EXPECT_EQ(readStringAttribute(root, "config"), "name = \"tiny2\"\n[machine]\nnodes = 2\n");
  EXPECT_EQ(readStringAttribute(root, "mode"), "native");
  EXPECT_EQ(root.getNumAttrs(), 2);

  // Scalars, with their descriptions and units.
  EXPECT_EQ(readUint(f, "stats/cpu/0/instructions"), 35u);
  EXPECT_EQ(readUint(f, "stats/cpu/1/instructions"), 60u);
  EXPECT_EQ(readUint(f, "stats/cpu/0/time/user"), 90u);
  EXPECT_EQ(readUint(f, "stats/node/0/home_requests"), 9u);
  EXPECT_EQ(f.openDataSet("stats/cpu/0/instructions").getDataType().getSize(), 8u);
  EXPECT_EQ(f.openDataSet("stats/cpu/0/instructions").getTypeClass(), H5T_INTEGER);
  EXPECT_EQ(f.openDataSet("stats/host/seconds").getTypeClass(), H5T_FLOAT);
  EXPECT_EQ(f.openDataSet("stats/cpu/0/instructions").getSpace().getSimpleExtentNdims(), 0);
  EXPECT_DOUBLE_EQ(readDouble(f, "stats/host/seconds"), 2.5);
  EXPECT_DOUBLE_EQ(readDouble(f, "stats/machine/clock_mhz"), 200.0);
  EXPECT_EQ(readStringAttribute(f.openDataSet("stats/cpu/0/time/user"), "description"),
            "cycles in user mode");
  EXPECT_EQ(readStringAttribute(f.openDataSet("stats/host/seconds"), "unit"), "s");
  EXPECT_EQ(readStringAttribute(f.openDataSet("stats/machine/clock_mhz"), "unit"), "MHz");

  // Series: the sampled values only, all as long as time_ns.
  EXPECT_EQ(readUintVector(f, "series/time_ns"), (std::vector<uint64_t>{500, 1000, 1500}));
  EXPECT_EQ(readUintVector(f, "series/cpu/0/instructions"), (std::vector<uint64_t>{10, 20, 30}));
  EXPECT_EQ(readUintVector(f, "series/cpu/1/instructions"), (std::vector<uint64_t>{20, 40, 60}));
  EXPECT_EQ(readUintVector(f, "series/cpu/0/time/user"), (std::vector<uint64_t>{30, 60, 90}));
  EXPECT_EQ(readDoubleVector(f, "series/machine/clock_mhz"), (std::vector<double>{200, 200, 200}));
  EXPECT_EQ(readStringAttribute(f.openDataSet("series/cpu/0/instructions"), "description"),
            "instructions retired");
  EXPECT_FALSE(hasObject(f, "series/node"));        // home_requests is not sampled
  EXPECT_FALSE(hasObject(f, "series/host"));        // host/seconds is not sampled
  EXPECT_FALSE(hasObject(f, "stats/pages"));        // tables live under /tables only

  // The table: rows x columns, column names, description.
  H5::DataSet table = f.openDataSet("tables/pages/misses");
  hsize_t dims[2] = {0, 0};
  ASSERT_EQ(table.getSpace().getSimpleExtentNdims(), 2);
  table.getSpace().getSimpleExtentDims(dims);
  EXPECT_EQ(dims[0], 2u);
  EXPECT_EQ(dims[1], 3u);
  std::vector<uint64_t> cells(6);
  table.read(cells.data(), H5::PredType::NATIVE_UINT64);
  EXPECT_EQ(cells, (std::vector<uint64_t>{0x100, 3, 70, 0x2a5, 64, 0}));
  EXPECT_EQ(readStringListAttribute(table, "columns"),
            (std::vector<std::string>{"page", "node0", "node1"}));
  EXPECT_EQ(readStringAttribute(table, "description"), "misses per page and node");
}

TEST(StatsTree, Hdf5WithoutSamplesOrRowsHasEmptyDatasets) {
  StatsTree t;
  t.counter("cpu/0/instructions", "", [] { return 5; });
  t.table("pages/misses", "", {"page", "node0"}, [](StatsTree::TableRows&) {});
  t.freeze();
  TempFile file("empty.h5");
  t.writeHdf5(file.path, {});
  H5::H5File f(file.path, H5F_ACC_RDONLY);
  EXPECT_EQ(f.openGroup("/").getNumAttrs(), 0);
  EXPECT_TRUE(readUintVector(f, "series/time_ns").empty());
  EXPECT_TRUE(readUintVector(f, "series/cpu/0/instructions").empty());
  hsize_t dims[2] = {9, 9};
  f.openDataSet("tables/pages/misses").getSpace().getSimpleExtentDims(dims);
  EXPECT_EQ(dims[0], 0u);
  EXPECT_EQ(dims[1], 2u);
}

TEST(StatsTree, AnExistingFileIsReplaced) {
  TempFile file("again.h5");
  {
    std::ofstream junk(file.path);
    junk << "not an HDF5 file";
  }
  uint64_t value = 1;
  StatsTree t;
  t.counter("x", "", [&] { return value; });
  t.writeHdf5(file.path, {{"first", "yes"}});
  value = 2;
  t.writeHdf5(file.path, {{"second", "yes"}});
  H5::H5File f(file.path, H5F_ACC_RDONLY);
  EXPECT_EQ(readUint(f, "stats/x"), 2u);
  EXPECT_FALSE(f.openGroup("/").attrExists("first"));
  EXPECT_EQ(readStringAttribute(f.openGroup("/"), "second"), "yes");
}

TEST(StatsTree, UnwritableFileNamesTheFile) {
  StatsTree t;
  t.counter("x", "", [] { return 1; });
  TempFile file("unused.h5");
  const std::string missingDir = (file.dir / "no-such-dir" / "run.h5").string();
  expectThrowWith<std::runtime_error>([&] { t.writeHdf5(missingDir, {}); },
                                      "cannot write statistics file " + missingDir);
  // A directory is not a file either.
  expectThrowWith<std::runtime_error>([&] { t.writeHdf5(file.dir.string(), {}); },
                                      "cannot write statistics file " + file.dir.string());
}

TEST(StatsTree, ATableRowOfTheWrongWidthIsAnErrorAndLeavesTheOldFile) {
  TempFile file("table.h5");
  {
    StatsTree good;
    good.counter("x", "", [] { return 1; });
    good.writeHdf5(file.path, {});
  }
  StatsTree t;
  t.table("pages/misses", "", {"page", "node0", "node1"},
          [](StatsTree::TableRows& rows) { rows = {{1, 2, 3}, {4, 5}}; });
  expectThrowWith<std::logic_error>([&] { t.writeHdf5(file.path, {}); },
                                    "table 'pages/misses': row 1 has 2 values for 3 columns");
  expectThrowWith<std::logic_error>([&] { t.formatText(); }, "row 1 has 2 values");
  H5::H5File f(file.path, H5F_ACC_RDONLY);  // still the previous, complete file
  EXPECT_EQ(readUint(f, "stats/x"), 1u);
}

}  // namespace
}  // namespace numa
