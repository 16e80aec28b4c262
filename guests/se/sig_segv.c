// sig_segv: memory faults delivered as SIGSEGV: a load from an unmapped low
// address (SEGV_MAPERR), a store to a read-only mapping (SEGV_ACCERR), a
// load from a freed munmap region, each caught by a handler that siglongjmps
// out; fault addresses are printed relative to the mapping.
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#include "guest.h"

static sigjmp_buf fault_env;
static volatile int fault_signal, fault_code;
static void* volatile fault_address;

// Records the fault and returns to the sigsetjmp.
static void on_fault(int sig, siginfo_t* info, void* context) {
  (void)context;
  fault_signal = sig;
  fault_code = info->si_code;
  fault_address = info->si_addr;
  siglongjmp(fault_env, 1);
}

// The name of a SIGSEGV si_code.
static const char* code_name(int code) {
  return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

int main(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &action, NULL);
  volatile int faults = 0;

  volatile int* volatile bad = (volatile int*)16;
  if (sigsetjmp(fault_env, 1) == 0) {
    printf("read %d from address 16 (no fault)\n", *bad);
  } else {
    printf("load from 16: signal %d %s address %p\n", fault_signal, code_name(fault_code),
           fault_address);
    faults += fault_code == SEGV_MAPERR && fault_address == (void*)16;
  }

  char* page = mmap(NULL, 4 * 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(page != MAP_FAILED);
  page[100] = 42;
  mprotect(page, 65536, PROT_READ);
  if (sigsetjmp(fault_env, 1) == 0) {
    ((volatile char*)page)[123] = 1;
    printf("store to read-only page succeeded\n");
  } else {
    printf("store to read-only: signal %d %s offset %ld, value kept %d\n", fault_signal,
           code_name(fault_code), (long)((char*)fault_address - page), page[100]);
    faults += fault_code == SEGV_ACCERR && (char*)fault_address == page + 123;
  }

  munmap(page + 2 * 65536, 65536);
  if (sigsetjmp(fault_env, 1) == 0) {
    printf("read %d from unmapped page (no fault)\n", ((volatile char*)page)[2 * 65536 + 8]);
  } else {
    printf("load from unmapped: signal %d %s offset %ld\n", fault_signal, code_name(fault_code),
           (long)((char*)fault_address - page));
    faults += fault_code == SEGV_MAPERR;
  }
  // The handler keeps working after several faults, and memory still does.
  page[3 * 65536] = 7;
  printf("faults caught: %d of 3, later page still usable: %d\n", faults, page[3 * 65536]);
  CHECK(faults == 3);
  return guest_finish("sig_segv");
}
