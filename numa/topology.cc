// Building the interconnect graph (Boost.Graph) for each topology kind, the
// all-pairs hop matrix (one breadth-first search per node), the route tables,
// and the text and Graphviz views of it. See topology.h for the routing
// rules and docs/topology.md for the kinds and the file format.
#include "numa/topology.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <ostream>
#include <sstream>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graphviz.hpp>

namespace numa {
namespace {

constexpr uint32_t kUnreached = std::numeric_limits<uint32_t>::max();

// "2x4" for {2, 4}.
std::string joinDims(const std::vector<uint32_t>& dims) {
  std::string text;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) text += 'x';
    text += std::to_string(dims[i]);
  }
  return text;
}

// "n3": how tables and Graphviz name node 3.
std::string nodeName(NodeId node) {
  std::string name = "n";
  name += std::to_string(node);
  return name;
}

// "1 node", "8 nodes".
std::string counted(uint64_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// Parses a whole token as an unsigned 32-bit number; false if it is not one.
bool parseUnsigned(const std::string& token, uint32_t& value) {
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value);
  return ec == std::errc() && ptr == end;
}

// Adds the links of a grid: each node to its +1 neighbour in every dimension,
// and with `wrap` the last to the first of a dimension of 3 or more (a
// dimension of 2 already has its one link).
void addGridLinks(Topology::Graph& graph, const std::vector<uint32_t>& dims, bool wrap) {
  const uint32_t nodes = uint32_t(boost::num_vertices(graph));
  uint32_t stride = 1;
  for (const uint32_t size : dims) {
    for (NodeId node = 0; node < nodes; ++node) {
      const uint32_t coord = (node / stride) % size;
      if (coord + 1 < size) boost::add_edge(node, node + stride, graph);
      else if (wrap && size >= 3) boost::add_edge(node, node - coord * stride, graph);
    }
    stride *= size;
  }
}

// Reads an edge list (docs/topology.md): a "nodes N" line, then one "a b"
// line per link; '#' starts a comment. Every error names file:line.
void readEdgeFile(const std::string& path, uint32_t machineNodes, Topology::Graph& graph) {
  const std::string key = "topology.file";
  std::ifstream in(path);
  if (!in) throw ConfigError(key, "cannot open '" + path + "': " + std::strerror(errno));
  auto fail = [&](size_t line, const std::string& reason) {
    throw ConfigError(key, path + ":" + std::to_string(line) + ": " + reason);
  };
  uint32_t declaredNodes = 0;
  bool haveNodes = false;
  std::map<std::pair<NodeId, NodeId>, size_t> seen;  // link -> line it was first given on
  std::string text;
  for (size_t lineNumber = 1; std::getline(in, text); ++lineNumber) {
    if (const size_t hash = text.find('#'); hash != std::string::npos) text.resize(hash);
    std::istringstream fields(text);
    std::vector<std::string> tokens;
    for (std::string token; fields >> token;) tokens.push_back(token);
    if (tokens.empty()) continue;
    if (tokens[0] == "nodes") {
      if (haveNodes) fail(lineNumber, "a second 'nodes' line");
      if (tokens.size() != 2 || !parseUnsigned(tokens[1], declaredNodes))
        fail(lineNumber, "expected 'nodes N' with N a number, found '" + text + "'");
      if (declaredNodes != machineNodes)
        fail(lineNumber, "the file declares " + counted(declaredNodes, "node") + " but machine.nodes = " +
                             std::to_string(machineNodes));
      haveNodes = true;
      continue;
    }
    NodeId a = 0, b = 0;
    if (tokens.size() != 2 || !parseUnsigned(tokens[0], a) || !parseUnsigned(tokens[1], b))
      fail(lineNumber, "expected a link 'a b' (two node numbers), found '" + text + "'");
    if (!haveNodes) fail(lineNumber, "the 'nodes N' line must come before the first link");
    for (const NodeId node : {a, b})
      if (node >= declaredNodes)
        fail(lineNumber, "node " + std::to_string(node) + " is out of range (nodes are 0.." +
                             std::to_string(declaredNodes - 1) + ")");
    if (a == b) fail(lineNumber, "node " + std::to_string(a) + " cannot be linked to itself");
    const auto [it, fresh] = seen.emplace(std::minmax(a, b), lineNumber);
    if (!fresh)
      fail(lineNumber, "link " + std::to_string(a) + "-" + std::to_string(b) + " was already given on line " +
                           std::to_string(it->second));
    boost::add_edge(a, b, graph);
  }
  if (in.bad()) throw ConfigError(key, "cannot read '" + path + "': " + std::strerror(errno));
  if (!haveNodes) throw ConfigError(key, path + ": no 'nodes N' line");
}

}  // namespace

