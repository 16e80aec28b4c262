/* disk: the disk controller (DMA to and from a raw host image), polled and
 * interrupt-driven, and its errors.
 *
 * The runner (tests/native_run.py --disk-test) attaches as disk 0 a fresh
 * image of SECTORS sectors where byte j of sector s is
 *     (13 * s + 7 * j + 5) mod 256                      (disk_pattern below)
 * This program reads sectors and compares them with the pattern (into a node
 * 0 buffer full of stale dirty cached data, so DMA must be coherent, and into
 * a buffer on node 1 when there is one), writes sectors WRITE_FIRST and
 * WRITE_FIRST + 1 with the complement of the pattern, reads them back, and
 * provokes every error: range, zero count, DMA outside memory, unknown
 * command, a command while busy, an absent controller. One read completes by
 * interrupt (IRQ_DISK) while the CPU waits. The runner then checks that the
 * image holds the complement in exactly those two sectors and the pattern
 * everywhere else.
 *
 * Command line: sectors=N (the image's size; default 256), access_us=U (the
 * configured devices.disk_access_us: a request must take at least that). */
#include "runtime.h"

#define WRITE_FIRST 10
#define BUFFER_SECTORS 8

static uint8_t buffer_a[BUFFER_SECTORS * DISK_SECTOR_BYTES] __attribute__((aligned(4096)));
static uint8_t buffer_b[BUFFER_SECTORS * DISK_SECTOR_BYTES] __attribute__((aligned(4096)));
static uint64_t sectors = 256;

/* The image's byte j of sector s, as the runner wrote it. */
static uint8_t disk_pattern(uint64_t s, uint64_t j) { return (uint8_t)(13 * s + 7 * j + 5); }

/* A disk register of controller 0. */
static uint64_t disk_read(uint64_t reg) { return dev_read(0, DISK_BASE(0), reg); }
/* Writes a register of controller 0. */
static void disk_write(uint64_t reg, uint64_t value) { dev_write(0, DISK_BASE(0), reg, value); }

/* Starts a request. */
static void disk_start(uint64_t command, uint64_t sector, uint64_t count, uint64_t machine_addr) {
  disk_write(DISK_SECTOR, sector);
  disk_write(DISK_COUNT, count);
  disk_write(DISK_DMA_ADDR, machine_addr);
  disk_write(DISK_COMMAND, command);
}

/* Polls until the controller is no longer busy; returns the status. */
static uint64_t disk_poll(void) {
  uint64_t status = DISK_ST_BUSY;
  for (uint64_t i = 0; i < 100000000 && status == DISK_ST_BUSY; i++) status = disk_read(DISK_STATUS);
  return status;
}

/* One polled request; returns its final status, leaves the controller idle. */
static uint64_t disk_request(uint64_t command, uint64_t sector, uint64_t count, uint64_t machine_addr) {
  disk_start(command, sector, count, machine_addr);
  const uint64_t status = disk_poll();
  disk_write(DISK_ACK, 1);
  return status;
}

/* Counts bytes of `data` (sectors from `first`) that differ from the pattern. */
static uint64_t pattern_mismatches(const volatile uint8_t* data, uint64_t first, uint64_t count, int complement) {
  uint64_t wrong = 0;
  for (uint64_t s = 0; s < count; s++)
    for (uint64_t j = 0; j < DISK_SECTOR_BYTES; j++) {
      const uint8_t want = disk_pattern(first + s, j) ^ (complement ? 0xff : 0);
      wrong += data[s * DISK_SECTOR_BYTES + j] != want;
    }
  return wrong;
}

