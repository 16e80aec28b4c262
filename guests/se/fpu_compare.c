// fpu_compare: the 16 MIPS FPU compare conditions on ordinary, signed-zero,
// infinite and NaN operands (with the invalid cause of the signalling ones),
// condition codes 1..7, conditional moves, the MIPS IV multiply-add family
// against libm's fma, and formatted printing of the results.
#include <float.h>
#include <math.h>

#include "guest.h"

// One compare into condition code 0; returns 1 when the condition holds,
// and the FCSR cause bits.
#define COMPARE_FN(fn_name, insn)                                           \
  static int fn_name(double a, double b, uint32_t* cause) {                 \
    fcsr_write(0);                                                          \
    __asm__ volatile(insn " %0, %1" : : "f"(a), "f"(b));                    \
    uint32_t fcsr = fcsr_read();                                            \
    *cause |= FCSR_CAUSE(fcsr);                                             \
    return (fcsr >> 23) & 1;                                                \
  }
COMPARE_FN(c_f, "c.f.d")
COMPARE_FN(c_un, "c.un.d")
COMPARE_FN(c_eq, "c.eq.d")
COMPARE_FN(c_ueq, "c.ueq.d")
COMPARE_FN(c_olt, "c.olt.d")
COMPARE_FN(c_ult, "c.ult.d")
COMPARE_FN(c_ole, "c.ole.d")
COMPARE_FN(c_ule, "c.ule.d")
COMPARE_FN(c_sf, "c.sf.d")
COMPARE_FN(c_ngle, "c.ngle.d")
COMPARE_FN(c_seq, "c.seq.d")
COMPARE_FN(c_ngl, "c.ngl.d")
COMPARE_FN(c_lt, "c.lt.d")
COMPARE_FN(c_nge, "c.nge.d")
COMPARE_FN(c_le, "c.le.d")
COMPARE_FN(c_ngt, "c.ngt.d")

typedef int (*compare_fn)(double, double, uint32_t*);
static const compare_fn compares[16] = {c_f,  c_un,   c_eq,  c_ueq, c_olt, c_ult, c_ole, c_ule,
                                        c_sf, c_ngle, c_seq, c_ngl, c_lt,  c_nge, c_le,  c_ngt};

// Single-precision compare, same reporting.
static int compare_single_lt(float a, float b, uint32_t* cause) {
  fcsr_write(0);
  __asm__ volatile("c.lt.s %0, %1" : : "f"(a), "f"(b));
  uint32_t fcsr = fcsr_read();
  *cause = FCSR_CAUSE(fcsr);
  return (fcsr >> 23) & 1;
}

// All 16 conditions on every pair of values.
static void test_compares(void) {
  const double values[] = {1.0, 2.0, -0.0, 0.0, INFINITY, -INFINITY, from_bits64(0x7ff7ffffffffffffULL),
                           from_bits64(0x7ff8000000000000ULL)};
  const int n = sizeof values / sizeof values[0];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      char conditions[17];
      uint32_t cause[16];
      for (int k = 0; k < 16; k++) {
        cause[k] = 0;
        conditions[k] = compares[k](values[i], values[j], &cause[k]) ? '1' : '0';
      }
      conditions[16] = 0;
      printf("c.*.d %016llx %016llx: %s causes", (unsigned long long)bits64(values[i]),
             (unsigned long long)bits64(values[j]), conditions);
      for (int k = 0; k < 16; k++) printf(" %x", cause[k]);
      printf("\n");
    }
  uint32_t cause = 0;
  CHECK(c_eq(-0.0, 0.0, &cause) && !c_un(1, 2, &cause) && cause == 0);
  CHECK(c_ult(NAN, 1, &cause) && cause == 0);
  CHECK(!c_lt(NAN, 1, &cause) && cause == 0x10);
  printf("c.lt.s 1<2 %d", compare_single_lt(1, 2, &cause));
  printf(" nan<2 %d cause %x\n", compare_single_lt(NAN, 2, &cause), cause);
}

