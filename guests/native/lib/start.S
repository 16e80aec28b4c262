# The runtime's assembly: the exception vectors, the entry points of CPU 0
# and of released CPUs, the general exception path that saves a trap frame
# and calls trap_dispatch() in C, and the fault-tolerant probes.
#
# Layout (native.ld): the vectors are the first bytes of the image, linked at
# 0xffffffff80000000 (machine address 0), so the R10000's RAM vectors
# (Status.BEV = 0) land on them without any copying:
#   +0x000 TLB refill (32-bit address)   +0x080 XTLB refill (64-bit address)
#   +0x100 cache error                   +0x180 everything else
#
# Register use on entry to an exception: only $k0 and $k1 may be clobbered
# before the frame is saved; everything else belongs to the interrupted code.

#include "frame.h"
#include "numa/device_map.h"

        .set    noreorder
        .set    noat

# ---- 0x000: TLB refill for 32-bit addresses ----
# When tlb_context_table is set, the classic R4000 handler: Context holds
# PTEBase | BadVPN2 << 4, the address of the faulting page pair's two
# EntryLo values in a linear page table; load them, write a random entry.
# Otherwise the refill goes to C like the XTLB one.
        .section .vectors.refill, "ax"
        .globl  vector_tlb_refill
vector_tlb_refill:
        lui     $k0, %hi(tlb_context_table)
        ld      $k0, %lo(tlb_context_table)($k0)
        beqz    $k0, 1f
        nop
        dmfc0   $k1, $4                 # Context
        ld      $k0, 0($k1)             # even page's EntryLo
        ld      $k1, 8($k1)             # odd page's EntryLo
        dmtc0   $k0, $2                 # EntryLo0
        dmtc0   $k1, $3                 # EntryLo1
        tlbwr                           # EntryHi was set by the exception
        lui     $k0, %hi(tlb_context_refills)
        ld      $k1, %lo(tlb_context_refills)($k0)
        daddiu  $k1, $k1, 1
        sd      $k1, %lo(tlb_context_refills)($k0)
        eret
1:      j       entry_refill
        nop

# ---- 0x080: TLB refill for 64-bit addresses (UX/SX/KX set for the region) ----
        .section .vectors.xrefill, "ax"
        .globl  vector_xtlb_refill
vector_xtlb_refill:
        j       entry_refill
        nop

# ---- 0x100: cache error (never raised by the simulator; reported if it is) ----
        .section .vectors.cacheerr, "ax"
        .globl  vector_cache_error
vector_cache_error:
        j       entry_cache_error
        nop

# ---- 0x180: every other exception and interrupt ----
        .section .vectors.general, "ax"
        .globl  vector_general
vector_general:
        j       entry_general
        nop

        .text
# Switches to a kernel stack, opens a frame, records the entry kind and the
# interrupted $sp, and goes on to save_and_dispatch. Coming from kernel mode
# (Status.KSU = 0) the current stack is used; coming from user or supervisor
# mode, the CPU's kernel stack (kernel_stack_top[SYS_CPU_ID]).
        .macro  EXCEPTION_ENTRY kind
        mfc0    $k0, $12                # Status (KSU still says where we came from)
        andi    $k0, $k0, 0x18
        beqz    $k0, 1f
        move    $k1, $sp                # (delay slot) the interrupted $sp
        lui     $k0, 0xbf00             # 0xffffffffbf000000: node 0's devices (kseg1)
        ld      $k0, SYS_BASE + SYS_CPU_ID($k0)
        dsll    $k0, $k0, 3
        lui     $sp, %hi(kernel_stack_top)
        daddu   $sp, $sp, $k0
        ld      $sp, %lo(kernel_stack_top)($sp)
1:      daddiu  $sp, $sp, -FRAME_SIZE
        sd      $k1, FRAME_REG(29)($sp)
        li      $k0, \kind
        b       save_and_dispatch
        sd      $k0, FRAME_KIND($sp)    # (delay slot)
        .endm

entry_general:
        EXCEPTION_ENTRY TRAP_KIND_GENERAL
entry_refill:
        EXCEPTION_ENTRY TRAP_KIND_REFILL
entry_cache_error:
        EXCEPTION_ENTRY TRAP_KIND_CACHE_ERROR

