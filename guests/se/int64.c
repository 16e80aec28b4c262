// int64: 64-bit integer corner cases of the MIPS integer unit. Trapping
// add/sub overflow caught with a SIGFPE handler; mult/div families through
// inline asm (including division by zero and INT_MIN/-1, architecturally
// unpredictable: the values printed are QEMU's); shifts of every amount;
// rotates; logic ops; sign/zero extension; set-on-less-than; clz/clo.
#include <setjmp.h>
#include <signal.h>

#include "guest.h"

static sigjmp_buf trap_env;
static volatile int trap_signal, trap_code;

// Catches an overflow trap and returns to the sigsetjmp in the test.
static void on_sigfpe(int sig, siginfo_t* info, void* context) {
  (void)context;
  trap_signal = sig;
  trap_code = info->si_code;
  siglongjmp(trap_env, 1);
}

// Runs one trapping arithmetic instruction; prints the result or the trap.
#define TRAP_OP(label, asm_text, a, b)                                          \
  do {                                                                          \
    int64_t result_ = 0;                                                        \
    trap_signal = 0;                                                            \
    if (sigsetjmp(trap_env, 1) == 0) {                                          \
      __asm__ volatile(asm_text : "=r"(result_) : "r"((int64_t)(a)), "r"((int64_t)(b))); \
      printf("%-8s %016llx %016llx -> %016llx\n", label, (unsigned long long)(a), \
             (unsigned long long)(b), (unsigned long long)result_);             \
    } else {                                                                    \
      printf("%-8s %016llx %016llx -> trap signal %d code %d\n", label,         \
             (unsigned long long)(a), (unsigned long long)(b), trap_signal, trap_code); \
    }                                                                           \
  } while (0)

// add/addi/sub/dadd/daddi/dsub with and without overflow; the unsigned forms never trap.
static void test_overflow_traps(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_sigfpe;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &action, NULL);
  const int64_t i32max = 0x7fffffff, i32min = -0x80000000LL;
  const int64_t i64max = INT64_MAX, i64min = INT64_MIN;
  TRAP_OP("add", "add %0, %1, %2", 1, 2);
  TRAP_OP("add", "add %0, %1, %2", i32max, 1);
  TRAP_OP("add", "add %0, %1, %2", i32min, -1);
  TRAP_OP("add", "add %0, %1, %2", i32min, i32max);
  TRAP_OP("addi", "addi %0, %1, 32767", i32max - 32767, 0);
  TRAP_OP("addi", "addi %0, %1, 32767", i32max - 32766, 0);
  TRAP_OP("addi", "addi %0, %1, -32768", i32min + 32768, 0);
  TRAP_OP("addi", "addi %0, %1, -32768", i32min + 32767, 0);
  TRAP_OP("sub", "sub %0, %1, %2", i32min, 1);
  TRAP_OP("sub", "sub %0, %1, %2", 0, i32min);
  TRAP_OP("sub", "sub %0, %1, %2", -1, i32min);
  TRAP_OP("dadd", "dadd %0, %1, %2", i64max, 1);
  TRAP_OP("dadd", "dadd %0, %1, %2", i64max, -1);
  TRAP_OP("dadd", "dadd %0, %1, %2", i64min, -1);
  TRAP_OP("dadd", "dadd %0, %1, %2", i32max, 1);
  TRAP_OP("daddi", "daddi %0, %1, 1", i64max, 0);
  TRAP_OP("daddi", "daddi %0, %1, -1", i64min, 0);
  TRAP_OP("daddi", "daddi %0, %1, -1", i64min + 1, 0);
  TRAP_OP("dsub", "dsub %0, %1, %2", i64min, 1);
  TRAP_OP("dsub", "dsub %0, %1, %2", 0, i64min);
  TRAP_OP("dsub", "dsub %0, %1, %2", -1, i64min);
  TRAP_OP("addu", "addu %0, %1, %2", i32max, 1);
  TRAP_OP("daddu", "daddu %0, %1, %2", i64max, 1);
  TRAP_OP("subu", "subu %0, %1, %2", i32min, 1);
  TRAP_OP("dsubu", "dsubu %0, %1, %2", i64min, 1);
  CHECK(trap_signal == 0);
  signal(SIGFPE, SIG_DFL);
}

// HI/LO producing instructions: one asm per instruction, then mfhi/mflo.
#define HILO_FN(fn_name, insn)                                                       \
  static void fn_name(int64_t a, int64_t b, uint64_t* hi, uint64_t* lo) {            \
    __asm__ volatile(insn " $0, %2, %3\n\tmfhi %0\n\tmflo %1" : "=r"(*hi), "=r"(*lo) \
                     : "r"(a), "r"(b)                                                \
                     : "hi", "lo");                                                  \
  }
