// switch: dense switch statements the compiler turns into jump tables
// (indirect jumps through tables of addresses), sparse ones it turns into
// compare trees, and calls through function-pointer tables.
#include "guest.h"

// Dense: a jump table.
static int dense(int x) {
  switch (x) {
    case 0: return 11;
    case 1: return 23;
    case 2: return 37;
    case 3: return 41;
    case 4: return 59;
    case 5: return 61;
    case 6: return 73;
    case 7: return 89;
    case 8: return 97;
    case 9: return 101;
    case 10: return 113;
    case 11: return 127;
    case 12: return 131;
    case 13: return 149;
    case 14: return 151;
    case 15: return 163;
    default: return -1;
  }
}

// Dense with fall-through and shared bodies.
static int fallthrough(int x, int y) {
  int r = 0;
  switch (x & 15) {
    case 0: r += y;  // fall through
    case 1: r ^= 0x55;  // fall through
    case 2: r *= 3; break;
    case 3: case 4: case 5: r = y - 7; break;
    case 6: r = y << 2;  // fall through
    case 7: r |= 1; break;
    case 8: case 9: r = -y; break;
    case 10: r = y * y; break;
    case 11: r = y / 3; break;
    case 12: r = ~y; break;
    case 13: r = y % 5; break;
    default: r = 1000; break;
  }
  return r;
}

// Sparse: compare trees.
static const char* sparse(long x) {
  switch (x) {
    case -100000: return "minus-100k";
    case -1: return "minus-one";
    case 7: return "seven";
    case 1000: return "thousand";
    case 65536: return "64k";
    case 1L << 40: return "2^40";
    default: return "other";
  }
}

// The entries of a function-pointer table.
static long op_add(long a, long b) { return a + b; }
static long op_sub(long a, long b) { return a - b; }
static long op_mul(long a, long b) { return a * b; }
static long op_xor(long a, long b) { return a ^ b; }
static long (*const operations[])(long, long) = {op_add, op_sub, op_mul, op_xor};

int main(int argc, char** argv) {
  long rounds = guest_size_arg(argc, argv, 200000);
  long sum = 0;
  for (long i = 0; i < rounds; i++) sum += dense((int)(i % 18)) + fallthrough((int)i, (int)(i % 1000));
  printf("dense+fallthrough sum over %ld rounds: %ld\n", rounds, sum);
  for (int i = 0; i < 18; i++) printf("%d ", dense(i));
  printf("\n");
  for (int i = 0; i < 16; i++) printf("%d ", fallthrough(i, 100 + i));
  printf("\n");
  const long keys[] = {-100000, -1, 0, 7, 1000, 65536, 1L << 40, 12345};
  for (int i = 0; i < 8; i++) printf("%s ", sparse(keys[i]));
  printf("\n");
  long accumulator = 1;
  for (long i = 0; i < 1000; i++) accumulator = operations[i % 4](accumulator, i + 3);
  printf("function table result %ld\n", accumulator);
  CHECK(dense(9) == 101 && dense(16) == -1 && fallthrough(0, 1) == 0xfc);
  CHECK(strcmp(sparse(1L << 40), "2^40") == 0);
  return guest_finish("switch");
}
