// sig_trap: conditional trap (teq/tne/tge/tlt..., register and immediate
// forms) and break instructions, each caught by a signal handler that
// siglongjmps out; gcc's own divide-by-zero guard (teq with code 7) too.
// Which signal arrives for codes 7 (divide by zero) and 6 (overflow)
// differs: Linux (and disco) send SIGFPE with FPE_INTDIV/FPE_INTOVF, QEMU 7.2
// user mode loses the code and sends SIGTRAP. For those cases the output
// names the pair and the self-check accepts either exact answer; every other
// case (whether it traps at all, SIGTRAP with SI_KERNEL for traps and
// TRAP_BRKPT for break) is printed exactly.
#define _GNU_SOURCE  // TRAP_BRKPT
#include <setjmp.h>
#include <signal.h>

#include "guest.h"

static sigjmp_buf trap_env;
static volatile int caught_signal, caught_code;

// Records the signal and returns to the sigsetjmp in TRAP_CASE.
static void on_signal(int sig, siginfo_t* info, void* context) {
  (void)context;
  caught_signal = sig;
  caught_code = info->si_code;
  siglongjmp(trap_env, 1);
}

// Describes what a code-6/7 trap delivered: the Linux or the QEMU 7.2 answer
// both print the same, anything else prints as itself.
static void describe_arithmetic_trap(int expected_linux_code) {
  if ((caught_signal == SIGFPE && caught_code == expected_linux_code) ||
      (caught_signal == SIGTRAP && (caught_code == SI_KERNEL || caught_code == TRAP_BRKPT)))
    printf("SIGFPE (Linux) or SIGTRAP (QEMU 7.2)\n");
  else
    printf("signal %d si_code %d\n", caught_signal, caught_code);
}

// Executes asm_text (which may trap) and reports what happened; code67 is
// the Linux si_code for a trap whose code is 7 or 6, else 0.
#define TRAP_CASE(label, asm_text, a, b, code67)                                           \
  do {                                                                                     \
    caught_signal = 0;                                                                     \
    if (sigsetjmp(trap_env, 1) == 0) {                                                     \
      __asm__ volatile(asm_text : : "r"((int64_t)(a)), "r"((int64_t)(b)) : "memory");      \
      printf("%-22s no trap\n", label);                                                    \
    } else if (code67) {                                                                   \
      printf("%-22s ", label);                                                             \
      describe_arithmetic_trap(code67);                                                    \
    } else {                                                                               \
      printf("%-22s signal %s si_code %d\n", label,                                        \
             caught_signal == SIGFPE ? "SIGFPE" : caught_signal == SIGTRAP ? "SIGTRAP" : "?", \
             caught_code);                                                                 \
    }                                                                                      \
  } while (0)

// One of the two accepted answers for a code-6/7 trap.
#define ARITHMETIC_TRAP_SEEN(linux_code) \
  ((caught_signal == SIGFPE && caught_code == (linux_code)) || caught_signal == SIGTRAP)

static volatile long divisor = 0;

int main(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_signal;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &action, NULL);
  sigaction(SIGTRAP, &action, NULL);
  volatile int traps = 0;
  TRAP_CASE("teq 3,3 code 7", "teq %0, %1, 7", 3, 3, FPE_INTDIV);
  traps += ARITHMETIC_TRAP_SEEN(FPE_INTDIV);
  TRAP_CASE("teq 3,4 code 7", "teq %0, %1, 7", 3, 4, FPE_INTDIV);
  traps += caught_signal == 0;
  TRAP_CASE("teq code 6", "teq %0, %1, 6", 0, 0, FPE_INTOVF);
  traps += ARITHMETIC_TRAP_SEEN(FPE_INTOVF);
  TRAP_CASE("tne code 0", "tne %0, %1", 1, 2, 0);
  traps += caught_signal == SIGTRAP;
  TRAP_CASE("tge -1,-2", "tge %0, %1, 7", -1, -2, FPE_INTDIV);
  TRAP_CASE("tge -2,-1", "tge %0, %1, 7", -2, -1, FPE_INTDIV);
  TRAP_CASE("tgeu -1,-2", "tgeu %0, %1, 5", -1, -2, 0);
  TRAP_CASE("tlt -2,-1", "tlt %0, %1, 5", -2, -1, 0);
  TRAP_CASE("tltu 1,-1", "tltu %0, %1, 5", 1, -1, 0);
  TRAP_CASE("tltu -1,1", "tltu %0, %1, 5", -1, 1, 0);
  TRAP_CASE("teqi 5", "teqi %0, 5", 5, 0, 0);
  TRAP_CASE("tnei 5", "tnei %0, 5", 5, 0, 0);
  TRAP_CASE("tgei -1", "tgei %0, -1", -1, 0, 0);
  TRAP_CASE("tltiu 0,1", "tltiu %0, 1", 0, 0, 0);
  TRAP_CASE("break 7", "break 7", 0, 0, FPE_INTDIV);
  traps += ARITHMETIC_TRAP_SEEN(FPE_INTDIV);
  TRAP_CASE("break 6", "break 6", 0, 0, FPE_INTOVF);
  TRAP_CASE("break 0", "break", 0, 0, 0);
  traps += caught_signal == SIGTRAP;
  // The compiler's divide-by-zero guard (teq with code 7).
  caught_signal = 0;
  if (sigsetjmp(trap_env, 1) == 0) {
    volatile long quotient = 100 / divisor;
    printf("100/0 = %ld (no trap)\n", quotient);
  } else {
    printf("100/0 -> ");
    describe_arithmetic_trap(FPE_INTDIV);
  }
  traps += ARITHMETIC_TRAP_SEEN(FPE_INTDIV);
  printf("expected traps seen: %d of 7\n", traps);
  CHECK(traps == 7);
  return guest_finish("sig_trap");
}