# Saves every register the interrupted code could be using into the frame at
# $sp, calls trap_dispatch(frame), then restores them from the (possibly
# edited) frame and returns with eret. Runs with Status.EXL set: interrupts
# are off and C code here must touch unmapped memory only.
save_and_dispatch:
        sd      $1, FRAME_REG(1)($sp)
        sd      $2, FRAME_REG(2)($sp)
        sd      $3, FRAME_REG(3)($sp)
        sd      $4, FRAME_REG(4)($sp)
        sd      $5, FRAME_REG(5)($sp)
        sd      $6, FRAME_REG(6)($sp)
        sd      $7, FRAME_REG(7)($sp)
        sd      $8, FRAME_REG(8)($sp)
        sd      $9, FRAME_REG(9)($sp)
        sd      $10, FRAME_REG(10)($sp)
        sd      $11, FRAME_REG(11)($sp)
        sd      $12, FRAME_REG(12)($sp)
        sd      $13, FRAME_REG(13)($sp)
        sd      $14, FRAME_REG(14)($sp)
        sd      $15, FRAME_REG(15)($sp)
        sd      $16, FRAME_REG(16)($sp)
        sd      $17, FRAME_REG(17)($sp)
        sd      $18, FRAME_REG(18)($sp)
        sd      $19, FRAME_REG(19)($sp)
        sd      $20, FRAME_REG(20)($sp)
        sd      $21, FRAME_REG(21)($sp)
        sd      $22, FRAME_REG(22)($sp)
        sd      $23, FRAME_REG(23)($sp)
        sd      $24, FRAME_REG(24)($sp)
        sd      $25, FRAME_REG(25)($sp)
        sd      $28, FRAME_REG(28)($sp)
        sd      $30, FRAME_REG(30)($sp)
        sd      $31, FRAME_REG(31)($sp)
        mfhi    $k0
        sd      $k0, FRAME_HI($sp)
        mflo    $k0
        sd      $k0, FRAME_LO($sp)
        dmfc0   $k0, $14                # EPC
        sd      $k0, FRAME_EPC($sp)
        mfc0    $k0, $12                # Status
        sd      $k0, FRAME_STATUS($sp)
        mfc0    $k0, $13                # Cause
        sd      $k0, FRAME_CAUSE($sp)
        dmfc0   $k0, $8                 # BadVAddr
        sd      $k0, FRAME_BADVADDR($sp)

        jal     trap_dispatch
        move    $a0, $sp                # (delay slot) the frame

        ld      $k0, FRAME_HI($sp)
        mthi    $k0
        ld      $k0, FRAME_LO($sp)
        mtlo    $k0
        ld      $k0, FRAME_EPC($sp)
        dmtc0   $k0, $14
        ld      $k0, FRAME_STATUS($sp)  # EXL is set in it: still no interrupts
        mtc0    $k0, $12
        ld      $1, FRAME_REG(1)($sp)
        ld      $2, FRAME_REG(2)($sp)
        ld      $3, FRAME_REG(3)($sp)
        ld      $4, FRAME_REG(4)($sp)
        ld      $5, FRAME_REG(5)($sp)
        ld      $6, FRAME_REG(6)($sp)
        ld      $7, FRAME_REG(7)($sp)
        ld      $8, FRAME_REG(8)($sp)
        ld      $9, FRAME_REG(9)($sp)
        ld      $10, FRAME_REG(10)($sp)
        ld      $11, FRAME_REG(11)($sp)
        ld      $12, FRAME_REG(12)($sp)
        ld      $13, FRAME_REG(13)($sp)
        ld      $14, FRAME_REG(14)($sp)
        ld      $15, FRAME_REG(15)($sp)
        ld      $16, FRAME_REG(16)($sp)
        ld      $17, FRAME_REG(17)($sp)
        ld      $18, FRAME_REG(18)($sp)
        ld      $19, FRAME_REG(19)($sp)
        ld      $20, FRAME_REG(20)($sp)
        ld      $21, FRAME_REG(21)($sp)
        ld      $22, FRAME_REG(22)($sp)
        ld      $23, FRAME_REG(23)($sp)
        ld      $24, FRAME_REG(24)($sp)
        ld      $25, FRAME_REG(25)($sp)
        ld      $28, FRAME_REG(28)($sp)
        ld      $30, FRAME_REG(30)($sp)
        ld      $31, FRAME_REG(31)($sp)
        ld      $sp, FRAME_REG(29)($sp)
        eret

# ---- CPU 0's entry (the ELF entry point) ----
# $a0 = boot block (kseg0), $a1 = 0, $a2 = number of CPUs, $sp = boot stack.
# Records what the boot protocol promises about the other registers (so the
# boot test can check it), clears .bss, and calls runtime_start in C.
        .section .text.start, "ax"
        .globl  _start
        .ent    _start
