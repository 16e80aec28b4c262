/* Start-up, the boot block, the check counters and the end of the run.
 *
 * start.S enters runtime_start on CPU 0 with what the boot protocol handed
 * over; it records it, calls the program's kmain() and then finish(). The
 * check counters are shared by all CPUs under one lock, so any CPU may
 * CHECK. */
#include "runtime.h"

struct boot_entry_state boot_entry;
uint64_t kernel_stack_top[MAX_CPUS];

static uint64_t boot_block;  /* kseg0 address of the boot block */
static spinlock_t check_lock = SPINLOCK_INIT;
static uint64_t check_count;
static uint64_t check_failures;

void runtime_start(uint64_t block, uint64_t cpu, uint64_t ncpus, uint64_t sp, uint64_t status,
                   uint64_t other_gprs);

/* CPU 0's C entry (from _start): records the boot state, runs the program. */
void runtime_start(uint64_t block, uint64_t cpu, uint64_t ncpus, uint64_t sp, uint64_t status,
                   uint64_t other_gprs) {
  boot_block = block;
  boot_entry.cpu = cpu;
  boot_entry.num_cpus = ncpus;
  boot_entry.sp = sp;
  boot_entry.status = status;
  boot_entry.other_gprs = other_gprs;
  kmain();
  finish();
}

/* A word of the boot block. */
uint64_t boot_get(unsigned offset) { return *(const volatile uint64_t*)(boot_block + offset); }

/* The boot block's kseg0 address. */
uint64_t boot_block_address(void) { return boot_block; }

/* The boot command line. */
const char* boot_cmdline(void) { return (const char*)(boot_block + BOOT_CMDLINE); }

/* Number of CPUs of the machine. */
unsigned num_cpus(void) { return (unsigned)boot_get(BOOT_NUM_CPUS); }

/* Counts one check and prints its outcome. */
void check_result(int passed, const char* file, int line, const char* format, ...) {
  char what[200];
  va_list args;
  va_start(args, format);
  vsnprintf(what, sizeof what, format, args);
  va_end(args);
  spin_lock(&check_lock);
  check_count++;
  if (!passed) check_failures++;
  spin_unlock(&check_lock);
  if (passed)
    printf("ok: %s\n", what);
  else
    printf("FAIL: %s (%s:%d)\n", what, file, line);
}

/* Checks run so far. */
uint64_t checks_run(void) { return check_count; }
/* Checks failed so far. */
uint64_t checks_failed(void) { return check_failures; }

/* Ends the run: writes the status to the system controller's power-off register. */
void power_off(uint64_t status) {
  dev_write(0, SYS_BASE, SYS_POWER_OFF, status & 0xff);
  for (;;) {
  }
}

/* The verdict line and the matching exit status. */
void finish(void) {
  spin_lock(&check_lock);
  const uint64_t total = check_count, failed = check_failures;
  spin_unlock(&check_lock);
  if (total == 0) {
    printf("FAIL: no checks ran\n");
    power_off(1);
  }
  if (failed == 0) {
    printf("all %lu checks passed\n", (unsigned long)total);
    power_off(0);
  }
  printf("%lu of %lu checks FAILED\n", (unsigned long)failed, (unsigned long)total);
  power_off(1);
}

/* A fatal error: prints it and ends the run with status 1. */
void panic(const char* format, ...) {
  char message[240];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  printf("FAIL: %s\n", message);
  power_off(1);
}
