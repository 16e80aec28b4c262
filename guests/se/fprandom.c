// fprandom: every FPU arithmetic, conversion and compare instruction on
// thousands of pseudo-random operands biased towards corner values (zeros,
// denormals, infinities, NaNs, values near rounding and conversion limits),
// in each of the four rounding modes. Each instruction's results and FCSR
// cause bits are hashed; one hash per (instruction, mode) is printed, so a
// difference names both. Argument: operands per instruction and mode.
#include "guest.h"

// Instruction wrappers: binary, unary, ternary (multiply-add), and those
// producing or consuming integers in FPU registers.
#define D2(name, text) static double name(double a, double b, double c) { double r; (void)c; __asm__ volatile(text " %0, %1, %2" : "=f"(r) : "f"(a), "f"(b)); return r; }
#define S2(name, text) static double name(double a, double b, double c) { float r; (void)c; __asm__ volatile(text " %0, %1, %2" : "=f"(r) : "f"((float)a), "f"((float)b)); return r; }
#define D1(name, text) static double name(double a, double b, double c) { double r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"(a)); return r; }
#define S1(name, text) static double name(double a, double b, double c) { float r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"((float)a)); return r; }
#define D3(name, text) static double name(double a, double b, double c) { double r; __asm__ volatile(text " %0, %3, %1, %2" : "=f"(r) : "f"(a), "f"(b), "f"(c)); return r; }
#define S3(name, text) static double name(double a, double b, double c) { float r; __asm__ volatile(text " %0, %3, %1, %2" : "=f"(r) : "f"((float)a), "f"((float)b), "f"((float)c)); return r; }
// Result bits of an integer-format result, returned through a double.
#define TOW(name, text, type) static double name(double a, double b, double c) { float r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"((type)a)); return (double)bits32(r); }
#define TOL(name, text, type) static double name(double a, double b, double c) { double r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"((type)a)); return (double)(bits64(r) >> 11) + (double)(bits64(r) & 2047); }
// Integers (from the operand's bits) to floating point.
#define FROMW(name, text) static double name(double a, double b, double c) { double r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"(from_bits32((uint32_t)(bits64(a) >> 7)))); return r; }
#define FROMWS(name, text) static double name(double a, double b, double c) { float r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"(from_bits32((uint32_t)(bits64(a) >> 7)))); return r; }
#define FROML(name, text) static double name(double a, double b, double c) { double r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"(from_bits64(bits64(a) >> (bits64(b) & 31)))); return r; }
#define FROMLS(name, text) static double name(double a, double b, double c) { float r; (void)b; (void)c; __asm__ volatile(text " %0, %1" : "=f"(r) : "f"(from_bits64(bits64(a) >> (bits64(b) & 31)))); return r; }
// Compares: the condition bit (fcc0) as the result.
#define CMP(name, text) static double name(double a, double b, double c) { (void)c; __asm__ volatile(text " %0, %1" : : "f"(a), "f"(b)); return (double)((fcsr_read() >> 23) & 1); }
#define CMPS(name, text) static double name(double a, double b, double c) { (void)c; __asm__ volatile(text " %0, %1" : : "f"((float)a), "f"((float)b)); return (double)((fcsr_read() >> 23) & 1); }

D2(add_d, "add.d") D2(sub_d, "sub.d") D2(mul_d, "mul.d") D2(div_d, "div.d")
S2(add_s, "add.s") S2(sub_s, "sub.s") S2(mul_s, "mul.s") S2(div_s, "div.s")
D1(sqrt_d, "sqrt.d") S1(sqrt_s, "sqrt.s") D1(abs_d, "abs.d") D1(neg_d, "neg.d")
D3(madd_d, "madd.d") D3(msub_d, "msub.d") D3(nmadd_d, "nmadd.d") D3(nmsub_d, "nmsub.d")
S3(madd_s, "madd.s") S3(nmsub_s, "nmsub.s")
TOW(cvt_w_d, "cvt.w.d", double) TOW(trunc_w_d, "trunc.w.d", double) TOW(round_w_d, "round.w.d", double)
TOW(ceil_w_d, "ceil.w.d", double) TOW(floor_w_d, "floor.w.d", double) TOW(cvt_w_s, "cvt.w.s", float)
TOW(cvt_s_d, "cvt.s.d", double)
TOL(cvt_l_d, "cvt.l.d", double) TOL(trunc_l_d, "trunc.l.d", double) TOL(floor_l_d, "floor.l.d", double)
TOL(cvt_l_s, "cvt.l.s", float) TOL(cvt_d_s, "cvt.d.s", float)
FROMW(cvt_d_w, "cvt.d.w") FROMWS(cvt_s_w, "cvt.s.w") FROML(cvt_d_l, "cvt.d.l") FROMLS(cvt_s_l, "cvt.s.l")
CMP(c_eq_d, "c.eq.d") CMP(c_ult_d, "c.ult.d") CMP(c_le_d, "c.le.d") CMP(c_ngt_d, "c.ngt.d")
CMPS(c_olt_s, "c.olt.s") CMPS(c_ueq_s, "c.ueq.s")

