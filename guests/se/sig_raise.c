// sig_raise: signals a process sends itself. raise() and kill() with
// SA_SIGINFO handlers, blocked signals staying pending until unblocked (and
// then delivered at once), SIG_IGN, SA_RESETHAND, a handler that raises
// another signal, sigsuspend-free waiting via sigpending, and the exit code.
#include <signal.h>
#include <unistd.h>

#include "guest.h"

static volatile int deliveries[65];
static volatile int order[16], order_length;
static volatile int from_self, last_code;

// Counts deliveries and their order; the first SIGUSR2 raises SIGHUP from inside the handler.
static void on_signal(int sig, siginfo_t* info, void* context) {
  (void)context;
  deliveries[sig]++;
  if (order_length < 16) order[order_length++] = sig;
  from_self = info->si_pid == getpid();
  last_code = info->si_code;
  if (sig == SIGUSR2 && deliveries[SIGUSR2] == 1) raise(SIGHUP);
}

// Installs on_signal for sig with SA_SIGINFO and flags.
static void install(int sig, int flags) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_signal;
  action.sa_flags = SA_SIGINFO | flags;
  sigaction(sig, &action, NULL);
}

int main(void) {
  install(SIGUSR1, 0);
  install(SIGUSR2, 0);
  install(SIGHUP, 0);
  install(SIGALRM, SA_RESETHAND);
  raise(SIGUSR1);
  printf("raise(SIGUSR1): delivered %d, from self %d, si_code %s\n", deliveries[SIGUSR1], from_self,
         last_code == SI_TKILL ? "SI_TKILL" : last_code == SI_USER ? "SI_USER" : "other");
  kill(getpid(), SIGUSR1);
  printf("kill(self, SIGUSR1): delivered %d, from self %d, si_code %s\n", deliveries[SIGUSR1],
         from_self, last_code == SI_USER ? "SI_USER" : "other");
  CHECK(deliveries[SIGUSR1] == 2);
  // A handler that raises another signal: nested delivery.
  raise(SIGUSR2);
  printf("SIGUSR2 handler raised SIGHUP: usr2 %d hup %d\n", deliveries[SIGUSR2], deliveries[SIGHUP]);
  CHECK(deliveries[SIGHUP] == 1);
  // Blocked signals stay pending, are not queued twice, and arrive on unblock.
  sigset_t block, pending;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, NULL);
  order_length = 0;
  raise(SIGUSR2);
  raise(SIGUSR1);
  raise(SIGUSR1);
  sigpending(&pending);
  printf("while blocked: pending usr1 %d usr2 %d, delivered so far %d\n",
         sigismember(&pending, SIGUSR1), sigismember(&pending, SIGUSR2), order_length);
  CHECK(order_length == 0 && sigismember(&pending, SIGUSR1));
  sigprocmask(SIG_UNBLOCK, &block, NULL);
  printf("after unblock: %d deliveries:", order_length);
  for (int i = 0; i < order_length; i++) printf(" %d", order[i]);
  printf("\n");
  CHECK(order_length == 2);
  // SIG_IGN: nothing happens.
  signal(SIGUSR1, SIG_IGN);
  raise(SIGUSR1);
  printf("ignored SIGUSR1: deliveries still %d\n", deliveries[SIGUSR1]);
  CHECK(deliveries[SIGUSR1] == 3);
  // SA_RESETHAND: the second SIGALRM would take the default action, so only
  // check that the disposition went back to SIG_DFL.
  raise(SIGALRM);
  struct sigaction now;
  sigaction(SIGALRM, NULL, &now);
  printf("SA_RESETHAND: delivered %d, handler reset to default %d\n", deliveries[SIGALRM],
         now.sa_handler == SIG_DFL);
  CHECK(deliveries[SIGALRM] == 1 && now.sa_handler == SIG_DFL);
  return guest_finish("sig_raise");
}
