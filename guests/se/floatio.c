// floatio: decimal <-> binary floating-point conversion in glibc (printf,
// sscanf, strtod, strtof): correctly rounded halfway cases, denormals,
// overflow to infinity, hex floats, inf/nan spellings, long digit strings.
#include <errno.h>
#include <math.h>

#include "guest.h"

static const char* inputs[] = {
    "0", "-0", "1", "0.1", "3.14159265358979323846264338327950288", "1e23", "8.5e-5",
    "9007199254740993", "9007199254740995", "2.2250738585072011e-308", "2.2250738585072014e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
    "1.7976931348623157e308", "1.7976931348623159e308", "1e400", "0x1.8p3", "0x1p-1074",
    "-0x1.fffffffffffffp1023", "inf", "-Infinity", "nan", "NaN(123)", "  42.5xyz", "1.5e", ".5",
    "123456789012345678901234567890", "0.000000000000000000000000000001234567890123456789"};

// strtod/strtof of every input, with the end pointer and ERANGE.
static void test_strtod(void) {
  for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    char* end;
    errno = 0;
    double d = strtod(inputs[i], &end);
    int error = errno;
    errno = 0;
    float f = strtof(inputs[i], NULL);
    int error_f = errno;
    printf("%-52s -> %016llx %-24a %.17g consumed %ld erange %d | float %08x %d\n", inputs[i],
           (unsigned long long)bits64(d), d, d, (long)(end - inputs[i]), error == ERANGE,
           bits32(f), error_f == ERANGE);
  }
  CHECK(strtod("9007199254740993", NULL) == 9007199254740992.0);
  CHECK(strtod("0x1.8p3", NULL) == 12.0);
  CHECK(isinf(strtod("1e400", NULL)));
}

// sscanf of doubles, floats, hex floats, long double.
static void test_scanf(void) {
  double d1, d2;
  float f;
  int n, count;
  char word[16];
  count = sscanf("3.25 -1e-3 2.5e+2 17 word", "%lf %lf %f %d %15s", &d1, &d2, &f, &n, word);
  printf("sscanf: %d items: %g %g %g %d %s\n", count, d1, d2, (double)f, n, word);
  CHECK(count == 5 && d1 == 3.25 && n == 17);
  count = sscanf("x=0x1.2p4,y=inf", "x=%la,y=%lf", &d1, &d2);
  printf("sscanf hex/inf: %d items: %a %g\n", count, d1, d2);
  long double ld;
  count = sscanf("1.000000000000000000000000000000001", "%Lf", &ld);
  printf("sscanf long double: %d %.36Lg\n", count, ld);
}

// printf conversions, and %.17g round trips of random doubles.
static void test_printf(void) {
  const double values[] = {0.1, 0.5, 1.5, 2.5, 1e-5, 123.456, 1e15, 1e16, 1e300, 5e-324,
                           1.0 / 7, -2.0 / 3, 1e22, 999999.5, 0.00001234};
  for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
    double v = values[i];
    printf("%.0f %.1f %.10f %e %.0e %g %.10g %#g %a %.3a\n", v, v, v, v, v, v, v, v, v, v);
  }
  // Round trip: %.17g then strtod gives the same bits, for a stream of values.
  uint64_t state = 7;
  int exact = 0;
  for (int i = 0; i < 2000; i++) {
    uint64_t bits = (lcg_next(&state) << 17) ^ lcg_next(&state);
    double v = from_bits64(bits);
    if (isnan(v)) continue;
    char text[40];
    snprintf(text, sizeof text, "%.17g", v);
    exact += bits64(strtod(text, NULL)) == bits;
  }
  printf("round trips exact: %d\n", exact);
  CHECK(exact >= 1990);
}

int main(void) {
  test_strtod();
  test_scanf();
  test_printf();
  return guest_finish("floatio");
}