#define HILO_FN2(fn_name, insn)                                                      \
  static void fn_name(int64_t a, int64_t b, uint64_t* hi, uint64_t* lo) {            \
    __asm__ volatile(insn " %2, %3\n\tmfhi %0\n\tmflo %1" : "=r"(*hi), "=r"(*lo)     \
                     : "r"(a), "r"(b)                                                \
                     : "hi", "lo");                                                  \
  }
HILO_FN2(do_mult, "mult")
HILO_FN2(do_multu, "multu")
HILO_FN2(do_dmult, "dmult")
HILO_FN2(do_dmultu, "dmultu")
HILO_FN(do_div, "div")
HILO_FN(do_divu, "divu")
HILO_FN(do_ddiv, "ddiv")
HILO_FN(do_ddivu, "ddivu")

// madd/msub accumulate into HI/LO preset by mthi/mtlo.
#define ACC_FN(fn_name, insn)                                                        \
  static void fn_name(int64_t a, int64_t b, uint64_t* hi, uint64_t* lo) {            \
    __asm__ volatile("mthi %4\n\tmtlo %5\n\t" insn " %2, %3\n\tmfhi %0\n\tmflo %1"    \
                     : "=r"(*hi), "=r"(*lo)                                          \
                     : "r"(a), "r"(b), "r"(*hi), "r"(*lo)                            \
                     : "hi", "lo");                                                  \
  }
ACC_FN(do_madd, "madd")
ACC_FN(do_maddu, "maddu")
ACC_FN(do_msub, "msub")
ACC_FN(do_msubu, "msubu")

typedef void (*hilo_fn)(int64_t, int64_t, uint64_t*, uint64_t*);

// Runs one HI/LO instruction from a known HI/LO and prints both.
static void show_hilo(const char* name, hilo_fn fn, int64_t a, int64_t b) {
  uint64_t hi = 0x0123456789abcdefULL, lo = 0xfedcba9876543210ULL;
  fn(a, b, &hi, &lo);
  printf("%-7s %016llx %016llx -> hi %016llx lo %016llx\n", name, (unsigned long long)a,
         (unsigned long long)b, (unsigned long long)hi, (unsigned long long)lo);
}

// Every mult/div instruction on every pair of corner values.
static void test_mult_div(void) {
  // 32-bit operands must be sign-extended 32-bit values in the registers.
  static const int32_t w[] = {0, 1, -1, 2, -2, 7, -7, 0x7fffffff, (int32_t)0x80000000, 0x12345678,
                              (int32_t)0xdeadbeef, 65536, -65536};
  static const int64_t d[] = {0, 1, -1, 3, -3, INT64_MAX, INT64_MIN, 0x123456789abcdefLL,
                              (int64_t)0xfedcba9876543210ULL, 1LL << 32, -(1LL << 32), 0xffffffffLL};
  const int nw = sizeof w / sizeof w[0], nd = sizeof d / sizeof d[0];
  for (int i = 0; i < nw; i++)
    for (int j = 0; j < nw; j++) {
      show_hilo("mult", do_mult, w[i], w[j]);
      show_hilo("multu", do_multu, w[i], w[j]);
      show_hilo("div", do_div, w[i], w[j]);
      show_hilo("divu", do_divu, w[i], w[j]);
      show_hilo("madd", do_madd, w[i], w[j]);
      show_hilo("maddu", do_maddu, w[i], w[j]);
      show_hilo("msub", do_msub, w[i], w[j]);
      show_hilo("msubu", do_msubu, w[i], w[j]);
    }
  for (int i = 0; i < nd; i++)
    for (int j = 0; j < nd; j++) {
      show_hilo("dmult", do_dmult, d[i], d[j]);
      show_hilo("dmultu", do_dmultu, d[i], d[j]);
      show_hilo("ddiv", do_ddiv, d[i], d[j]);
      show_hilo("ddivu", do_ddivu, d[i], d[j]);
    }
  // Self-checks of the defined cases.
  uint64_t hi, lo;
  do_dmultu(-1, -1, &hi, &lo);
  CHECK(hi == 0xfffffffffffffffeULL && lo == 1);
  do_dmult(INT64_MIN, -1, &hi, &lo);
  CHECK(hi == 0 && lo == (uint64_t)INT64_MIN);
  do_ddiv(-7, 2, &hi, &lo);
  CHECK((int64_t)lo == -3 && (int64_t)hi == -1);
  do_div(0x7fffffff, -1, &hi, &lo);
  CHECK((int64_t)lo == -0x7fffffff && hi == 0);
  // The C operators (with gcc's divide-by-zero teq guard) and mul.
  volatile int64_t x = -1000000007, y = 97;
  volatile int32_t p = 123456789, q = -1000;
  printf("C: %lld %lld %lld %d %d %d\n", (long long)(x / y), (long long)(x % y),
         (long long)(x * y), p / q, p % q, p * q);
  CHECK(x / y == -10309278 && x % y == -41);
}

