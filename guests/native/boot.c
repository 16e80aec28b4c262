/* boot: the boot protocol of docs/boot.md, checked from the kernel's side.
 *
 * CPU 0 prints the boot block and checks every field against the system
 * controller and the promises of the protocol (entry state, where the block
 * and the boot stack are), that time advances (SYS_TIME_NS and Count agree
 * on the clock rate), and the real-time clock. Then it releases every other
 * CPU; each checks its own entry state and checks in by incrementing a
 * counter under a spinlock and setting its bit in a mask.
 *
 * The command line may carry the values the runner knows:
 *   cpus=N   the number of CPUs the machine was configured with
 *   rtc=S    devices.rtc_epoch (the RTC's seconds at simulated time 0)
 * Used for boot tests on 1, 2 and 8 CPUs and in both byte orders. */
#include "runtime.h"

/* Status at entry: CU0, CU1, FR, KX, SX, UX, XX; BEV, ERL, EXL, IE and IM clear. */
#define BOOT_STATUS (ST_CU0 | ST_CU1 | ST_FR | ST_KX | ST_SX | ST_UX | ST_XX)

extern char _end[], __cpu_stacks[];

static spinlock_t checkin_lock = SPINLOCK_INIT;
static volatile uint64_t checked_in;    /* CPUs that checked in (under checkin_lock) */
static volatile uint64_t checkin_mask;  /* their ids as bits */

/* Rounds up to a multiple of 4 KB. */
static uint64_t page_round_up(uint64_t x) { return (x + 4095) & ~4095ull; }

/* Prints the boot block. */
static void print_boot_block(void) {
  printf("boot block at %016lx:\n", (unsigned long)boot_block_address());
  printf("  magic            %016lx\n", (unsigned long)boot_get(BOOT_MAGIC));
  printf("  version          %lu\n", (unsigned long)boot_get(BOOT_VERSION));
  printf("  num_cpus         %lu\n", (unsigned long)boot_get(BOOT_NUM_CPUS));
  printf("  num_nodes        %lu\n", (unsigned long)boot_get(BOOT_NUM_NODES));
  printf("  cpus_per_node    %lu\n", (unsigned long)boot_get(BOOT_CPUS_PER_NODE));
  printf("  memory_per_node  %lu bytes\n", (unsigned long)boot_get(BOOT_MEMORY_PER_NODE));
  printf("  node_shift       %lu\n", (unsigned long)boot_get(BOOT_NODE_SHIFT));
  printf("  cpu_hz           %lu\n", (unsigned long)boot_get(BOOT_CPU_HZ));
  printf("  first_free       %016lx\n", (unsigned long)boot_get(BOOT_FIRST_FREE));
  printf("  kernel_start     %016lx\n", (unsigned long)boot_get(BOOT_KERNEL_START));
  printf("  device_window    %016lx\n", (unsigned long)boot_get(BOOT_DEVICE_WINDOW));
  printf("  cmdline          \"%s\"\n", boot_cmdline());
}

