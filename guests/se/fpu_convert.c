// fpu_convert: MIPS FPU conversions (cvt/trunc/round/ceil/floor between
// single, double, word and long) on ordinary, halfway, out-of-range and NaN
// inputs, and the effect of every rounding mode (fesetround) on arithmetic,
// conversions and libm rounding functions. Bit patterns plus FCSR cause bits.
#include <fenv.h>
#include <float.h>
#include <math.h>

#include "guest.h"

// Double or single to a 32-bit word (result read back as the bits of a float).
#define TO_WORD(fn_name, insn, type)                                   \
  static uint32_t fn_name(type a, uint32_t* cause) {                   \
    float r;                                                           \
    uint32_t mode = fcsr_read() & 3;                                   \
    fcsr_write(mode);                                                  \
    __asm__ volatile(insn " %0, %1" : "=f"(r) : "f"(a));               \
    *cause = FCSR_CAUSE(fcsr_read());                                  \
    return bits32(r);                                                  \
  }
// Double or single to a 64-bit long.
#define TO_LONG(fn_name, insn, type)                                   \
  static uint64_t fn_name(type a, uint32_t* cause) {                   \
    double r;                                                          \
    uint32_t mode = fcsr_read() & 3;                                   \
    fcsr_write(mode);                                                  \
    __asm__ volatile(insn " %0, %1" : "=f"(r) : "f"(a));               \
    *cause = FCSR_CAUSE(fcsr_read());                                  \
    return bits64(r);                                                  \
  }
TO_WORD(cvt_w_d, "cvt.w.d", double)
TO_WORD(trunc_w_d, "trunc.w.d", double)
TO_WORD(round_w_d, "round.w.d", double)
TO_WORD(ceil_w_d, "ceil.w.d", double)
TO_WORD(floor_w_d, "floor.w.d", double)
TO_WORD(cvt_w_s, "cvt.w.s", float)
TO_WORD(trunc_w_s, "trunc.w.s", float)
TO_WORD(cvt_s_d, "cvt.s.d", double)
TO_LONG(cvt_l_d, "cvt.l.d", double)
TO_LONG(trunc_l_d, "trunc.l.d", double)
TO_LONG(round_l_d, "round.l.d", double)
TO_LONG(ceil_l_d, "ceil.l.d", double)
TO_LONG(floor_l_d, "floor.l.d", double)
TO_LONG(cvt_l_s, "cvt.l.s", float)
TO_LONG(cvt_d_s, "cvt.d.s", float)

// Integer (in an FPU register) to floating point.
static uint64_t cvt_d_w(int32_t w) {
  double r;
  __asm__ volatile("cvt.d.w %0, %1" : "=f"(r) : "f"(from_bits32((uint32_t)w)));
  return bits64(r);
}
static uint64_t cvt_d_l(int64_t l) {
  double r;
  __asm__ volatile("cvt.d.l %0, %1" : "=f"(r) : "f"(from_bits64((uint64_t)l)));
  return bits64(r);
}
static uint32_t cvt_s_l(int64_t l) {
  float r;
  __asm__ volatile("cvt.s.l %0, %1" : "=f"(r) : "f"(from_bits64((uint64_t)l)));
  return bits32(r);
}
static uint32_t cvt_s_w(int32_t w) {
  float r;
  __asm__ volatile("cvt.s.w %0, %1" : "=f"(r) : "f"(from_bits32((uint32_t)w)));
  return bits32(r);
}

static const double doubles[] = {
    0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.49999999999999999, -7.75, 2147483647.0, 2147483647.5,
    2147483648.0, -2147483648.0, -2147483648.5, -2147483649.0, 1e10, -1e10, 9.2233720368547748e18,
    9.2233720368547758e18, -9.2233720368547758e18, 1e19, -1e300, 3.4028235677973366e38,
    3.4028236e38, 1e-310, INFINITY, -INFINITY, NAN};