// The most square 2-D factorization of `nodes` (see topology.h).
std::vector<uint32_t> mostSquareDims(uint32_t nodes) {
  uint32_t rows = 1;
  for (uint32_t a = 1; uint64_t{a} * a <= nodes; ++a)
    if (nodes % a == 0) rows = a;
  return {rows, nodes / rows};
}

// Builds the graph of config.topology, then distances and routes (topology.h).
Topology Topology::build(const MachineConfig& config) {
  const uint32_t nodes = config.machine.nodes;
  const auto& spec = config.topology;
  if (nodes < 1 || nodes > kMaxNodes)
    throw ConfigError("machine.nodes", "must be 1.." + std::to_string(kMaxNodes) + ", is " + std::to_string(nodes));
  const bool grid = spec.kind == "mesh" || spec.kind == "torus";
  if (!spec.dims.empty() && !grid)
    throw ConfigError("topology.dims", "only mesh and torus have dimensions (topology.kind is \"" + spec.kind + "\")");

  Topology topo;
  topo.nodes_ = nodes;
  topo.kind_ = spec.kind;
  topo.graph_ = Graph(nodes);
  if (grid) {
    topo.dims_ = spec.dims.empty() ? mostSquareDims(nodes) : spec.dims;
    uint64_t product = 1;
    for (const uint32_t size : topo.dims_) {
      if (size < 1) throw ConfigError("topology.dims", "every dimension must be at least 1");
      product *= size;
    }
    if (product != nodes)
      throw ConfigError("topology.dims", joinDims(topo.dims_) + " makes " + std::to_string(product) +
                                            " nodes, but machine.nodes = " + std::to_string(nodes));
    topo.shape_ = joinDims(topo.dims_);
  } else if (spec.kind == "hypercube") {
    if ((nodes & (nodes - 1)) != 0)
      throw ConfigError("topology.kind", "a hypercube needs a power-of-two node count, machine.nodes = " +
                                             std::to_string(nodes));
    for (uint32_t n = nodes; n > 1; n /= 2) topo.dims_.push_back(2);
    topo.shape_ = std::to_string(topo.dims_.size()) + "-D";
  } else if (spec.kind == "ring") {
    topo.dims_ = {nodes};
  } else if (spec.kind == "full") {
    for (NodeId a = 0; a < nodes; ++a)
      for (NodeId b = a + 1; b < nodes; ++b) boost::add_edge(a, b, topo.graph_);
  } else if (spec.kind == "file") {
    if (spec.file.empty()) throw ConfigError("topology.file", "is required when topology.kind = \"file\"");
    readEdgeFile(spec.file, nodes, topo.graph_);
    topo.shape_ = spec.file;
  } else {
    throw ConfigError("topology.kind", "unknown kind \"" + spec.kind +
                                           "\" (mesh, torus, hypercube, ring, full or file)");
  }

  const bool wrap = spec.kind == "torus" || spec.kind == "ring";
  if (!topo.dims_.empty()) addGridLinks(topo.graph_, topo.dims_, wrap);
  topo.computeDistances();
  if (topo.dims_.empty()) topo.computeBfsRoutes();
  else topo.computeGridRoutes(wrap);
  return topo;
}

// Fills distance_ with one breadth-first search per source node; throws
// ConfigError if some node cannot reach another.
void Topology::computeDistances() {
  distance_.assign(size_t(nodes_) * nodes_, kUnreached);
  diameter_ = 0;
  for (NodeId source = 0; source < nodes_; ++source) {
    uint32_t* row = distance_.data() + size_t(source) * nodes_;
    row[source] = 0;
    boost::breadth_first_search(
        graph_, boost::vertex(source, graph_),
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(row, boost::on_tree_edge()))));
    for (NodeId target = 0; target < nodes_; ++target) {
      if (row[target] == kUnreached)
        throw ConfigError(kind_ == "file" ? "topology.file" : "topology.kind",
                          (kind_ == "file" ? shape_ + ": " : std::string()) + "the graph is disconnected: node " +
                              std::to_string(source) + " cannot reach node " + std::to_string(target));
      diameter_ = std::max(diameter_, row[target]);
    }
  }
}

