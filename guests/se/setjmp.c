// setjmp: non-local exits with setjmp/longjmp and sigsetjmp/siglongjmp
// (including the signal mask they restore), from deep recursion, with
// callee-saved integer and floating-point registers live across the jump.
#include <setjmp.h>
#include <signal.h>

#include "guest.h"

static jmp_buf jump_buffer;
static int depth_reached;

// Recurses, then jumps back out of all frames at once.
static void descend(int depth, int limit) {
  volatile char frame[64];
  frame[depth % 64] = (char)depth;
  depth_reached = depth + frame[depth % 64] - (char)depth;
  if (depth >= limit) longjmp(jump_buffer, depth);
  if (depth < 100000) descend(depth + 1, limit);
}

static sigjmp_buf signal_jump_buffer;

// Whether the current signal mask blocks SIGUSR1.
static int mask_blocks_usr1(void) {
  sigset_t current;
  sigprocmask(SIG_BLOCK, NULL, &current);
  return sigismember(&current, SIGUSR1);
}

int main(void) {
  // longjmp(…, 0) must make setjmp return 1.
  volatile int rounds = 0;
  int value = setjmp(jump_buffer);
  printf("setjmp returned %d\n", value);
  rounds++;
  if (rounds == 1) longjmp(jump_buffer, 0);
  if (rounds == 2) longjmp(jump_buffer, 42);
  CHECK(rounds == 3 && value == 42);
  // Out of deep recursion, with locals in callee-saved registers.
  volatile double kept_double = 2.718281828;
  volatile long kept_long = 0x1234567890abcdefL;
  for (volatile int limit = 1; limit <= 1000; limit *= 10) {
    int got = setjmp(jump_buffer);
    if (got == 0) descend(0, limit);
    printf("jumped back from depth %d (reached %d) kept %.9f %lx\n", got, depth_reached, kept_double,
           kept_long);
    CHECK(got == limit);
  }
  // sigsetjmp with savemask=1 restores the mask; savemask=0 does not.
  for (volatile int save = 0; save <= 1; save++) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (sigsetjmp(signal_jump_buffer, save) == 0) {
      sigset_t usr1;
      sigemptyset(&usr1);
      sigaddset(&usr1, SIGUSR1);
      sigprocmask(SIG_BLOCK, &usr1, NULL);
      siglongjmp(signal_jump_buffer, 1);
    }
    printf("sigsetjmp savemask %d: SIGUSR1 blocked after jump: %d\n", save, mask_blocks_usr1());
    CHECK(mask_blocks_usr1() == !save);
  }
  return guest_finish("setjmp");
}
