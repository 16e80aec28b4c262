/* The layout of a trap frame, shared by start.S (which fills it) and C (which
 * reads and edits it). One 64-bit slot per general register, indexed by the
 * register number, then HI, LO and the CP0 registers the exception set.
 * The exception handler restores every slot on return, so a C handler can
 * change where eret goes (FRAME_EPC), the mode it returns to (FRAME_STATUS)
 * or a register the interrupted code will see (say $v0).
 * Slot 0 ($zero) holds the kind of entry instead (TRAP_KIND_*). */
#ifndef NATIVE_FRAME_H
#define NATIVE_FRAME_H

#define FRAME_REG(n) ((n) * 8)   /* $n; FRAME_REG(29) is the interrupted $sp */
#define FRAME_KIND 0             /* slot of $zero: TRAP_KIND_* */
#define FRAME_HI (32 * 8)
#define FRAME_LO (33 * 8)
#define FRAME_EPC (34 * 8)
#define FRAME_STATUS (35 * 8)
#define FRAME_CAUSE (36 * 8)
#define FRAME_BADVADDR (37 * 8)
#define FRAME_SIZE (40 * 8)      /* a multiple of 16: the n64 ABI keeps $sp 16-byte aligned */

/* Which vector the CPU came through. */
#define TRAP_KIND_GENERAL 0      /* 0x180: every exception but refills (and refills with EXL set) */
#define TRAP_KIND_REFILL 1       /* 0x000 (when no page table is installed) or 0x080 */
#define TRAP_KIND_CACHE_ERROR 2  /* 0x100 */

/* Per-CPU stacks of the CPUs the runtime releases (the boot stack is CPU 0's). */
#define MAX_CPUS 64
#define CPU_STACK_BYTES 8192

#endif
