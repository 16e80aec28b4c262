/* Running code on the other CPUs, and waiting for them.
 *
 * The machine holds every CPU but CPU 0 until the kernel releases it through
 * the system controller (docs/boot.md): start PC, stack and argument, then the
 * CPU id. start_cpu() releases a CPU into secondary_entry (start.S) with its
 * own stack from the linker script's __cpu_stacks area and a start slot as
 * its argument; runtime_secondary() then calls the requested function. */
#include "runtime.h"

struct start_slot {
  void (*fn)(void* arg);
  void* arg;
};
static struct start_slot start_slots[MAX_CPUS];

extern char __cpu_stacks[], __cpu_stacks_end[];
extern const char secondary_entry[];

void runtime_secondary(struct start_slot* slot, uint64_t cpu, uint64_t ncpus, uint64_t sp, uint64_t status);

/* Releases `cpu` to run fn(arg) on its own stack. */
void start_cpu(unsigned cpu, void (*fn)(void* arg), void* arg) {
  if (cpu == 0 || cpu >= MAX_CPUS || cpu >= num_cpus()) panic("start_cpu: no CPU %u to start", cpu);
  if ((uint64_t)(__cpu_stacks_end - __cpu_stacks) != (uint64_t)MAX_CPUS * CPU_STACK_BYTES)
    panic("start_cpu: native.ld's stack area does not match frame.h");
  start_slots[cpu].fn = fn;
  start_slots[cpu].arg = arg;
  memory_barrier();  /* the slot is in memory before the CPU can read it */
  const uint64_t stack_top = (uint64_t)(__cpu_stacks + (uint64_t)(cpu + 1) * CPU_STACK_BYTES);
  dev_write(0, SYS_BASE, SYS_START_PC, (uint64_t)secondary_entry);
  dev_write(0, SYS_BASE, SYS_START_SP, stack_top);
  dev_write(0, SYS_BASE, SYS_START_ARG, (uint64_t)&start_slots[cpu]);
  dev_write(0, SYS_BASE, SYS_START_CPU, cpu);
}

struct secondary_entry_state secondary_entry_states[MAX_CPUS];

/* C entry of a released CPU (from secondary_entry): runs its function, then idles. */
void runtime_secondary(struct start_slot* slot, uint64_t cpu, uint64_t ncpus, uint64_t sp, uint64_t status) {
  struct secondary_entry_state* state = &secondary_entry_states[cpu % MAX_CPUS];
  state->cpu = cpu;
  state->num_cpus = ncpus;
  state->sp = sp;
  state->status = status;
  slot->fn(slot->arg);
  interrupts_off();
  for (;;) cpu_wait();  /* with IE clear nothing wakes it: the CPU is done */
}

/* Waits until `parties` CPUs have arrived (sense-reversing: reusable at once). */
void barrier_wait(struct barrier* barrier, unsigned parties) {
  const uint64_t generation = barrier->generation;
  memory_barrier();
  if (atomic_add64(&barrier->arrived, 1) == parties) {
    barrier->arrived = 0;
    memory_barrier();
    barrier->generation = generation + 1;
    memory_barrier();
    return;
  }
  while (barrier->generation == generation) {
  }
  memory_barrier();
}

/* Spins until *flag == value, at most `limit` polls. */
int spin_until_equal(volatile uint64_t* flag, uint64_t value, uint64_t limit) {
  for (uint64_t i = 0; i < limit; i++)
    if (*flag == value) {
      memory_barrier();
      return 1;
    }
  return 0;
}