// Hashes and prints every shift amount for one value.
#define SHIFT_ROW(n)                                                                       \
  printf("sh %2d: %016llx %016llx %016llx", n, (unsigned long long)(v << n),               \
         (unsigned long long)(v >> n), (unsigned long long)((int64_t)v >> n));             \
  if (n < 32)                                                                              \
    printf(" %08x %08x %08x", (unsigned)(w << (n & 31)), (unsigned)(w >> (n & 31)),        \
           (unsigned)((int32_t)w >> (n & 31)));                                            \
  printf("\n");

// Shifts by constant and variable amounts.
static void test_shifts(void) {
  const uint64_t v = 0x8badf00ddeadbeefULL;
  const uint32_t w = 0x9e3779b9u;
  // Constant amounts: sll/srl/sra and dsll/dsrl/dsra/dsll32/dsrl32/dsra32.
  SHIFT_ROW(0) SHIFT_ROW(1) SHIFT_ROW(2) SHIFT_ROW(3) SHIFT_ROW(4) SHIFT_ROW(5) SHIFT_ROW(6)
  SHIFT_ROW(7) SHIFT_ROW(8) SHIFT_ROW(9) SHIFT_ROW(10) SHIFT_ROW(11) SHIFT_ROW(12) SHIFT_ROW(13)
  SHIFT_ROW(14) SHIFT_ROW(15) SHIFT_ROW(16) SHIFT_ROW(17) SHIFT_ROW(18) SHIFT_ROW(19)
  SHIFT_ROW(20) SHIFT_ROW(21) SHIFT_ROW(22) SHIFT_ROW(23) SHIFT_ROW(24) SHIFT_ROW(25)
  SHIFT_ROW(26) SHIFT_ROW(27) SHIFT_ROW(28) SHIFT_ROW(29) SHIFT_ROW(30) SHIFT_ROW(31)
  SHIFT_ROW(32) SHIFT_ROW(33) SHIFT_ROW(34) SHIFT_ROW(35) SHIFT_ROW(36) SHIFT_ROW(37)
  SHIFT_ROW(38) SHIFT_ROW(39) SHIFT_ROW(40) SHIFT_ROW(41) SHIFT_ROW(42) SHIFT_ROW(43)
  SHIFT_ROW(44) SHIFT_ROW(45) SHIFT_ROW(46) SHIFT_ROW(47) SHIFT_ROW(48) SHIFT_ROW(49)
  SHIFT_ROW(50) SHIFT_ROW(51) SHIFT_ROW(52) SHIFT_ROW(53) SHIFT_ROW(54) SHIFT_ROW(55)
  SHIFT_ROW(56) SHIFT_ROW(57) SHIFT_ROW(58) SHIFT_ROW(59) SHIFT_ROW(60) SHIFT_ROW(61)
  SHIFT_ROW(62) SHIFT_ROW(63)
  // Variable amounts (sllv/srlv/srav/dsllv/dsrlv/dsrav), including amounts
  // above the width, which the hardware masks: done in asm since C says UB.
  uint64_t hash = FNV_OFFSET;
  for (volatile int n = 0; n < 80; n++) {
    uint64_t r[6];
    __asm__("sllv %0, %1, %2" : "=r"(r[0]) : "r"((int64_t)(int32_t)w), "r"(n));
    __asm__("srlv %0, %1, %2" : "=r"(r[1]) : "r"((int64_t)(int32_t)w), "r"(n));
    __asm__("srav %0, %1, %2" : "=r"(r[2]) : "r"((int64_t)(int32_t)w), "r"(n));
    __asm__("dsllv %0, %1, %2" : "=r"(r[3]) : "r"(v), "r"(n));
    __asm__("dsrlv %0, %1, %2" : "=r"(r[4]) : "r"(v), "r"(n));
    __asm__("dsrav %0, %1, %2" : "=r"(r[5]) : "r"(v), "r"(n));
    hash = fnv1a(hash, r, sizeof r);
    if (n % 8 == 7) printf("variable shifts to %2d: %016llx\n", n, (unsigned long long)hash);
    if (n == 33) CHECK(r[0] == 0x3c6ef372ULL && r[3] == (v << 33));
  }
}