// Condition codes 1..7 (MIPS IV): compare into each, then read them all.
static void test_condition_codes(void) {
  uint32_t fcsr;
  fcsr_write(0);
  __asm__ volatile(
      "c.eq.d $fcc1, %1, %1\n\t"
      "c.lt.d $fcc2, %1, %2\n\t"
      "c.lt.d $fcc3, %2, %1\n\t"
      "c.un.d $fcc4, %1, %2\n\t"
      "c.le.d $fcc5, %2, %2\n\t"
      "c.ole.d $fcc6, %1, %2\n\t"
      "c.ngt.d $fcc7, %2, %1\n\t"
      "cfc1 %0, $31"
      : "=r"(fcsr)
      : "f"(1.0), "f"(2.0));
  printf("fcsr with fcc1..7: %08x\n", fcsr);
  CHECK(fcsr == 0x66000000u);  // fcc1, fcc2, fcc5, fcc6
  uint64_t selected_true, selected_false;
  __asm__ volatile(
      "li %0, 11\n\t"
      "li %1, 22\n\t"
      "li $8, 33\n\t"
      "movt %0, $8, $fcc2\n\t"
      "movf %1, $8, $fcc3\n\t"
      : "=&r"(selected_true), "=&r"(selected_false)
      :
      : "$8");
  printf("movt fcc2 %llu movf fcc3 %llu\n", (unsigned long long)selected_true,
         (unsigned long long)selected_false);
  CHECK(selected_true == 33 && selected_false == 33);
  double moved_true = 1.0, moved_false = 1.0, moved_n = 1.0, moved_z = 1.0;
  __asm__ volatile(
      "movt.d %0, %4, $fcc4\n\t"
      "movf.d %1, %4, $fcc4\n\t"
      "movn.d %2, %4, %5\n\t"
      "movz.d %3, %4, %5\n\t"
      : "+f"(moved_true), "+f"(moved_false), "+f"(moved_n), "+f"(moved_z)
      : "f"(5.0), "r"(7));
  printf("movt.d %g movf.d %g movn.d %g movz.d %g\n", moved_true, moved_false, moved_n, moved_z);
  CHECK(moved_true == 1.0 && moved_false == 5.0 && moved_n == 5.0 && moved_z == 1.0);
  fcsr_write(0);
}

// MIPS IV multiply-add family; a*b+c where the fused and the separately
// rounded results differ.
#define MADD_FN(fn_name, insn, type)                                      \
  static type fn_name(type a, type b, type c) {                           \
    type r;                                                               \
    __asm__ volatile(insn " %0, %3, %1, %2" : "=f"(r) : "f"(a), "f"(b), "f"(c)); \
    return r;                                                             \
  }
MADD_FN(madd_d, "madd.d", double)
MADD_FN(msub_d, "msub.d", double)
MADD_FN(nmadd_d, "nmadd.d", double)
MADD_FN(nmsub_d, "nmsub.d", double)
MADD_FN(madd_s, "madd.s", float)
MADD_FN(nmsub_s, "nmsub.s", float)

// madd/msub/nmadd/nmsub against fma().
static void test_multiply_add(void) {
  const double a = 1 + 0x1p-30, b = 1 - 0x1p-30;
  const double cs[] = {-1.0, 1.0, 0.0, -0.0, INFINITY, NAN, 1e-300};
  for (unsigned i = 0; i < sizeof cs / sizeof cs[0]; i++) {
    double c = cs[i];
    printf("c=%g: madd %a msub %a nmadd %a nmsub %a fma %a\n", c, madd_d(a, b, c), msub_d(a, b, c),
           nmadd_d(a, b, c), nmsub_d(a, b, c), fma(a, b, c));
  }
  const float af = 1 + 0x1p-13f, bf = 1 - 0x1p-13f;
  printf("madd.s %a nmsub.s %a fmaf %a\n", (double)madd_s(af, bf, -1.0f),
         (double)nmsub_s(af, bf, 1.0f), (double)fmaf(af, bf, -1.0f));
  printf("madd inf*0: %a\n", madd_d(INFINITY, 0.0, 1.0));
  printf("nmadd -0: %016llx\n", (unsigned long long)bits64(nmadd_d(0.0, 1.0, 0.0)));
  CHECK(fma(a, b, -1.0) == -0x1p-60);
  CHECK(madd_d(2.0, 3.0, 4.0) == 10.0 && msub_d(2.0, 3.0, 4.0) == 2.0);
  CHECK(nmadd_d(2.0, 3.0, 4.0) == -10.0 && nmsub_d(2.0, 3.0, 4.0) == -2.0);
  // The compiler's own contraction of a*b+c (-mmadd4, -ffp-contract=fast).
  volatile double x = 1.1, y = 2.2, z = 3.3;
  printf("contracted %a\n", x * y + z);
}

// printf of doubles in every format.
static void test_printing(void) {
  const double values[] = {0.1, 1.0 / 3, 2.0 / 3, 1e21, 1e-7, 123456789.125, DBL_MAX, DBL_MIN,
                           from_bits64(1), -0.0, INFINITY, -NAN, 5e-324, 0.5, 1.5, 2.5};
  for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
    double v = values[i];
    printf("%g|%.0f|%.3e|%.17g|%a|%10.4f|%-12.3g|%+.2E\n", v, v, v, v, v, v, v, v);
  }
  printf("float: %g %a %.9g\n", (double)0.1f, (double)0.1f, (double)(1.0f / 3.0f));
  printf("long double: %.20Lg %La\n", 1.0L / 3, 1.0L / 3);
}

int main(void) {
  fcsr_write(0);
  test_compares();
  test_condition_codes();
  test_multiply_add();
  test_printing();
  return guest_finish("fpu_compare");
}
