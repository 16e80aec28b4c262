// sig_trap: conditional trap (teq/tne/tge/tlt..., register and immediate
// forms) and break instructions, each caught by a signal handler that
// siglongjmps out; gcc's own divide-by-zero guard (teq with code 7) too.
// Which signal arrives differs: Linux turns codes 7 (divide by zero) and 6
// (overflow) into SIGFPE with FPE_INTDIV/FPE_INTOVF and the rest into
// SIGTRAP, while QEMU 7.2 user mode delivers SIGTRAP for all of them
// (si_code SI_KERNEL for traps, TRAP_BRKPT for break). The self-check
// accepts either; the differential test compares the printed signal with
// QEMU's.
#include <setjmp.h>
#include <signal.h>

#include "guest.h"

static sigjmp_buf trap_env;
static volatile int caught_signal, caught_code;

static void on_signal(int sig, siginfo_t* info, void* context) {
  (void)context;
  caught_signal = sig;
  caught_code = info->si_code;
  siglongjmp(trap_env, 1);
}

// Executes asm_text (which may trap) and reports what happened.
#define TRAP_CASE(label, asm_text, a, b)                                                   \
  do {                                                                                     \
    caught_signal = 0;                                                                     \
    if (sigsetjmp(trap_env, 1) == 0) {                                                     \
      __asm__ volatile(asm_text : : "r"((int64_t)(a)), "r"((int64_t)(b)) : "memory");      \
      printf("%-22s no trap\n", label);                                                    \
    } else {                                                                               \
      printf("%-22s signal %s si_code %d\n", label,                                        \
             caught_signal == SIGFPE ? "SIGFPE" : caught_signal == SIGTRAP ? "SIGTRAP" : "?", \
             caught_code);                                                                 \
    }                                                                                      \
  } while (0)

static volatile long divisor = 0;

int main(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_signal;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &action, NULL);
  sigaction(SIGTRAP, &action, NULL);
  volatile int traps = 0;
  TRAP_CASE("teq 3,3 code 7", "teq %0, %1, 7", 3, 3);
  traps += caught_signal == SIGFPE || caught_signal == SIGTRAP;
  TRAP_CASE("teq 3,4 code 7", "teq %0, %1, 7", 3, 4);
  traps += caught_signal == 0;
  TRAP_CASE("teq code 6", "teq %0, %1, 6", 0, 0);
  traps += caught_signal == SIGFPE || caught_signal == SIGTRAP;
  TRAP_CASE("tne code 0", "tne %0, %1", 1, 2);
  traps += caught_signal == SIGTRAP;
  TRAP_CASE("tge -1,-2", "tge %0, %1, 7", -1, -2);
  TRAP_CASE("tge -2,-1", "tge %0, %1, 7", -2, -1);
  TRAP_CASE("tgeu -1,-2", "tgeu %0, %1, 7", -1, -2);
  TRAP_CASE("tlt -2,-1", "tlt %0, %1, 7", -2, -1);
  TRAP_CASE("tltu 1,-1", "tltu %0, %1, 7", 1, -1);
  TRAP_CASE("tltu -1,1", "tltu %0, %1, 7", -1, 1);
  TRAP_CASE("teqi 5", "teqi %0, 5", 5, 0);
  TRAP_CASE("tnei 5", "tnei %0, 5", 5, 0);
  TRAP_CASE("tgei -1", "tgei %0, -1", -1, 0);
  TRAP_CASE("tltiu 0,1", "tltiu %0, 1", 0, 0);
  TRAP_CASE("break 7", "break 7", 0, 0);
  traps += caught_signal == SIGFPE || caught_signal == SIGTRAP;
  TRAP_CASE("break 6", "break 6", 0, 0);
  TRAP_CASE("break 0", "break", 0, 0);
  traps += caught_signal == SIGTRAP;
  // The compiler's divide-by-zero guard.
  caught_signal = 0;
  if (sigsetjmp(trap_env, 1) == 0) {
    volatile long quotient = 100 / divisor;
    printf("100/0 = %ld (no trap)\n", quotient);
  } else {
    printf("100/0 -> signal %d si_code %d\n", caught_signal, caught_code);
  }
  traps += caught_signal == SIGFPE || caught_signal == SIGTRAP;
  printf("expected traps seen: %d of 7\n", traps);
  CHECK(traps == 7);
  return guest_finish("sig_trap");
}
