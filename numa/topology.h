// The interconnect's shape: which nodes are linked, how far apart any two
// are, and the route between them. One Boost.Graph adjacency list is the only
// description of it: the latency model reads the distance matrix on every
// remote miss, and the SimGrid platform for bulk traffic (bulk_network.h) is
// built from the same graph.
//
// Kinds: mesh and torus (dims, default the most square 2-D shape), hypercube
// (nodes a power of two), ring, full (every pair linked), file (an edge list,
// docs/topology.md).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "numa/address.h"
#include "numa/config.h"

namespace numa {

class Topology {
 public:
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

  // Builds the topology of config.topology for config.machine.nodes nodes.
  // Throws ConfigError (key "topology.kind", "topology.dims", "topology.file")
  // for an impossible shape or a disconnected graph.
  static Topology build(const MachineConfig& config);

  uint32_t nodes() const { return nodes_; }
  // Hops on a shortest path (0 for a == b).
  uint32_t hops(NodeId a, NodeId b) const { return distance_[size_t(a) * nodes_ + b]; }
  uint32_t diameter() const;
  // The nodes on the route from a to b, both included (deterministic shortest path).
  std::vector<NodeId> route(NodeId a, NodeId b) const;
  // Undirected links (a < b), sorted.
  std::vector<std::pair<NodeId, NodeId>> links() const;
  const Graph& graph() const { return graph_; }
  std::string describe() const;  // e.g. "mesh 2x4 (8 nodes, 10 links, diameter 4)"

  // The distance matrix as a text table, and the graph in Graphviz dot.
  std::string formatMatrix() const;
  void writeGraphviz(std::ostream& out) const;

 private:
  uint32_t nodes_ = 0;
  std::string description_;
  Graph graph_;
  std::vector<uint32_t> distance_;       // nodes x nodes
  std::vector<int32_t> nextHop_;         // nodes x nodes: first hop of the route
};

}  // namespace numa
