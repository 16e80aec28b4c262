/* exceptions: every synchronous exception the test can provoke, an
 * interrupt, and a round trip through user mode.
 *
 * Each case is a tiny assembly routine (below) whose faulting instruction
 * has a global label, so the checks compare EPC with an exact address. One
 * handler records Cause, EPC, BadVAddr and Status of each exception and
 * returns past the faulting instruction (EPC + 4) or to a resume address the
 * case set; the routine's result then shows that eret came back and that the
 * registers the handler changed in the frame arrived.
 *
 * Cases: syscall, break, reserved instruction, coprocessor unusable (CU1
 * cleared, an FP instruction; the handler sets CU1 and the instruction is
 * retried), AdEL/AdES on misaligned loads and stores and on a misaligned
 * instruction fetch, Ov (add, dadd), Tr (teq taken, tne not taken), a fault in
 * a branch delay slot (Cause.BD, EPC = the branch), a software interrupt
 * (EPC = the instruction after the Cause write). User mode: eret into code
 * mapped by a wired TLB entry at 0x00400000, syscalls back to the kernel,
 * CP0 access from user mode (CpU, CE = 0), a kernel address from user mode
 * (AdEL), and a final syscall that returns to kernel mode. */
#include "runtime.h"

/* ---- the assembly cases: each routine returns normally when eret comes back ---- */
__asm__(
    "   .text\n"
    "   .set push\n"
    "   .set noreorder\n"
    "   .set noat\n"
    /* uint64_t do_syscall(uint64_t v0): $v0 = v0, syscall, return $v0 */
    "   .globl do_syscall, do_syscall_insn\n"
    "do_syscall:\n"
    "   move  $v0, $a0\n"
    "do_syscall_insn:\n"
    "   syscall\n"
    "   jr    $ra\n"
    "   nop\n"
    /* uint64_t do_break(void): break 7, return 1 */
    "   .globl do_break, do_break_insn\n"
    "do_break:\n"
    "do_break_insn:\n"
    "   break 7\n"
    "   jr    $ra\n"
    "   li    $v0, 1\n"
    /* uint64_t do_reserved(void): a reserved opcode (0x3b), return 1 */
    "   .globl do_reserved, do_reserved_insn\n"
    "do_reserved:\n"
    "do_reserved_insn:\n"
    "   .word 0xec000000\n"
    "   jr    $ra\n"
    "   li    $v0, 1\n"
    /* uint64_t do_fp_add(uint64_t a, uint64_t b): the double a + b (bit patterns) */
    "   .globl do_fp_add, do_fp_add_insn\n"
    "   .set hardfloat\n"
    "do_fp_add:\n"
    "do_fp_add_insn:\n"
    "   dmtc1 $a0, $f2\n"
    "   dmtc1 $a1, $f4\n"
    "   add.d $f0, $f2, $f4\n"
    "   jr    $ra\n"
    "   dmfc1 $v0, $f0\n"
    "   .set softfloat\n"
    /* uint64_t do_lw(uint64_t addr), do_lh, do_ld: the loaded value, or 0x5555 when skipped */
    "   .globl do_lw, do_lw_insn, do_lh, do_lh_insn, do_ld, do_ld_insn\n"
    "do_lw:\n"
    "   li    $v0, 0x5555\n"
    "do_lw_insn:\n"
    "   lw    $v0, 0($a0)\n"
    "   jr    $ra\n"
    "   nop\n"
    "do_lh:\n"
    "   li    $v0, 0x5555\n"
    "do_lh_insn:\n"
    "   lh    $v0, 0($a0)\n"
    "   jr    $ra\n"
    "   nop\n"
    "do_ld:\n"
    "   li    $v0, 0x5555\n"
    "do_ld_insn:\n"
    "   ld    $v0, 0($a0)\n"
    "   jr    $ra\n"
    "   nop\n"
    /* void do_sw(uint64_t addr, uint64_t v), do_sd */
    "   .globl do_sw, do_sw_insn, do_sd, do_sd_insn\n"
    "do_sw:\n"
    "do_sw_insn:\n"
    "   sw    $a1, 0($a0)\n"
    "   jr    $ra\n"
    "   nop\n"
    "do_sd:\n"
    "do_sd_insn:\n"
    "   sd    $a1, 0($a0)\n"
    "   jr    $ra\n"
    "   nop\n"
    /* void do_fetch(uint64_t target): jumps to target; the handler resumes at do_fetch_resume */
    "   .globl do_fetch, do_fetch_resume\n"
    "do_fetch:\n"
    "   jr    $a0\n"
    "   nop\n"
    "do_fetch_resume:\n"
    "   jr    $ra\n"
    "   nop\n"
    /* uint64_t do_add(a, b), do_dadd: a + b, or 0x7777 when the trap skipped it */
    "   .globl do_add, do_add_insn, do_dadd, do_dadd_insn\n"
    "do_add:\n"
    "   li    $v0, 0x7777\n"
    "do_add_insn:\n"
    "   add   $v0, $a0, $a1\n"
    "   jr    $ra\n"
    "   nop\n"
    "do_dadd:\n"
    "   li    $v0, 0x7777\n"
    "do_dadd_insn:\n"
    "   dadd  $v0, $a0, $a1\n"
    "   jr    $ra\n"
    "   nop\n"
    /* uint64_t do_teq(a, b), do_tne: trap when equal / not equal; return 1 */
    "   .globl do_teq, do_teq_insn, do_tne, do_tne_insn\n"
    "do_teq:\n"
    "do_teq_insn:\n"
    "   teq   $a0, $a1\n"
    "   jr    $ra\n"
    "   li    $v0, 1\n"
    "do_tne:\n"
    "do_tne_insn:\n"
    "   tne   $a0, $a1\n"
    "   jr    $ra\n"
    "   li    $v0, 1\n"
    /* uint64_t do_delay_taken(uint64_t bad): a load faults in the delay slot of a
     * taken branch; the handler resumes at the target: returns 1 (never 100) */
    "   .globl do_delay_taken, do_delay_taken_branch, do_delay_taken_target\n"
    "do_delay_taken:\n"
    "   move  $v0, $zero\n"
    "do_delay_taken_branch:\n"
    "   beq   $zero, $zero, do_delay_taken_target\n"
    "   lw    $t0, 0($a0)\n"
    "   li    $v0, 99\n"
    "do_delay_taken_target:\n"
    "   jr    $ra\n"
    "   daddiu $v0, $v0, 1\n"
    /* uint64_t do_delay_not_taken(uint64_t bad): the same with a branch not
     * taken; the handler resumes at the branch + 8: returns 100 */
    "   .globl do_delay_not_taken, do_delay_not_taken_branch\n"
    "do_delay_not_taken:\n"
    "   move  $v0, $zero\n"
    "do_delay_not_taken_branch:\n"
    "   bne   $zero, $zero, 1f\n"
    "   lw    $t0, 0($a0)\n"
    "   li    $v0, 99\n"
    "1: jr    $ra\n"
    "   daddiu $v0, $v0, 1\n"
    /* void do_soft_interrupt(void): IM0 and IE on, then Cause.IP0 set: the
     * interrupt is taken at do_soft_interrupt_next; IE and IM0 off again */
    "   .globl do_soft_interrupt, do_soft_interrupt_next\n"
    "do_soft_interrupt:\n"
    "   mfc0  $t0, $12\n"
    "   ori   $t0, $t0, 0x101\n"
    "   mtc0  $t0, $12\n"
    "   mfc0  $t1, $13\n"
    "   ori   $t1, $t1, 0x100\n"
    "   mtc0  $t1, $13\n"
    "do_soft_interrupt_next:\n"
    "   nop\n"
    "   mfc0  $t0, $12\n"
    "   li    $t1, -0x102\n" /* ~0x101 */
    "   and   $t0, $t0, $t1\n"
    "   mtc0  $t0, $12\n"
    "   jr    $ra\n"
    "   nop\n"
    /* uint64_t run_user(uint64_t pc, uint64_t sp): enters user mode at pc with
     * sp; returns $v0 of the exit syscall (the handler resumes at user_return). */
    "   .globl run_user, user_return\n"
    "run_user:\n"
    "   daddiu $sp, $sp, -112\n"
    "   sd    $ra, 0($sp)\n"
    "   sd    $s0, 8($sp)\n"
    "   sd    $s1, 16($sp)\n"
    "   sd    $s2, 24($sp)\n"
    "   sd    $s3, 32($sp)\n"
    "   sd    $s4, 40($sp)\n"
    "   sd    $s5, 48($sp)\n"
    "   sd    $s6, 56($sp)\n"
    "   sd    $s7, 64($sp)\n"
    "   sd    $s8, 72($sp)\n"
    "   sd    $gp, 80($sp)\n"
    /* exceptions from user mode open their frames below this point */
    "   lui   $t0, %hi(kernel_stack_top)\n"
    "   ld    $t1, %lo(kernel_stack_top)($t0)\n"
    "   sd    $t1, 88($sp)\n"
    "   sd    $sp, %lo(kernel_stack_top)($t0)\n"
    "   lui   $t0, %hi(user_kernel_sp)\n"
    "   sd    $sp, %lo(user_kernel_sp)($t0)\n"
    "   dmtc0 $a0, $14\n"
    "   mfc0  $t0, $12\n"
    "   ori   $t0, $t0, 0x12\n" /* KSU = user, EXL */
    "   mtc0  $t0, $12\n"
    "   move  $sp, $a1\n"
    "   eret\n"
    "user_return:\n"
    "   ld    $t1, 88($sp)\n"
    "   lui   $t0, %hi(kernel_stack_top)\n"
    "   sd    $t1, %lo(kernel_stack_top)($t0)\n"
    "   ld    $ra, 0($sp)\n"
    "   ld    $s0, 8($sp)\n"
    "   ld    $s1, 16($sp)\n"
    "   ld    $s2, 24($sp)\n"
    "   ld    $s3, 32($sp)\n"
    "   ld    $s4, 40($sp)\n"
    "   ld    $s5, 48($sp)\n"
    "   ld    $s6, 56($sp)\n"
    "   ld    $s7, 64($sp)\n"
    "   ld    $s8, 72($sp)\n"
    "   ld    $gp, 80($sp)\n"
    "   jr    $ra\n"
    "   daddiu $sp, $sp, 112\n"
    /* The user program, position-independent, run at USER_CODE_VA: */
    "   .section .user.text, \"ax\"\n"
    "   .globl user_program, user_cp0_insn, user_kseg0_insn, user_syscall_insn\n"
    "user_program:\n"
    "   li    $v0, 1\n" /* syscall 1: "hello" */
    "user_syscall_insn:\n"
    "   syscall\n"
    "   lui   $t0, 0x40\n" /* 0x00400000: this page; data at + 4 KB */
    "   ld    $t1, 0x1000($t0)\n"
    "   daddiu $t1, $t1, 1\n"
    "   sd    $t1, 0x1008($t0)\n"
    "user_cp0_insn:\n"
    "   mfc0  $t2, $12\n" /* privileged: CpU */
    "   lui   $t3, 0x8000\n" /* 0xffffffff80000000 */
    "user_kseg0_insn:\n"
    "   lw    $t2, 0($t3)\n" /* kernel address: AdEL */
    "   move  $a0, $t1\n"
    "   li    $v0, 2\n" /* syscall 2: exit with $a0 */
    "   syscall\n"
    "2: b     2b\n"
    "   nop\n"
    "   .text\n"
    "   .set pop\n");