// Every conversion of every value, with cause bits.
static void test_conversions(void) {
  for (unsigned i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
    double d = doubles[i];
    uint32_t c[13];
    uint32_t w1 = cvt_w_d(d, &c[0]), w2 = trunc_w_d(d, &c[1]), w3 = round_w_d(d, &c[2]);
    uint32_t w4 = ceil_w_d(d, &c[3]), w5 = floor_w_d(d, &c[4]);
    uint64_t l1 = cvt_l_d(d, &c[5]), l2 = trunc_l_d(d, &c[6]), l3 = round_l_d(d, &c[7]);
    uint64_t l4 = ceil_l_d(d, &c[8]), l5 = floor_l_d(d, &c[9]);
    uint32_t s = cvt_s_d(d, &c[10]);
    uint32_t ws = trunc_w_s((float)d, &c[11]);
    uint64_t ls = cvt_l_s((float)d, &c[12]);
    printf("%016llx %.17g\n  w: %08x/%02x %08x/%02x %08x/%02x %08x/%02x %08x/%02x\n",
           (unsigned long long)bits64(d), d, w1, c[0], w2, c[1], w3, c[2], w4, c[3], w5, c[4]);
    printf("  l: %016llx/%02x %016llx/%02x %016llx/%02x %016llx/%02x %016llx/%02x\n",
           (unsigned long long)l1, c[5], (unsigned long long)l2, c[6], (unsigned long long)l3, c[7],
           (unsigned long long)l4, c[8], (unsigned long long)l5, c[9]);
    printf("  s: %08x/%02x trunc.w.s %08x/%02x cvt.l.s %016llx/%02x\n", s, c[10], ws, c[11],
           (unsigned long long)ls, c[12]);
  }
  static const uint32_t float_bits[] = {0x7fbfffffu, 0x7fc00000u, 0x00000001u, 0xff800000u,
                                        0x4f000000u, 0xcf000000u, 0x5f000000u};
  for (unsigned i = 0; i < sizeof float_bits / sizeof float_bits[0]; i++) {
    uint32_t c1, c2;
    uint64_t d = cvt_d_s(from_bits32(float_bits[i]), &c1);
    uint32_t w = cvt_w_s(from_bits32(float_bits[i]), &c2);
    printf("float %08x: cvt.d.s %016llx/%02x cvt.w.s %08x/%02x\n", float_bits[i],
           (unsigned long long)d, c1, w, c2);
  }
  static const int64_t longs[] = {0, 1, -1, 0x7fffffff, -0x80000000LL, (1LL << 53) + 1,
                                  (1LL << 53) + 3, INT64_MAX, INT64_MIN, 0x123456789abcdefLL};
  for (unsigned i = 0; i < sizeof longs / sizeof longs[0]; i++)
    printf("long %016llx: cvt.d.l %016llx cvt.s.l %08x cvt.d.w %016llx cvt.s.w %08x\n",
           (unsigned long long)longs[i], (unsigned long long)cvt_d_l(longs[i]), cvt_s_l(longs[i]),
           (unsigned long long)cvt_d_w((int32_t)longs[i]), cvt_s_w((int32_t)longs[i]));
  uint32_t cause;
  CHECK(trunc_w_d(-7.75, &cause) == (uint32_t)-7 && cause == 0x01);
  CHECK(round_w_d(2.5, &cause) == 2 && floor_w_d(-0.5, &cause) == (uint32_t)-1);
  CHECK(cvt_d_l((1LL << 53) + 1) == bits64(9007199254740992.0));
}

// The name of a fenv rounding mode.
static const char* mode_name(int mode) {
  switch (mode) {
    case FE_TONEAREST: return "nearest";
    case FE_TOWARDZERO: return "toward-zero";
    case FE_UPWARD: return "upward";
    case FE_DOWNWARD: return "downward";
  }
  return "?";
}

// Arithmetic, conversions and libm rounding in each rounding mode.
static void test_rounding_modes(void) {
  static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
  for (int m = 0; m < 4; m++) {
    CHECK(fesetround(modes[m]) == 0);
    CHECK(fegetround() == modes[m]);
    volatile double one = 1, three = 3, big = DBL_MAX, tiny = from_bits64(1), two = 2;
    volatile float onef = 1, threef = 3;
    uint32_t cause;
    double results[] = {one / three, -one / three, two / three, one + 0x1p-53, one - 0x1p-54,
                        sqrt(two), big * two, -big * two, tiny / two, -tiny / two,
                        (double)(onef / threef), (double)(float)(one / three), rint(2.5), rint(-2.5),
                        nearbyint(3.5), floor(-1.5), ceil(-1.5), round(-2.5), trunc(-2.7)};
    printf("mode %s (fcsr rm %u):\n", mode_name(modes[m]), fcsr_read() & 3);
    for (unsigned i = 0; i < sizeof results / sizeof results[0]; i++)
      printf("  %2u: %016llx %.17g\n", i, (unsigned long long)bits64(results[i]), results[i]);
    printf("  cvt.w.d 2.5 %d -2.5 %d 3.5 %d lrint(-3.5) %ld llrint(1e15+0.5) %lld\n",
           (int32_t)cvt_w_d(2.5, &cause), (int32_t)cvt_w_d(-2.5, &cause),
           (int32_t)cvt_w_d(3.5, &cause), lrint(-3.5), llrint(1e15 + 0.5));
    printf("  printf 2/3: %.3f %.20g %a\n", two / three, (double)(onef / threef), one / three);
  }
  fesetround(FE_TONEAREST);
}

int main(void) {
  fcsr_write(0);
  test_conversions();
  test_rounding_modes();
  return guest_finish("fpu_convert");
}
