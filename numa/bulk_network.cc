// The bulk network on SimGrid (S4U, 3.32), driven from outside any actor.
//
// SimGrid keeps one engine, one clock and one platform per process. This
// file is the only place that touches it, through one process-wide object
// (SimgridWorld, created on first use and never destroyed): the single piece
// of process-wide mutable state in the simulator, forced on us by SimGrid.
// It is not thread-safe; the machine calls the bulk network from its serial
// part only.
//
// How one machine's BulkNetwork maps onto that shared engine:
//  - Platform: a SimGrid "Full" zone of its own (one host per node, one
//    split-duplex link per topology link, one route per ordered node pair =
//    the Topology's route). SimGrid seals the platform root at the first run
//    and never frees a zone, so our zones are detached (not children of the
//    root; they borrow the root's models) and a destroyed network's zone is
//    kept in a pool and reused by the next network of the same shape.
//  - Time: each network has its own offset, engine clock = offset + our time.
//    While one network advances, the flows of every other network are
//    suspended, so two machines can be alive and interleaved in one process.
//  - Latency: a transfer waits out its route latency (hops x
//    link_latency_ns) on our side, then becomes a SimGrid flow over links of
//    latency 0. This is what SimGrid's CM02 model does with link latencies
//    too (a flow shares bandwidth only once its latency has elapsed), but it
//    keeps every flow's max-min weight equal (CM02 weighs a flow by its route
//    latency, as TCP's RTT unfairness) and makes suspension exact.
//  - Stepping: advanceTo runs the engine to the next of: a pending start,
//    the cycle boundary of a completion, the target (boundaries plus a
//    millionth of a cycle, kCycleRoundingSlack). A completion stops the
//    engine (through the tracked "vetoed activities" set, which makes
//    Engine::run_until return after the current step), so callbacks run
//    outside SimGrid, at their completion cycle, and may start new
//    transfers at that cycle. Our time is kept in fractional cycles so that
//    a latency of whole cycles lands exactly on a cycle.
#include "numa/bulk_network.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simgrid/kernel/resource/Action.hpp>
#include <simgrid/kernel/resource/Model.hpp>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u.hpp>
#include <xbt/config.hpp>
#include <xbt/log.h>

#include "numa/topology.h"

namespace sg4 = simgrid::s4u;
using simgrid::kernel::resource::Action;

namespace numa {
namespace {

// SimGrid's timing precision ("surf/precision"): flows ending within this
// many seconds of each other complete together. SimGrid's default is 1 ns,
// a sizeable part of a cycle (5 ns at 200 MHz); 1 ps keeps completions
// exact to far below a cycle at any clock. A numerical tolerance, ours.
constexpr double kTimingPrecisionSeconds = 1e-12;
// Completion times are rounded up to a cycle; a time this close above a cycle
// boundary counts as on it. SimGrid's floating-point arithmetic lands a
// completion that is exactly on a boundary a hair either side of it; this
// keeps such a completion on its cycle. Everything up to until + this slack
// belongs to advanceTo(until). Ours (a millionth of a cycle).
constexpr double kCycleRoundingSlack = 1e-6;
// Bandwidths are in MB/s with 1 MB = 10^6 bytes, as link rates are quoted.
constexpr double kBytesPerMegabyte = 1e6;

class FlowNetwork;

// One machine's SimGrid platform: hosts and links of a zone, reusable by a
// later machine of the same shape (same links and routes).
struct Platform {
  std::string signature;  // node count, links and routes; equal signature = same platform
  sg4::NetZone* zone = nullptr;
  std::vector<sg4::Host*> hosts;                                    // per node
  std::map<std::pair<NodeId, NodeId>, sg4::SplitDuplexLink*> links;  // by (low, high)
  bool inUse = false;
};

// The process-wide SimGrid state (see the file comment).
class SimgridWorld {
 public:
  // The world, created (and SimGrid configured) on first use.
  static SimgridWorld& get() {
    static SimgridWorld* world = new SimgridWorld();  // never destroyed: SimGrid outlives main's statics
    return *world;
  }

  sg4::Engine& engine() { return *engine_; }
  double clock() const { return sg4::Engine::get_clock(); }

  // A platform for `topology` with links of `bytesPerSecond`: a free pooled
  // one of the same shape, or a new zone.
  Platform& acquirePlatform(const Topology& topology, double bytesPerSecond);
  void releasePlatform(Platform& platform) { platform.inUse = false; }

