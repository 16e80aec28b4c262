// `disco topology`: the topology of a machine configuration as text and
// Graphviz (topology_cli.h).
#include "tools/topology_cli.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>
#include <stdexcept>

#include "numa/topology.h"

namespace disco {

// The uncontended miss latency from a CPU on node `from` to memory homed on
// node `to`, as the memory model charges it (docs/topology.md).
static uint64_t missLatencyNs(const numa::MachineConfig& config, const numa::Topology& topology, numa::NodeId from,
                              numa::NodeId to) {
  const uint32_t hops = topology.hops(from, to);
  if (hops == 0) return config.memory.local_latency_ns;
  return uint64_t{config.memory.remote_latency_ns} + uint64_t{config.memory.hop_latency_ns} * (hops - 1);
}

// Prints the topology report and writes the dot file (topology_cli.h).
int runTopologyCommand(const numa::MachineConfig& config, const std::string& dotPath, std::ostream& out) {
  const numa::Topology topology = numa::Topology::build(config);
  out << "machine " << config.name << ": " << topology.describe() << '\n';
  out << "links:";
  for (const auto& [a, b] : topology.links()) out << ' ' << a << '-' << b;
  if (topology.links().empty()) out << " none";
  out << "\n\nhops on the shortest route:\n" << topology.formatMatrix();
  out << "\ncache-miss latency without contention, ns (local " << config.memory.local_latency_ns << ", remote "
      << config.memory.remote_latency_ns << " at 1 hop, +" << config.memory.hop_latency_ns
      << " per further hop):\n"
      << numa::formatNodeTable("ns", topology.nodes(), [&](numa::NodeId a, numa::NodeId b) {
           return missLatencyNs(config, topology, a, b);
         });
  out << "\nbulk transfers (DMA, page copies): " << config.topology.link_bandwidth_mb_s
      << " MB/s per link and direction, " << config.topology.link_latency_ns << " ns per hop\n";
  if (!dotPath.empty()) {
    std::ofstream dot(dotPath);
    if (dot) topology.writeGraphviz(dot);
    if (!dot || !dot.flush())
      throw std::runtime_error("cannot write the Graphviz file '" + dotPath + "': " + std::strerror(errno));
    out << "Graphviz written to " << dotPath << '\n';
  }
  return 0;
}

}  // namespace disco
