/* smp_litmus: LL/SC, sync and what the MIPS memory model allows, on all CPUs.
 *
 *  1. LL/SC basics on CPU 0: ll + sc with nothing between succeeds; an
 *     exception return between them (eret clears the link) makes sc fail.
 *  2. A spinlock (ll/sc + sync) protecting a plain shared counter: every CPU
 *     adds ITERATIONS; the total must be exact.
 *  3. Atomic add with lld/scd, same exact total.
 *  4. Message passing, CPU pairs (0,1), (2,3)...: the writer stores data,
 *     sync, then flag; the reader waits for the flag, sync, reads data. With
 *     sync on both sides the reader must see the data of that round (MIPS:
 *     sync orders the loads and stores before it against those after it).
 *  5. Store buffering, same pairs: A: x = 1; r1 = y   B: y = 1; r2 = x.
 *     Without sync all four outcomes are allowed (the MIPS model lets a load
 *     pass an earlier store to another address; the R10000 itself is
 *     sequentially consistent); with sync between the store and the load,
 *     r1 = r2 = 0 is forbidden. The histograms are printed; the checks are
 *     that every outcome is one of those allowed.
 * Shared variables sit on separate 128-byte lines (the L2 line). */
#include "runtime.h"

#define ITERATIONS 1000
#define MP_ROUNDS 200
#define SB_ROUNDS 100
#define LINE 128

struct padded {
  volatile uint64_t value;
  char pad[LINE - 8];
} __attribute__((aligned(LINE)));

static spinlock_t counter_lock __attribute__((aligned(LINE))) = SPINLOCK_INIT;
static struct padded locked_counter, atomic_counter;
static struct barrier start_barrier __attribute__((aligned(LINE)));
static unsigned ncpus;

/* Per pair of CPUs: message-passing and store-buffering variables. */
struct pair_vars {
  struct padded data, flag, ack, x, y;
  struct padded r1, r2;
  uint64_t sb_plain[4], sb_sync[4];  /* histograms indexed by r1 * 2 + r2 (written by the pair's first CPU) */
  uint64_t mp_violations;
  struct barrier barrier;
} __attribute__((aligned(LINE)));
static struct pair_vars pairs[MAX_CPUS / 2];

/* ll then sc on *p with optionally a syscall between; returns sc's result. */
static uint64_t ll_sc(volatile uint64_t* p, int syscall_between) {
  uint64_t result;
  if (syscall_between)
    __asm__ volatile(
        "   .set push\n"
        "   .set noreorder\n"
        "   lld     %0, %1\n"
        "   syscall\n"
        "   daddiu  %0, %0, 1\n"
        "   scd     %0, %1\n"
        "   .set pop\n"
        : "=&r"(result), "+ZC"(*p)::"$2", "memory");
  else
    __asm__ volatile(
        "   .set push\n"
        "   .set noreorder\n"
        "   lld     %0, %1\n"
        "   daddiu  %0, %0, 1\n"
        "   scd     %0, %1\n"
        "   .set pop\n"
        : "=&r"(result), "+ZC"(*p)::"memory");
  return result;
}

static volatile uint64_t syscalls;
/* The syscall of ll_sc: counts it and returns past it. */
static void syscall_handler(struct trap_frame* frame) {
  syscalls = syscalls + 1;
  frame->epc += 4;
}

/* Part 1 on CPU 0. */
static void ll_sc_basics(void) {
  static struct padded word;
  int succeeded = 0;
  for (int attempt = 0; attempt < 3 && !succeeded; attempt++) succeeded = ll_sc(&word.value, 0) == 1;
  CHECK(succeeded && word.value == 1, "lld + scd with nothing between succeeds");
  const uint64_t before = word.value;
  CHECK(ll_sc(&word.value, 1) == 0 && syscalls == 1, "scd fails after an exception return between lld and scd");
  CHECK(word.value == before, "the failed scd did not store");
}

/* Part 2 and 3 on one CPU. */
static void counters(void) {
  for (int i = 0; i < ITERATIONS; i++) {
    spin_lock(&counter_lock);
    locked_counter.value = locked_counter.value + 1;
    spin_unlock(&counter_lock);
  }
  for (int i = 0; i < ITERATIONS; i++) atomic_add64(&atomic_counter.value, 1);
}

/* Part 4: message passing within a pair. */
static void message_passing(struct pair_vars* v, int writer) {
  for (uint64_t round = 1; round <= MP_ROUNDS; round++) {
    if (writer) {
      while (v->ack.value != round - 1) {
      }
      v->data.value = round * 7;
      memory_barrier();
      v->flag.value = round;
    } else {
      while (v->flag.value != round) {
      }
      memory_barrier();
      if (v->data.value != round * 7) v->mp_violations++;
      v->ack.value = round;
    }
  }
}

