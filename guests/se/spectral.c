// spectral: the spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1)
// by power iteration (divisions and long dependent sums). Argument: N.
#include <math.h>

#include "guest.h"

// Entry (i, j) of the matrix.
static double matrix_entry(long i, long j) { return 1.0 / (double)((i + j) * (i + j + 1) / 2 + i + 1); }

// out = A v.
static void multiply_av(long n, const double* v, double* out) {
  for (long i = 0; i < n; i++) {
    double sum = 0;
    for (long j = 0; j < n; j++) sum += matrix_entry(i, j) * v[j];
    out[i] = sum;
  }
}

// out = A^T v.
static void multiply_atv(long n, const double* v, double* out) {
  for (long i = 0; i < n; i++) {
    double sum = 0;
    for (long j = 0; j < n; j++) sum += matrix_entry(j, i) * v[j];
    out[i] = sum;
  }
}

// out = A^T A v.
static void multiply_atav(long n, const double* v, double* out, double* scratch) {
  multiply_av(n, v, scratch);
  multiply_atv(n, scratch, out);
}

int main(int argc, char** argv) {
  long n = guest_size_arg(argc, argv, 60);
  double *u = malloc(sizeof(double) * n), *v = malloc(sizeof(double) * n),
         *scratch = malloc(sizeof(double) * n);
  for (long i = 0; i < n; i++) u[i] = 1;
  for (int i = 0; i < 10; i++) {
    multiply_atav(n, u, v, scratch);
    multiply_atav(n, v, u, scratch);
  }
  double vbv = 0, vv = 0;
  for (long i = 0; i < n; i++) {
    vbv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  double norm = sqrt(vbv / vv);
  printf("spectral norm (n=%ld) = %.9f bits %016llx\n", n, norm, (unsigned long long)bits64(norm));
  CHECK(fabs(norm - 1.274224) < 1e-3);
  free(u); free(v); free(scratch);
  return guest_finish("spectral");
}
