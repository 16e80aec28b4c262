// Bulk traffic over the interconnect: disk DMA, NIC frames, page copies.
//
// A flow-level model (SimGrid): each transfer is a flow over the links of its
// route and shares their bandwidth with the other flows in flight (max-min
// fairness), so concurrent bulk traffic slows down as it would on the real
// links. The platform (one host per node, one link per topology edge) is
// built from the Topology's graph. Per-cache-line coherence traffic does NOT
// come here (memory_system.h models it): SimGrid manages about 0.4 M
// messages per second, far too slow for that.
//
// The machine drives it in step with simulated time: start() at the current
// time, advanceTo() at every quantum boundary, which runs the flow model up to
// that time and calls the completion callbacks in completion order.
//
// A transfer first waits out its route latency (hops x link_latency_ns),
// then shares bandwidth (link_bandwidth_mb_s per link and direction, 1 MB =
// 10^6 bytes) with the flows on its links. SimGrid has one engine per
// process: every BulkNetwork of a process shares it (bulk_network.cc explains
// how each keeps its own time and platform), so several can live and run
// interleaved in one process, but only one thread may use them at a time.
// docs/topology.md describes the model with examples.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "numa/address.h"
#include "numa/config.h"

namespace numa {

class Topology;

class BulkNetwork {
 public:
  BulkNetwork(const MachineConfig& config, const Topology& topology);
  ~BulkNetwork();
  BulkNetwork(const BulkNetwork&) = delete;
  BulkNetwork& operator=(const BulkNetwork&) = delete;

  // Starts moving `bytes` from node `from` to node `to` at time `now` (which
  // must not be before the last advanceTo; inside a callback, not before the
  // completion it reports). onDone(completionTime) runs from a later
  // advanceTo, with the completion time rounded up to a cycle; it may start
  // new transfers but not call advanceTo. from == to completes at `now`
  // without network time; 0 bytes take the route latency only.
  // Throws std::out_of_range for a node that does not exist and
  // std::invalid_argument for a time in the past.
  void start(NodeId from, NodeId to, uint64_t bytes, Cycles now, std::function<void(Cycles)> onDone);

  // Runs the flow model up to `until`, calling onDone of every transfer that
  // has completed by then, in completion order (ties: transfers completing
  // in the same cycle, in start order). Throws std::invalid_argument for a
  // time before the last advanceTo, std::logic_error from a callback.
  void advanceTo(Cycles until);
  // The earliest cycle at which a transfer in flight can complete, or ~0 if
  // none (lets an idle machine skip ahead): exact while every transfer is
  // flowing; a transfer still waiting out its latency counts at the end of
  // it (a lower bound: its start may change the others' shares).
  Cycles nextCompletion() const;
  // Transfers started and not yet reported (onDone not yet run).
  uint64_t inFlight() const;
  // Bytes of every transfer reported so far, local ones included.
  uint64_t bytesDelivered() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace numa