/* The fields of the boot block against the machine and the protocol. */
static void check_boot_block(void) {
  const uint64_t ncpus = boot_get(BOOT_NUM_CPUS), nodes = boot_get(BOOT_NUM_NODES);
  const uint64_t memory = boot_get(BOOT_MEMORY_PER_NODE);
  CHECK(boot_get(BOOT_MAGIC) == BOOT_MAGIC_VALUE, "boot block magic is %016llx", BOOT_MAGIC_VALUE);
  CHECK(boot_get(BOOT_VERSION) == 1, "boot block version is 1");
  CHECK(ncpus >= 1 && ncpus <= 64, "1 <= num_cpus (%lu) <= 64", (unsigned long)ncpus);
  CHECK(ncpus == dev_read(0, SYS_BASE, SYS_NUM_CPUS), "num_cpus equals SYS_NUM_CPUS");
  CHECK(nodes == dev_read(0, SYS_BASE, SYS_NUM_NODES), "num_nodes equals SYS_NUM_NODES");
  CHECK(nodes * boot_get(BOOT_CPUS_PER_NODE) == ncpus, "num_nodes x cpus_per_node = num_cpus");
  CHECK(memory > 0 && memory % 4096 == 0 && memory <= DEV_WINDOW_OFFSET,
        "memory_per_node is whole pages below the device window");
  CHECK(boot_get(BOOT_NODE_SHIFT) == 32, "node_shift is 32");
  CHECK(boot_get(BOOT_DEVICE_WINDOW) == DEV_WINDOW_OFFSET, "device_window is %llx", DEV_WINDOW_OFFSET);
  CHECK(boot_get(BOOT_CPU_HZ) >= 1000000, "cpu_hz is at least 1 MHz");

  /* Where things are: [image][pad][boot block page][16 KB stack] <- first_free. */
  const uint64_t image_end = kseg_to_machine(_end);
  const uint64_t block = kseg_to_machine((void*)boot_block_address());
  CHECK(boot_get(BOOT_KERNEL_START) == 0, "kernel_start is machine address 0 (linked at kseg0 base)");
  CHECK((boot_block_address() >> 29) == (KSEG0_BASE >> 29), "the boot block address is in kseg0");
  CHECK(block == page_round_up(image_end), "the boot block is on the first 4 KB boundary after the image (%lx)",
        (unsigned long)page_round_up(image_end));
  CHECK(kseg_to_machine((void*)boot_entry.sp) == block + 4096 + BOOT_STACK_BYTES,
        "$sp at entry is the top of the 16 KB stack after the boot block page");
  CHECK(boot_get(BOOT_FIRST_FREE) == block + 4096 + BOOT_STACK_BYTES, "first_free is right after the boot stack");

  /* The command line: NUL-terminated within its 256 bytes. */
  const char* cmdline = boot_cmdline();
  size_t length = 0;
  while (length < 256 && cmdline[length]) length++;
  CHECK(length < 256, "the command line is NUL-terminated (%lu bytes)", (unsigned long)length);
}

/* CPU 0's registers and Status at entry. */
static void check_entry_state(void) {
  CHECK(boot_entry.cpu == 0, "$a1 at entry is CPU id 0");
  CHECK(boot_entry.num_cpus == boot_get(BOOT_NUM_CPUS), "$a2 at entry is num_cpus");
  CHECK((uint32_t)boot_entry.status == BOOT_STATUS, "Status at entry is %08x (got %08x)", BOOT_STATUS,
        (uint32_t)boot_entry.status);
  CHECK(boot_entry.other_gprs == 0, "every other GPR, HI and LO is 0 at entry");
  CHECK(dev_read(0, SYS_BASE, SYS_CPU_ID) == 0, "SYS_CPU_ID reads 0 on CPU 0");
  CHECK(dev_read(0, SYS_BASE, SYS_RUNNING_MASK) == 1, "SYS_RUNNING_MASK is 1 before any release");
  const uint64_t config = read_c0(CP0_CONFIG);
  const uint64_t big_endian = (config >> 15) & 1;
  const uint16_t probe = 0x0102;
  const int memory_big_endian = *(const uint8_t*)&probe == 0x01;
  CHECK(big_endian == (uint64_t)memory_big_endian, "Config.BE (%lu) is the byte order of the image",
        (unsigned long)big_endian);
  CHECK((read_c0(CP0_PRID) >> 8 & 0xff) == 0x09, "PRId implementation is the R10000 (0x09)");
}

/* Every node's system controller answers with its own node number. */
static void check_node_windows(void) {
  const unsigned nodes = (unsigned)boot_get(BOOT_NUM_NODES);
  unsigned right = 0;
  for (unsigned node = 0; node < nodes; node++) right += dev_read(node, SYS_BASE, SYS_NODE_ID) == node;
  CHECK(right == nodes, "SYS_NODE_ID of each of the %u nodes' windows is its node", nodes);
}