/* Polled reads: registers, status, IRQ line, data, timing, the last sector, a remote buffer. */
static void reads(void) {
  uint64_t access_us = 0;
  cmdline_number(boot_cmdline(), "access_us", &access_us);
  /* Stale, dirty cached data in the buffer: the DMA must replace it. */
  memset(buffer_a, 0xee, sizeof buffer_a);
  const uint64_t t0 = time_ns();
  disk_start(DISK_CMD_READ, 0, 4, kseg_to_machine(buffer_a));
  CHECK(disk_read(DISK_STATUS) == DISK_ST_BUSY, "read: the controller is busy after the command");
  CHECK(disk_read(DISK_SECTOR) == 0 && disk_read(DISK_COUNT) == 4 && disk_read(DISK_DMA_ADDR) == kseg_to_machine(buffer_a),
        "SECTOR, COUNT and DMA_ADDR read back as written");
  const uint64_t status = disk_poll();
  const uint64_t elapsed_us = (time_ns() - t0) / 1000;
  CHECK(status == DISK_ST_DONE && disk_read(DISK_ERROR) == DISK_ERR_NONE, "read sectors 0-3: DONE, no error");
  CHECK(interrupt_line_is(IRQ_DISK, 1), "completion raises IRQ_DISK (Cause.IP3, masked here)");
  disk_write(DISK_ACK, 1);
  CHECK(disk_read(DISK_STATUS) == DISK_ST_IDLE && interrupt_line_is(IRQ_DISK, 0),
        "DISK_ACK: status back to IDLE, IRQ_DISK drops");
  CHECK(pattern_mismatches(buffer_a, 0, 4, 0) == 0, "sectors 0-3 hold the image's pattern (DMA coherent with the cache)");
  printf("read of 4 sectors took %lu us\n", (unsigned long)elapsed_us);
  if (access_us) CHECK(elapsed_us >= access_us, "the request took at least the access time of %lu us", (unsigned long)access_us);

  CHECK(disk_request(DISK_CMD_READ, sectors - 1, 1, kseg_to_machine(buffer_a)) == DISK_ST_DONE &&
            pattern_mismatches(buffer_a, sectors - 1, 1, 0) == 0,
        "the last sector (%lu) reads back its pattern", (unsigned long)(sectors - 1));

  if (boot_get(BOOT_NUM_NODES) > 1) {
    const uint64_t remote = node_addr(1, 0x10000);
    CHECK(disk_request(DISK_CMD_READ, 20, BUFFER_SECTORS, remote) == DISK_ST_DONE &&
              pattern_mismatches(xkphys_cached(remote), 20, BUFFER_SECTORS, 0) == 0,
          "8 sectors DMAed into node 1's memory hold the pattern");
  }
}

/* Writes two sectors and reads them back with their neighbours. */
static void writes(void) {
  for (uint64_t s = 0; s < 2; s++)
    for (uint64_t j = 0; j < DISK_SECTOR_BYTES; j++)
      buffer_a[s * DISK_SECTOR_BYTES + j] = disk_pattern(WRITE_FIRST + s, j) ^ 0xff;
  CHECK(disk_request(DISK_CMD_WRITE, WRITE_FIRST, 2, kseg_to_machine(buffer_a)) == DISK_ST_DONE,
        "write sectors %d-%d: DONE", WRITE_FIRST, WRITE_FIRST + 1);
  memset(buffer_b, 0, sizeof buffer_b);
  CHECK(disk_request(DISK_CMD_READ, WRITE_FIRST - 1, 4, kseg_to_machine(buffer_b)) == DISK_ST_DONE,
        "read sectors %d-%d back", WRITE_FIRST - 1, WRITE_FIRST + 2);
  CHECK(pattern_mismatches(buffer_b + DISK_SECTOR_BYTES, WRITE_FIRST, 2, 1) == 0,
        "the written sectors read back as written");
  CHECK(pattern_mismatches(buffer_b, WRITE_FIRST - 1, 1, 0) == 0 &&
            pattern_mismatches(buffer_b + 3 * DISK_SECTOR_BYTES, WRITE_FIRST + 2, 1, 0) == 0,
        "their neighbours are unchanged");
}

/* A request that must fail with `error`. */
static void expect_error(const char* what, uint64_t command, uint64_t sector, uint64_t count, uint64_t addr,
                         uint64_t error) {
  disk_start(command, sector, count, addr);
  const uint64_t status = disk_read(DISK_STATUS), got = disk_read(DISK_ERROR);
  const int line = interrupt_line_is(IRQ_DISK, 1);
  disk_write(DISK_ACK, 1);
  CHECK(status == DISK_ST_ERROR && got == error && line, "%s: ERROR at once with reason %lu (got status %lu, reason %lu), IRQ_DISK up",
        what, (unsigned long)error, (unsigned long)status, (unsigned long)got);
}

