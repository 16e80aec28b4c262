// mandelbrot: escape-time iteration over a grid of the complex plane, in
// double and in single precision, printed as a small ASCII picture plus
// iteration totals. Argument: grid width (height is half of it).
#include "guest.h"

// Iterations until |z| > 2 (at most limit), in double.
static int escape_double(double cr, double ci, int limit) {
  double zr = 0, zi = 0;
  int n = 0;
  while (n < limit && zr * zr + zi * zi <= 4.0) {
    double t = zr * zr - zi * zi + cr;
    zi = 2 * zr * zi + ci;
    zr = t;
    n++;
  }
  return n;
}

// The same in single precision.
static int escape_single(float cr, float ci, int limit) {
  float zr = 0, zi = 0;
  int n = 0;
  while (n < limit && zr * zr + zi * zi <= 4.0f) {
    float t = zr * zr - zi * zi + cr;
    zi = 2 * zr * zi + ci;
    zr = t;
    n++;
  }
  return n;
}

int main(int argc, char** argv) {
  long width = guest_size_arg(argc, argv, 80), height = width / 2;
  const int limit = 200;
  long total_double = 0, total_single = 0, inside = 0;
  for (long y = 0; y < height; y++) {
    for (long x = 0; x < width; x++) {
      double cr = -2.2 + 3.2 * (double)x / (double)width, ci = -1.2 + 2.4 * (double)y / (double)height;
      int nd = escape_double(cr, ci, limit);
      total_double += nd;
      total_single += escape_single((float)cr, (float)ci, limit);
      inside += nd == limit;
    }
  }
  for (long y = 0; y < 24; y++) {
    char line[61];
    for (long x = 0; x < 60; x++) {
      int n = escape_double(-2.2 + 3.2 * x / 60.0, -1.2 + 2.4 * y / 24.0, limit);
      line[x] = " .:-=+*#%@"[n == limit ? 9 : n % 9];
    }
    line[60] = 0;
    printf("|%s|\n", line);
  }
  printf("%ldx%ld: iterations double %ld single %ld, inside %ld\n", width, height, total_double,
         total_single, inside);
  CHECK(inside > 0 && inside < width * height);
  return guest_finish("mandelbrot");
}