  void addNetwork(FlowNetwork* network) { networks_.push_back(network); }
  void removeNetwork(FlowNetwork* network) { std::erase(networks_, network); }
  const std::vector<FlowNetwork*>& networks() const { return networks_; }

  // Which network and transfer a SimGrid flow belongs to.
  void ownFlow(const sg4::Activity* flow, FlowNetwork* network, uint64_t seq) { owners_[flow] = {network, seq}; }
  // Cancels a flow of a network going away. SimGrid finishes cancelling it
  // in its next step, so the flow is kept alive until then.
  void cancelFlow(const sg4::CommPtr& flow);

  // Starts a SimGrid flow of `bytes` between two hosts, weighted like every
  // other flow; returns it and its action in the flow model (startFlow).
  std::pair<sg4::CommPtr, Action*> startFlow(sg4::Host* from, sg4::Host* to, uint64_t bytes);
  // Brings the flow model's rates up to date (after flows were added).
  void solveRates();

  // Runs the engine towards `target` (engine seconds); returns early, true,
  // when a flow completed (the owner has been told).
  bool runUntil(double target);

 private:
  SimgridWorld();
  // SimGrid's completion signal: tell the owner and stop the engine.
  void onCompletion(const sg4::Activity& activity);

  sg4::Engine* engine_ = nullptr;
  sg4::NetZone* root_ = nullptr;
  std::set<sg4::Activity*> stopSet_;  // the engine's tracked "vetoed" set: non-empty stops run_until
  bool completed_ = false;
  std::unordered_map<const sg4::Activity*, std::pair<FlowNetwork*, uint64_t>> owners_;
  std::vector<FlowNetwork*> networks_;
  std::unordered_map<const sg4::Activity*, sg4::CommPtr> cancelled_;  // until SimGrid reports them
  std::vector<sg4::CommPtr> releaseLater_;  // reported: released outside the engine
  std::vector<std::unique_ptr<Platform>> platforms_;
  uint64_t zonesCreated_ = 0;
  simgrid::kernel::resource::Model* networkModel_ = nullptr;  // found at the first flow
};

// One machine's transfers (what BulkNetwork::Impl holds).
class FlowNetwork {
 public:
  FlowNetwork(const MachineConfig& config, const Topology& topology);
  ~FlowNetwork();
  FlowNetwork(const FlowNetwork&) = delete;  // the world holds its address
  FlowNetwork& operator=(const FlowNetwork&) = delete;

  void start(NodeId from, NodeId to, uint64_t bytes, Cycles now, std::function<void(Cycles)> onDone);
  void advanceTo(Cycles until);
  Cycles nextCompletion() const;
  uint64_t inFlight() const { return transfers_.size(); }
  uint64_t bytesDelivered() const { return bytesDelivered_; }

  // SimGrid finished flow `seq` at engine time `clock` (SimgridWorld).
  void flowFinished(uint64_t seq, double clock);
  // Freeze / unfreeze this network's flows while another network advances.
  void suspendFlows();
  void resumeFlows();

 private:
  struct Transfer {
    NodeId from = 0, to = 0;
    uint64_t bytes = 0;
    double startCycles = 0;  // when the flow enters SimGrid: start time + route latency (fractional cycles)
    std::function<void(Cycles)> onDone;
    sg4::CommPtr flow;  // set while in SimGrid
    Action* action = nullptr;  // the flow's action in SimGrid's flow model, while it runs
  };

  // Our time is counted in (fractional) cycles; the engine's in seconds:
  // engine clock = offset_ + cycles / hz_.
  double engineTime(double cycles) const { return offset_ + cycles / hz_; }
  double ourTime(double engineSeconds) const { return (engineSeconds - offset_) * hz_; }
  // Rounds a time up to a cycle (kCycleRoundingSlack).
  static Cycles cyclesCeil(double cycles) {
    const double c = std::ceil(cycles - kCycleRoundingSlack);
    return c <= 0 ? 0 : Cycles(c);
  }
  // The smallest cycle of the batch.
  Cycles firstBatchCycle() const { return std::min_element(batch_.begin(), batch_.end())->first; }
  // Starts every pending transfer due at `nowCycles` (our time).
  void activateDue(double nowCycles);
  // Adds a finished transfer to the batch delivered at its cycle.
  void addToBatch(uint64_t seq, Cycles cycle);
  // Runs the callbacks of the batch, in start order.
  void deliverBatch();