uint64_t do_syscall(uint64_t v0);
uint64_t do_break(void);
uint64_t do_reserved(void);
uint64_t do_fp_add(uint64_t a, uint64_t b);
uint64_t do_lw(uint64_t addr);
uint64_t do_lh(uint64_t addr);
uint64_t do_ld(uint64_t addr);
void do_sw(uint64_t addr, uint64_t value);
void do_sd(uint64_t addr, uint64_t value);
void do_fetch(uint64_t target);
uint64_t do_add(int64_t a, int64_t b);
uint64_t do_dadd(int64_t a, int64_t b);
uint64_t do_teq(uint64_t a, uint64_t b);
uint64_t do_tne(uint64_t a, uint64_t b);
uint64_t do_delay_taken(uint64_t bad);
uint64_t do_delay_not_taken(uint64_t bad);
void do_soft_interrupt(void);
uint64_t run_user(uint64_t pc, uint64_t sp);
extern const char do_syscall_insn[], do_break_insn[], do_reserved_insn[], do_fp_add_insn[], do_lw_insn[],
    do_lh_insn[], do_ld_insn[], do_sw_insn[], do_sd_insn[], do_fetch_resume[], do_add_insn[], do_dadd_insn[],
    do_teq_insn[], do_tne_insn[], do_delay_taken_branch[], do_delay_taken_target[], do_delay_not_taken_branch[],
    do_soft_interrupt_next[], user_return[], user_program[], user_syscall_insn[], user_cp0_insn[],
    user_kseg0_insn[], __user_start[];