// Rotates, logic, extension, byte swaps, bit fields, slt, leading-bit counts.
static void test_rotates_and_bits(void) {
  volatile uint64_t v = 0x0123456789abcdefULL;
  volatile uint32_t w = 0x80000001u;
  for (int n = 0; n < 64; n += 7) {
    uint64_t r64 = (v >> n) | (v << ((64 - n) & 63));
    uint32_t r32 = (w >> (n & 31)) | (w << ((32 - (n & 31)) & 31));
    printf("rot %2d: %016llx %08x\n", n, (unsigned long long)r64, r32);
  }
  uint64_t r;
  __asm__("rotr %0, %1, 4" : "=r"(r) : "r"((int64_t)(int32_t)w));
  printf("rotr 4: %016llx\n", (unsigned long long)r);
  CHECK(r == 0x18000000ULL);
  __asm__("drotr32 %0, %1, 4" : "=r"(r) : "r"(v));
  printf("drotr32 4: %016llx\n", (unsigned long long)r);
  CHECK(r == 0x789abcdef0123456ULL);
  volatile uint64_t a = 0xf0f0ff00aa55cc33ULL, b = 0x0ff00ff0ffff0000ULL;
  printf("and %016llx or %016llx xor %016llx nor %016llx\n", (unsigned long long)(a & b),
         (unsigned long long)(a | b), (unsigned long long)(a ^ b), (unsigned long long)~(a | b));
  printf("andi %016llx ori %016llx xori %016llx lui %016llx\n", (unsigned long long)(a & 0xffff),
         (unsigned long long)(a | 0x8001), (unsigned long long)(a ^ 0x7ffe),
         (unsigned long long)(int64_t)(int32_t)((uint32_t)(uint16_t)b << 16 | 0x80000000u));
  // Sign and zero extension, byte swaps, bit-field extract/insert.
  printf("seb %lld seh %lld zeb %llu zeh %llu zew %llu sew %lld\n", (long long)(int8_t)a,
         (long long)(int16_t)a, (unsigned long long)(uint8_t)a, (unsigned long long)(uint16_t)a,
         (unsigned long long)(uint32_t)a, (long long)(int32_t)a);
  printf("bswap32 %08x bswap64 %016llx bswap16 %04x\n", __builtin_bswap32((uint32_t)a),
         (unsigned long long)__builtin_bswap64(a), __builtin_bswap16((uint16_t)a));
  struct { uint64_t lo : 5, mid : 27, hi : 32; } bf;
  memcpy(&bf, (const void*)&a, 8);
  printf("ext %llx %llx %llx\n", (unsigned long long)bf.lo, (unsigned long long)bf.mid,
         (unsigned long long)bf.hi);
  bf.mid = 0x5a5a5a5;
  bf.hi = 0x13579bdf;
  uint64_t inserted;
  memcpy(&inserted, &bf, 8);
  printf("ins %016llx\n", (unsigned long long)inserted);
  // Set-on-less-than with corner values, signed and unsigned, reg and imm.
  static const int64_t s[] = {INT64_MIN, -32769, -32768, -1, 0, 1, 32767, 32768, INT64_MAX};
  for (int i = 0; i < 9; i++) {
    volatile int64_t x = s[i];
    printf("slt %d%d%d%d%d%d\n", x < -1, (uint64_t)x < (uint64_t)-1, x < 32767,
           (uint64_t)x < 32767u, x < -32768, (uint64_t)x < (uint64_t)-32768LL);
  }
  // Count leading zeros/ones: clz/dclz/clo/dclo including 0 and all ones.
  static const uint64_t c[] = {0, 1, 0x80, 0xffff, 0x80000000ULL, 0xffffffffULL,
                               0x100000000ULL, 0x8000000000000000ULL, ~0ULL, 0x7fffffffffffffffULL};
  for (int i = 0; i < 10; i++) {
    uint64_t clz, dclz, clo, dclo;
    __asm__("clz %0, %1" : "=r"(clz) : "r"((int64_t)(int32_t)c[i]));
    __asm__("dclz %0, %1" : "=r"(dclz) : "r"(c[i]));
    __asm__("clo %0, %1" : "=r"(clo) : "r"((int64_t)(int32_t)c[i]));
    __asm__("dclo %0, %1" : "=r"(dclo) : "r"(c[i]));
    printf("clz %016llx: %llu %llu %llu %llu\n", (unsigned long long)c[i], (unsigned long long)clz,
           (unsigned long long)dclz, (unsigned long long)clo, (unsigned long long)dclo);
  }
  volatile uint64_t one = 1;
  CHECK(__builtin_clzll(one) == 63 && __builtin_ctzll(one << 40) == 40);
  CHECK(__builtin_popcountll(a) == 32);
}

int main(void) {
  test_overflow_traps();
  test_mult_div();
  test_shifts();
  test_rotates_and_bits();
  return guest_finish("int64");
}