// Dimension-order routes over dims_ (topology.h): the first hop corrects the
// lowest differing coordinate, on a wrapped dimension the shorter way round
// (upward on a tie).
void Topology::computeGridRoutes(bool wrap) {
  nextHop_.assign(size_t(nodes_) * nodes_, 0);
  for (NodeId a = 0; a < nodes_; ++a) {
    for (NodeId b = 0; b < nodes_; ++b) {
      NodeId hop = a;
      uint32_t stride = 1;
      for (const uint32_t size : dims_) {
        const uint32_t from = (a / stride) % size, to = (b / stride) % size;
        if (from != to) {
          bool up = to > from;
          if (wrap) {
            const uint32_t upward = (to + size - from) % size;
            up = upward <= size - upward;
          }
          const uint32_t next = up ? (from + 1) % size : (from + size - 1) % size;
          hop = a - from * stride + next * stride;
          break;
        }
        stride *= size;
      }
      nextHop_[size_t(a) * nodes_ + b] = hop;
    }
  }
}

// Routes for graphs without coordinates: from each node, the lowest-numbered
// neighbour that is one hop closer to the target.
void Topology::computeBfsRoutes() {
  nextHop_.assign(size_t(nodes_) * nodes_, 0);
  for (NodeId a = 0; a < nodes_; ++a) {
    for (NodeId b = 0; b < nodes_; ++b) {
      NodeId best = a;
      if (a != b) {
        best = nodes_;
        for (const auto neighbour : boost::make_iterator_range(boost::adjacent_vertices(a, graph_)))
          if (hops(NodeId(neighbour), b) + 1 == hops(a, b)) best = std::min(best, NodeId(neighbour));
      }
      nextHop_[size_t(a) * nodes_ + b] = best;
    }
  }
}

// The route from a to b by following next hops (topology.h).
std::vector<NodeId> Topology::route(NodeId a, NodeId b) const {
  if (a >= nodes_ || b >= nodes_)
    throw std::out_of_range("Topology::route: node " + std::to_string(std::max(a, b)) + " of a machine with " +
                            counted(nodes_, "node"));
  std::vector<NodeId> path{a};
  path.reserve(hops(a, b) + 1);
  while (path.back() != b) path.push_back(nextHop(path.back(), b));
  return path;
}

// The links as sorted (low, high) pairs.
std::vector<std::pair<NodeId, NodeId>> Topology::links() const {
  std::vector<std::pair<NodeId, NodeId>> result;
  for (const auto edge : boost::make_iterator_range(boost::edges(graph_)))
    result.push_back(std::minmax(NodeId(boost::source(edge, graph_)), NodeId(boost::target(edge, graph_))));
  std::sort(result.begin(), result.end());
  return result;
}

// One line naming the kind, shape, size and diameter.
std::string Topology::describe() const {
  return kind_ + (shape_.empty() ? "" : " " + shape_) + " (" + counted(nodes_, "node") + ", " +
         counted(boost::num_edges(graph_), "link") + ", diameter " + std::to_string(diameter_) + ")";
}

// The hop matrix as a table (formatNodeTable).
std::string Topology::formatMatrix() const {
  return formatNodeTable("hops", nodes_, [this](NodeId a, NodeId b) { return uint64_t{hops(a, b)}; });
}

// The graph in Graphviz dot, nodes labelled n0..nN.
void Topology::writeGraphviz(std::ostream& out) const {
  std::vector<std::string> labels;
  for (NodeId node = 0; node < nodes_; ++node) labels.push_back(nodeName(node));
  boost::write_graphviz(out, graph_, boost::make_label_writer(labels.data()));
}

// A right-aligned nodes x nodes table (topology.h).
std::string formatNodeTable(const std::string& corner, uint32_t nodes,
                            const std::function<uint64_t(NodeId, NodeId)>& cell) {
  std::vector<std::string> cells(size_t(nodes) * nodes);
  size_t width = nodes ? nodeName(nodes - 1).size() : 1;
  for (NodeId a = 0; a < nodes; ++a)
    for (NodeId b = 0; b < nodes; ++b) {
      cells[size_t(a) * nodes + b] = std::to_string(cell(a, b));
      width = std::max(width, cells[size_t(a) * nodes + b].size());
    }
  const size_t firstWidth = std::max(corner.size(), width);
  std::string table;
  // Appends `text` right-aligned in `w` columns, after a space unless first in its row.
  auto put = [&table](const std::string& text, size_t w, bool first) {
    if (!first) table += ' ';
    table.append(w - std::min(w, text.size()), ' ');
    table += text;
  };
  table += corner;
  table.append(firstWidth - corner.size(), ' ');
  for (NodeId b = 0; b < nodes; ++b) put(nodeName(b), width, false);
  table += '\n';
  for (NodeId a = 0; a < nodes; ++a) {
    put(nodeName(a), firstWidth, true);
    for (NodeId b = 0; b < nodes; ++b) put(cells[size_t(a) * nodes + b], width, false);
    table += '\n';
  }
  return table;
}

}  // namespace numa