uint64_t user_kernel_sp;

#define USER_CODE_VA 0x00400000ull

/* What the last exception looked like. */
static volatile struct {
  uint64_t count, exccode, epc, badvaddr, cause, status;
} last;
/* Where the handler resumes (0: after the faulting instruction). */
static volatile uint64_t resume_pc;
static volatile uint64_t user_hello_count, user_hello_epc;

/* Records an exception and returns past it (or to resume_pc). */
static void record_and_resume(struct trap_frame* frame) {
  last.count = last.count + 1;
  last.exccode = CAUSE_EXCCODE(frame->cause);
  last.epc = frame->epc;
  last.badvaddr = frame->badvaddr;
  last.cause = frame->cause;
  last.status = frame->status;
  if (resume_pc) {
    frame->epc = resume_pc;
    resume_pc = 0;
  } else {
    frame->epc += 4;
  }
}

/* Syscalls: from the kernel, $v0 += 1000; from user mode, 1 = hello, 2 = exit to the kernel. */
static void syscall_handler(struct trap_frame* frame) {
  if ((frame->status & ST_KSU_MASK) == ST_KSU_USER) {
    if (frame->regs[REG_V0] == 1) {
      user_hello_count = user_hello_count + 1;
      user_hello_epc = frame->epc;
      frame->epc += 4;
    } else {
      frame->regs[REG_V0] = frame->regs[REG_A0];
      frame->regs[REG_SP] = user_kernel_sp;
      frame->status &= ~(uint64_t)ST_KSU_MASK;
      frame->epc = (uint64_t)user_return;
    }
    return;
  }
  record_and_resume(frame);
  frame->regs[REG_V0] += 1000;
}

