/* ipi: inter-processor interrupts among all CPUs (8 on flash8).
 *
 * Every CPU installs the IRQ_IPI handler (read IPI_PENDING, remember the
 * senders, acknowledge with IPI_CLEAR) and unmasks the line. Checked:
 *  1. wake-up: CPUs 1..N-1 sleep in `wait`; CPU 0 sends each an IPI; each wakes
 *     with exactly CPU 0's bit received;
 *  2. ring: CPU i sends to CPU (i+1) mod N; each receives exactly from i-1;
 *  3. all-to-all: every CPU sends to every other; each receives every other
 *     CPU's bit;
 *  4. the pending mask with the line masked (CPU 0): bits of a sender and of
 *     itself show in IPI_PENDING and raise Cause.IP5; IPI_CLEAR of some bits
 *     leaves the rest and the line up, clearing all drops the line;
 *  5. an IPI to a CPU that does not exist is refused with a bus error.
 * Rounds are separated by barriers. The sleepers use wait_if_zero (no lost
 * wake-up) and also arm their CP0 timer a millisecond ahead, so a wake-up that
 * never comes shows as a failed check, not as a hung run. */
#include "runtime.h"

#define SPIN_LIMIT 20000000

static volatile uint64_t received[MAX_CPUS];     /* senders' bits seen by the handler */
static volatile uint64_t interrupts[MAX_CPUS];   /* handler entries */
static volatile uint64_t woken_by_timer[MAX_CPUS];
static struct barrier round_barrier;
static unsigned ncpus;
static uint32_t ms_counts;  /* Count ticks in 1 ms */

/* IRQ_IPI: collect and acknowledge every pending sender. */
static void ipi_interrupt(struct trap_frame* frame) {
  (void)frame;
  const unsigned me = cpu_id();
  const uint64_t pending = dev_read(0, IPI_BASE, IPI_PENDING);
  received[me] |= pending;
  interrupts[me] = interrupts[me] + 1;
  dev_write(0, IPI_BASE, IPI_CLEAR, pending);
}

/* IP7: the safety net of a wait; parks Compare a full Count wrap away. */
static void timer_interrupt(struct trap_frame* frame) {
  (void)frame;
  woken_by_timer[cpu_id()]++;
  write_c0_32(CP0_COMPARE, read_count() - 1);
}

/* Sends an IPI to `cpu`. */
static void send_ipi(unsigned cpu) { dev_write(0, IPI_BASE, IPI_SEND, cpu); }

/* Waits until every bit of `mask` has been received; returns 1 when it has. */
static int wait_received(unsigned me, uint64_t mask) {
  for (uint64_t i = 0; i < SPIN_LIMIT; i++)
    if ((received[me] & mask) == mask) return 1;
  return 0;
}

/* The mask of every CPU but `me`. */
static uint64_t others(unsigned me) { return (ncpus >= 64 ? ~0ull : (1ull << ncpus) - 1) & ~(1ull << me); }

/* Rounds 1-3 as seen by one CPU. */
static void rounds(unsigned me) {
  /* 1. wake-up from wait (CPU 0 sends once everybody is about to sleep). */
  if (me != 0) {
    barrier_wait(&round_barrier, ncpus);
    write_c0_32(CP0_COMPARE, read_count() + ms_counts);  /* the safety net: 1 ms */
    while (!received[me] && !woken_by_timer[me]) wait_if_zero(&received[me]);
    CHECK(received[me] == 1 && !woken_by_timer[me], "CPU %u: woken from wait by CPU 0's IPI (received %lx, timer %lu)", me,
          (unsigned long)received[me], (unsigned long)woken_by_timer[me]);
    write_c0_32(CP0_COMPARE, read_count() - 1);
  } else {
    barrier_wait(&round_barrier, ncpus);
    for (unsigned cpu = 1; cpu < ncpus; cpu++) send_ipi(cpu);
  }
  barrier_wait(&round_barrier, ncpus);

  /* 2. ring. */
  received[me] = 0;
  barrier_wait(&round_barrier, ncpus);
  const unsigned next = (me + 1) % ncpus, previous = (me + ncpus - 1) % ncpus;
  if (ncpus > 1) {
    send_ipi(next);
    const int got = wait_received(me, 1ull << previous);
    barrier_wait(&round_barrier, ncpus);
    CHECK(got && received[me] == 1ull << previous, "CPU %u: ring: received exactly from CPU %u", me, previous);
  }
  barrier_wait(&round_barrier, ncpus);

  /* 3. all-to-all. */
  received[me] = 0;
  barrier_wait(&round_barrier, ncpus);
  for (unsigned cpu = 0; cpu < ncpus; cpu++)
    if (cpu != me) send_ipi(cpu);
  const int got = wait_received(me, others(me));
  barrier_wait(&round_barrier, ncpus);
  CHECK(got && received[me] == others(me), "CPU %u: all-to-all: received from all %u others (mask %016lx)", me,
        ncpus - 1, (unsigned long)received[me]);
  barrier_wait(&round_barrier, ncpus);
}

