// A network interface (page 4 of every node's device window) and the
// host-side switch the machine's NICs hang off.
//
// Frames are raw Ethernet-layout byte strings (destination MAC, source MAC,
// then anything), NIC_FRAME_MIN..NIC_FRAME_MAX bytes. NIC n of machine m has
// MAC 02:00:00:00:mm:nn (locally administered; m = 0 for the one machine of a
// run, which gives device_map.h's 02:00:00:00:00:n).
//
// Sending (NIC_TX_ADDR, NIC_TX_LEN, then NIC_TX_GO): the NIC checks the
// length and reads the frame out of memory by DMA at once (a bad length or a
// buffer that is not RAM raises the TX_ERROR event instead). The frame then
// occupies the NIC for len / devices.nic_bandwidth_mb_s (TX_BUSY); when it
// has left, TX_DONE is raised and the switch forwards it: to the NIC with
// the destination MAC, or to every other NIC for ff:ff:ff:ff:ff:ff; a frame
// to an unknown MAC is dropped by the switch (counted there). Each copy then
// crosses the interconnect from the sender's node to the receiver's node as a
// bulk transfer (SimGrid's flow model: concurrent frames share links). With
// NIC_CONTROL bit 0 (loopback) frames go back to the sending NIC only.
// A frame is never sent back to the NIC it came from except in loopback.
//
// Receiving: the driver writes a buffer address to NIC_RX_ADDR (1514 bytes of
// RAM, checked when it writes NIC_RX_ARM) and arms it. An arriving frame is
// written there by DMA, NIC_RX_LEN is set, RX_READY raised and the buffer
// disarmed; a frame that finds no armed buffer is dropped (NIC_DROPPED).
// IRQ_NIC is up on the node's first CPU while any event bit (TX_DONE,
// RX_READY, TX_ERROR) is set; NIC_ACK clears the bits written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "numa/dev_base.h"

namespace numa {

class Nic;

// The switch: delivers frames by destination MAC. It lives on the host side,
// outside any machine, so NICs of several machines can attach to one switch.
class NetworkSwitch {
 public:
  // Connects a NIC; two NICs with the same MAC are a DeviceError.
  void attach(Nic& nic);
  void detach(Nic& nic);
  // The NICs a frame from `sender` to `destinationMac` goes to (none for an
  // unknown MAC, which is counted as dropped).
  std::vector<Nic*> destinations(uint64_t destinationMac, const Nic& sender);
  uint64_t droppedUnknown() const { return droppedUnknown_; }
  size_t ports() const { return ports_.size(); }

  static constexpr uint64_t kBroadcastMac = 0xffffffffffffull;

 private:
  std::vector<Nic*> ports_;  // in attach order: broadcast delivery order is deterministic
  uint64_t droppedUnknown_ = 0;
};

class Nic : public RegisterDevice {
 public:
  // The MAC of NIC `node` of machine `machine` (both < 256), as a 48-bit
  // number whose most significant byte is the first byte on the wire.
  static uint64_t macOf(NodeId node, uint32_t machine = 0);

  // NIC of node `node`, interrupting CPU `irqCpu` (the node's first CPU),
  // attached to `network` until destroyed.
  Nic(NodeId node, CpuId irqCpu, NetworkSwitch& network, const MachineConfig& config, DeviceHost& host,
      uint32_t machine = 0);
  ~Nic() override;
  Nic(const Nic&) = delete;
  Nic& operator=(const Nic&) = delete;

  std::string name() const override { return "nic" + std::to_string(node_); }

  uint64_t mac() const { return mac_; }
  NodeId node() const { return node_; }
  // A frame arrives at this NIC (called at its arrival time).
  void receive(const std::vector<uint8_t>& frame);

  uint64_t framesSent() const { return framesSent_; }
  uint64_t framesReceived() const { return framesReceived_; }
  uint64_t framesDropped() const { return dropped_; }

 protected:
  bool readRegister(CpuId cpu, uint64_t offset, uint64_t& value) override;
  bool writeRegister(CpuId cpu, uint64_t offset, uint64_t value) override;

 private:
  // NIC_TX_GO: checks, reads the frame, occupies the transmitter.
  void transmit();
  // The frame has left the NIC: hand it to its receivers over the interconnect.
  void forward(const std::vector<uint8_t>& frame);
  // Raises / clears event bits and keeps IRQ_NIC in step with them.
  void raise(uint64_t events);
  void updateInterrupt();

  NodeId node_;
  CpuId irqCpu_;
  NetworkSwitch& network_;
  const MachineConfig& config_;
  DeviceHost& host_;
  uint64_t mac_;

  uint64_t txAddr_ = 0, txLen_ = 0, rxAddr_ = 0, rxLen_ = 0;
  bool txBusy_ = false, rxArmed_ = false, loopback_ = false, lineAsserted_ = false;
  uint64_t events_ = 0;  // NIC_STATUS_TX_DONE | RX_READY | TX_ERROR
  uint64_t framesSent_ = 0, framesReceived_ = 0, dropped_ = 0;
};

}  // namespace numa
