/* nic: the network interfaces: loopback, node to node over the machine's
 * switch, dropped frames, transmit errors, receive interrupts.
 *
 * Run on a machine with at least two nodes (tiny2). NIC n has MAC
 * 02:00:00:00:00:0n. Checked:
 *  1. the MACs of nodes 0 and 1;
 *  2. loopback on node 0 (polled): the frame arrives whole in the armed
 *     buffer, RX_LEN is its length, TX_DONE and RX_READY are set and raise
 *     IRQ_NIC, NIC_ACK clears them and drops the line;
 *  3. a frame with no armed buffer is counted in NIC_DROPPED;
 *  4. TX_ERROR for a length below 14 or above 1514 and for a buffer outside
 *     memory; arming a buffer outside memory is a bus error;
 *  5. node 0 -> node 1 unicast: CPU 1 (node 1's first CPU) sleeps in wait and
 *     is woken by node 1's IRQ_NIC; it checks the frame in node 1's memory;
 *  6. node 1 -> broadcast: CPU 0 receives it by interrupt. */
#include "runtime.h"

#define FRAME_BYTES 100
#define BROADCAST_BYTES 60
#define SPIN_LIMIT 10000000

static uint8_t tx_frame[NIC_FRAME_MAX] __attribute__((aligned(128)));
static uint8_t rx_frame[NIC_FRAME_MAX] __attribute__((aligned(128)));
static const uint64_t node1_rx = 0x20000, node1_tx = 0x30000;  /* offsets in node 1's RAM */

/* A NIC register of a node. */
static uint64_t nic_read(unsigned node, uint64_t reg) { return dev_read(node, NIC_BASE, reg); }
/* Writes a NIC register of a node. */
static void nic_write(unsigned node, uint64_t reg, uint64_t value) { dev_write(node, NIC_BASE, reg, value); }

/* MAC of node n's NIC. */
static uint64_t mac_of(unsigned node) { return 0x020000000000ull | node; }

/* Builds a frame: destination, source, EtherType 0x88b5, payload byte i = seed + 3 * i. */
static void build_frame(volatile uint8_t* frame, uint64_t dst, uint64_t src, unsigned length, uint8_t seed) {
  for (int i = 0; i < 6; i++) {
    frame[i] = (uint8_t)(dst >> (40 - 8 * i));
    frame[6 + i] = (uint8_t)(src >> (40 - 8 * i));
  }
  frame[12] = 0x88;
  frame[13] = 0xb5;
  for (unsigned i = 14; i < length; i++) frame[i] = (uint8_t)(seed + 3 * i);
}

/* Whether `frame` equals the frame build_frame would make. */
static int frame_is(const volatile uint8_t* frame, uint64_t dst, uint64_t src, unsigned length, uint8_t seed) {
  uint8_t want[NIC_FRAME_MAX];
  build_frame(want, dst, src, length, seed);
  for (unsigned i = 0; i < length; i++)
    if (frame[i] != want[i]) return 0;
  return 1;
}

/* Polls a node's NIC_STATUS until all of `bits` are set; returns the status. */
static uint64_t wait_status(unsigned node, uint64_t bits) {
  uint64_t status = 0;
  for (int i = 0; i < SPIN_LIMIT && (status & bits) != bits; i++) status = nic_read(node, NIC_STATUS);
  return status;
}

/* Sends a frame from a node and waits until it left (TX_BUSY clear). */
static void send(unsigned node, uint64_t machine_addr, uint64_t length) {
  nic_write(node, NIC_TX_ADDR, machine_addr);
  nic_write(node, NIC_TX_LEN, length);
  nic_write(node, NIC_TX_GO, 1);
}

