/* The runtime of the bare-metal test programs: everything a program needs to
 * run on the simulated machine without an operating system.
 *
 * A program defines `void kmain(void)`; the runtime (start.S, runtime.c)
 * runs it on CPU 0 after the boot protocol of docs/boot.md and then calls
 * finish(). The pieces, one file each:
 *   start.S     exception vectors, entry points, trap frame save/restore, probes
 *   runtime.c   start-up, the boot block, checks, finish/panic
 *   console.c   putchar/puts/printf on node 0's UART
 *   libc.c      memset/memcpy/memcmp/strlen/strcmp and command-line parsing
 *   trap.c      the C side of exceptions: handlers per ExcCode and per interrupt line
 *   smp.c       releasing other CPUs, barriers
 * This header also has the inline helpers: CP0 access, device registers,
 * address conversions, spinlocks and atomics.
 *
 * Everything shared between CPUs here is guest memory of the simulated
 * machine: the simulator itself keeps no global state for it. */
#ifndef NATIVE_RUNTIME_H
#define NATIVE_RUNTIME_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "numa/device_map.h"

/* ------------------------------------------------------------------ program */

/* The program: runs on CPU 0 with interrupts off; finish() follows when it returns. */
void kmain(void);

/* ------------------------------------------------------------------ boot block */

/* A word of the boot block (offsets BOOT_* of numa/device_map.h). */
uint64_t boot_get(unsigned offset);
/* The kseg0 address of the boot block, as CPU 0 received it in $a0. */
uint64_t boot_block_address(void);
/* The command line of the boot block (the --cmdline text). */
const char* boot_cmdline(void);

/* What CPU 0 found at entry, for the boot test. */
struct boot_entry_state {
  uint64_t cpu;         /* $a1 */
  uint64_t num_cpus;    /* $a2 */
  uint64_t sp;          /* $sp */
  uint64_t status;      /* CP0 Status (sign-extended) */
  uint64_t other_gprs;  /* OR of every other GPR and HI, LO: should be 0 */
};
extern struct boot_entry_state boot_entry;

/* ------------------------------------------------------------------ console */

void console_putc(char c);
void console_puts(const char* s);  /* no newline added */
/* printf subset: %d %i %u %x %X %p %s %c %%, flags '-' '0', a width, and
 * the length modifiers l, ll, z. Returns the characters written. A whole
 * call is written under the console lock, so lines of different CPUs do not
 * mix. */
int printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* format, va_list args);
int snprintf(char* buffer, size_t size, const char* format, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buffer, size_t size, const char* format, va_list args);

/* ------------------------------------------------------------------ libc subset */

