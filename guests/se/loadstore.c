// loadstore: every load and store width with its sign or zero extension
// (lb/lbu/lh/lhu/lw/lwu/ld, sb/sh/sw/sd), the FPU loads and stores including
// the MIPS IV indexed forms (lwxc1/ldxc1/swxc1/sdxc1), ll/sc and lld/scd
// (alone and inside gcc's __atomic builtins), sync and prefetch.
#include "guest.h"

static unsigned char memory[64] __attribute__((aligned(16)));

// Fills the buffer with recognisable bytes.
static void fill(void) {
  for (int i = 0; i < 64; i++) memory[i] = (unsigned char)(0x80 + i * 9);
}

// Prints the first bytes of the buffer.
static void show_memory(const char* label) {
  printf("%-6s", label);
  for (int i = 0; i < 24; i++) printf(" %02x", memory[i]);
  printf("\n");
}

// Loads of each width at each aligned offset, through inline asm.
#define LOAD(insn, offset)                                                     \
  ({                                                                           \
    uint64_t value_;                                                           \
    __asm__ volatile(insn " %0, %2(%1)" : "=r"(value_) : "r"(memory), "i"(offset) : "memory"); \
    value_;                                                                    \
  })

// Every integer load width, signed and unsigned.
static void test_integer_loads(void) {
  fill();
  printf("lb   %016llx %016llx\n", (unsigned long long)LOAD("lb", 0), (unsigned long long)LOAD("lb", 7));
  printf("lbu  %016llx %016llx\n", (unsigned long long)LOAD("lbu", 0), (unsigned long long)LOAD("lbu", 7));
  printf("lh   %016llx %016llx\n", (unsigned long long)LOAD("lh", 0), (unsigned long long)LOAD("lh", 6));
  printf("lhu  %016llx %016llx\n", (unsigned long long)LOAD("lhu", 0), (unsigned long long)LOAD("lhu", 6));
  printf("lw   %016llx %016llx\n", (unsigned long long)LOAD("lw", 0), (unsigned long long)LOAD("lw", 12));
  printf("lwu  %016llx %016llx\n", (unsigned long long)LOAD("lwu", 0), (unsigned long long)LOAD("lwu", 12));
  printf("ld   %016llx %016llx\n", (unsigned long long)LOAD("ld", 0), (unsigned long long)LOAD("ld", 8));
  CHECK(LOAD("lbu", 0) == 0x80 && LOAD("lb", 0) == 0xffffffffffffff80ULL);
  CHECK(LOAD("lwu", 0) >> 32 == 0);
}

// Every integer store width.
static void test_integer_stores(void) {
  const uint64_t value = 0xfedcba9876543210ULL;
  memset(memory, 0, sizeof memory);
  __asm__ volatile("sb %0, 1(%1)\n\tsh %0, 2(%1)\n\tsw %0, 4(%1)\n\tsd %0, 8(%1)"
                   : : "r"(value), "r"(memory) : "memory");
  show_memory("stores");
  uint64_t back;
  memcpy(&back, memory + 8, 8);
  CHECK(back == value && memory[1] == 0x10);
}

// FPU loads and stores, base+offset and indexed.
static void test_fpu_loads_stores(void) {
  fill();
  double d, dx;
  float f, fx;
  int64_t index = 16;
  __asm__ volatile("ldc1 %0, 8(%4)\n\t"
                   "lwc1 %1, 4(%4)\n\t"
                   "ldxc1 %2, %5(%4)\n\t"
                   "lwxc1 %3, %5(%4)"
                   : "=f"(d), "=f"(f), "=f"(dx), "=f"(fx)
                   : "r"(memory), "r"(index)
                   : "memory");
  printf("ldc1 %016llx lwc1 %08x ldxc1 %016llx lwxc1 %08x\n", (unsigned long long)bits64(d),
         bits32(f), (unsigned long long)bits64(dx), bits32(fx));
  memset(memory, 0, sizeof memory);
  index = 24;
  __asm__ volatile("sdc1 %0, 0(%2)\n\t"
                   "swc1 %1, 8(%2)\n\t"
                   "sdxc1 %0, %3(%2)\n\t"
                   "swxc1 %1, %4(%2)"
                   : : "f"(-2.5), "f"(0.75f), "r"(memory), "r"(index - 8), "r"(index)
                   : "memory");
  show_memory("fstore");
  double check;
  memcpy(&check, memory + 16, 8);
  CHECK(check == -2.5);
}

// Load-linked/store-conditional alone and in atomics; sync; pref.
static void test_linked(void) {
  static int32_t word = 10;
  static int64_t dword = 1LL << 50;
  uint64_t loaded, success;
  __asm__ volatile("ll %0, 0(%2)\n\taddiu %0, %0, 5\n\tsc %0, 0(%2)\n\tmove %1, %0"
                   : "=&r"(loaded), "=&r"(success) : "r"(&word) : "memory");
  printf("ll/sc: success %llu word %d\n", (unsigned long long)success, word);
  __asm__ volatile("lld %0, 0(%2)\n\tdaddiu %0, %0, 7\n\tscd %0, 0(%2)\n\tmove %1, %0"
                   : "=&r"(loaded), "=&r"(success) : "r"(&dword) : "memory");
  printf("lld/scd: success %llu dword %llx\n", (unsigned long long)success, (unsigned long long)dword);
  CHECK(word == 15 && dword == (1LL << 50) + 7);
  // gcc's atomics are ll/sc loops with sync barriers.
  int32_t counter32 = 0;
  int64_t counter64 = 0;
  for (int i = 0; i < 1000; i++) {
    __atomic_fetch_add(&counter32, i, __ATOMIC_SEQ_CST);
    __atomic_fetch_sub(&counter64, 3 * i, __ATOMIC_ACQ_REL);
    __atomic_fetch_xor(&counter32, 1 << (i & 15), __ATOMIC_RELAXED);
    __atomic_fetch_or(&counter64, 1LL << (i % 63), __ATOMIC_RELAXED);
  }
  int64_t expected = counter64;
  int swapped = __atomic_compare_exchange_n(&counter64, &expected, 42, 0, __ATOMIC_SEQ_CST,
                                            __ATOMIC_SEQ_CST);
  int64_t wrong_expected = 7;
  int not_swapped = !__atomic_compare_exchange_n(&counter64, &wrong_expected, 43, 0,
                                                 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  int32_t old = __atomic_exchange_n(&counter32, -1, __ATOMIC_SEQ_CST);
  printf("atomics: counter32 was %d, cas %d %d, counter64 %lld, seen %lld\n", old, swapped,
         not_swapped, (long long)counter64, (long long)wrong_expected);
  CHECK(swapped && not_swapped && counter64 == 42 && wrong_expected == 42 && counter32 == -1);
  __asm__ volatile("sync\n\tpref 0, 0(%0)\n\tpref 1, 64(%0)" : : "r"(memory) : "memory");
  __builtin_prefetch(memory + 32, 1, 3);
  printf("sync and prefetch done\n");
}

int main(void) {
  test_integer_loads();
  test_integer_stores();
  test_fpu_loads_stores();
  test_linked();
  return guest_finish("loadstore");
}