/* Time: SYS_TIME_NS and Count both advance, at rates that agree. */
static void check_time(void) {
  const uint64_t hz = boot_get(BOOT_CPU_HZ);
  const uint32_t count0 = read_count();
  const uint64_t t0 = time_ns();
  volatile uint64_t sink = 0;
  for (int i = 0; i < 20000; i++) sink += (uint64_t)i;
  const uint64_t t1 = time_ns();
  const uint32_t count1 = read_count();
  const uint64_t elapsed_ns = t1 - t0;
  /* Count runs at hz / 2: one count is 2e9 / hz ns. */
  const uint64_t count_ns = (uint64_t)(count1 - count0) * 2000000000ull / hz;
  printf("time: %lu ns by SYS_TIME_NS, %lu ns by Count (%u counts)\n", (unsigned long)elapsed_ns,
         (unsigned long)count_ns, count1 - count0);
  CHECK(elapsed_ns >= 20000 * 1000000000ull / hz, "SYS_TIME_NS advanced by at least 20000 cycles over a 20000-iteration loop");
  /* The Count reads enclose the SYS_TIME_NS reads, so Count's interval is the
   * longer one, by at most the two device accesses around it (a few us). */
  CHECK(count_ns + 20 >= elapsed_ns && count_ns <= elapsed_ns + 5000,
        "Count at half the CPU clock agrees with SYS_TIME_NS (within 5 us)");

  const uint64_t rtc = dev_read(0, SYS_BASE, SYS_RTC_SECONDS);
  const uint64_t now = time_ns();
  printf("rtc: %lu s at simulated %lu ns\n", (unsigned long)rtc, (unsigned long)now);
  uint64_t epoch;
  if (cmdline_number(boot_cmdline(), "rtc", &epoch))
    CHECK(rtc == epoch + now / 1000000000ull, "SYS_RTC_SECONDS is rtc_epoch %lu + simulated seconds",
          (unsigned long)epoch);
  else
    CHECK(rtc == now / 1000000000ull, "SYS_RTC_SECONDS is simulated seconds (rtc_epoch 0)");
}

/* A released CPU: checks its entry state and checks in. */
static void secondary_main(void* arg) {
  const unsigned me = cpu_id();
  const struct secondary_entry_state* entry = &secondary_entry_states[me];
  CHECK(arg == (void*)&checked_in, "CPU %u: the start argument arrived", me);
  CHECK(entry->sp == (uint64_t)(__cpu_stacks + (uint64_t)(me + 1) * CPU_STACK_BYTES),
        "CPU %u: $sp at entry is the stack given at release", me);
  CHECK(entry->cpu == me, "CPU %u: $a1 at entry equals SYS_CPU_ID", me);
  CHECK(entry->num_cpus == boot_get(BOOT_NUM_CPUS), "CPU %u: $a2 at entry is num_cpus", me);
  CHECK((uint32_t)entry->status == BOOT_STATUS, "CPU %u: Status at entry is %08x", me, BOOT_STATUS);
  spin_lock(&checkin_lock);
  checked_in = checked_in + 1;
  checkin_mask = checkin_mask | (1ull << me);
  spin_unlock(&checkin_lock);
}

/* Releases every other CPU and waits for all of them to check in. */
static void check_secondaries(void) {
  const unsigned ncpus = num_cpus();
  for (unsigned cpu = 1; cpu < ncpus; cpu++) start_cpu(cpu, secondary_main, (void*)&checked_in);
  const uint64_t all = ncpus >= 64 ? ~0ull : (1ull << ncpus) - 1;
  CHECK(dev_read(0, SYS_BASE, SYS_RUNNING_MASK) == all, "SYS_RUNNING_MASK shows all %u CPUs started", ncpus);
  const uint64_t start_cpu_reg = (uint64_t)device_reg(0, SYS_BASE, SYS_START_CPU);
  CHECK(!probe_store64(start_cpu_reg, 0) && probe_last_fault()->exccode == EXC_DBE,
        "releasing CPU 0 (running) is refused with a bus error");
  CHECK(!probe_store64(start_cpu_reg, ncpus) && probe_last_fault()->exccode == EXC_DBE,
        "releasing CPU %u (no such CPU) is refused with a bus error", ncpus);
  dev_write(0, SYS_BASE, SYS_START_PC, 0x1234);
  CHECK(dev_read(0, SYS_BASE, SYS_START_PC) == 0x1234, "SYS_START_PC reads back the value written");
  const int arrived = spin_until_equal(&checked_in, ncpus - 1, 100000000);
  CHECK(arrived, "all %u other CPUs checked in (got %lu)", ncpus - 1, (unsigned long)checked_in);
  CHECK(checkin_mask == (all & ~1ull), "the check-in mask is %016lx", (unsigned long)(all & ~1ull));
}

/* The program. */
void kmain(void) {
  printf("boot: the boot protocol on %lu CPU(s)\n", (unsigned long)boot_entry.num_cpus);
  print_boot_block();
  check_boot_block();
  check_entry_state();
  uint64_t expected_cpus;
  if (cmdline_number(boot_cmdline(), "cpus", &expected_cpus))
    CHECK(num_cpus() == expected_cpus, "the machine has cpus=%lu CPUs as configured", (unsigned long)expected_cpus);
  check_node_windows();
  check_time();
  check_secondaries();
}
