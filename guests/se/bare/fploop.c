// fploop: a floating-point loop with MIPS IV FPU instructions (multiply-add
// under -mmadd4, divide, square root, conversions, compares into condition
// codes) that prints results as bit patterns, no libc. Argument: iterations.
#include "bare.h"

// The bit pattern of a double.
static u64 double_bits(double d) {
  union { double d; u64 u; } v = {d};
  return v.u;
}

int main(int argc, char** argv) {
  i64 iterations = size_argument(argc, argv, 20000);
  double sum = 0, harmonic = 0, product = 1, root = 2, series = 0;
  float single = 0;
  i64 converted = 0, below = 0;
  for (i64 i = 1; i <= iterations; i++) {
    double x = (double)i;
    sum = sum * 0.999 + x * 1e-3;   // madd.d
    harmonic += 1.0 / x;
    product *= 1.0 + 1.0 / (x * x);
    root = 0.5 * (root + 2.0 / root);
    series += (i & 1 ? 4.0 : -4.0) / (2.0 * x - 1.0);
    single += (float)(1.0 / x);
    converted += (i64)(sum * 16.0);  // trunc.l.d
    below += harmonic < 7.5;         // c.lt.d
  }
  double sq;
  __asm__("sqrt.d %0, %1" : "=f"(sq) : "f"(harmonic));
  put_string("fploop iterations ");
  put_decimal(iterations);
  put_string("\n sum ");
  put_hex(double_bits(sum));
  put_string("\n harmonic ");
  put_hex(double_bits(harmonic));
  put_string("\n product ");
  put_hex(double_bits(product));
  put_string("\n sqrt2 ");
  put_hex(double_bits(root));
  put_string("\n pi ");
  put_hex(double_bits(series));
  put_string("\n single ");
  put_hex(double_bits((double)single));
  put_string("\n sqrt(harmonic) ");
  put_hex(double_bits(sq));
  put_string("\n converted ");
  put_decimal(converted);
  put_string(" below ");
  put_decimal(below);
  put_string("\n");
  return !(root > 1.41421356 && root < 1.41421357);
}
