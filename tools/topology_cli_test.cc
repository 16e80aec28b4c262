// Tests of `disco topology`'s report: the description, the hop and latency
// matrices worked out from the memory model, and the Graphviz file.
#include "tools/topology_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace disco {
namespace {

using ::testing::HasSubstr;

// A 4-node ring with a per-hop cost, so that distance shows in the latencies.
numa::MachineConfig ringOfFour() {
  numa::MachineConfig config;
  config.name = "test-ring";
  config.machine.nodes = 4;
  config.topology.kind = "ring";
  config.memory.local_latency_ns = 300;
  config.memory.remote_latency_ns = 900;
  config.memory.hop_latency_ns = 100;
  return config;
}

TEST(TopologyCommand, PrintsDescriptionMatricesAndLinkParameters) {
  std::ostringstream out;
  EXPECT_EQ(runTopologyCommand(ringOfFour(), "", out), 0);
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("machine test-ring: ring (4 nodes, 4 links, diameter 2)\n"));
  EXPECT_THAT(text, HasSubstr("links: 0-1 0-3 1-2 2-3\n"));
  EXPECT_THAT(text, HasSubstr("hops n0 n1 n2 n3\n"
                              "  n0  0  1  2  1\n"));
  // Same node 300; one hop 900; two hops 900 + 100.
  EXPECT_THAT(text, HasSubstr("ns     n0   n1   n2   n3\n"
                              "  n0  300  900 1000  900\n"
                              "  n1  900  300  900 1000\n"));
  EXPECT_THAT(text, HasSubstr("400 MB/s per link and direction, 50 ns per hop"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Graphviz")));
}

TEST(TopologyCommand, WritesGraphviz) {
  const std::string path = (std::filesystem::temp_directory_path() / "topology_cli_test.dot").string();
  std::ostringstream out;
  runTopologyCommand(ringOfFour(), path, out);
  EXPECT_THAT(out.str(), HasSubstr("Graphviz written to " + path));
  std::ifstream dot(path);
  std::stringstream text;
  text << dot.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("0--1"));
  EXPECT_THAT(text.str(), HasSubstr("2--3"));
  EXPECT_THAT(text.str(), HasSubstr("[label=n3]"));
  std::remove(path.c_str());
}

TEST(TopologyCommand, Errors) {
  std::ostringstream out;
  EXPECT_THROW(runTopologyCommand(ringOfFour(), "/nonexistent/dir/t.dot", out), std::runtime_error);
  numa::MachineConfig bad = ringOfFour();
  bad.topology.kind = "hypercube";
  bad.machine.nodes = 6;
  EXPECT_THROW(runTopologyCommand(bad, "", out), numa::ConfigError);
}

}  // namespace
}  // namespace disco
