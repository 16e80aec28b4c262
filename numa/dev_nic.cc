// The network interface and the switch (dev_nic.h, docs/devices.md).
#include "numa/dev_nic.h"

#include <algorithm>

#include "numa/device_map.h"

namespace numa {

namespace {

// The MAC in bytes [first, first + 6) of a frame (first byte most significant).
uint64_t macAt(const std::vector<uint8_t>& frame, size_t first) {
  uint64_t mac = 0;
  for (size_t i = 0; i < 6; ++i) mac = (mac << 8) | frame[first + i];
  return mac;
}

// "02:00:00:00:00:03" for error messages.
std::string formatMac(uint64_t mac) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  for (int shift = 40; shift >= 0; shift -= 8) {
    const unsigned byte = unsigned(mac >> shift) & 0xff;
    if (!text.empty()) text += ':';
    text += digits[byte >> 4];
    text += digits[byte & 15];
  }
  return text;
}

constexpr uint64_t kEventBits = NIC_STATUS_TX_DONE | NIC_STATUS_RX_READY | NIC_STATUS_TX_ERROR;

}  // namespace

// ---- the switch ----

// Adds a port; MACs must be unique on one switch.
void NetworkSwitch::attach(Nic& nic) {
  for (const Nic* port : ports_) {
    if (port->mac() == nic.mac()) throw DeviceError("network switch: two NICs with MAC " + formatMac(nic.mac()));
  }
  ports_.push_back(&nic);
}

// Removes a port (a NIC being destroyed).
void NetworkSwitch::detach(Nic& nic) { std::erase(ports_, &nic); }

// Unicast to the matching port, broadcast to all others, unknown: dropped.
std::vector<Nic*> NetworkSwitch::destinations(uint64_t destinationMac, const Nic& sender) {
  std::vector<Nic*> out;
  for (Nic* port : ports_) {
    if (port == &sender) continue;
    if (destinationMac == kBroadcastMac || port->mac() == destinationMac) out.push_back(port);
  }
  if (out.empty() && destinationMac != kBroadcastMac) ++droppedUnknown_;
  return out;
}

// ---- the NIC ----

// 02:00:00:00:mm:nn.
uint64_t Nic::macOf(NodeId node, uint32_t machine) {
  if (node > 0xff || machine > 0xff) throw DeviceError("nic: node and machine numbers must be below 256");
  return 0x020000000000ull | (uint64_t{machine} << 8) | node;
}

// A NIC attached to `network`.
Nic::Nic(NodeId node, CpuId irqCpu, NetworkSwitch& network, const MachineConfig& config, DeviceHost& host,
         uint32_t machine)
    : node_(node), irqCpu_(irqCpu), network_(network), config_(config), host_(host), mac_(macOf(node, machine)) {
  if (config.devices.nic_bandwidth_mb_s == 0) throw DeviceError("devices.nic_bandwidth_mb_s: must be positive");
  network_.attach(*this);
}

Nic::~Nic() { network_.detach(*this); }

// IRQ_NIC is up exactly while an event bit is set.
void Nic::updateInterrupt() {
  const bool want = events_ != 0;
  if (want == lineAsserted_) return;
  lineAsserted_ = want;
  host_.setInterrupt(irqCpu_, IRQ_NIC, want);
}

// Sets event bits.
void Nic::raise(uint64_t events) {
  events_ |= events;
  updateInterrupt();
}

// Validates the frame, reads it from memory and starts sending it.
void Nic::transmit() {
  if (txLen_ < NIC_FRAME_MIN || txLen_ > NIC_FRAME_MAX) return raise(NIC_STATUS_TX_ERROR);
  std::vector<uint8_t> frame(txLen_);
  if (!host_.dmaRead(MachineAddr(txAddr_), frame.data(), frame.size())) return raise(NIC_STATUS_TX_ERROR);
  txBusy_ = true;
  const Cycles wire = host_.cyclesFromNs(transferNs(frame.size(), config_.devices.nic_bandwidth_mb_s));
  host_.schedule(host_.now() + wire, [this, frame = std::move(frame)] {
    txBusy_ = false;
    ++framesSent_;
    raise(NIC_STATUS_TX_DONE);
    forward(frame);
  });
}

// Every receiver gets its copy after a bulk transfer between the two nodes.
void Nic::forward(const std::vector<uint8_t>& frame) {
  std::vector<Nic*> receivers;
  if (loopback_) {
    receivers.push_back(this);
  } else {
    receivers = network_.destinations(macAt(frame, 0), *this);
  }
  for (Nic* receiver : receivers) {
    if (&receiver->host_ != &host_) {
      // A NIC of another machine: no interconnect of ours to cross; the
      // machines' clocks are kept in step by whoever runs them together.
      receiver->receive(frame);
      continue;
    }
    host_.startBulkTransfer(node_, receiver->node_, frame.size(), [receiver, frame] { receiver->receive(frame); });
  }
}

// Into the armed buffer, or dropped.
void Nic::receive(const std::vector<uint8_t>& frame) {
  if (!rxArmed_) {
    ++dropped_;
    return;
  }
  rxArmed_ = false;
  if (!host_.dmaWrite(MachineAddr(rxAddr_), frame.data(), frame.size())) {
    ++dropped_;  // cannot happen for a buffer checked at NIC_RX_ARM; counted, never silent
    return;
  }
  rxLen_ = frame.size();
  ++framesReceived_;
  raise(NIC_STATUS_RX_READY);
}

// MAC, buffers, status and counters.
bool Nic::readRegister(CpuId, uint64_t offset, uint64_t& value) {
  switch (offset) {
    case NIC_MAC: value = mac_; return true;
    case NIC_TX_ADDR: value = txAddr_; return true;
    case NIC_TX_LEN: value = txLen_; return true;
    case NIC_RX_ADDR: value = rxAddr_; return true;
    case NIC_RX_LEN: value = rxLen_; return true;
    case NIC_STATUS: value = events_ | (txBusy_ ? NIC_STATUS_TX_BUSY : 0); return true;
    case NIC_CONTROL: value = loopback_ ? 1 : 0; return true;
    case NIC_DROPPED: value = dropped_; return true;
    default: return false;  // TX_GO, RX_ARM and ACK are write-only
  }
}

// Buffers, send, arm, acknowledge, loopback.
bool Nic::writeRegister(CpuId, uint64_t offset, uint64_t value) {
  switch (offset) {
    case NIC_TX_ADDR: txAddr_ = value; return true;
    case NIC_TX_LEN: txLen_ = value; return true;
    case NIC_TX_GO:
      if (txBusy_) return false;  // one frame at a time: wait for TX_BUSY to clear
      transmit();
      return true;
    case NIC_RX_ADDR: rxAddr_ = value; return true;
    case NIC_RX_ARM:
      if (!rangeIsRam(config_, MachineAddr(rxAddr_), NIC_FRAME_MAX)) return false;  // buffer not RAM
      rxArmed_ = true;
      return true;
    case NIC_ACK:
      events_ &= ~(value & kEventBits);
      updateInterrupt();
      return true;
    case NIC_CONTROL: loopback_ = (value & 1) != 0; return true;
    default: return false;  // MAC, RX_LEN, STATUS, DROPPED are read-only
  }
}

}  // namespace numa