/* Round 4, the pending mask with IRQ_IPI masked on CPU 0, as seen by `me`:
 * CPU 1 sends to CPU 0 and CPU 0 to itself between two barriers. */
static void pending_mask(unsigned me) {
  if (me == 0) interrupt_mask(IRQ_IPI);
  const uint64_t entries = interrupts[0];
  barrier_wait(&round_barrier, ncpus);
  if (me == 1 || (me == 0 && ncpus == 1)) send_ipi(0);
  if (me == 0 && ncpus > 1) send_ipi(0);
  barrier_wait(&round_barrier, ncpus);
  if (me == 0) {
    const uint64_t want = ncpus > 1 ? 3 : 1;
    uint64_t pending = 0;
    for (int i = 0; i < 1000000 && pending != want; i++) pending = dev_read(0, IPI_BASE, IPI_PENDING);
    CHECK(pending == want, "masked: IPI_PENDING shows the senders (%lx, want %lx)", (unsigned long)pending,
          (unsigned long)want);
    CHECK(read_c0_32(CP0_CAUSE) & CAUSE_IP(IRQ_IPI), "masked: Cause.IP5 is up");
    CHECK(interrupts[0] == entries, "masked: no interrupt was taken");
    if (ncpus > 1) {
      dev_write(0, IPI_BASE, IPI_CLEAR, 1);
      CHECK(dev_read(0, IPI_BASE, IPI_PENDING) == 2 && (read_c0_32(CP0_CAUSE) & CAUSE_IP(IRQ_IPI)),
            "IPI_CLEAR of CPU 0's bit leaves CPU 1's pending and the line up");
    }
    dev_write(0, IPI_BASE, IPI_CLEAR, want);
    CHECK(dev_read(0, IPI_BASE, IPI_PENDING) == 0, "IPI_CLEAR of every bit empties IPI_PENDING");
    CHECK(!(read_c0_32(CP0_CAUSE) & CAUSE_IP(IRQ_IPI)), "and Cause.IP5 drops");
    interrupt_unmask(IRQ_IPI);
  }
  barrier_wait(&round_barrier, ncpus);
}

/* Interrupt set-up of one CPU: the IPI and (parked) timer lines unmasked, IE on. */
static void enable_interrupts(void) {
  write_c0_32(CP0_COMPARE, read_count() - 1);
  interrupt_unmask(IRQ_IPI);
  interrupt_unmask(IRQ_TIMER);
  interrupts_on();
}

/* A released CPU: the rounds, then its part of round 4. */
static void secondary(void* arg) {
  (void)arg;
  const unsigned me = cpu_id();
  enable_interrupts();
  rounds(me);
  pending_mask(me);
  interrupts_off();
}

/* The program. */
void kmain(void) {
  ncpus = num_cpus();
  ms_counts = (uint32_t)(boot_get(BOOT_CPU_HZ) / 2 / 1000);
  printf("ipi: inter-processor interrupts among %u CPUs\n", ncpus);
  set_interrupt_handler(IRQ_IPI, ipi_interrupt);
  set_interrupt_handler(IRQ_TIMER, timer_interrupt);
  for (unsigned cpu = 1; cpu < ncpus; cpu++) start_cpu(cpu, secondary, 0);
  enable_interrupts();
  rounds(0);
  pending_mask(0);
  interrupts_off();
  CHECK(!probe_store64((uint64_t)device_reg(0, IPI_BASE, IPI_SEND), ncpus) && probe_last_fault()->exccode == EXC_DBE,
        "an IPI to CPU %u (no such CPU) is a bus error (DBE)", ncpus);
}
