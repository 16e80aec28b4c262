// The interconnect's shape: which nodes are linked, how far apart any two
// are, and the route between them. One Boost.Graph adjacency list is the only
// description of it: the latency model reads the distance matrix on every
// remote miss, and the SimGrid platform for bulk traffic (bulk_network.h) is
// built from the same graph.
//
// Kinds: mesh and torus (dims, default the most square 2-D shape), hypercube
// (nodes a power of two), ring, full (every pair linked), file (an edge list,
// docs/topology.md).
//
// Node numbering in grids: dims[0] varies fastest, so in a mesh 2x4 node
// n sits at (n % 2, n / 2). A hypercube is a grid of 2s, a ring a 1-D torus.
//
// Distances come from a breadth-first search from every node (Boost.Graph),
// kept in a flat nodes x nodes matrix. Routes are deterministic shortest
// paths, stored as a next-hop matrix: grids (mesh, torus, hypercube, ring)
// use dimension-order routing (the lowest dimension that differs is
// corrected first; on a ring or torus the shorter way round, the upward way
// on a tie), as routers of such machines do; full goes direct; a file's graph
// takes, at every step, the lowest-numbered neighbour that is one hop closer.
#pragma once

#include <cstdint>
#include <functional>
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
  uint32_t diameter() const { return diameter_; }
  // The nodes on the route from a to b, both included (deterministic shortest path).
  std::vector<NodeId> route(NodeId a, NodeId b) const;
  // The first node after a on the route from a to b (b itself when linked; a when a == b).
  NodeId nextHop(NodeId a, NodeId b) const { return nextHop_[size_t(a) * nodes_ + b]; }
  // Undirected links (a < b), sorted.
  std::vector<std::pair<NodeId, NodeId>> links() const;
  const Graph& graph() const { return graph_; }
  std::string describe() const;  // e.g. "mesh 2x4 (8 nodes, 10 links, diameter 4)"
  const std::string& kind() const { return kind_; }
  // The grid shape (mesh, torus: as configured or chosen; hypercube: all 2s;
  // ring: {nodes}); empty for full and file.
  const std::vector<uint32_t>& dims() const { return dims_; }

  // The distance matrix as a text table, and the graph in Graphviz dot.
  std::string formatMatrix() const;
  void writeGraphviz(std::ostream& out) const;

 private:
  void computeDistances();
  void computeGridRoutes(bool wrap);
  void computeBfsRoutes();

  uint32_t nodes_ = 0;
  std::string kind_;
  std::string shape_;            // "2x4", "3-D", a file name: the middle of describe()
  std::vector<uint32_t> dims_;
  Graph graph_;
  uint32_t diameter_ = 0;
  std::vector<uint32_t> distance_;  // nodes x nodes
  std::vector<NodeId> nextHop_;     // nodes x nodes: first hop of the route
};

// A nodes x nodes table with "n0".."nN" headers, `corner` in the top-left
// cell and cell(row, column) in each cell, columns right-aligned: the
// distance matrix, or any other per-pair quantity (e.g. miss latencies).
std::string formatNodeTable(const std::string& corner, uint32_t nodes,
                            const std::function<uint64_t(NodeId, NodeId)>& cell);

// The most square 2-D grid for `nodes`: {a, b} with a * b = nodes and a <= b
// as large as possible (8 -> 2x4, 16 -> 4x4, 7 -> 1x7).
std::vector<uint32_t> mostSquareDims(uint32_t nodes);

}  // namespace numa
