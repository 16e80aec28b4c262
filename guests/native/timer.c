/* timer: the CP0 Count/Compare timer and the wait instruction.
 *
 * Count runs at half the CPU clock (BOOT_CPU_HZ / 2). Checked: Count
 * advances and agrees with SYS_TIME_NS; Cause.IP7 rises when Count reaches
 * Compare even while masked, and a Compare write clears it; a one-shot
 * Compare interrupt wakes a CPU sleeping in `wait`, with EPC = the
 * instruction after the wait, Count at or past Compare and the delay small;
 * ten periodic ticks (the handler moves Compare one period on), each on time,
 * the whole run lasting ten periods by Count and by SYS_TIME_NS.
 *
 * "On time": an interrupt is delivered between instructions at the latest at
 * the end of the simulation quantum in which it happens (docs/machine.md, 1 us
 * by default), and the handler reads Count a few dozen instructions after
 * the exception. We accept up to MAX_LATE_NS = 5 us. */
#include "runtime.h"

#define MAX_LATE_NS 5000
#define TICKS 10

__asm__(
    "   .text\n"
    "   .set push\n"
    "   .set noreorder\n"
    "   .set mips64\n"
    "   .globl do_wait, do_wait_next\n"
    "do_wait:\n"
    "   wait\n"
    "do_wait_next:\n"
    "   jr    $ra\n"
    "   nop\n"
    "   .set pop\n");
void do_wait(void);
extern const char do_wait_next[];

static uint64_t cpu_hz;  /* BOOT_CPU_HZ: Count runs at half of it */
static volatile uint32_t target;  /* the Compare value armed */
static volatile uint32_t period;  /* 0: one-shot */
static volatile unsigned ticks;
static volatile uint32_t late[TICKS + 2];  /* Count - Compare at each tick, in counts */
static volatile uint64_t tick_epc;
static volatile uint64_t tick_flag;  /* set by every tick */

/* Count ticks for a number of nanoseconds. */
static uint32_t counts_from_ns(uint64_t ns) { return (uint32_t)(ns * cpu_hz / 2000000000ull); }
/* Nanoseconds for a number of Count ticks. */
static uint64_t ns_from_counts(uint64_t counts) { return counts * 2000000000ull / cpu_hz; }

/* IP7: records the lateness, re-arms (periodic) or parks Compare (one-shot). */
static void timer_interrupt(struct trap_frame* frame) {
  const uint32_t now = read_count();
  const unsigned n = ticks;
  if (n < TICKS + 2) late[n] = now - target;
  ticks = n + 1;
  tick_epc = frame->epc;
  tick_flag = 1;
  if (period) {
    uint32_t next = target + period;
    if ((int32_t)(next - now) <= 0) next = now + period;  /* never arm in the past */
    target = next;
    write_c0_32(CP0_COMPARE, next);
  } else {
    write_c0_32(CP0_COMPARE, now - 1);  /* next match a full Count wrap away; clears IP7 */
  }
}

/* Count advances at the rate SYS_TIME_NS says. */
static void count_advances(void) {
  const uint32_t c0 = read_count();
  const uint64_t t0 = time_ns();
  for (volatile int i = 0; i < 10000; i++) {
  }
  const uint64_t t1 = time_ns();
  const uint32_t c1 = read_count();
  CHECK(c1 != c0, "Count advances (%u counts over a 10000-iteration loop)", c1 - c0);
  const uint64_t by_count = ns_from_counts(c1 - c0), by_clock = t1 - t0;
  CHECK(by_count + 20 >= by_clock && by_count <= by_clock + 5000,
        "Count (%lu ns) and SYS_TIME_NS (%lu ns) agree on elapsed time", (unsigned long)by_count,
        (unsigned long)by_clock);
}

