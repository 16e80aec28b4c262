// intloop: an integer loop over MIPS IV integer instructions (64-bit
// multiply and divide, shifts, set-less-than, conditional moves, loads and
// stores of every width) folded into a checksum. Argument: iterations.
// Exits 0 when the default run gives the known checksum.
#include "bare.h"

static unsigned char bytes[256];
static unsigned short halves[128];
static unsigned int words[64];
static u64 doubles[32];

int main(int argc, char** argv) {
  i64 iterations = size_argument(argc, argv, 100000);
  u64 x = 0x9e3779b97f4a7c15UL, checksum = 0;
  for (i64 i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    u64 q = x / ((u64)i | 1), r = x % 1000003;
    i64 s = (i64)x >> 23;
    bytes[i & 255] = (unsigned char)(bytes[(i + 7) & 255] + (x & 0xff));
    halves[i & 127] = (unsigned short)(halves[(i + 3) & 127] ^ (x >> 16));
    words[i & 63] += (unsigned int)(x >> 32);
    doubles[i & 31] = doubles[(i + 1) & 31] * 3 + x;
    u64 picked = (i64)x < 0 ? q : r;  // a conditional move or branch
    checksum = (checksum << 5 | checksum >> 59) ^ (picked + (u64)s + bytes[(i * 5) & 255] +
                                                   halves[(i * 3) & 127] + words[i & 63] +
                                                   doubles[(i * 7) & 31]);
  }
  put_string("intloop iterations ");
  put_decimal(iterations);
  put_string(" checksum ");
  put_hex(checksum);
  put_string("\n");
  return iterations == 100000 && checksum != 0x0d39a12204797bcbUL;
}
