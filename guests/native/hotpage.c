/* hotpage: the FLASH-style per-page, per-node miss counters and the
 * hot-page interrupt, read through node 0's miss-counter device.
 *
 * Run on a machine with at least two nodes (tiny2). CPU 0 (node 0) misses on
 * pages homed on node 1:
 *  1. uncached loads through xkphys: every one is a memory access, so exactly
 *     one counted miss each (docs/memory.md). THRESHOLD of them make the page
 *     hot: IRQ_HOTPAGE on CPU 0, MC_HOT_POP returns the page, MC_COUNT of
 *     node 0 for the page is THRESHOLD and of node 1 zero;
 *  2. cached loads of a page never touched before, one per 32 bytes: each of
 *     its L2 lines misses once (4096 / line size of them, 32 with the default
 *     128-byte lines) - again the page becomes hot;
 *  3. MC_RESET = 2 clears the selected page's counts, MC_RESET = 1 all;
 *  4. with MC_THRESHOLD = 0 no page becomes hot.
 * The counts are cleared every miss_counters.reset_interval_us; each part
 * starts right after such a boundary (cmdline reset_us=N, the runner passes
 * the configured value) so that its misses fall in one window.
 * Other pages (code, stack) may become hot too: the handler collects every
 * page it pops, and the checks look for the test's pages among them. */
#include "runtime.h"

#define THRESHOLD 16
#define MAX_HOT 64
#define SPIN_LIMIT 10000000

static volatile uint64_t hot_pages[MAX_HOT];
static volatile unsigned hot_count;
static volatile unsigned hot_interrupts;
static uint64_t reset_ns;  /* the counters' reset interval (0: unknown/none) */

/* A register of node 0's miss-counter device. */
static uint64_t mc_read(uint64_t reg) { return dev_read(0, MC_BASE, reg); }
/* Writes a register of node 0's miss-counter device. */
static void mc_write(uint64_t reg, uint64_t value) { dev_write(0, MC_BASE, reg, value); }

/* IRQ_HOTPAGE: pops every queued page (the line drops when the queue is empty). */
static void hotpage_interrupt(struct trap_frame* frame) {
  (void)frame;
  hot_interrupts = hot_interrupts + 1;
  for (;;) {
    const uint64_t page = mc_read(MC_HOT_POP);
    if (page == ~0ull) break;
    if (hot_count < MAX_HOT) hot_pages[hot_count++] = page;
  }
}

/* Whether the handler popped `page`. */
static int was_hot(uint64_t page) {
  for (unsigned i = 0; i < hot_count; i++)
    if (hot_pages[i] == page) return 1;
  return 0;
}

/* The window count of `page` from node `from`. */
static uint64_t count_of(uint64_t page, unsigned from) {
  mc_write(MC_SELECT, page);
  return mc_read(MC_COUNT + 8ull * from);
}

/* Waits until just after the next periodic reset of the counters, so that
 * what follows has a whole window (when the interval is known). */
static void align_to_window(void) {
  if (!reset_ns) return;
  const uint64_t next = (time_ns() / reset_ns + 1) * reset_ns;
  while (time_ns() < next) {
  }
}

/* Spins until the handler has popped `page`. */
static int wait_hot(uint64_t page) {
  for (int i = 0; i < SPIN_LIMIT; i++)
    if (was_hot(page)) return 1;
  return 0;
}

/* Part 1: counted uncached misses up to the threshold; part 3: MC_RESET = 2. */
static void uncached_misses(void) {
  const uint64_t addr = node_addr(1, 0x100000);
  const uint64_t page = addr >> 12;
  align_to_window();
  mc_write(MC_RESET, 1);
  CHECK(count_of(page, 0) == 0, "after MC_RESET = 1 the page's count is 0");
  volatile uint64_t* p = xkphys_uncached(addr);
  uint64_t sum = 0;
  for (int i = 0; i < THRESHOLD - 1; i++) sum += p[i * 16];
  CHECK(count_of(page, 0) == THRESHOLD - 1, "%d uncached loads from node 0 count %d misses", THRESHOLD - 1,
        THRESHOLD - 1);
  CHECK(!was_hot(page), "below the threshold: not hot");
  sum += p[0];
  (void)sum;
  CHECK(wait_hot(page), "the %dth miss raises IRQ_HOTPAGE on CPU 0 and MC_HOT_POP returns page %lx", THRESHOLD,
        (unsigned long)page);
  CHECK(count_of(page, 0) == THRESHOLD, "MC_COUNT[node 0] of the page is %d", THRESHOLD);
  CHECK(count_of(page, 1) == 0, "MC_COUNT[node 1] of the page is 0");
  CHECK(mc_read(MC_HOT_COUNT) == 0 && mc_read(MC_HOT_POP) == ~0ull, "the queue is empty: HOT_POP reads all ones");
  CHECK(interrupt_line_is(IRQ_HOTPAGE, 0), "IRQ_HOTPAGE dropped with the queue empty");

  mc_write(MC_SELECT, page);
  mc_write(MC_RESET, 2);
  CHECK(count_of(page, 0) == 0, "MC_RESET = 2 clears the selected page's counts");
}