/* Coprocessor Unusable: records it; for CP1, sets CU1 and retries. */
static void cop_unusable_handler(struct trap_frame* frame) {
  if (CAUSE_CE(frame->cause) == 1) {
    const uint64_t epc = frame->epc;
    record_and_resume(frame);
    frame->epc = epc;  /* retry the instruction, now with CU1 */
    frame->status |= ST_CU1;
    return;
  }
  record_and_resume(frame);
}

/* Software interrupt IP0: records it and clears IP0. */
static void soft_interrupt_handler(struct trap_frame* frame) {
  last.count = last.count + 1;
  last.exccode = CAUSE_EXCCODE(frame->cause);
  last.epc = frame->epc;
  last.cause = frame->cause;
  write_c0_32(CP0_CAUSE, read_c0_32(CP0_CAUSE) & ~CAUSE_IP(0));
}

/* Checks the last exception: its code, EPC and (when given) BadVAddr. */
static void expect(uint64_t count_before, unsigned exccode, const void* epc, const char* what) {
  CHECK(last.count == count_before + 1, "%s: one exception", what);
  CHECK(last.exccode == exccode, "%s: ExcCode %u (%s), got %lu", what, exccode, exception_name(exccode),
        (unsigned long)last.exccode);
  CHECK(last.epc == (uint64_t)epc, "%s: EPC is the faulting instruction %p (got %lx)", what, epc,
        (unsigned long)last.epc);
  CHECK(!(last.cause & CAUSE_BD), "%s: Cause.BD clear", what);
}

