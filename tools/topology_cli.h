// `disco topology CONFIG [--dot FILE]`: what the machine's interconnect looks
// like and what distance costs on it, without running anything. The command
// line itself (CONFIG, --set overrides) is parsed in disco.cc; this prints
// the topology of the resulting configuration. docs/topology.md shows the
// output.
#pragma once

#include <iosfwd>
#include <string>

#include "numa/config.h"

namespace disco {

// Prints to `out` the topology's description and links, the hop-count
// matrix, the uncontended cache-miss latency between every pair of nodes
// (memory model: local_latency_ns on the same node, else remote_latency_ns +
// hop_latency_ns per hop beyond the first) and the bulk link parameters;
// writes the graph in Graphviz dot to `dotPath` unless it is empty.
// Returns 0. Throws numa::ConfigError for an impossible topology and
// std::runtime_error when the dot file cannot be written.
int runTopologyCommand(const numa::MachineConfig& config, const std::string& dotPath, std::ostream& out);

}  // namespace disco
