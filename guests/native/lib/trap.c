/* The C side of exceptions and interrupts.
 *
 * start.S saves a trap frame and calls trap_dispatch(frame), which picks the
 * handler the program registered: one per exception code, one per interrupt
 * line (highest pending unmasked line first, all of them in one entry), and
 * one for TLB refills. Faults of the probe functions are recorded and
 * resumed. Anything else is fatal: panic() prints the frame, the run ends
 * with status 1, and the test fails loudly instead of looping. */
#include "runtime.h"

_Static_assert(offsetof(struct trap_frame, hi) == FRAME_HI, "frame layout");
_Static_assert(offsetof(struct trap_frame, epc) == FRAME_EPC, "frame layout");
_Static_assert(offsetof(struct trap_frame, status) == FRAME_STATUS, "frame layout");
_Static_assert(offsetof(struct trap_frame, cause) == FRAME_CAUSE, "frame layout");
_Static_assert(offsetof(struct trap_frame, badvaddr) == FRAME_BADVADDR, "frame layout");
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame layout");

static trap_handler exception_handlers[32];
static trap_handler interrupt_handlers[8];
static trap_handler refill_handler;
uint64_t tlb_context_table;
volatile uint64_t tlb_context_refills;

static struct probe_fault probe_faults[MAX_CPUS];

/* The sleep of start.S whose interrupts are rolled back (see wait_if_zero). */
extern const char wait_if_zero_check[], wait_if_zero_wait[];

/* The instructions of start.S's probes that may fault. */
extern const char probe_load64_insn[], probe_load32_insn[], probe_store64_insn[], probe_store32_insn[];

void trap_dispatch(struct trap_frame* frame);

/* Registers the handler of one exception code (NULL: none). */
void set_exception_handler(unsigned exccode, trap_handler handler) { exception_handlers[exccode & 31] = handler; }

/* Registers the handler of one interrupt line 0..7 (NULL: none). */
void set_interrupt_handler(unsigned line, trap_handler handler) { interrupt_handlers[line & 7] = handler; }

/* Registers the handler of TLB refills that reach C. */
void set_refill_handler(trap_handler handler) { refill_handler = handler; }

/* The name of an exception code, for messages. */
const char* exception_name(unsigned exccode) {
  switch (exccode) {
    case EXC_INT: return "Int";
    case EXC_MOD: return "Mod";
    case EXC_TLBL: return "TLBL";
    case EXC_TLBS: return "TLBS";
    case EXC_ADEL: return "AdEL";
    case EXC_ADES: return "AdES";
    case EXC_IBE: return "IBE";
    case EXC_DBE: return "DBE";
    case EXC_SYS: return "Sys";
    case EXC_BP: return "Bp";
    case EXC_RI: return "RI";
    case EXC_CPU: return "CpU";
    case EXC_OV: return "Ov";
    case EXC_TR: return "Tr";
    case EXC_FPE: return "FPE";
    default: return "?";
  }
}

/* Ends the run describing a trap nobody handles. */
static void unexpected(const struct trap_frame* frame, const char* what) {
  panic("unexpected %s on CPU %u: ExcCode %lu (%s), EPC %016lx, BadVAddr %016lx, Cause %08lx, "
        "Status %08lx, ra %016lx",
        what, cpu_id(), (unsigned long)CAUSE_EXCCODE(frame->cause),
        exception_name((unsigned)CAUSE_EXCCODE(frame->cause)), (unsigned long)frame->epc,
        (unsigned long)frame->badvaddr, (unsigned long)(frame->cause & 0xffffffffu),
        (unsigned long)(frame->status & 0xffffffffu), (unsigned long)frame->regs[REG_RA]);
}

/* When the frame is a probe's fault: records it, resumes after the access with $v0 = 0. */
int probe_recover(struct trap_frame* frame) {
  const uint64_t pc = frame->epc;
  if ((frame->cause & CAUSE_BD) ||
      (pc != (uint64_t)probe_load64_insn && pc != (uint64_t)probe_load32_insn &&
       pc != (uint64_t)probe_store64_insn && pc != (uint64_t)probe_store32_insn))
    return 0;
  struct probe_fault* fault = &probe_faults[cpu_id() % MAX_CPUS];
  fault->kind = frame->regs[0];
  fault->exccode = CAUSE_EXCCODE(frame->cause);
  fault->badvaddr = frame->badvaddr;
  fault->epc = frame->epc;
  frame->regs[REG_V0] = 0;
  frame->epc += 4;
  return 1;
}

/* The last probe fault of this CPU. */
const struct probe_fault* probe_last_fault(void) { return &probe_faults[cpu_id() % MAX_CPUS]; }

/* Calls the handlers of every pending, unmasked interrupt line, highest first. */
static void dispatch_interrupts(struct trap_frame* frame) {
  /* Interrupted between wait_if_zero's test and its wait: test again on return. */
  if (frame->epc >= (uint64_t)wait_if_zero_check && frame->epc <= (uint64_t)wait_if_zero_wait)
    frame->epc = (uint64_t)wait_if_zero_check;
  const uint32_t pending = (uint32_t)(frame->cause & frame->status) & 0xff00u;
  if (!pending) return;  /* the line dropped between the exception and now: nothing to do */
  for (int line = 7; line >= 0; line--) {
    if (!(pending & CAUSE_IP(line))) continue;
    if (!interrupt_handlers[line]) {
      char what[32];
      snprintf(what, sizeof what, "interrupt IP%d", line);
      unexpected(frame, what);
    }
    interrupt_handlers[line](frame);
  }
}

/* Entry from start.S for every exception: picks the handler. */
void trap_dispatch(struct trap_frame* frame) {
  const unsigned exccode = (unsigned)CAUSE_EXCCODE(frame->cause);
  switch (frame->regs[0]) {
    case TRAP_KIND_REFILL:
      if (refill_handler)
        refill_handler(frame);
      else if (!probe_recover(frame))
        unexpected(frame, "TLB refill");
      return;
    case TRAP_KIND_CACHE_ERROR:
      unexpected(frame, "cache error");
      return;
    default:
      break;
  }
  if (exccode == EXC_INT) {
    dispatch_interrupts(frame);
  } else if (exception_handlers[exccode]) {
    exception_handlers[exccode](frame);
  } else if (!probe_recover(frame)) {
    unexpected(frame, "exception");
  }
}
