/* bench: a compute and memory workload on every CPU, for measuring the
 * simulator's speed (simulated MIPS) with and without the cache model.
 *
 * Every CPU fills an array of MEM_KB in its own node's memory (through xkphys
 * cached addresses, from 4 MB into the node) with a linear congruential
 * sequence, then makes PASSES passes over it, replacing each word by a mixed
 * function of itself and summing. All CPUs start from the same seed, so they
 * must all end with the same checksum: that is the check (data stays right
 * whatever the caches do). The arrays of the CPUs of one node lie side by
 * side.
 *
 * Command line: passes=N (default 20), mem_kb=K (default 256; per CPU).
 * With the defaults one CPU retires about 20 x 32768 x ~12 = 8 M instructions. */
#include "runtime.h"

#define ARRAY_BASE_OFFSET 0x400000ull

static uint64_t passes = 20, mem_kb = 256;
static volatile uint64_t checksums[MAX_CPUS];
static volatile uint32_t counts[MAX_CPUS];
static struct barrier bench_barrier;

/* The work of one CPU on its array; returns the checksum. */
static uint64_t work(volatile uint64_t* array, uint64_t words) {
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (uint64_t i = 0; i < words; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    array[i] = x;
  }
  uint64_t sum = 0;
  for (uint64_t pass = 0; pass < passes; pass++)
    for (uint64_t i = 0; i < words; i++) {
      const uint64_t v = array[i] * 6364136223846793005ull + pass;
      array[i] = v ^ (v >> 29);
      sum += array[i];
    }
  return sum;
}

/* One CPU's part: its array in its node's memory, timed by Count. */
static void run(unsigned me) {
  const uint64_t per_node = boot_get(BOOT_CPUS_PER_NODE);
  const unsigned node = (unsigned)(me / per_node);
  const uint64_t bytes = mem_kb * 1024;
  const uint64_t offset = ARRAY_BASE_OFFSET + (me % per_node) * bytes;
  volatile uint64_t* array = xkphys_cached(node_addr(node, offset));
  barrier_wait(&bench_barrier, num_cpus());
  const uint32_t start = read_count();
  checksums[me] = work(array, bytes / 8);
  counts[me] = read_count() - start;
  barrier_wait(&bench_barrier, num_cpus());
}

/* A released CPU. */
static void secondary(void* arg) {
  (void)arg;
  run(cpu_id());
}

/* The program. */
void kmain(void) {
  cmdline_number(boot_cmdline(), "passes", &passes);
  cmdline_number(boot_cmdline(), "mem_kb", &mem_kb);
  const unsigned ncpus = num_cpus();
  const uint64_t needed = ARRAY_BASE_OFFSET + boot_get(BOOT_CPUS_PER_NODE) * mem_kb * 1024;
  if (mem_kb == 0 || needed > boot_get(BOOT_MEMORY_PER_NODE))
    panic("bench: %lu KB per CPU does not fit in a node's memory above 4 MB", (unsigned long)mem_kb);
  printf("bench: %u CPUs, %lu KB per CPU, %lu passes\n", ncpus, (unsigned long)mem_kb, (unsigned long)passes);
  for (unsigned cpu = 1; cpu < ncpus; cpu++) start_cpu(cpu, secondary, 0);
  run(0);
  const uint64_t hz = boot_get(BOOT_CPU_HZ);
  unsigned agree = 0;
  for (unsigned cpu = 0; cpu < ncpus; cpu++) {
    printf("CPU %u: checksum %016lx, %lu us simulated\n", cpu, (unsigned long)checksums[cpu],
           (unsigned long)((uint64_t)counts[cpu] * 2000000 / hz));
    agree += checksums[cpu] == checksums[0];
  }
  CHECK(agree == ncpus, "all %u CPUs computed the same checksum", ncpus);
}