  SimgridWorld& world_;
  Platform* platform_ = nullptr;
  const Topology topology_;  // a copy: the caller's may go away first
  double hz_ = 0;                     // our cycles per second
  double linkLatencyCycles_ = 0;      // per hop
  double offset_ = 0;                 // engine clock = offset_ + our time / hz_ (re-synced per advance)
  Cycles current_ = 0;                // the last advanceTo
  Cycles earliestStart_ = 0;          // start() refuses earlier times
  bool advancing_ = false;
  uint64_t nextSeq_ = 0;
  uint64_t bytesDelivered_ = 0;
  std::map<uint64_t, Transfer> transfers_;           // in flight, by start order
  std::set<std::pair<double, uint64_t>> pending_;     // (startCycles, seq) not yet in SimGrid
  std::set<uint64_t> inSimgrid_;                      // seqs of flows in SimGrid
  std::vector<std::pair<Cycles, uint64_t>> batch_;    // (cycle, seq) finished, not yet delivered
  bool suspended_ = false;
};

// ---- SimgridWorld ----

// Configures SimGrid once per process: quiet logs, the CM02 flow model
// without TCP corrections, our timing precision, and the completion hook.
SimgridWorld::SimgridWorld() {
  xbt_log_control_set("root.thres:critical");  // SimGrid logs to stderr by default
  engine_ = sg4::Engine::get_instance();
  if (engine_->get_netzone_root() == nullptr) {
    // CM02: max-min fair sharing of link bandwidth with no corrective factors
    // (LV08, the default, multiplies latency by 13.01 and bandwidth by 0.97
    // to fit TCP measurements). No TCP window bound (TCP-gamma 0) and no
    // reverse "ACK" traffic (crosstraffic off): an interconnect, not TCP.
    sg4::Engine::set_config("network/model:CM02");
    sg4::Engine::set_config("network/TCP-gamma:0");
    sg4::Engine::set_config("network/crosstraffic:0");
    sg4::Engine::set_config("surf/precision", kTimingPrecisionSeconds);
    root_ = sg4::create_empty_zone("disco-bulk-root");
  } else {
    root_ = engine_->get_netzone_root();
  }
  // Someone else may have set SimGrid up first: the model must still be ours.
  const std::string model = simgrid::config::get_value<std::string>("network/model");
  if (model != "CM02" || simgrid::config::get_value<double>("network/TCP-gamma") != 0 ||
      simgrid::config::get_value<bool>("network/crosstraffic"))
    throw std::logic_error("BulkNetwork: SimGrid was initialised elsewhere in this process with network/model=" +
                           model + "; the bulk network needs CM02 without TCP-gamma and crosstraffic");
  engine_->track_vetoed_activities(&stopSet_);
  sg4::Activity::on_completion_cb([this](const sg4::Activity& activity) { onCompletion(activity); });
}

// Hands a finished flow to its network and asks the engine to stop.
void SimgridWorld::onCompletion(const sg4::Activity& activity) {
  if (const auto cancelled = cancelled_.find(&activity); cancelled != cancelled_.end()) {
    // Reported twice: CANCELED at once by cancel(), FAILED when the engine
    // drops the flow's action in its next step; only then may it go.
    if (activity.get_state() != sg4::Activity::State::CANCELED) {
      releaseLater_.push_back(std::move(cancelled->second));
      cancelled_.erase(cancelled);
    }
    return;
  }
  const auto owner = owners_.find(&activity);
  if (owner == owners_.end() || activity.get_state() != sg4::Activity::State::FINISHED) return;
  const auto [network, seq] = owner->second;
  owners_.erase(owner);
  network->flowFinished(seq, clock());
  completed_ = true;
  stopSet_.insert(const_cast<sg4::Activity*>(&activity));  // any member stops run_until after this step
}

// Runs the engine to `target` or the first completion (see the file comment).
bool SimgridWorld::runUntil(double target) {
  releaseLater_.clear();
  completed_ = false;
  while (!completed_ && clock() < target) {
    const double before = clock();
    stopSet_.clear();  // starting flows also lands them here (SimGrid's vetoable start)
    engine_->run_until(target);
    stopSet_.clear();
    if (clock() == before && !completed_) break;  // nothing left to do before `target`, up to rounding
  }
  return completed_;
}

// Cancels `flow` (see the declaration).
void SimgridWorld::cancelFlow(const sg4::CommPtr& flow) {
  owners_.erase(flow.get());
  cancelled_.emplace(flow.get(), flow);
  flow->cancel();
}

// Starts a flow and gives it max-min weight 1. CM02 weighs a flow by its
// route latency (0 here: ours is applied beforehand), and a weight of 0 would
// also break suspension (a suspended flow resumes to its weight). The flow
// model's action is the newest of its started set.
std::pair<sg4::CommPtr, Action*> SimgridWorld::startFlow(sg4::Host* from, sg4::Host* to, uint64_t bytes) {
  sg4::CommPtr flow = sg4::Comm::sendto_async(from, to, bytes);
  Action* action = nullptr;
  for (auto* model : engine_->get_all_models()) {
    auto* started = model->get_started_action_set();
    if (!started->empty() && started->back().get_activity() == flow->get_impl()) {
      networkModel_ = model;
      action = &started->back();
    }
  }
  if (action == nullptr) throw std::logic_error("BulkNetwork: SimGrid did not start the flow as expected");
  action->set_sharing_penalty(1.0);
  return {flow, action};
}

// Solves the flow model at the current time, as the engine does before each
// step (SimGrid declares this idempotent).
void SimgridWorld::solveRates() {
  if (networkModel_ != nullptr) networkModel_->next_occurring_event(clock());
}

// Finds or builds the platform of `topology` (see Platform).
Platform& SimgridWorld::acquirePlatform(const Topology& topology, double bytesPerSecond) {
  const uint32_t nodes = topology.nodes();
  std::string signature = std::to_string(nodes) + ";";
  for (const auto& [a, b] : topology.links()) signature += std::to_string(a) + "-" + std::to_string(b) + ",";
  signature += ";";
  for (NodeId a = 0; a < nodes; ++a)
    for (NodeId b = 0; b < nodes; ++b) signature += std::to_string(topology.nextHop(a, b)) + ",";

  for (auto& platform : platforms_) {
    if (platform->inUse || platform->signature != signature) continue;
    platform->inUse = true;
    for (auto& [ends, link] : platform->links) {
      link->get_link_up()->set_bandwidth(bytesPerSecond);
      link->get_link_down()->set_bandwidth(bytesPerSecond);
    }
    return *platform;
  }

  auto platform = std::make_unique<Platform>();
  platform->signature = std::move(signature);
  const std::string name = "disco-bulk-" + std::to_string(zonesCreated_++);
  platform->zone = sg4::create_full_zone(name);
  // Detached zone: borrow the root's models (what set_parent would do).
  auto* zone = platform->zone->get_impl();
  const auto* root = root_->get_impl();
  zone->set_network_model(root->get_network_model());
  zone->set_cpu_pm_model(root->get_cpu_pm_model());
  zone->set_cpu_vm_model(root->get_cpu_vm_model());
  zone->set_disk_model(root->get_disk_model());
  zone->set_host_model(root->get_host_model());

  for (NodeId node = 0; node < nodes; ++node)
    platform->hosts.push_back(platform->zone->create_host(name + "-n" + std::to_string(node), 1e9));
  for (const auto& [a, b] : topology.links()) {
    auto* link = platform->zone->create_split_duplex_link(
        name + "-l" + std::to_string(a) + "-" + std::to_string(b), bytesPerSecond);
    link->set_latency(0);  // the route latency is applied before the flow starts (file comment)
    link->seal();
    platform->links[{a, b}] = link;
  }
  // One route per ordered pair: the links along Topology::route, UP when
  // going from the lower to the higher node of a link.
  for (NodeId a = 0; a < nodes; ++a)
    for (NodeId b = 0; b < nodes; ++b) {
      if (a == b) continue;
      std::vector<sg4::LinkInRoute> route;
      const auto path = topology.route(a, b);
      for (size_t i = 0; i + 1 < path.size(); ++i) {
        const bool up = path[i] < path[i + 1];
        route.emplace_back(platform->links.at(std::minmax(path[i], path[i + 1])),
                           up ? sg4::LinkInRoute::Direction::UP : sg4::LinkInRoute::Direction::DOWN);
      }
      platform->zone->add_route(platform->hosts[a]->get_netpoint(), platform->hosts[b]->get_netpoint(), nullptr,
                                nullptr, route, /*symmetrical=*/false);
    }
  platform->zone->seal();
  platform->inUse = true;
  platforms_.push_back(std::move(platform));
  return *platforms_.back();
}

// ---- FlowNetwork ----

// Takes a platform for `topology` and joins the world.
FlowNetwork::FlowNetwork(const MachineConfig& config, const Topology& topology)
    : world_(SimgridWorld::get()), topology_(topology) {
  if (config.machine.cpu_clock_mhz == 0) throw std::invalid_argument("BulkNetwork: machine.cpu_clock_mhz is 0");
  if (config.topology.link_bandwidth_mb_s == 0)
    throw std::invalid_argument("BulkNetwork: topology.link_bandwidth_mb_s is 0");
  if (topology.nodes() != config.machine.nodes)
    throw std::invalid_argument("BulkNetwork: the topology has " + std::to_string(topology.nodes()) +
                                " nodes, machine.nodes = " + std::to_string(config.machine.nodes));
  hz_ = double(config.machine.cpu_clock_mhz) * 1e6;
  linkLatencyCycles_ = double(config.topology.link_latency_ns) * config.machine.cpu_clock_mhz / 1000.0;
  platform_ = &world_.acquirePlatform(topology_, double(config.topology.link_bandwidth_mb_s) * kBytesPerMegabyte);
  world_.addNetwork(this);
}

// Cancels the flows still in SimGrid and returns the platform to the pool.
FlowNetwork::~FlowNetwork() {
  for (const uint64_t seq : inSimgrid_) world_.cancelFlow(transfers_.at(seq).flow);
  world_.removeNetwork(this);
  world_.releasePlatform(*platform_);
}

// Queues a transfer; it enters SimGrid after its route latency (header).
void FlowNetwork::start(NodeId from, NodeId to, uint64_t bytes, Cycles now, std::function<void(Cycles)> onDone) {
  if (from >= topology_.nodes() || to >= topology_.nodes())
    throw std::out_of_range("BulkNetwork::start: node " + std::to_string(std::max(from, to)) +
                            " does not exist (the machine has " + std::to_string(topology_.nodes()) + " nodes)");
  if (now < earliestStart_)
    throw std::invalid_argument("BulkNetwork::start: time " + std::to_string(now) +
                                " is before the network's current time " + std::to_string(earliestStart_));
  const uint64_t seq = nextSeq_++;
  Transfer transfer;
  transfer.from = from;
  transfer.to = to;
  transfer.bytes = bytes;
  transfer.startCycles = double(now) + linkLatencyCycles_ * topology_.hops(from, to);
  transfer.onDone = std::move(onDone);
  pending_.emplace(transfer.startCycles, seq);
  transfers_.emplace(seq, std::move(transfer));
}

// Moves due transfers into SimGrid; local and empty ones finish at once.
void FlowNetwork::activateDue(double nowCycles) {
  while (!pending_.empty() && pending_.begin()->first <= nowCycles) {
    const auto [startCycles, seq] = *pending_.begin();
    pending_.erase(pending_.begin());
    Transfer& transfer = transfers_.at(seq);
    if (transfer.from == transfer.to || transfer.bytes == 0) {
      addToBatch(seq, cyclesCeil(startCycles));
      continue;
    }
    std::tie(transfer.flow, transfer.action) =
        world_.startFlow(platform_->hosts[transfer.from], platform_->hosts[transfer.to], transfer.bytes);
    world_.ownFlow(transfer.flow.get(), this, seq);
    inSimgrid_.insert(seq);
  }
}

// Records a SimGrid completion (called from the engine via SimgridWorld).
void FlowNetwork::flowFinished(uint64_t seq, double clock) {
  inSimgrid_.erase(seq);
  transfers_.at(seq).action = nullptr;  // SimGrid frees it
  addToBatch(seq, cyclesCeil(ourTime(clock)));
}

void FlowNetwork::addToBatch(uint64_t seq, Cycles cycle) { batch_.emplace_back(cycle, seq); }

// Delivers the finished transfers of the earliest batch cycle in start order.
void FlowNetwork::deliverBatch() {
  std::sort(batch_.begin(), batch_.end());
  const Cycles cycle = batch_.front().first;
  earliestStart_ = std::max(earliestStart_, cycle);
  while (!batch_.empty() && batch_.front().first == cycle) {
    const uint64_t seq = batch_.front().second;
    batch_.erase(batch_.begin());
    auto node = transfers_.extract(seq);
    bytesDelivered_ += node.mapped().bytes;
    if (node.mapped().onDone) node.mapped().onDone(cycle);  // may start new transfers at `cycle` or later
  }
}

// The stepping loop (file comment). Other networks' flows are frozen meanwhile.
void FlowNetwork::advanceTo(Cycles until) {
  if (advancing_) throw std::logic_error("BulkNetwork::advanceTo: called again from a completion callback");
  if (until < current_)
    throw std::invalid_argument("BulkNetwork::advanceTo: time " + std::to_string(until) +
                                " is before the network's current time " + std::to_string(current_));
  struct Freeze {  // suspends the other networks' flows for the duration, whatever happens
    FlowNetwork* self;
    explicit Freeze(FlowNetwork* s) : self(s) {
      self->advancing_ = true;
      for (FlowNetwork* other : self->world_.networks())
        if (other != self) other->suspendFlows();
    }
    ~Freeze() {
      for (FlowNetwork* other : self->world_.networks())
        if (other != self) other->resumeFlows();
      self->advancing_ = false;
    }
  } freeze(this);

  // Between advances the engine rests at current_ + slack (see kCycleRoundingSlack).
  offset_ = world_.clock() - (double(current_) + kCycleRoundingSlack) / hz_;
  const double horizon = double(until) + kCycleRoundingSlack;
  for (;;) {
    double target = horizon;
    if (!pending_.empty()) target = std::min(target, pending_.begin()->first);
    if (!batch_.empty()) target = std::min(target, double(firstBatchCycle()) + kCycleRoundingSlack);
    const bool stopped = world_.runUntil(engineTime(target));
    const double now = stopped ? ourTime(world_.clock()) : target;
    activateDue(now);
    if (!batch_.empty() && now >= double(firstBatchCycle()) + kCycleRoundingSlack) {
      deliverBatch();
      continue;
    }
    if (stopped) continue;
    if (target >= horizon && batch_.empty() && (pending_.empty() || pending_.begin()->first > horizon)) break;
  }
  current_ = until;
  earliestStart_ = std::max(earliestStart_, until);
}

// Earliest possible completion (header): exact for flows in SimGrid at their
// current rates; a pending flow's start time is a lower bound (its arrival
// may also change the others' rates).
Cycles FlowNetwork::nextCompletion() const {
  double earliest = std::numeric_limits<double>::infinity();
  if (!pending_.empty()) earliest = pending_.begin()->first;  // sorted: the first is the earliest
  if (!inSimgrid_.empty()) {
    world_.solveRates();  // flows started since the last step have no rate yet
    const double rest = double(current_) + kCycleRoundingSlack;  // where the engine stands, in our time
    for (const uint64_t seq : inSimgrid_) {
      Action* action = transfers_.at(seq).action;
      const double rate = action->get_rate();  // bytes per second
      earliest = std::min(earliest, rate > 0 ? rest + action->get_remains() / rate * hz_ : rest);
    }
  }
  if (earliest == std::numeric_limits<double>::infinity()) return ~Cycles{0};
  return std::max(cyclesCeil(earliest), current_);
}

void FlowNetwork::suspendFlows() {
  if (suspended_) return;
  // The flow model's own suspension: s4u's Activity::suspend works only once per activity in 3.32.
  for (const uint64_t seq : inSimgrid_) transfers_.at(seq).action->suspend();
  suspended_ = true;
}

void FlowNetwork::resumeFlows() {
  if (!suspended_) return;
  for (const uint64_t seq : inSimgrid_) transfers_.at(seq).action->resume();
  suspended_ = false;
}

}  // namespace

// ---- BulkNetwork: the header's API over FlowNetwork ----

struct BulkNetwork::Impl {
  Impl(const MachineConfig& config, const Topology& topology) : network(config, topology) {}
  FlowNetwork network;
};

// Builds this machine's platform from the topology (header).
BulkNetwork::BulkNetwork(const MachineConfig& config, const Topology& topology)
    : impl_(std::make_unique<Impl>(config, topology)) {}

BulkNetwork::~BulkNetwork() = default;

// Queues a transfer (header).
void BulkNetwork::start(NodeId from, NodeId to, uint64_t bytes, Cycles now, std::function<void(Cycles)> onDone) {
  impl_->network.start(from, to, bytes, now, std::move(onDone));
}

// Runs the flow model to `until`, delivering completions (header).
void BulkNetwork::advanceTo(Cycles until) { impl_->network.advanceTo(until); }

Cycles BulkNetwork::nextCompletion() const { return impl_->network.nextCompletion(); }
uint64_t BulkNetwork::inFlight() const { return impl_->network.inFlight(); }
uint64_t BulkNetwork::bytesDelivered() const { return impl_->network.bytesDelivered(); }

}  // namespace numa