/* Part 2: cold cached misses on a fresh page. */
static void cached_misses(void) {
  const uint64_t addr = node_addr(1, 0x200000);
  const uint64_t page = addr >> 12;
  align_to_window();
  volatile uint64_t* p = xkphys_cached(addr);
  uint64_t sum = 0;
  for (int i = 0; i < 4096 / 8; i += 4) sum += p[i];  /* one load per 32 bytes */
  (void)sum;
  const int fired = wait_hot(page);
  const uint64_t misses = count_of(page, 0);
  printf("cached loads of a whole new page: %lu misses counted\n", (unsigned long)misses);
  CHECK(fired, "cached loads of a new node-1 page make it hot");
  CHECK(misses >= THRESHOLD && misses <= 4096 / 32 && 4096 % misses == 0,
        "its count is one miss per L2 line (4096 / line size)");
  for (int i = 0; i < 4096 / 8; i += 4) sum += p[i];
  CHECK(count_of(page, 0) == misses, "reading it again hits in the cache: no new misses");
}

/* Part 4: threshold 0 counts but never queues. */
static void threshold_zero(void) {
  const uint64_t addr = node_addr(1, 0x300000);
  mc_write(MC_THRESHOLD, 0);
  CHECK(mc_read(MC_THRESHOLD) == 0, "MC_THRESHOLD set to 0");
  const unsigned interrupts = hot_interrupts, popped = hot_count;
  align_to_window();
  volatile uint64_t* p = xkphys_uncached(addr);
  uint64_t sum = 0;
  for (int i = 0; i < 3 * THRESHOLD; i++) sum += p[i];
  (void)sum;
  for (volatile int i = 0; i < 1000; i++) {
  }
  CHECK(count_of(addr >> 12, 0) == 3 * THRESHOLD, "misses are still counted (%d)", 3 * THRESHOLD);
  CHECK(hot_interrupts == interrupts && hot_count == popped, "with threshold 0 no page becomes hot");
}

/* The periodic reset clears the window counts (when its interval is known). */
static void periodic_reset(void) {
  if (!reset_ns) return;
  const uint64_t addr = node_addr(1, 0x400000);
  align_to_window();
  volatile uint64_t* p = xkphys_uncached(addr);
  uint64_t sum = p[0] + p[1] + p[2];
  (void)sum;
  CHECK(count_of(addr >> 12, 0) == 3, "three misses counted in this window");
  align_to_window();
  /* The next miss anywhere applies the due reset. */
  sum += *(volatile uint64_t*)xkphys_uncached(node_addr(1, 0x500000));
  CHECK(count_of(addr >> 12, 0) == 0, "after the reset interval (%lu us) the count is 0 again",
        (unsigned long)(reset_ns / 1000));
}

/* The program. */
void kmain(void) {
  printf("hotpage: miss counters and the hot-page interrupt\n");
  if (boot_get(BOOT_NUM_NODES) < 2) panic("hotpage needs two nodes (run it on tiny2)");
  uint64_t reset_us = 0;
  if (cmdline_number(boot_cmdline(), "reset_us", &reset_us)) reset_ns = reset_us * 1000;
  CHECK(mc_read(MC_NODES) == boot_get(BOOT_NUM_NODES), "MC_NODES is the number of nodes");
  set_interrupt_handler(IRQ_HOTPAGE, hotpage_interrupt);
  mc_write(MC_THRESHOLD, THRESHOLD);
  CHECK(mc_read(MC_THRESHOLD) == THRESHOLD, "MC_THRESHOLD reads back %d", THRESHOLD);
  interrupt_unmask(IRQ_HOTPAGE);
  interrupts_on();
  uncached_misses();
  cached_misses();
  threshold_zero();
  periodic_reset();
  interrupts_off();
  printf("pages the handler popped:");
  for (unsigned i = 0; i < hot_count; i++) printf(" %lx", (unsigned long)hot_pages[i]);
  printf("\n");
}