/* IP7 with the line masked: visible in Cause, cleared by a Compare write. */
static void masked_compare(void) {
  write_c0_32(CP0_COMPARE, read_count() + 200);
  int rose = 0;
  for (int i = 0; i < 100000 && !rose; i++) rose = (read_c0_32(CP0_CAUSE) & CAUSE_IP(7)) != 0;
  CHECK(rose, "Cause.IP7 rises when Count reaches Compare, with IM7 masked and IE clear");
  write_c0_32(CP0_COMPARE, read_count() - 1);
  CHECK(!(read_c0_32(CP0_CAUSE) & CAUSE_IP(7)), "writing Compare clears Cause.IP7");
}

/* One Compare interrupt ends a wait. */
static void one_shot(void) {
  const uint32_t delay = counts_from_ns(20000);  /* 20 us */
  ticks = 0;
  period = 0;
  const uint32_t start = read_count();
  target = start + delay;
  write_c0_32(CP0_COMPARE, target);
  interrupt_unmask(IRQ_TIMER);
  interrupts_on();
  do_wait();
  interrupts_off();
  const uint32_t woke = read_count();
  CHECK(ticks == 1, "one-shot: the Compare interrupt ended the wait");
  CHECK(tick_epc == (uint64_t)do_wait_next, "one-shot: EPC is the instruction after wait");
  CHECK((int32_t)(woke - target) >= 0, "one-shot: Count at wake-up (%u) is at or past Compare (%u)", woke, target);
  CHECK(ns_from_counts(late[0]) <= MAX_LATE_NS, "one-shot: taken %lu ns after Count reached Compare (<= %d)",
        (unsigned long)ns_from_counts(late[0]), MAX_LATE_NS);
  CHECK(ns_from_counts(woke - start) >= 20000, "one-shot: the wait lasted at least the 20 us programmed");
}

/* Ten periodic ticks while waiting. */
static void periodic(void) {
  period = counts_from_ns(50000);  /* 50 us */
  ticks = 0;
  const uint64_t t0 = time_ns();
  const uint32_t start = read_count();
  target = start + period;
  write_c0_32(CP0_COMPARE, target);
  interrupts_on();
  for (;;) {  /* clear, test, sleep unless a tick came in between */
    tick_flag = 0;
    if (ticks >= TICKS) break;
    wait_if_zero(&tick_flag);
  }
  interrupts_off();
  const uint32_t end = read_count();
  const uint64_t t1 = time_ns();
  interrupt_mask(IRQ_TIMER);
  write_c0_32(CP0_COMPARE, read_count() - 1);
  period = 0;

  unsigned on_time = 0;
  uint32_t worst = 0;
  for (unsigned i = 0; i < TICKS; i++) {
    on_time += ns_from_counts(late[i]) <= MAX_LATE_NS;
    if (late[i] > worst) worst = late[i];
  }
  printf("periodic: %u ticks, worst lateness %lu ns, %lu ns by Count, %lu ns by SYS_TIME_NS\n", ticks,
         (unsigned long)ns_from_counts(worst), (unsigned long)ns_from_counts(end - start), (unsigned long)(t1 - t0));
  CHECK(ticks == TICKS, "periodic: %d ticks of 50 us arrived while waiting", TICKS);
  CHECK(on_time == TICKS, "periodic: every tick was taken within %d ns of its Compare match", MAX_LATE_NS);
  const uint64_t expected = (uint64_t)TICKS * 50000;
  CHECK(ns_from_counts(end - start) >= expected && ns_from_counts(end - start) <= expected + MAX_LATE_NS,
        "periodic: the ten ticks took ten periods (500 us) by Count");
  CHECK(t1 - t0 >= expected && t1 - t0 <= expected + MAX_LATE_NS + 2000,
        "periodic: the ten ticks took ten periods (500 us) by SYS_TIME_NS");
}

/* The program. */
void kmain(void) {
  printf("timer: Count/Compare, IP7 and wait\n");
  cpu_hz = boot_get(BOOT_CPU_HZ);
  printf("Count runs at %lu Hz (half the CPU clock)\n", (unsigned long)(cpu_hz / 2));
  set_interrupt_handler(IRQ_TIMER, timer_interrupt);
  count_advances();
  masked_compare();
  one_shot();
  periodic();
}
