// sort: sorting a generated array of 64-bit keys with quicksort, merge sort,
// heapsort and glibc's qsort; every result is verified against the others.
// Argument: number of elements.
#include "guest.h"

// Hoare-partition quicksort, recursing into the smaller half.
static void quicksort(int64_t* a, long lo, long hi) {
  while (lo < hi) {
    int64_t pivot = a[lo + (hi - lo) / 2];
    long i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        int64_t t = a[i]; a[i] = a[j]; a[j] = t;
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
}

// Top-down merge sort through a scratch array.
static void merge_sort(int64_t* a, int64_t* scratch, long n) {
  if (n < 2) return;
  long half = n / 2;
  merge_sort(a, scratch, half);
  merge_sort(a + half, scratch, n - half);
  long i = 0, j = half, k = 0;
  while (i < half && j < n) scratch[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < half) scratch[k++] = a[i++];
  while (j < n) scratch[k++] = a[j++];
  memcpy(a, scratch, (size_t)n * sizeof *a);
}

// Restores the max-heap property below root.
static void sift_down(int64_t* a, long root, long n) {
  for (;;) {
    long child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && a[child + 1] > a[child]) child++;
    if (a[root] >= a[child]) return;
    int64_t t = a[root]; a[root] = a[child]; a[child] = t;
    root = child;
  }
}

// In-place heapsort.
static void heapsort(int64_t* a, long n) {
  for (long i = n / 2 - 1; i >= 0; i--) sift_down(a, i, n);
  for (long end = n - 1; end > 0; end--) {
    int64_t t = a[0]; a[0] = a[end]; a[end] = t;
    sift_down(a, 0, end);
  }
}

// qsort order of 64-bit keys.
static int compare_keys(const void* x, const void* y) {
  int64_t a = *(const int64_t*)x, b = *(const int64_t*)y;
  return (a > b) - (a < b);
}

int main(int argc, char** argv) {
  long n = guest_size_arg(argc, argv, 5000);
  size_t bytes = (size_t)n * sizeof(int64_t);
  int64_t *original = malloc(bytes), *a = malloc(bytes), *b = malloc(bytes), *c = malloc(bytes),
          *d = malloc(bytes), *scratch = malloc(bytes);
  uint64_t state = 99;
  for (long i = 0; i < n; i++) original[i] = (int64_t)(lcg_next(&state) << 20) % 1000003 - 500000;
  memcpy(a, original, bytes);
  memcpy(b, original, bytes);
  memcpy(c, original, bytes);
  memcpy(d, original, bytes);
  quicksort(a, 0, n - 1);
  merge_sort(b, scratch, n);
  heapsort(c, n);
  qsort(d, (size_t)n, sizeof *d, compare_keys);
  int sorted = 1;
  for (long i = 1; i < n; i++) sorted &= a[i - 1] <= a[i];
  int agree = memcmp(a, b, bytes) == 0 && memcmp(a, c, bytes) == 0 && memcmp(a, d, bytes) == 0;
  int64_t weighted = 0;
  for (long i = 0; i < n; i++) weighted += a[i] * (i % 97);
  printf("sorted %ld keys: sorted %d agree %d min %lld median %lld max %lld weighted %lld\n", n, sorted,
         agree, (long long)a[0], (long long)a[n / 2], (long long)a[n - 1], (long long)weighted);
  CHECK(sorted && agree);
  free(original); free(a); free(b); free(c); free(d); free(scratch);
  return guest_finish("sort");
}
