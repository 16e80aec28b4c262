// matmul: dense double-precision matrix multiply (naive i-j-k and blocked
// i-k-j), checked against each other and against a known trace. Argument: N.
#include <math.h>

#include "guest.h"

int main(int argc, char** argv) {
  long n = guest_size_arg(argc, argv, 64);
  double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n);
  double *c = calloc((size_t)(n * n), sizeof(double)), *d = calloc((size_t)(n * n), sizeof(double));
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) {
      a[i * n + j] = (double)(i - j) / (double)(i + j + 1);
      b[i * n + j] = (i == j) ? 1.5 : 1.0 / (double)(1 + (i * 7 + j * 3) % 11);
    }
  for (long i = 0; i < n; i++)
    for (long j = 0; j < n; j++) {
      double sum = 0;
      for (long k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  const long block = 16;
  for (long ii = 0; ii < n; ii += block)
    for (long kk = 0; kk < n; kk += block)
      for (long i = ii; i < ii + block && i < n; i++)
        for (long k = kk; k < kk + block && k < n; k++) {
          double aik = a[i * n + k];
          for (long j = 0; j < n; j++) d[i * n + j] += aik * b[k * n + j];
        }
  double trace = 0, max_difference = 0, frobenius = 0;
  for (long i = 0; i < n; i++) trace += c[i * n + i];
  for (long i = 0; i < n * n; i++) {
    max_difference = fmax(max_difference, fabs(c[i] - d[i]));
    frobenius += c[i] * c[i];
  }
  printf("n=%ld trace %.12g frobenius %.12g max difference %.3g\n", n, trace, sqrt(frobenius),
         max_difference);
  printf("c[0][n-1] bits %016llx\n", (unsigned long long)bits64(c[n - 1]));
  CHECK(max_difference < 1e-9);
  free(a); free(b); free(c); free(d);
  return guest_finish("matmul");
}
