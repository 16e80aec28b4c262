// Tests of the interconnect topology: distances of each kind against their
// closed forms, routes (shortest, connected, dimension-ordered), the edge-list
// file format and its errors, and the text and Graphviz views.
#include "numa/topology.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace numa {
namespace {

using ::testing::HasSubstr;

// A machine of `nodes` nodes with the given topology kind and dims.
MachineConfig machineWith(uint32_t nodes, const std::string& kind, std::vector<uint32_t> dims = {}) {
  MachineConfig config;
  config.machine.nodes = nodes;
  config.topology.kind = kind;
  config.topology.dims = std::move(dims);
  return config;
}

// A temporary file with the given text, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    path_ = (std::filesystem::temp_directory_path() /
             ("topology_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".txt"))
                .string();
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

// Builds a file topology from `text` for `nodes` nodes.
Topology fromFile(const std::string& text, uint32_t nodes, std::string* pathOut = nullptr) {
  TempFile file(text);
  if (pathOut) *pathOut = file.path();
  MachineConfig config = machineWith(nodes, "file");
  config.topology.file = file.path();
  return Topology::build(config);
}

// The ConfigError `build` throws for `config` (fails the test if none).
ConfigError buildError(const MachineConfig& config) {
  try {
    Topology::build(config);
  } catch (const ConfigError& error) {
    return error;
  }
  ADD_FAILURE() << "no ConfigError for kind " << config.topology.kind;
  return ConfigError("none", "none");
}

// Every route is a path over links whose length is the BFS distance.
void expectRoutesShortestAndConnected(const Topology& topo) {
  const auto links = topo.links();
  for (NodeId a = 0; a < topo.nodes(); ++a)
    for (NodeId b = 0; b < topo.nodes(); ++b) {
      const auto path = topo.route(a, b);
      ASSERT_EQ(path.front(), a);
      ASSERT_EQ(path.back(), b);
      ASSERT_EQ(path.size(), topo.hops(a, b) + 1) << a << "->" << b;
      for (size_t i = 0; i + 1 < path.size(); ++i)
        ASSERT_TRUE(std::binary_search(links.begin(), links.end(),
                                       std::pair<NodeId, NodeId>(std::minmax(path[i], path[i + 1]))))
            << "hop " << path[i] << "-" << path[i + 1] << " of route " << a << "->" << b << " is not a link";
    }
}

TEST(Topology, MostSquareDims) {
  EXPECT_EQ(mostSquareDims(8), (std::vector<uint32_t>{2, 4}));
  EXPECT_EQ(mostSquareDims(16), (std::vector<uint32_t>{4, 4}));
  EXPECT_EQ(mostSquareDims(12), (std::vector<uint32_t>{3, 4}));
  EXPECT_EQ(mostSquareDims(7), (std::vector<uint32_t>{1, 7}));
  EXPECT_EQ(mostSquareDims(2), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(mostSquareDims(1), (std::vector<uint32_t>{1, 1}));
}

TEST(Topology, Mesh2x4Distances) {
  const Topology topo = Topology::build(machineWith(8, "mesh"));
  EXPECT_EQ(topo.dims(), (std::vector<uint32_t>{2, 4}));
  // Node n at (n % 2, n / 2): links 2*4 - 4 + 2*4 - 2 = 10.
  EXPECT_EQ(topo.links().size(), 10u);
  EXPECT_EQ(topo.hops(0, 7), 4u);  // corner (0,0) to corner (1,3)
  EXPECT_EQ(topo.hops(1, 6), 4u);  // (1,0) to (0,3)
  EXPECT_EQ(topo.hops(0, 1), 1u);
  EXPECT_EQ(topo.hops(0, 2), 1u);
  EXPECT_EQ(topo.hops(3, 3), 0u);
  EXPECT_EQ(topo.diameter(), 4u);
  EXPECT_EQ(topo.describe(), "mesh 2x4 (8 nodes, 10 links, diameter 4)");
  // Manhattan distance everywhere.
  for (NodeId a = 0; a < 8; ++a)
    for (NodeId b = 0; b < 8; ++b)
      EXPECT_EQ(topo.hops(a, b), uint32_t(std::abs(int(a % 2) - int(b % 2)) + std::abs(int(a / 2) - int(b / 2))));
  expectRoutesShortestAndConnected(topo);
}

TEST(Topology, MeshRoutesAreDimensionOrdered) {
  const Topology topo = Topology::build(machineWith(16, "mesh"));  // 4x4, node = x + 4y
  // 0 (0,0) -> 15 (3,3): all x first, then y.
  EXPECT_EQ(topo.route(0, 15), (std::vector<NodeId>{0, 1, 2, 3, 7, 11, 15}));
  // And back: x first again, so the return route is a different path.
  EXPECT_EQ(topo.route(15, 0), (std::vector<NodeId>{15, 14, 13, 12, 8, 4, 0}));
  EXPECT_EQ(topo.nextHop(5, 5), 5u);
  EXPECT_EQ(topo.nextHop(5, 6), 6u);
}

TEST(Topology, ExplicitDimsAndThreeDimensionalMesh) {
  const Topology topo = Topology::build(machineWith(8, "mesh", {4, 2}));
  EXPECT_EQ(topo.describe(), "mesh 4x2 (8 nodes, 10 links, diameter 4)");
  EXPECT_EQ(topo.hops(0, 7), 4u);
  const Topology cube = Topology::build(machineWith(27, "mesh", {3, 3, 3}));
  EXPECT_EQ(cube.links().size(), 54u);  // 3 dims x 9 lines x 2 links
  EXPECT_EQ(cube.hops(0, 26), 6u);
  expectRoutesShortestAndConnected(cube);
}

TEST(Topology, Torus4x4) {
  const Topology topo = Topology::build(machineWith(16, "torus"));
  EXPECT_EQ(topo.links().size(), 32u);  // 2 links per node
  EXPECT_EQ(topo.diameter(), 4u);       // 2 + 2
  EXPECT_EQ(topo.hops(0, 3), 1u);       // wraparound in x
  EXPECT_EQ(topo.hops(0, 12), 1u);      // wraparound in y
  EXPECT_EQ(topo.hops(0, 10), 4u);      // (0,0) to (2,2)
  for (NodeId a = 0; a < 16; ++a) {
    uint32_t farthest = 0;
    for (NodeId b = 0; b < 16; ++b) farthest = std::max(farthest, topo.hops(a, b));
    EXPECT_EQ(farthest, 4u) << "a torus looks the same from every node";
  }
  // Shorter way round; upward on the tie (0 -> 2 in a ring of 4).
  EXPECT_EQ(topo.route(0, 3), (std::vector<NodeId>{0, 3}));
  EXPECT_EQ(topo.route(0, 2), (std::vector<NodeId>{0, 1, 2}));
  EXPECT_EQ(topo.route(2, 0), (std::vector<NodeId>{2, 3, 0}));
  expectRoutesShortestAndConnected(topo);
}

TEST(Topology, TorusWithDimensionOfTwoHasNoDoubleLinks) {
  const Topology topo = Topology::build(machineWith(8, "torus"));  // 2x4
  EXPECT_EQ(topo.links().size(), 4u + 8u);  // x: 4 single links; y: 2 rings of 4
  EXPECT_EQ(topo.diameter(), 3u);
  expectRoutesShortestAndConnected(topo);
}

TEST(Topology, Hypercube) {
  const Topology topo = Topology::build(machineWith(8, "hypercube"));
  EXPECT_EQ(topo.links().size(), 12u);
  EXPECT_EQ(topo.diameter(), 3u);
  for (NodeId a = 0; a < 8; ++a)
    for (NodeId b = 0; b < 8; ++b) EXPECT_EQ(topo.hops(a, b), uint32_t(__builtin_popcount(a ^ b)));
  // e-cube: the lowest differing bit first.
  EXPECT_EQ(topo.route(0, 7), (std::vector<NodeId>{0, 1, 3, 7}));
  EXPECT_EQ(topo.route(6, 1), (std::vector<NodeId>{6, 7, 5, 1}));
  EXPECT_EQ(topo.describe(), "hypercube 3-D (8 nodes, 12 links, diameter 3)");
  expectRoutesShortestAndConnected(topo);
}

TEST(Topology, HypercubeNeedsPowerOfTwo) {
  const ConfigError error = buildError(machineWith(6, "hypercube"));
  EXPECT_EQ(error.key(), "topology.kind");
  EXPECT_THAT(error.what(), HasSubstr("power-of-two"));
}

TEST(Topology, Ring) {
  const Topology topo = Topology::build(machineWith(8, "ring"));
  EXPECT_EQ(topo.links().size(), 8u);
  EXPECT_EQ(topo.diameter(), 4u);
  EXPECT_EQ(topo.hops(0, 7), 1u);
  EXPECT_EQ(topo.hops(1, 5), 4u);
  EXPECT_EQ(topo.route(0, 6), (std::vector<NodeId>{0, 7, 6}));
  EXPECT_EQ(topo.describe(), "ring (8 nodes, 8 links, diameter 4)");
  expectRoutesShortestAndConnected(topo);
  EXPECT_EQ(Topology::build(machineWith(2, "ring")).links().size(), 1u);
}

TEST(Topology, Full) {
  const Topology topo = Topology::build(machineWith(8, "full"));
  EXPECT_EQ(topo.links().size(), 28u);
  EXPECT_EQ(topo.diameter(), 1u);
  EXPECT_EQ(topo.route(3, 6), (std::vector<NodeId>{3, 6}));
  expectRoutesShortestAndConnected(topo);
}

TEST(Topology, OneNodeMachineHasNoLinks) {
  for (const std::string kind : {"mesh", "torus", "hypercube", "ring", "full"}) {
    const Topology topo = Topology::build(machineWith(1, kind));
    EXPECT_EQ(topo.nodes(), 1u) << kind;
    EXPECT_TRUE(topo.links().empty()) << kind;
    EXPECT_EQ(topo.hops(0, 0), 0u);
    EXPECT_EQ(topo.route(0, 0), (std::vector<NodeId>{0}));
  }
}

TEST(Topology, BadShapes) {
  ConfigError error = buildError(machineWith(6, "mesh", {2, 4}));
  EXPECT_EQ(error.key(), "topology.dims");
  EXPECT_THAT(error.what(), HasSubstr("2x4 makes 8 nodes, but machine.nodes = 6"));
  error = buildError(machineWith(8, "ring", {8}));
  EXPECT_EQ(error.key(), "topology.dims");
  error = buildError(machineWith(8, "mesh", {0, 8}));
  EXPECT_EQ(error.key(), "topology.dims");
  error = buildError(machineWith(8, "star"));
  EXPECT_EQ(error.key(), "topology.kind");
  EXPECT_THAT(error.what(), HasSubstr("unknown kind \"star\""));
  error = buildError(machineWith(0, "mesh"));
  EXPECT_EQ(error.key(), "machine.nodes");
  error = buildError(machineWith(8, "file"));
  EXPECT_EQ(error.key(), "topology.file");
}

TEST(TopologyFile, ParsesLinksAndComments) {
  std::string path;
  const Topology topo = fromFile(
      "# a line of four with a shortcut\n"
      "nodes 4\n"
      "\n"
      "0 1   # first\n"
      "  1 2\n"
      "2 3\n"
      "3 0\n",
      4, &path);
  EXPECT_EQ(topo.links(), (std::vector<std::pair<NodeId, NodeId>>{{0, 1}, {0, 3}, {1, 2}, {2, 3}}));
  EXPECT_EQ(topo.hops(0, 2), 2u);
  // Lowest-numbered neighbour one hop closer: 0 -> 2 goes by 1, 1 -> 3 by 0.
  EXPECT_EQ(topo.route(0, 2), (std::vector<NodeId>{0, 1, 2}));
  EXPECT_EQ(topo.route(1, 3), (std::vector<NodeId>{1, 0, 3}));
  EXPECT_EQ(topo.describe(), "file " + path + " (4 nodes, 4 links, diameter 2)");
  expectRoutesShortestAndConnected(topo);
}

// The ConfigError for file `text` on `nodes` nodes; its message must name the file and line.
std::string fileError(const std::string& text, uint32_t nodes) {
  TempFile file(text);
  MachineConfig config = machineWith(nodes, "file");
  config.topology.file = file.path();
  const ConfigError error = buildError(config);
  EXPECT_EQ(error.key(), "topology.file");
  EXPECT_THAT(error.what(), HasSubstr(file.path()));
  std::string message = error.what();
  return message.substr(message.find(file.path()) + file.path().size());
}

TEST(TopologyFile, Errors) {
  EXPECT_EQ(fileError("nodes 3\n0 1\n1 x\n", 3), ":3: expected a link 'a b' (two node numbers), found '1 x'");
  EXPECT_EQ(fileError("nodes 3\n0 1 2\n", 3), ":2: expected a link 'a b' (two node numbers), found '0 1 2'");
  EXPECT_EQ(fileError("nodes 3\n0 3\n", 3), ":2: node 3 is out of range (nodes are 0..2)");
  EXPECT_EQ(fileError("nodes 3\n1 1\n", 3), ":2: node 1 cannot be linked to itself");
  EXPECT_EQ(fileError("nodes 3\n0 1\n1 2\n1 0\n", 3), ":4: link 1-0 was already given on line 2");
  EXPECT_EQ(fileError("# no header\n0 1\n", 2), ":2: the 'nodes N' line must come before the first link");
  EXPECT_EQ(fileError("nodes 4\n0 1\n", 8), ":1: the file declares 4 nodes but machine.nodes = 8");
  EXPECT_EQ(fileError("nodes 2\nnodes 2\n", 2), ":2: a second 'nodes' line");
  EXPECT_EQ(fileError("nodes -1\n", 2), ":1: expected 'nodes N' with N a number, found 'nodes -1'");
  EXPECT_EQ(fileError("# nothing\n", 2), ": no 'nodes N' line");
  EXPECT_EQ(fileError("nodes 4\n0 1\n2 3\n", 4), ": the graph is disconnected: node 0 cannot reach node 2");
}

TEST(TopologyFile, MissingFile) {
  MachineConfig config = machineWith(2, "file");
  config.topology.file = "/nonexistent/links.txt";
  const ConfigError error = buildError(config);
  EXPECT_EQ(error.key(), "topology.file");
  EXPECT_THAT(error.what(), HasSubstr("cannot open '/nonexistent/links.txt'"));
}

TEST(Topology, FormatMatrix) {
  const Topology topo = Topology::build(machineWith(4, "ring"));
  EXPECT_EQ(topo.formatMatrix(),
            "hops n0 n1 n2 n3\n"
            "  n0  0  1  2  1\n"
            "  n1  1  0  1  2\n"
            "  n2  2  1  0  1\n"
            "  n3  1  2  1  0\n");
}

TEST(Topology, GraphvizHasEveryNodeAndLink) {
  const Topology topo = Topology::build(machineWith(8, "mesh"));
  std::ostringstream dot;
  topo.writeGraphviz(dot);
  const std::string text = dot.str();
  EXPECT_THAT(text, HasSubstr("graph G {"));
  for (NodeId node = 0; node < 8; ++node)
    EXPECT_THAT(text, HasSubstr(std::to_string(node) + "[label=n" + std::to_string(node) + "]"));
  for (const auto& [a, b] : topo.links())
    EXPECT_THAT(text, HasSubstr(std::to_string(a) + "--" + std::to_string(b))) << a << "-" << b;
  EXPECT_EQ(std::count(text.begin(), text.end(), '-'), 2 * 10);  // exactly the 10 links
}

}  // namespace
}  // namespace numa