static uint64_t aligned_data[4] __attribute__((aligned(16))) = {0x1122334455667788ull, 0x99aabbccddeeff00ull};

/* The synchronous exceptions raised in kernel mode. */
static void kernel_exceptions(void) {
  uint64_t n = last.count;
  CHECK(do_syscall(5) == 1005, "syscall: eret returns and $v0 changed by the handler arrives");
  expect(n, EXC_SYS, do_syscall_insn, "syscall");

  n = last.count;
  CHECK(do_break() == 1, "break: eret returns");
  expect(n, EXC_BP, do_break_insn, "break");
  CHECK(((*(const uint32_t*)do_break_insn >> 16) & 0x3ff) == 7, "break: the code field at EPC is 7");

  n = last.count;
  CHECK(do_reserved() == 1, "reserved instruction: eret returns");
  expect(n, EXC_RI, do_reserved_insn, "reserved instruction");

  n = last.count;
  status_clear(ST_CU1);
  /* IEEE doubles as bit patterns (compiled code is soft-float): 1.5 + 2.25 = 3.75. */
  const uint64_t sum = do_fp_add(0x3ff8000000000000ull, 0x4002000000000000ull);
  CHECK(sum == 0x400e000000000000ull, "CpU: with CU1 restored by the handler the FP code computes 1.5 + 2.25 = 3.75");
  expect(n, EXC_CPU, do_fp_add_insn, "coprocessor unusable");
  CHECK(CAUSE_CE(last.cause) == 1, "CpU: Cause.CE = 1");
  CHECK(read_c0_32(CP0_STATUS) & ST_CU1, "CpU: Status.CU1 set by the handler is in effect after eret");

  const uint64_t base = (uint64_t)aligned_data;
  n = last.count;
  CHECK(do_lw(base + 1) == 0x5555, "AdEL lw: the load is not performed");
  expect(n, EXC_ADEL, do_lw_insn, "misaligned lw");
  CHECK(last.badvaddr == base + 1, "misaligned lw: BadVAddr is the address");
  n = last.count;
  do_lh(base + 3);
  expect(n, EXC_ADEL, do_lh_insn, "misaligned lh");
  CHECK(last.badvaddr == base + 3, "misaligned lh: BadVAddr is the address");
  n = last.count;
  do_ld(base + 4);
  expect(n, EXC_ADEL, do_ld_insn, "misaligned ld");
  CHECK(last.badvaddr == base + 4, "misaligned ld: BadVAddr is the address");
  CHECK(do_ld(base) == 0x1122334455667788ull, "an aligned ld still works");

  n = last.count;
  do_sw(base + 2, 0);
  expect(n, EXC_ADES, do_sw_insn, "misaligned sw");
  CHECK(last.badvaddr == base + 2, "misaligned sw: BadVAddr is the address");
  n = last.count;
  do_sd(base + 8 + 4, 0);
  expect(n, EXC_ADES, do_sd_insn, "misaligned sd");
  CHECK(aligned_data[0] == 0x1122334455667788ull && aligned_data[1] == 0x99aabbccddeeff00ull,
        "the misaligned stores changed nothing");

  n = last.count;
  const uint64_t bad_target = (uint64_t)do_fetch_resume + 2;
  resume_pc = (uint64_t)do_fetch_resume;
  do_fetch(bad_target);
  expect(n, EXC_ADEL, (const void*)bad_target, "misaligned instruction fetch");
  CHECK(last.badvaddr == bad_target, "misaligned fetch: BadVAddr is the jump target");

  n = last.count;
  CHECK(do_add(0x7fffffff, 1) == 0x7777, "add overflow: the destination is not written");
  expect(n, EXC_OV, do_add_insn, "add 0x7fffffff + 1");
  CHECK(do_add(0x7ffffffe, 1) == 0x7fffffff, "add without overflow computes 0x7fffffff");
  n = last.count;
  CHECK(do_dadd(INT64_MIN, -1) == 0x7777, "dadd overflow: the destination is not written");
  expect(n, EXC_OV, do_dadd_insn, "dadd INT64_MIN + -1");

  n = last.count;
  CHECK(do_teq(42, 42) == 1, "teq: eret returns");
  expect(n, EXC_TR, do_teq_insn, "teq with equal operands");
  n = last.count;
  CHECK(do_tne(42, 42) == 1 && last.count == n, "tne with equal operands does not trap");
}