/* Parts 2 and 3 on node 0: loopback, then a drop. */
static void loopback(void) {
  nic_write(0, NIC_CONTROL, 1);
  CHECK(nic_read(0, NIC_CONTROL) == 1, "loopback enabled on node 0");
  memset(rx_frame, 0, sizeof rx_frame);
  nic_write(0, NIC_RX_ADDR, kseg_to_machine(rx_frame));
  nic_write(0, NIC_RX_ARM, 1);
  build_frame(tx_frame, mac_of(0), mac_of(0), FRAME_BYTES, 11);
  send(0, kseg_to_machine(tx_frame), FRAME_BYTES);
  const uint64_t status = wait_status(0, NIC_STATUS_TX_DONE | NIC_STATUS_RX_READY);
  CHECK((status & (NIC_STATUS_TX_DONE | NIC_STATUS_RX_READY)) == (NIC_STATUS_TX_DONE | NIC_STATUS_RX_READY),
        "loopback: TX_DONE and RX_READY");
  CHECK(nic_read(0, NIC_RX_LEN) == FRAME_BYTES, "loopback: RX_LEN is %d", FRAME_BYTES);
  CHECK(frame_is(rx_frame, mac_of(0), mac_of(0), FRAME_BYTES, 11), "loopback: the frame arrived whole");
  CHECK(interrupt_line_is(IRQ_NIC, 1), "loopback: IRQ_NIC is up (Cause.IP4, masked here)");
  nic_write(0, NIC_ACK, NIC_STATUS_TX_DONE | NIC_STATUS_RX_READY);
  CHECK(nic_read(0, NIC_STATUS) == 0 && interrupt_line_is(IRQ_NIC, 0), "NIC_ACK clears the events and drops IRQ_NIC");

  /* The buffer was used: not re-armed, the next frame is dropped. */
  const uint64_t dropped = nic_read(0, NIC_DROPPED);
  send(0, kseg_to_machine(tx_frame), FRAME_BYTES);
  wait_status(0, NIC_STATUS_TX_DONE);
  uint64_t now_dropped = dropped;
  for (int i = 0; i < SPIN_LIMIT && now_dropped == dropped; i++) now_dropped = nic_read(0, NIC_DROPPED);
  CHECK(now_dropped == dropped + 1, "a frame without an armed buffer is dropped and counted (NIC_DROPPED %lu)",
        (unsigned long)now_dropped);
  CHECK(!(nic_read(0, NIC_STATUS) & NIC_STATUS_RX_READY), "the dropped frame did not raise RX_READY");
  nic_write(0, NIC_ACK, NIC_STATUS_TX_DONE);
  nic_write(0, NIC_CONTROL, 0);
}

/* Part 4: frames the NIC refuses, and a bad receive buffer. */
static void transmit_errors(void) {
  const struct {
    const char* what;
    uint64_t addr, length;
  } cases[] = {
      {"a 10-byte frame (below 14)", kseg_to_machine(tx_frame), 10},
      {"a 2000-byte frame (above 1514)", kseg_to_machine(tx_frame), 2000},
      {"a frame outside memory", boot_get(BOOT_MEMORY_PER_NODE) - 8, 64},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    send(0, cases[i].addr, cases[i].length);
    const uint64_t status = wait_status(0, NIC_STATUS_TX_ERROR);
    CHECK((status & NIC_STATUS_TX_ERROR) && !(status & NIC_STATUS_TX_DONE), "TX_ERROR for %s", cases[i].what);
    nic_write(0, NIC_ACK, NIC_STATUS_TX_ERROR);
  }
  nic_write(0, NIC_RX_ADDR, boot_get(BOOT_MEMORY_PER_NODE) - 100);
  CHECK(!probe_store64((uint64_t)device_reg(0, NIC_BASE, NIC_RX_ARM), 1) && probe_last_fault()->exccode == EXC_DBE,
        "arming a receive buffer that is not all RAM is a bus error");
}

/* ---- node to node, with CPU 1 on node 1 ---- */

static volatile uint64_t rx_events[MAX_CPUS], rx_lengths[MAX_CPUS];
static volatile uint64_t cpu1_ready, cpu1_received, cpu0_armed, cpu1_sent;

/* IRQ_NIC on the first CPU of a node: records a received frame, acknowledges every event. */
static void nic_interrupt(struct trap_frame* frame) {
  (void)frame;
  const unsigned me = cpu_id();
  const unsigned node = me / (unsigned)boot_get(BOOT_CPUS_PER_NODE);
  const uint64_t status = nic_read(node, NIC_STATUS);
  if (status & NIC_STATUS_RX_READY) {
    rx_lengths[me] = nic_read(node, NIC_RX_LEN);
    rx_events[me] = rx_events[me] + 1;
  }
  nic_write(node, NIC_ACK, status & (NIC_STATUS_TX_DONE | NIC_STATUS_RX_READY | NIC_STATUS_TX_ERROR));
}