/* Every error the controller reports, a command while busy, an absent controller. */
static void errors(void) {
  const uint64_t buffer = kseg_to_machine(buffer_a);
  expect_error("sectors beyond the image", DISK_CMD_READ, sectors - 2, 10, buffer, DISK_ERR_RANGE);
  expect_error("a zero count", DISK_CMD_READ, 0, 0, buffer, DISK_ERR_RANGE);
  expect_error("a first sector past the end", DISK_CMD_WRITE, sectors, 1, buffer, DISK_ERR_RANGE);
  expect_error("a buffer past node 0's memory", DISK_CMD_READ, 0, 1, boot_get(BOOT_MEMORY_PER_NODE) - 256,
               DISK_ERR_DMA);
  expect_error("a buffer in the device window", DISK_CMD_READ, 0, 1, DEV_WINDOW_OFFSET, DISK_ERR_DMA);
  expect_error("an unknown command", 7, 0, 1, buffer, DISK_ERR_COMMAND);
  CHECK(disk_read(DISK_STATUS) == DISK_ST_IDLE, "after the errors the controller is idle");

  disk_start(DISK_CMD_READ, 30, 1, buffer);
  disk_write(DISK_COMMAND, DISK_CMD_READ);
  CHECK(disk_read(DISK_STATUS) == DISK_ST_BUSY && disk_read(DISK_ERROR) == DISK_ERR_BUSY,
        "a command while busy: reason BUSY, the request in flight goes on");
  CHECK(disk_poll() == DISK_ST_DONE && pattern_mismatches(buffer_a, 30, 1, 0) == 0,
        "the request in flight completed normally");
  disk_write(DISK_ACK, 1);

  uint64_t value;
  CHECK(!probe_load64((uint64_t)device_reg(0, DISK_BASE(1), DISK_STATUS), &value) &&
            probe_last_fault()->exccode == EXC_DBE,
        "disk 1 (no image attached) is absent: its registers give a bus error");
}

static volatile uint64_t irq_count, irq_status;

/* IRQ_DISK: records the status and acknowledges. */
static void disk_interrupt(struct trap_frame* frame) {
  (void)frame;
  irq_status = disk_read(DISK_STATUS);
  irq_count = irq_count + 1;
  disk_write(DISK_ACK, 1);
}

/* A read completed by IRQ_DISK while the CPU waits. */
static void interrupt_driven(void) {
  set_interrupt_handler(IRQ_DISK, disk_interrupt);
  memset(buffer_b, 0, sizeof buffer_b);
  interrupt_unmask(IRQ_DISK);
  disk_start(DISK_CMD_READ, 40, BUFFER_SECTORS, kseg_to_machine(buffer_b));
  interrupts_on();
  while (!irq_count) wait_if_zero(&irq_count);
  interrupts_off();
  interrupt_mask(IRQ_DISK);
  CHECK(irq_count == 1 && irq_status == DISK_ST_DONE, "interrupt-driven read: one IRQ_DISK with status DONE");
  CHECK(pattern_mismatches(buffer_b, 40, BUFFER_SECTORS, 0) == 0, "interrupt-driven read: the data is right");
  CHECK(disk_read(DISK_STATUS) == DISK_ST_IDLE, "the handler's ACK left the controller idle");
}

/* The program. */
void kmain(void) {
  printf("disk: DMA reads and writes of a raw image, errors, interrupts\n");
  cmdline_number(boot_cmdline(), "sectors", &sectors);
  CHECK(disk_read(DISK_SECTORS) == sectors, "DISK_SECTORS is the image's %lu sectors", (unsigned long)sectors);
  CHECK(disk_read(DISK_STATUS) == DISK_ST_IDLE, "the controller starts idle");
  reads();
  writes();
  errors();
  interrupt_driven();
}