struct instruction {
  const char* name;
  double (*run)(double, double, double);
};

static const struct instruction instructions[] = {
    {"add.d", add_d}, {"sub.d", sub_d}, {"mul.d", mul_d}, {"div.d", div_d}, {"add.s", add_s},
    {"sub.s", sub_s}, {"mul.s", mul_s}, {"div.s", div_s}, {"sqrt.d", sqrt_d}, {"sqrt.s", sqrt_s},
    {"abs.d", abs_d}, {"neg.d", neg_d}, {"madd.d", madd_d}, {"msub.d", msub_d},
    {"nmadd.d", nmadd_d}, {"nmsub.d", nmsub_d}, {"madd.s", madd_s}, {"nmsub.s", nmsub_s},
    {"cvt.w.d", cvt_w_d}, {"trunc.w.d", trunc_w_d}, {"round.w.d", round_w_d},
    {"ceil.w.d", ceil_w_d}, {"floor.w.d", floor_w_d}, {"cvt.w.s", cvt_w_s}, {"cvt.s.d", cvt_s_d},
    {"cvt.l.d", cvt_l_d}, {"trunc.l.d", trunc_l_d}, {"floor.l.d", floor_l_d}, {"cvt.l.s", cvt_l_s},
    {"cvt.d.s", cvt_d_s}, {"cvt.d.w", cvt_d_w}, {"cvt.s.w", cvt_s_w}, {"cvt.d.l", cvt_d_l},
    {"cvt.s.l", cvt_s_l}, {"c.eq.d", c_eq_d}, {"c.ult.d", c_ult_d}, {"c.le.d", c_le_d},
    {"c.ngt.d", c_ngt_d}, {"c.olt.s", c_olt_s}, {"c.ueq.s", c_ueq_s},
};

// Operands: uniformly random bit patterns, values of moderate size, special
// values, denormals, numbers near the 32/64-bit integer limits and halfway
// cases.
static double random_operand(uint64_t* state) {
  uint64_t r = lcg_next(state) ^ lcg_next(state) << 30;
  static const uint64_t specials[] = {0, 0x8000000000000000ULL, 0x7ff0000000000000ULL,
                                      0xfff0000000000000ULL, 0x7ff7ffffffffffffULL,
                                      0x7ff8000000000001ULL, 0x0000000000000001ULL,
                                      0x000fffffffffffffULL, 0x0010000000000000ULL,
                                      0x7fefffffffffffffULL, 0x41dfffffffc00000ULL,
                                      0x41e0000000000000ULL, 0xc1e0000000200000ULL,
                                      0x43e0000000000000ULL, 0x3ff0000000000000ULL};
  switch (lcg_next(state) % 10) {
    case 0: return from_bits64(r);
    case 1: return from_bits64(specials[r % (sizeof specials / sizeof specials[0])]);
    case 2: return from_bits64(r & 0x800fffffffffffffULL);  // denormal
    case 3: return (double)(int64_t)(r % 2000001) / 4 - 250000;  // halfway cases
    case 4: return from_bits64((r & 0x800fffffffffffffULL) | ((0x3c0ULL + r % 128) << 52));  // near int limits
    case 5: return from_bits64((r & 0x800fffffffffffffULL) | ((0x360ULL + r % 64) << 52));  // near float limits
    default: return from_bits64((r & 0x800fffffffffffffULL) | ((0x3e0ULL + r % 64) << 52));
  }
}

int main(int argc, char** argv) {
  long operands = guest_size_arg(argc, argv, 1500);
  const int count = sizeof instructions / sizeof instructions[0];
  uint64_t everything = FNV_OFFSET;
  for (int k = 0; k < count; k++) {
    printf("%-10s", instructions[k].name);
    for (uint32_t mode = 0; mode < 4; mode++) {
      uint64_t state = 777 + mode, hash = FNV_OFFSET;
      for (long i = 0; i < operands; i++) {
        double a = random_operand(&state), b = random_operand(&state), c = random_operand(&state);
        fcsr_write(mode);
        double r = instructions[k].run(a, b, c);
        uint64_t cause = FCSR_CAUSE(fcsr_read());
        hash = (hash ^ bits64(r)) * 1099511628211ULL;
        hash = (hash ^ cause) * 1099511628211ULL;
      }
      printf(" %016llx", (unsigned long long)hash);
      everything = (everything ^ hash) * 1099511628211ULL;
    }
    printf("\n");
  }
  fcsr_write(0);
  printf("all %d instructions x 4 rounding modes over %ld operands: %016llx\n", count, operands,
         (unsigned long long)everything);
  CHECK(add_d(1.0, 2.0, 0) == 3.0 && cvt_w_d(2.5, 0, 0) == 2.0);
  return guest_finish("fprandom");
}