/* CPU 1: receives the unicast by interrupt, then sends the broadcast. */
static void cpu1_main(void* arg) {
  (void)arg;
  nic_write(1, NIC_RX_ADDR, node_addr(1, node1_rx));
  nic_write(1, NIC_RX_ARM, 1);
  interrupt_unmask(IRQ_NIC);
  interrupts_on();
  memory_barrier();
  cpu1_ready = 1;
  while (!rx_events[1]) wait_if_zero(&rx_events[1]);
  interrupts_off();
  CHECK(rx_events[1] == 1 && rx_lengths[1] == FRAME_BYTES, "CPU 1: node 1's IRQ_NIC woke it with a %d-byte frame",
        FRAME_BYTES);
  CHECK(frame_is(xkphys_cached(node_addr(1, node1_rx)), mac_of(1), mac_of(0), FRAME_BYTES, 42),
        "CPU 1: the frame from node 0 is whole in node 1's memory");
  memory_barrier();
  cpu1_received = 1;

  while (!cpu0_armed) {
  }
  memory_barrier();
  build_frame(xkphys_cached(node_addr(1, node1_tx)), 0xffffffffffffull, mac_of(1), BROADCAST_BYTES, 99);
  memory_barrier();
  send(1, node_addr(1, node1_tx), BROADCAST_BYTES);
  wait_status(1, NIC_STATUS_TX_DONE);
  nic_write(1, NIC_ACK, NIC_STATUS_TX_DONE);
  cpu1_sent = 1;
}

/* Parts 5 and 6: unicast to node 1, broadcast from node 1. */
static void node_to_node(void) {
  set_interrupt_handler(IRQ_NIC, nic_interrupt);
  start_cpu(1, cpu1_main, 0);
  CHECK(spin_until_equal(&cpu1_ready, 1, SPIN_LIMIT), "CPU 1 armed node 1's receive buffer");
  build_frame(tx_frame, mac_of(1), mac_of(0), FRAME_BYTES, 42);
  send(0, kseg_to_machine(tx_frame), FRAME_BYTES);
  CHECK(wait_status(0, NIC_STATUS_TX_DONE) & NIC_STATUS_TX_DONE, "node 0 -> node 1: TX_DONE");
  nic_write(0, NIC_ACK, NIC_STATUS_TX_DONE);
  CHECK(spin_until_equal(&cpu1_received, 1, SPIN_LIMIT * 10), "node 1 received the frame");

  /* The broadcast from node 1, received by interrupt on CPU 0. */
  memset(rx_frame, 0, sizeof rx_frame);
  nic_write(0, NIC_RX_ADDR, kseg_to_machine(rx_frame));
  nic_write(0, NIC_RX_ARM, 1);
  interrupt_unmask(IRQ_NIC);
  interrupts_on();
  memory_barrier();
  cpu0_armed = 1;
  while (!rx_events[0]) wait_if_zero(&rx_events[0]);
  interrupts_off();
  CHECK(rx_events[0] == 1 && rx_lengths[0] == BROADCAST_BYTES, "CPU 0: IRQ_NIC for the %d-byte broadcast",
        BROADCAST_BYTES);
  CHECK(frame_is(rx_frame, 0xffffffffffffull, mac_of(1), BROADCAST_BYTES, 99), "CPU 0: the broadcast arrived whole");
  CHECK(spin_until_equal(&cpu1_sent, 1, SPIN_LIMIT), "CPU 1 finished");
}

/* The program. */
void kmain(void) {
  printf("nic: loopback, node to node, drops, errors, interrupts\n");
  if (boot_get(BOOT_NUM_NODES) < 2 || num_cpus() < 2) panic("nic needs two nodes (run it on tiny2)");
  CHECK(nic_read(0, NIC_MAC) == mac_of(0), "node 0's MAC is 02:00:00:00:00:00");
  CHECK(nic_read(1, NIC_MAC) == mac_of(1), "node 1's MAC is 02:00:00:00:00:01");
  loopback();
  transmit_errors();
  node_to_node();
}