_start:
        # $t0 ($12) starts as the OR of every GPR that should be zero.
        or      $12, $12, $1
        or      $12, $12, $2
        or      $12, $12, $3
        or      $12, $12, $7
        or      $12, $12, $8
        or      $12, $12, $9
        or      $12, $12, $10
        or      $12, $12, $11
        or      $12, $12, $13
        or      $12, $12, $14
        or      $12, $12, $15
        or      $12, $12, $16
        or      $12, $12, $17
        or      $12, $12, $18
        or      $12, $12, $19
        or      $12, $12, $20
        or      $12, $12, $21
        or      $12, $12, $22
        or      $12, $12, $23
        or      $12, $12, $24
        or      $12, $12, $25
        or      $12, $12, $26
        or      $12, $12, $27
        or      $12, $12, $28
        or      $12, $12, $30
        or      $12, $12, $31
        mfhi    $13
        or      $12, $12, $13
        mflo    $13
        or      $12, $12, $13
        mfc0    $13, $12                # Status at entry

        # Clear .bss (8-byte aligned by the linker script).
        lui     $14, %hi(__bss_start)
        daddiu  $14, $14, %lo(__bss_start)
        lui     $15, %hi(__bss_end)
        daddiu  $15, $15, %lo(__bss_end)
1:      beq     $14, $15, 2f
        nop
        sd      $zero, 0($14)
        b       1b
        daddiu  $14, $14, 8
2:
        lui     $14, %hi(kernel_stack_top)
        sd      $sp, %lo(kernel_stack_top)($14)   # CPU 0's kernel stack: the boot stack
        move    $a3, $sp                # runtime_start(boot, cpu, ncpus, sp, status, other_gprs)
        move    $a4, $13
        jal     runtime_start
        move    $a5, $12                # (delay slot)
3:      b       3b                      # runtime_start powers off; not reached
        nop
        .end    _start

# ---- entry of a CPU released by start_cpu() (smp.c) ----
# $a0 = its start slot, $a1 = its id, $a2 = number of CPUs, $sp = its stack.
        .text
        .globl  secondary_entry
        .ent    secondary_entry
secondary_entry:
        dsll    $12, $a1, 3
        lui     $13, %hi(kernel_stack_top)
        daddu   $13, $13, $12
        sd      $sp, %lo(kernel_stack_top)($13)
        move    $a3, $sp                # runtime_secondary(slot, cpu, ncpus, sp, status)
        jal     runtime_secondary
        mfc0    $a4, $12                # (delay slot) Status at entry
1:      b       1b                      # runtime_secondary does not return
        nop
        .end    secondary_entry

# ---- probes: one memory access that may fault ----
# Each returns 1 when the access completed, 0 when it raised an exception;
# trap.c recognises the faulting pc (probe_*_insn), records the exception
# (probe_last_fault) and resumes after the access with $v0 = 0.

# int probe_load64(uint64_t va, uint64_t* value)
        .globl  probe_load64
        .globl  probe_load64_insn
        .ent    probe_load64
probe_load64:
        li      $v0, 1
        move    $12, $zero
probe_load64_insn:
        ld      $12, 0($a0)
        jr      $ra
        sd      $12, 0($a1)             # (delay slot)
        .end    probe_load64

# int probe_load32(uint64_t va, uint32_t* value)
        .globl  probe_load32
        .globl  probe_load32_insn
        .ent    probe_load32
probe_load32:
        li      $v0, 1
        move    $12, $zero
probe_load32_insn:
        lw      $12, 0($a0)
        jr      $ra
        sw      $12, 0($a1)             # (delay slot)
        .end    probe_load32

# int probe_store64(uint64_t va, uint64_t value)
        .globl  probe_store64
        .globl  probe_store64_insn
        .ent    probe_store64
probe_store64:
        li      $v0, 1
probe_store64_insn:
        sd      $a1, 0($a0)
        jr      $ra
        nop
        .end    probe_store64

# int probe_store32(uint64_t va, uint32_t value)
        .globl  probe_store32
        .globl  probe_store32_insn
        .ent    probe_store32
probe_store32:
        li      $v0, 1
probe_store32_insn:
        sw      $a1, 0($a0)
        jr      $ra
        nop
        .end    probe_store32

# ---- sleeping without losing a wake-up ----
# void wait_if_zero(volatile uint64_t* word): executes `wait` unless *word is
# non-zero. An interrupt taken between the load and the wait (its handler may
# be the one that sets *word) would otherwise be followed by a wait nobody
# ends: trap.c rolls such an interrupt's EPC back to wait_if_zero_check, so
# the word is tested again after the handler (Linux's r4k_wait rollback).
        .text
        .globl  wait_if_zero
        .globl  wait_if_zero_check
        .globl  wait_if_zero_wait
        .ent    wait_if_zero
wait_if_zero:
wait_if_zero_check:
        ld      $v0, 0($a0)
        bnez    $v0, 1f
        nop
wait_if_zero_wait:
        .set    push
        .set    mips64
        wait
        .set    pop
1:      jr      $ra
        nop
        .end    wait_if_zero