/* Faults in branch delay slots: Cause.BD and EPC = the branch. */
static void delay_slots(void) {
  const uint64_t bad = (uint64_t)aligned_data + 1;
  uint64_t n = last.count;
  resume_pc = (uint64_t)do_delay_taken_target;  /* the handler completes the taken branch */
  CHECK(do_delay_taken(bad) == 1, "taken branch, fault in its delay slot: resumed at the target");
  CHECK(last.count == n + 1 && last.exccode == EXC_ADEL, "delay slot: AdEL");
  CHECK(last.cause & CAUSE_BD, "delay slot: Cause.BD set");
  CHECK(last.epc == (uint64_t)do_delay_taken_branch, "delay slot: EPC is the branch, not the load");
  CHECK(last.badvaddr == bad, "delay slot: BadVAddr is the load's address");

  n = last.count;
  resume_pc = (uint64_t)do_delay_not_taken_branch + 8;  /* branch not taken: fall through */
  CHECK(do_delay_not_taken(bad) == 100, "branch not taken, fault in its delay slot: resumed after it");
  CHECK(last.count == n + 1 && (last.cause & CAUSE_BD) && last.epc == (uint64_t)do_delay_not_taken_branch,
        "not-taken branch: Cause.BD set and EPC is the branch");
}

/* Software interrupts: taken when unmasked, only pending when masked. */
static void interrupts(void) {
  uint64_t n = last.count;
  do_soft_interrupt();
  CHECK(last.count == n + 1 && last.exccode == EXC_INT, "software interrupt IP0: taken (ExcCode 0)");
  CHECK(last.cause & CAUSE_IP(0), "software interrupt: Cause.IP0 was pending");
  CHECK(last.epc == (uint64_t)do_soft_interrupt_next, "software interrupt: EPC is the instruction after the Cause write");
  CHECK(!(read_c0_32(CP0_CAUSE) & CAUSE_IP(0)), "the handler cleared IP0");

  n = last.count;
  interrupts_on();  /* IE on, but IM1 masked */
  write_c0_32(CP0_CAUSE, read_c0_32(CP0_CAUSE) | CAUSE_IP(1));
  for (volatile int i = 0; i < 10; i++) {
  }
  interrupts_off();
  CHECK(last.count == n, "a masked software interrupt (IP1) is not taken");
  CHECK(read_c0_32(CP0_CAUSE) & CAUSE_IP(1), "but Cause.IP1 shows it pending");
  write_c0_32(CP0_CAUSE, read_c0_32(CP0_CAUSE) & ~CAUSE_IP(1));
}

static uint64_t user_data[512] __attribute__((aligned(4096)));

