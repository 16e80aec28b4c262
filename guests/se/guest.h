// Helpers shared by the se-mode guest programs: self-checks that count
// failures (the exit status), bit patterns of floats, a deterministic
// pseudo-random generator, a checksum, and the optional size argument.
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int guest_failures;

// Records one self-check; prints only the ones that fail.
#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      guest_failures++;                                                 \
      printf("CHECK FAILED line %d: %s\n", __LINE__, #cond);            \
    }                                                                   \
  } while (0)

// Prints the verdict and gives the exit status: 0 when every check passed.
static inline int guest_finish(const char* name) {
  printf("%s: %s (%d failed checks)\n", name, guest_failures ? "FAIL" : "ok", guest_failures);
  return guest_failures ? 1 : 0;
}

// Bit patterns of floating-point values.
static inline uint64_t bits64(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline uint32_t bits32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline double from_bits64(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static inline float from_bits32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

// A 64-bit linear congruential generator (Knuth's MMIX constants).
static inline uint64_t lcg_next(uint64_t* state) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return *state >> 17;
}

// FNV-1a over a byte buffer, continued from hash.
static inline uint64_t fnv1a(uint64_t hash, const void* data, size_t size) {
  const unsigned char* p = (const unsigned char*)data;
  for (size_t i = 0; i < size; i++) hash = (hash ^ p[i]) * 1099511628211ULL;
  return hash;
}
#define FNV_OFFSET 14695981039346656037ULL

// The FPU control/status register (FCSR, $31): rounding mode in bits 1..0,
// flags 6..2, enables 11..7, cause 17..12, condition codes 23 and 31..25,
// flush-to-zero 24.
static inline uint32_t fcsr_read(void) {
  uint32_t value;
  __asm__ volatile("cfc1 %0, $31" : "=r"(value));
  return value;
}
static inline void fcsr_write(uint32_t value) { __asm__ volatile("ctc1 %0, $31" : : "r"(value)); }
// Cause and flag bits of FCSR, for printing what an operation raised.
#define FCSR_CAUSE(v) (((v) >> 12) & 0x3f)
#define FCSR_FLAGS(v) (((v) >> 2) & 0x1f)

// The optional first argument: a size or iteration count, else the default.
static inline long guest_size_arg(int argc, char** argv, long fallback) {
  return argc > 1 ? strtol(argv[1], NULL, 0) : fallback;
}

#endif
