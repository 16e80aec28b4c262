// process: what a program learns about its process and how it manages
// memory through system calls: argv/environment, uname, ids, clocks and
// sleeping (properties only, never values that change), getrandom, page
// size and auxiliary vector, brk/sbrk, mmap/mprotect/mremap/munmap with the
// contents kept, atexit handlers at exit.
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

// atexit handlers: they print in reverse order of registration.
static void at_exit_first(void) { printf("atexit handlers run in reverse: first registered\n"); }
static void at_exit_second(void) { printf("atexit handlers run in reverse: second registered\n"); }

// Arguments, environment, names and ids, auxiliary vector.
static void test_identity(int argc, char** argv) {
  const char* slash = strrchr(argv[0], '/');
  printf("argc %d, program %s\n", argc, slash ? slash + 1 : argv[0]);
  for (int i = 1; i < argc; i++) printf("argv[%d] = \"%s\"\n", i, argv[i]);
  printf("LC_ALL=%s HOME=%s\n", getenv("LC_ALL") ? getenv("LC_ALL") : "(unset)",
         getenv("HOME") ? getenv("HOME") : "(unset)");
  struct utsname names;
  CHECK(uname(&names) == 0);
  printf("uname: %s %s\n", names.sysname, names.machine);
  printf("pid > 1: %d, pid == tid: %d, ppid != pid: %d, uid == euid: %d, gid == egid: %d\n",
         getpid() > 1, getpid() == gettid(), getppid() != getpid(), getuid() == geteuid(),
         getgid() == getegid());
  printf("page size %ld, AT_PAGESZ %lu, AT_RANDOM set %d, AT_ENTRY set %d\n", sysconf(_SC_PAGESIZE),
         getauxval(AT_PAGESZ), getauxval(AT_RANDOM) != 0, getauxval(AT_ENTRY) != 0);
  struct rlimit limit;
  printf("getrlimit(RLIMIT_STACK) %d\n", getrlimit(RLIMIT_STACK, &limit));
}

// A timespec in seconds.
static double seconds(const struct timespec* t) { return (double)t->tv_sec + (double)t->tv_nsec * 1e-9; }

// Clocks, sleeping and getrandom: only properties, never values.
static void test_time(void) {
  struct timespec m1, m2, r;
  clock_gettime(CLOCK_MONOTONIC, &m1);
  struct timespec pause = {0, 2000000};
  int slept = nanosleep(&pause, NULL);
  clock_gettime(CLOCK_MONOTONIC, &m2);
  clock_gettime(CLOCK_REALTIME, &r);
  struct timeval tv;
  gettimeofday(&tv, NULL);
  time_t now = time(NULL);
  printf("nanosleep %d, monotonic advanced by >= 2 ms: %d\n", slept, seconds(&m2) - seconds(&m1) >= 0.002);
  printf("realtime after 2020: %d, time() agrees: %d, gettimeofday agrees: %d\n",
         r.tv_sec > 1577836800, now - r.tv_sec >= 0 && now - r.tv_sec < 5,
         tv.tv_sec - r.tv_sec >= 0 && tv.tv_sec - r.tv_sec < 5);
  struct timespec resolution;
  printf("clock_getres monotonic %d\n", clock_getres(CLOCK_MONOTONIC, &resolution));
  unsigned char random_bytes[16];
  printf("getrandom returned %zd\n", getrandom(random_bytes, sizeof random_bytes, 0));
}

// brk/sbrk and the mmap family, with contents checked.
static void test_memory(void) {
  char* before = sbrk(0);
  char* grown = sbrk(65536);
  char* after = sbrk(0);
  printf("sbrk: old break returned %d, grew by %ld\n", grown == before, (long)(after - before));
  memset(grown, 0x5a, 65536);
  sbrk(-65536);
  printf("sbrk shrink back: %d\n", sbrk(0) == before);
  const size_t page = 4096;
  unsigned char* area = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(area != MAP_FAILED);
  int zero = 1;
  for (size_t i = 0; i < 3 * page; i++) zero &= area[i] == 0;
  for (size_t i = 0; i < 3 * page; i++) area[i] = (unsigned char)(i * 7);
  printf("mmap: zero-filled %d\n", zero);
  // (QEMU 7.2's mremap refuses ranges of mixed protection: mprotect after it.)
  unsigned char* moved = mremap(area, 3 * page, 64 * page, MREMAP_MAYMOVE);
  CHECK(moved != MAP_FAILED);
  int kept = 1;
  for (size_t i = 0; i < 3 * page; i++) kept &= moved[i] == (unsigned char)(i * 7);
  int tail_zero = 1;
  moved[40 * page] = 1;  // the new part is usable (and was zero)
  for (size_t i = 3 * page; i < 40 * page; i++) tail_zero &= moved[i] == 0;
  printf("mremap to 64 pages: contents kept %d, new pages zero %d\n", kept, tail_zero);
  printf("mprotect a middle page read-only %d\n", mprotect(moved + page, page, PROT_READ));
  printf("munmap %d\n", munmap(moved, 64 * page));
  unsigned char* fixed_hint = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("PROT_NONE mapping %d, made writable %d\n", fixed_hint != MAP_FAILED,
         mprotect(fixed_hint, page, PROT_READ | PROT_WRITE));
  fixed_hint[0] = 1;
  munmap(fixed_hint, page);
  CHECK(zero && kept && tail_zero);
}

int main(int argc, char** argv) {
  atexit(at_exit_first);
  atexit(at_exit_second);
  fprintf(stderr, "process: a line on stderr, unbuffered\n");
  test_identity(argc, argv);
  test_time();
  test_memory();
  return guest_finish("process");
}