/* One store-buffering round: this CPU stores to `mine`, loads `theirs`. */
static uint64_t store_then_load(volatile uint64_t* mine, volatile uint64_t* theirs, int with_sync) {
  *mine = 1;
  if (with_sync) memory_barrier();
  return *theirs;
}

/* Part 5: store buffering within a pair, without and with sync. */
static void store_buffering(struct pair_vars* v, int first) {
  for (int with_sync = 0; with_sync <= 1; with_sync++) {
    for (int round = 0; round < SB_ROUNDS; round++) {
      if (first) {
        v->x.value = 0;
        v->y.value = 0;
      }
      barrier_wait(&v->barrier, 2);
      if (first)
        v->r1.value = store_then_load(&v->x.value, &v->y.value, with_sync);
      else
        v->r2.value = store_then_load(&v->y.value, &v->x.value, with_sync);
      barrier_wait(&v->barrier, 2);
      if (first) {
        const uint64_t outcome = (v->r1.value & 1) * 2 + (v->r2.value & 1);
        (with_sync ? v->sb_sync : v->sb_plain)[outcome]++;
      }
    }
  }
}

/* Everything one CPU does after the start barrier. */
static void worker(unsigned me) {
  barrier_wait(&start_barrier, ncpus);
  counters();
  barrier_wait(&start_barrier, ncpus);
  const unsigned pair = me / 2;
  if (me + 1 < ncpus || me % 2 == 1) {  /* CPUs with a partner */
    message_passing(&pairs[pair], me % 2 == 0);
    store_buffering(&pairs[pair], me % 2 == 0);
  }
  barrier_wait(&start_barrier, ncpus);
}

/* A released CPU. */
static void secondary(void* arg) {
  (void)arg;
  worker(cpu_id());
}

/* Prints and checks one pair's results. */
static void report_pair(unsigned pair) {
  const struct pair_vars* v = &pairs[pair];
  const unsigned a = 2 * pair, b = 2 * pair + 1;
  CHECK(v->mp_violations == 0, "message passing CPU %u -> %u: data seen after flag in all %d rounds", a, b,
        MP_ROUNDS);
  printf("store buffering CPUs %u,%u without sync: (r1,r2) 00:%lu 01:%lu 10:%lu 11:%lu\n", a, b,
         (unsigned long)v->sb_plain[0], (unsigned long)v->sb_plain[1], (unsigned long)v->sb_plain[2],
         (unsigned long)v->sb_plain[3]);
  printf("store buffering CPUs %u,%u with sync:    (r1,r2) 00:%lu 01:%lu 10:%lu 11:%lu\n", a, b,
         (unsigned long)v->sb_sync[0], (unsigned long)v->sb_sync[1], (unsigned long)v->sb_sync[2],
         (unsigned long)v->sb_sync[3]);
  const uint64_t plain = v->sb_plain[0] + v->sb_plain[1] + v->sb_plain[2] + v->sb_plain[3];
  const uint64_t synced = v->sb_sync[0] + v->sb_sync[1] + v->sb_sync[2] + v->sb_sync[3];
  CHECK(plain == SB_ROUNDS, "store buffering CPUs %u,%u without sync: %d rounds, each outcome allowed", a, b,
        SB_ROUNDS);
  CHECK(synced == SB_ROUNDS && v->sb_sync[0] == 0, "store buffering CPUs %u,%u with sync: r1 = r2 = 0 never seen",
        a, b);
}

/* The program. */
void kmain(void) {
  ncpus = num_cpus();
  printf("smp_litmus: LL/SC, spinlocks, sync and the memory model on %u CPUs\n", ncpus);
  set_exception_handler(EXC_SYS, syscall_handler);
  ll_sc_basics();
  for (unsigned cpu = 1; cpu < ncpus; cpu++) start_cpu(cpu, secondary, 0);
  worker(0);
  CHECK(locked_counter.value == (uint64_t)ncpus * ITERATIONS, "spinlock counter: %u CPUs x %d = %lu",
        ncpus, ITERATIONS, (unsigned long)locked_counter.value);
  CHECK(atomic_counter.value == (uint64_t)ncpus * ITERATIONS, "atomic (lld/scd) counter: %u CPUs x %d = %lu",
        ncpus, ITERATIONS, (unsigned long)atomic_counter.value);
  for (unsigned pair = 0; pair < ncpus / 2; pair++) report_pair(pair);
}