void* memset(void* dst, int byte, size_t n);
void* memcpy(void* dst, const void* src, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
/* Finds "key=value" among the space-separated words of `cmdline` and parses
 * the value as a decimal or 0x-hex number. Returns 1 when found. */
int cmdline_number(const char* cmdline, const char* key, uint64_t* value);

/* ------------------------------------------------------------------ checks */

/* CHECK(cond, "what", ...): counts one check; prints "ok: what" or
 * "FAIL: what (file:line)". `what` is a printf format. Safe on any CPU. */
#define CHECK(cond, ...) check_result((cond) ? 1 : 0, __FILE_NAME__, __LINE__, __VA_ARGS__)
void check_result(int passed, const char* file, int line, const char* format, ...)
    __attribute__((format(printf, 4, 5)));
/* Prints "all N checks passed" and powers off with status 0, or "K of N checks
 * FAILED" and powers off with status 1 (also when no check ran). */
void finish(void) __attribute__((noreturn));
/* Prints "FAIL: <message>" and powers off with status 1. */
void panic(const char* format, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Ends the run with this exit status (low 8 bits). */
void power_off(uint64_t status) __attribute__((noreturn));
uint64_t checks_run(void);
uint64_t checks_failed(void);

/* ------------------------------------------------------------------ CP0 */

#define CP0_INDEX 0
#define CP0_RANDOM 1
#define CP0_ENTRYLO0 2
#define CP0_ENTRYLO1 3
#define CP0_CONTEXT 4
#define CP0_PAGEMASK 5
#define CP0_WIRED 6
#define CP0_BADVADDR 8
#define CP0_COUNT 9
#define CP0_ENTRYHI 10
#define CP0_COMPARE 11
#define CP0_STATUS 12
#define CP0_CAUSE 13
#define CP0_EPC 14
#define CP0_PRID 15
#define CP0_CONFIG 16
#define CP0_XCONTEXT 20

#define CP0_STR2(n) #n
#define CP0_STR(n) CP0_STR2(n)
/* 64-bit moves (dmfc0/dmtc0) and 32-bit ones (mfc0 sign-extends, mtc0). */
#define read_c0(reg)                                                           \
  ({                                                                           \
    uint64_t value_;                                                           \
    __asm__ volatile("dmfc0 %0, $" CP0_STR(reg) : "=r"(value_));               \
    value_;                                                                    \
  })
#define write_c0(reg, value)                                                   \
  __asm__ volatile("dmtc0 %z0, $" CP0_STR(reg) ::"Jr"((uint64_t)(value)) : "memory")
#define read_c0_32(reg)                                                        \
  ({                                                                           \
    uint32_t value_;                                                           \
    __asm__ volatile("mfc0 %0, $" CP0_STR(reg) : "=r"(value_));                \
    value_;                                                                    \
  })
#define write_c0_32(reg, value)                                                \
  __asm__ volatile("mtc0 %z0, $" CP0_STR(reg) ::"Jr"((uint32_t)(value)) : "memory")

/* Status bits (R10000 User's Manual, ch. 14). */
#define ST_IE 0x1u
#define ST_EXL 0x2u
#define ST_ERL 0x4u
#define ST_KSU_MASK 0x18u
#define ST_KSU_USER 0x10u
#define ST_KSU_SUPERVISOR 0x08u
#define ST_UX 0x20u
#define ST_SX 0x40u
#define ST_KX 0x80u
#define ST_IM(line) (0x100u << (line))
#define ST_BEV (1u << 22)
#define ST_FR (1u << 26)
#define ST_CU0 (1u << 28)
#define ST_CU1 (1u << 29)
#define ST_XX (1u << 31)
/* Cause bits. */
#define CAUSE_EXCCODE(cause) (((cause) >> 2) & 31)
#define CAUSE_IP(line) (0x100u << (line))
#define CAUSE_CE(cause) (((cause) >> 28) & 3)
#define CAUSE_BD (1u << 31)
/* Exception codes (Cause.ExcCode). */
#define EXC_INT 0
#define EXC_MOD 1
#define EXC_TLBL 2
#define EXC_TLBS 3
#define EXC_ADEL 4
#define EXC_ADES 5
#define EXC_IBE 6
#define EXC_DBE 7
#define EXC_SYS 8
#define EXC_BP 9
#define EXC_RI 10
#define EXC_CPU 11
#define EXC_OV 12
#define EXC_TR 13
#define EXC_FPE 15
/* TLB fields (EntryLo, EntryHi, PageMask). */
#define ENTRYLO_G 0x1u
#define ENTRYLO_V 0x2u
#define ENTRYLO_D 0x4u
#define ENTRYLO_C(attr) ((uint64_t)(attr) << 3)
#define ENTRYLO_PFN(machine_addr) (((uint64_t)(machine_addr) >> 12) << 6)
#define PAGEMASK_4K 0x0ull
#define PAGEMASK_16K 0x6000ull
#define PAGEMASK_64K 0x1e000ull
#define PAGEMASK_1M 0x1fe000ull
#define INDEX_P (1ull << 31)

/* The CP0 Count register (32 bits; runs at half the CPU clock). */
static inline uint32_t read_count(void) { return read_c0_32(CP0_COUNT); }

/* Sets Status bits (not atomic against a handler changing Status). */
static inline void status_set(uint32_t bits) { write_c0_32(CP0_STATUS, read_c0_32(CP0_STATUS) | bits); }
/* Clears Status bits (same caveat). */
static inline void status_clear(uint32_t bits) { write_c0_32(CP0_STATUS, read_c0_32(CP0_STATUS) & ~bits); }

/* Interrupts on for this CPU (Status.IE). */
static inline void interrupts_on(void) { status_set(ST_IE); }
/* Interrupts off for this CPU. */
static inline void interrupts_off(void) { status_clear(ST_IE); }

/* Sleeps in `wait` unless *word is non-zero; returns after the interrupt that
 * ends the wait, or at once. Loop on it: while (!flag) wait_if_zero(&flag);
 * Unlike `if (!flag) cpu_wait();` it cannot miss an interrupt that arrives
 * between the test and the wait (trap.c rolls such an interrupt back to the
 * test). Needs Status.IE and the waking line unmasked. */
void wait_if_zero(volatile uint64_t* word);

/* Polls Cause until interrupt line `line` is up (up = 1) or down (up = 0);
 * returns 0 when it did not get there within 100000 polls (a device's line
 * change reaches the CPU at the latest at the next quantum boundary). */
static inline int interrupt_line_is(unsigned line, int up) {
  for (int i = 0; i < 100000; i++)
    if (((read_c0_32(CP0_CAUSE) & CAUSE_IP(line)) != 0) == (up != 0)) return 1;
  return 0;
}

/* Idles until an interrupt is taken (needs Status.IE set to ever return). */
static inline void cpu_wait(void) {
  __asm__ volatile(".set push\n .set mips64\n wait\n .set pop" ::: "memory");
}

/* ------------------------------------------------------------------ addresses */

#define KSEG0_BASE 0xffffffff80000000ull
#define KSEG1_BASE 0xffffffffa0000000ull
#define XKPHYS_UNCACHED 0x9000000000000000ull  /* cache algorithm 2 */
#define XKPHYS_CACHED 0x9800000000000000ull    /* cache algorithm 3 */

/* The machine address of a kseg0 or kseg1 pointer (node 0). */
static inline uint64_t kseg_to_machine(const volatile void* p) { return (uint64_t)p & 0x1fffffffull; }
/* The kseg0 pointer of a node 0 machine address below 512 MB. */
static inline void* machine_to_kseg0(uint64_t machine_addr) { return (void*)(KSEG0_BASE | machine_addr); }
/* A cached (algorithm 3) xkphys pointer to any machine address. */
static inline void* xkphys_cached(uint64_t machine_addr) { return (void*)(XKPHYS_CACHED | machine_addr); }
/* An uncached (algorithm 2) xkphys pointer to any machine address. */
static inline void* xkphys_uncached(uint64_t machine_addr) { return (void*)(XKPHYS_UNCACHED | machine_addr); }
/* The machine address of byte `offset` of node `node`. */
static inline uint64_t node_addr(unsigned node, uint64_t offset) { return ((uint64_t)node << 32) | offset; }

/* ------------------------------------------------------------------ devices */

/* A device register of a node's window: node 0's through kseg1, the others'
 * through xkphys uncached. `device` is the device's page (SYS_BASE, UART_BASE,
 * ...), `reg` the register offset. */
static inline volatile uint64_t* device_reg(unsigned node, uint64_t device, uint64_t reg) {
  const uint64_t window = node == 0 ? DEV_KSEG1_BASE
                                    : (DEV_XKPHYS_UNCACHED | ((uint64_t)node << 32) | DEV_WINDOW_OFFSET);
  return (volatile uint64_t*)(window + device + reg);
}
/* Reads a device register. */
static inline uint64_t dev_read(unsigned node, uint64_t device, uint64_t reg) {
  return *device_reg(node, device, reg);
}
/* Writes a device register. */
static inline void dev_write(unsigned node, uint64_t device, uint64_t reg, uint64_t value) {
  *device_reg(node, device, reg) = value;
}
/* This CPU's id, from the system controller. */
static inline unsigned cpu_id(void) { return (unsigned)dev_read(0, SYS_BASE, SYS_CPU_ID); }
/* Simulated time since power-on in ns, from the system controller. */
static inline uint64_t time_ns(void) { return dev_read(0, SYS_BASE, SYS_TIME_NS); }

/* ------------------------------------------------------------------ spinlocks and atomics */

/* A test-and-test-and-set lock with ll/sc; sync after taking (acquire) and
 * before releasing (release), as the MIPS memory model asks. */
typedef struct {
  volatile uint32_t locked;
} spinlock_t;
#define SPINLOCK_INIT {0}

/* Takes the lock if it is free (ll/sc); returns 1 when taken. */
static inline int spin_trylock(spinlock_t* lock) {
  uint32_t got;
  __asm__ volatile(
      "   .set push\n"
      "   .set noreorder\n"
      "   ll      %0, %1\n"
      "   bnez    %0, 1f\n"
      "   li      %0, 0\n"
      "   li      %0, 1\n"
      "   sc      %0, %1\n"
      "1: .set pop\n"
      : "=&r"(got), "+ZC"(lock->locked)::"memory");
  if (got) __asm__ volatile("sync" ::: "memory");
  return (int)got;
}
/* Takes the lock, spinning on plain loads while it is held. */
static inline void spin_lock(spinlock_t* lock) {
  for (;;) {
    while (lock->locked) {
    }
    if (spin_trylock(lock)) return;
  }
}
/* Releases the lock. */
static inline void spin_unlock(spinlock_t* lock) {
  __asm__ volatile("sync" ::: "memory");
  lock->locked = 0;
}

/* *p += delta with lld/scd; returns the new value. No ordering implied. */
static inline uint64_t atomic_add64(volatile uint64_t* p, uint64_t delta) {
  uint64_t old, updated;
  __asm__ volatile(
      "   .set push\n"
      "   .set noreorder\n"
      "1: lld     %0, %2\n"
      "   daddu   %1, %0, %3\n"
      "   scd     %1, %2\n"
      "   beqz    %1, 1b\n"
      "   nop\n"
      "   .set pop\n"
      : "=&r"(old), "=&r"(updated), "+ZC"(*p)
      : "r"(delta)
      : "memory");
  return old + delta;
}
/* The sync instruction: a full memory barrier. */
static inline void memory_barrier(void) { __asm__ volatile("sync" ::: "memory"); }

/* ------------------------------------------------------------------ traps */

struct trap_frame {
  uint64_t regs[32]; /* regs[0]: TRAP_KIND_* (the slot of $zero) */
  uint64_t hi, lo, epc, status, cause, badvaddr;
  uint64_t unused[2];
};
#define REG_AT 1
#define REG_V0 2
#define REG_V1 3
#define REG_A0 4
#define REG_A1 5
#define REG_T0 12
#define REG_SP 29
#define REG_RA 31

typedef void (*trap_handler)(struct trap_frame* frame);
/* Handlers run with Status.EXL set (interrupts off) on the faulting CPU's
 * kernel stack. They may edit the frame: it is restored on return. An
 * exception or interrupt with no handler (and not from a probe) is fatal:
 * panic() with the frame's registers. One table for all CPUs. */
void set_exception_handler(unsigned exccode, trap_handler handler);
void set_interrupt_handler(unsigned line, trap_handler handler);
/* TLB refills that reach C (the XTLB vector always; the 32-bit one when
 * tlb_context_table is 0). */
void set_refill_handler(trap_handler handler);
/* Unmasks interrupt line `line` (0..7) in Status.IM. */
static inline void interrupt_unmask(unsigned line) { status_set(ST_IM(line)); }
/* Masks it again. */
static inline void interrupt_mask(unsigned line) { status_clear(ST_IM(line)); }
/* Kernel-mode stack tops by CPU id (start.S and smp.c fill them). */
extern uint64_t kernel_stack_top[MAX_CPUS];
/* The refill vector's page table (start.S): when non-zero, 32-bit refills
 * load EntryLo0/1 from the 16-byte pair at Context and tlbwr, counting in
 * tlb_context_refills. */
extern uint64_t tlb_context_table;
extern volatile uint64_t tlb_context_refills;
/* The name of an exception code. */
const char* exception_name(unsigned exccode);

/* Probes: one access that may fault. Return 1 when it completed, 0 when it
 * raised an exception, which is then described by probe_last_fault(). */
int probe_load64(uint64_t va, uint64_t* value);
int probe_load32(uint64_t va, uint32_t* value);
int probe_store64(uint64_t va, uint64_t value);
int probe_store32(uint64_t va, uint32_t value);
struct probe_fault {
  uint64_t kind;     /* TRAP_KIND_* */
  uint64_t exccode;  /* Cause.ExcCode */
  uint64_t badvaddr;
  uint64_t epc;
};
const struct probe_fault* probe_last_fault(void);
/* For handlers: resumes a faulting probe (returns 1), or returns 0 when the
 * frame is not a probe's. */
int probe_recover(struct trap_frame* frame);

/* ------------------------------------------------------------------ SMP */

/* Number of CPUs (from the boot block). */
unsigned num_cpus(void);
/* Releases CPU `cpu` to run fn(arg) on its own stack; when fn returns the
 * CPU idles for good. Returns after the release store. */
void start_cpu(unsigned cpu, void (*fn)(void* arg), void* arg);
/* A barrier for `parties` CPUs (sense-reversing, reusable). */
struct barrier {
  volatile uint64_t arrived;
  volatile uint64_t generation;
};
void barrier_wait(struct barrier* barrier, unsigned parties);

/* What each released CPU found at entry (runtime_secondary fills it). */
struct secondary_entry_state {
  uint64_t cpu;       /* $a1 */
  uint64_t num_cpus;  /* $a2 */
  uint64_t sp;        /* $sp */
  uint64_t status;    /* CP0 Status (sign-extended) */
};
extern struct secondary_entry_state secondary_entry_states[MAX_CPUS];

/* Spins until *flag == value or `limit` polls passed; returns 1 on success. */
int spin_until_equal(volatile uint64_t* flag, uint64_t value, uint64_t limit);

#endif
