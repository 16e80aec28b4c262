// fpu_except: floating-point exception flags and traps. The sticky flags
// seen through fetestexcept; each enabled exception (feenableexcept) taken
// as SIGFPE with its si_code and caught with siglongjmp; the flags after a
// trapped operation (not set, since the trap replaces them).
#define _GNU_SOURCE
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>

#include "guest.h"

static sigjmp_buf trap_env;
static volatile int trap_signal, trap_code;

// Records the SIGFPE and returns to the sigsetjmp in TRAP_CASE.
static void on_sigfpe(int sig, siginfo_t* info, void* context) {
  (void)context;
  trap_signal = sig;
  trap_code = info->si_code;
  siglongjmp(trap_env, 1);
}

static volatile double zero = 0, one = 1, big = DBL_MAX, small = DBL_MIN, three = 3, minus = -1;

// Prints the flags set by one operation, computed inside a fresh flag state.
static void show_flags(const char* label, double result) {
  int flags = fetestexcept(FE_ALL_EXCEPT);
  printf("%-16s %-24a invalid %d divbyzero %d overflow %d underflow %d inexact %d\n", label, result,
         !!(flags & FE_INVALID), !!(flags & FE_DIVBYZERO), !!(flags & FE_OVERFLOW),
         !!(flags & FE_UNDERFLOW), !!(flags & FE_INEXACT));
}

// The flags each kind of operation raises.
static void test_flags(void) {
  double r;
  feclearexcept(FE_ALL_EXCEPT);
  r = one / zero;
  show_flags("1/0", r);
  feclearexcept(FE_ALL_EXCEPT);
  r = zero / zero;
  show_flags("0/0", r);
  feclearexcept(FE_ALL_EXCEPT);
  r = big * three;
  show_flags("max*3", r);
  feclearexcept(FE_ALL_EXCEPT);
  r = small / three;
  show_flags("min/3", r);
  feclearexcept(FE_ALL_EXCEPT);
  r = one / three;
  show_flags("1/3", r);
  feclearexcept(FE_ALL_EXCEPT);
  r = sqrt(minus);
  show_flags("sqrt(-1)", r);
  feclearexcept(FE_ALL_EXCEPT);
  r = one + three;
  show_flags("1+3", r);
  CHECK(fetestexcept(FE_ALL_EXCEPT) == 0);
  // Flags accumulate until cleared.
  r = one / three;
  r = r * big * big;
  show_flags("accumulated", r);
  CHECK(fetestexcept(FE_OVERFLOW | FE_INEXACT) == (FE_OVERFLOW | FE_INEXACT));
  feraiseexcept(FE_UNDERFLOW);
  CHECK(fetestexcept(FE_UNDERFLOW));
  feclearexcept(FE_ALL_EXCEPT);
  printf("fcsr after clear %08x\n", fcsr_read());
}

// Runs expression with one exception enabled; prints how it ended.
#define TRAP_CASE(label, except, expression)                                         \
  do {                                                                               \
    feclearexcept(FE_ALL_EXCEPT);                                                    \
    trap_signal = 0;                                                                 \
    if (sigsetjmp(trap_env, 1) == 0) {                                               \
      feenableexcept(except);                                                        \
      volatile double result_ = (expression);                                        \
      fedisableexcept(FE_ALL_EXCEPT);                                                \
      printf("%-12s no trap, result %a\n", label, result_);                          \
    } else {                                                                         \
      fedisableexcept(FE_ALL_EXCEPT);                                                \
      printf("%-12s SIGFPE %d si_code %d flags %02x\n", label, trap_signal, trap_code, \
             FCSR_FLAGS(fcsr_read()));                                               \
    }                                                                                \
  } while (0)

// Each exception enabled in turn, and an operation that raises it.
static void test_traps(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_sigfpe;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &action, NULL);
  TRAP_CASE("divbyzero", FE_DIVBYZERO, one / zero);
  CHECK(trap_signal == SIGFPE && trap_code == FPE_FLTDIV);
  TRAP_CASE("invalid", FE_INVALID, zero / zero);
  CHECK(trap_signal == SIGFPE && trap_code == FPE_FLTINV);
  TRAP_CASE("overflow", FE_OVERFLOW, big * three);
  CHECK(trap_signal == SIGFPE && trap_code == FPE_FLTOVF);
  TRAP_CASE("underflow", FE_UNDERFLOW, small / three);
  TRAP_CASE("inexact", FE_INEXACT, one / three);
  TRAP_CASE("exact", FE_INEXACT, one + three);
  CHECK(trap_signal == 0);
  TRAP_CASE("other", FE_OVERFLOW, one / zero);
  CHECK(trap_signal == 0);
  printf("enabled after all: %d\n", fegetexcept());
}

int main(void) {
  test_flags();
  test_traps();
  return guest_finish("fpu_except");
}
