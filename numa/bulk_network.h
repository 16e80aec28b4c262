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
  // must not be before the last advanceTo). onDone(completionTime) runs from
  // a later advanceTo. from == to completes at `now` without network time.
  void start(NodeId from, NodeId to, uint64_t bytes, Cycles now, std::function<void(Cycles)> onDone);

  // Runs the flow model up to `until`, calling onDone of every transfer that
  // has completed by then, in completion order (ties in start order).
  void advanceTo(Cycles until);
  // The earliest completion time among transfers in flight, or ~0 if none
  // (lets an idle machine skip ahead).
  Cycles nextCompletion() const;
  uint64_t inFlight() const;
  uint64_t bytesDelivered() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace numa
