// fpu_arith: IEEE arithmetic of the MIPS FPU on special values: signed zeros,
// infinities, the legacy-MIPS NaNs (quiet NaN has the top fraction bit
// clear, the default NaN is 0x7ff7ffffffffffff), denormals. Every result is
// printed as a bit pattern with the FCSR cause bits of the operation.
#include <float.h>

#include "guest.h"

// One double operation through its instruction, with the cause bits.
#define D_BINARY(fn_name, insn)                                                    \
  static double fn_name(double a, double b, uint32_t* cause) {                     \
    double r;                                                                      \
    fcsr_write(0);                                                                 \
    __asm__ volatile(insn " %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));               \
    *cause = FCSR_CAUSE(fcsr_read());                                              \
    return r;                                                                      \
  }
#define S_BINARY(fn_name, insn)                                                    \
  static float fn_name(float a, float b, uint32_t* cause) {                        \
    float r;                                                                       \
    fcsr_write(0);                                                                 \
    __asm__ volatile(insn " %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));               \
    *cause = FCSR_CAUSE(fcsr_read());                                              \
    return r;                                                                      \
  }
#define D_UNARY(fn_name, insn)                                                     \
  static double fn_name(double a, uint32_t* cause) {                               \
    double r;                                                                      \
    fcsr_write(0);                                                                 \
    __asm__ volatile(insn " %0, %1" : "=f"(r) : "f"(a));                           \
    *cause = FCSR_CAUSE(fcsr_read());                                              \
    return r;                                                                      \
  }
#define S_UNARY(fn_name, insn)                                                     \
  static float fn_name(float a, uint32_t* cause) {                                 \
    float r;                                                                       \
    fcsr_write(0);                                                                 \
    __asm__ volatile(insn " %0, %1" : "=f"(r) : "f"(a));                           \
    *cause = FCSR_CAUSE(fcsr_read());                                              \
    return r;                                                                      \
  }
D_BINARY(add_d, "add.d")
D_BINARY(sub_d, "sub.d")
D_BINARY(mul_d, "mul.d")
D_BINARY(div_d, "div.d")
S_BINARY(add_s, "add.s")
S_BINARY(sub_s, "sub.s")
S_BINARY(mul_s, "mul.s")
S_BINARY(div_s, "div.s")
D_UNARY(sqrt_d, "sqrt.d")
D_UNARY(abs_d, "abs.d")
D_UNARY(neg_d, "neg.d")
D_UNARY(mov_d, "mov.d")
D_UNARY(recip_d, "recip.d")
D_UNARY(rsqrt_d, "rsqrt.d")
S_UNARY(sqrt_s, "sqrt.s")
S_UNARY(abs_s, "abs.s")
S_UNARY(neg_s, "neg.s")

static const uint64_t double_values[] = {
    0x0000000000000000ULL,  // +0
    0x8000000000000000ULL,  // -0
    0x3ff0000000000000ULL,  // 1
    0xbff8000000000000ULL,  // -1.5
    0x7fefffffffffffffULL,  // DBL_MAX
    0x0010000000000000ULL,  // DBL_MIN
    0x000fffffffffffffULL,  // largest denormal
    0x0000000000000001ULL,  // smallest denormal
    0x7ff0000000000000ULL,  // +inf
    0xfff0000000000000ULL,  // -inf
    0x7ff7ffffffffffffULL,  // default quiet NaN (legacy MIPS)
    0x7ff0000000000123ULL,  // quiet NaN with payload
    0xfff8000000000000ULL,  // signalling NaN (legacy MIPS), negative
};
static const uint32_t float_values[] = {
    0x00000000u, 0x80000000u, 0x3f800000u, 0xc0400000u, 0x7f7fffffu, 0x00800000u,
    0x00000001u, 0x7f800000u, 0xff800000u, 0x7fbfffffu, 0x7f800123u, 0x7fc00000u,
};

// add/sub/mul/div.d on every pair of special values.
static void test_double_binary(void) {
  const int n = sizeof double_values / sizeof double_values[0];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double a = from_bits64(double_values[i]), b = from_bits64(double_values[j]);
      uint32_t c1, c2, c3, c4;
      uint64_t r1 = bits64(add_d(a, b, &c1)), r2 = bits64(sub_d(a, b, &c2));
      uint64_t r3 = bits64(mul_d(a, b, &c3)), r4 = bits64(div_d(a, b, &c4));
      printf("d %016llx %016llx: add %016llx/%02x sub %016llx/%02x mul %016llx/%02x div %016llx/%02x\n",
             (unsigned long long)double_values[i], (unsigned long long)double_values[j],
             (unsigned long long)r1, c1, (unsigned long long)r2, c2, (unsigned long long)r3, c3,
             (unsigned long long)r4, c4);
    }
  uint32_t cause;
  CHECK(bits64(div_d(1.0, 0.0, &cause)) == 0x7ff0000000000000ULL && cause == 0x08);
  CHECK(bits64(add_d(DBL_MAX, DBL_MAX, &cause)) == 0x7ff0000000000000ULL && cause == 0x05);
  CHECK(bits64(sub_d(1.0, 1.0, &cause)) == 0 && cause == 0);
}

// add/sub/mul/div.s on every pair of special values.
static void test_float_binary(void) {
  const int n = sizeof float_values / sizeof float_values[0];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      float a = from_bits32(float_values[i]), b = from_bits32(float_values[j]);
      uint32_t c1, c2, c3, c4;
      uint32_t r1 = bits32(add_s(a, b, &c1)), r2 = bits32(sub_s(a, b, &c2));
      uint32_t r3 = bits32(mul_s(a, b, &c3)), r4 = bits32(div_s(a, b, &c4));
      printf("s %08x %08x: add %08x/%02x sub %08x/%02x mul %08x/%02x div %08x/%02x\n",
             float_values[i], float_values[j], r1, c1, r2, c2, r3, c3, r4, c4);
    }
}

// sqrt/abs/neg/mov on every special value.
static void test_unary(void) {
  const int n = sizeof double_values / sizeof double_values[0];
  for (int i = 0; i < n; i++) {
    double a = from_bits64(double_values[i]);
    uint32_t c1, c2, c3, c4;
    uint64_t r1 = bits64(sqrt_d(a, &c1)), r2 = bits64(abs_d(a, &c2));
    uint64_t r3 = bits64(neg_d(a, &c3)), r4 = bits64(mov_d(a, &c4));
    printf("d %016llx: sqrt %016llx/%02x abs %016llx/%02x neg %016llx/%02x mov %016llx/%02x\n",
           (unsigned long long)double_values[i], (unsigned long long)r1, c1,
           (unsigned long long)r2, c2, (unsigned long long)r3, c3, (unsigned long long)r4, c4);
  }
  const int nf = sizeof float_values / sizeof float_values[0];
  for (int i = 0; i < nf; i++) {
    float a = from_bits32(float_values[i]);
    uint32_t c1, c2, c3;
    uint32_t r1 = bits32(sqrt_s(a, &c1)), r2 = bits32(abs_s(a, &c2)), r3 = bits32(neg_s(a, &c3));
    printf("s %08x: sqrt %08x/%02x abs %08x/%02x neg %08x/%02x\n", float_values[i], r1, c1, r2, c2,
           r3, c3);
  }
  // recip/rsqrt are approximations on some implementations: exact cases only.
  uint32_t cause;
  printf("recip 4 = %g, rsqrt 4 = %g, recip 0.5 = %g\n", recip_d(4.0, &cause), rsqrt_d(4.0, &cause),
         recip_d(0.5, &cause));
  CHECK(bits64(sqrt_d(2.0, &cause)) == 0x3ff6a09e667f3bcdULL && cause == 0x01);
  CHECK(bits64(sqrt_d(-0.0, &cause)) == 0x8000000000000000ULL && cause == 0);
  CHECK(sqrt_s(16.0f, &cause) == 4.0f && cause == 0);
}

// Denormal inputs and outputs of ordinary C arithmetic and of libm.
static void test_denormals(void) {
  volatile double tiny = DBL_MIN, denorm = from_bits64(0x0008000000000001ULL);
  volatile float tinyf = FLT_MIN;
  double results[] = {tiny / 3, tiny * 0.5, denorm * 2, denorm / 2, denorm + denorm, denorm * 0x1p52,
                      tiny - denorm, (double)(tinyf / 8), (double)(float)denorm, denorm * 1e300};
  for (unsigned i = 0; i < sizeof results / sizeof results[0]; i++)
    printf("denormal %u: %016llx %a %.17g\n", i, (unsigned long long)bits64(results[i]), results[i],
           results[i]);
  uint32_t cause;
  double half = mul_d(from_bits64(1), 0.5, &cause);
  printf("smallest/2 = %016llx cause %02x\n", (unsigned long long)bits64(half), cause);
  CHECK(bits64(half) == 0 && cause == 0x03);
  CHECK(bits64(results[4]) == 0x0010000000000002ULL);
}

int main(void) {
  fcsr_write(0);
  test_double_binary();
  test_float_binary();
  test_unary();
  test_denormals();
  return guest_finish("fpu_arith");
}