/* Maps the user program with a wired TLB entry and runs it in user mode. */
static void user_mode(void) {
  const uint64_t code = kseg_to_machine(__user_start), data = kseg_to_machine(user_data);
  const uint64_t program = USER_CODE_VA + (uint64_t)(user_program - __user_start);
  user_data[0] = 41;
  /* Wired entry 0: code page (read-only) and data page (writable), ASID 1. */
  write_c0(CP0_WIRED, 1);
  write_c0(CP0_INDEX, 0);
  write_c0(CP0_PAGEMASK, 0);
  write_c0(CP0_ENTRYHI, USER_CODE_VA | 1);
  write_c0(CP0_ENTRYLO0, ENTRYLO_PFN(code) | ENTRYLO_C(3) | ENTRYLO_V);
  write_c0(CP0_ENTRYLO1, ENTRYLO_PFN(data) | ENTRYLO_C(3) | ENTRYLO_V | ENTRYLO_D);
  __asm__ volatile("tlbwi" ::: "memory");

  /* Status.CU0 would let user mode use CP0: clear it for the user program. */
  status_clear(ST_CU0);
  const uint64_t n = last.count;
  const uint64_t result = run_user(program, USER_CODE_VA + 0x2000);
  status_set(ST_CU0);
  CHECK(result == 42, "user mode: the program ran and its exit syscall returned 42 to the kernel");
  CHECK((read_c0_32(CP0_STATUS) & (ST_KSU_MASK | ST_EXL)) == 0, "back in kernel mode with EXL clear");
  CHECK(user_hello_count == 1 && user_hello_epc == USER_CODE_VA + (uint64_t)(user_syscall_insn - __user_start),
        "user mode: the first syscall arrived from the user address %lx",
        (unsigned long)(USER_CODE_VA + (uint64_t)(user_syscall_insn - __user_start)));
  CHECK(user_data[1] == 42, "user mode: the store through the TLB reached the data page");
  CHECK(last.count == n + 2, "user mode: two faults besides the syscalls");
  (void)data;
}

/* Faults of the user program, recorded one by one. */
static volatile struct {
  uint64_t exccode, epc, badvaddr, ce, ksu;
} user_faults[2];
static volatile unsigned user_fault_count;

/* CpU and AdEL: user faults are recorded and skipped, kernel ones go to the normal handlers. */
static void user_or_kernel(struct trap_frame* frame) {
  if ((frame->status & ST_KSU_MASK) == ST_KSU_USER && user_fault_count < 2) {
    const unsigned i = user_fault_count;
    user_faults[i].exccode = CAUSE_EXCCODE(frame->cause);
    user_faults[i].epc = frame->epc;
    user_faults[i].badvaddr = frame->badvaddr;
    user_faults[i].ce = CAUSE_CE(frame->cause);
    user_faults[i].ksu = frame->status & ST_KSU_MASK;
    user_fault_count = i + 1;
    last.count = last.count + 1;
    frame->epc += 4;
    return;
  }
  if (CAUSE_EXCCODE(frame->cause) == EXC_CPU)
    cop_unusable_handler(frame);
  else
    record_and_resume(frame);
}

/* What the user program's two faults looked like. */
static void check_user_faults(void) {
  const uint64_t cp0_va = USER_CODE_VA + (uint64_t)(user_cp0_insn - __user_start);
  const uint64_t kseg0_va = USER_CODE_VA + (uint64_t)(user_kseg0_insn - __user_start);
  CHECK(user_fault_count == 2, "user mode: two faults recorded");
  CHECK(user_faults[0].exccode == EXC_CPU && user_faults[0].ce == 0 && user_faults[0].epc == cp0_va,
        "user mode: mfc0 raises CpU with CE = 0 at %lx", (unsigned long)cp0_va);
  CHECK(user_faults[1].exccode == EXC_ADEL && user_faults[1].badvaddr == KSEG0_BASE && user_faults[1].epc == kseg0_va,
        "user mode: a load from kseg0 raises AdEL with BadVAddr %lx", (unsigned long)KSEG0_BASE);
}

/* The program. */
void kmain(void) {
  printf("exceptions: synchronous exceptions, eret, delay slots, interrupts, user mode\n");
  set_exception_handler(EXC_SYS, syscall_handler);
  set_exception_handler(EXC_BP, record_and_resume);
  set_exception_handler(EXC_RI, record_and_resume);
  set_exception_handler(EXC_CPU, user_or_kernel);
  set_exception_handler(EXC_ADEL, user_or_kernel);
  set_exception_handler(EXC_ADES, record_and_resume);
  set_exception_handler(EXC_OV, record_and_resume);
  set_exception_handler(EXC_TR, record_and_resume);
  set_interrupt_handler(0, soft_interrupt_handler);
  kernel_exceptions();
  delay_slots();
  interrupts();
  user_mode();
  check_user_faults();
}
