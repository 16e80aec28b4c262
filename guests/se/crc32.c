// crc32: CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320) bitwise and
// table-driven, plus Adler-32, over a generated buffer. Argument: size in KiB.
#include "guest.h"

static uint32_t table[256];

// The 256-entry table of the reflected polynomial.
static void build_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

// CRC-32 a byte at a time through the table.
static uint32_t crc32_table(const unsigned char* p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

// CRC-32 a bit at a time, without branches.
static uint32_t crc32_bitwise(const unsigned char* p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return c ^ 0xffffffffu;
}

// Adler-32 (zlib).
static uint32_t adler32(const unsigned char* p, size_t n) {
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; i++) {
    a = (a + p[i]) % 65521;
    b = (b + a) % 65521;
  }
  return b << 16 | a;
}

int main(int argc, char** argv) {
  long kib = guest_size_arg(argc, argv, 64);
  build_table();
  const unsigned char* check = (const unsigned char*)"123456789";
  printf("crc32(123456789) = %08x / %08x, adler32 = %08x\n", crc32_table(check, 9),
         crc32_bitwise(check, 9), adler32(check, 9));
  CHECK(crc32_table(check, 9) == 0xcbf43926u && crc32_bitwise(check, 9) == 0xcbf43926u);
  CHECK(adler32(check, 9) == 0x091e01deu);
  size_t size = (size_t)kib * 1024;
  unsigned char* buffer = malloc(size);
  uint64_t state = 5;
  for (size_t i = 0; i < size; i++) buffer[i] = (unsigned char)(lcg_next(&state) >> 13);
  uint32_t fast = crc32_table(buffer, size);
  uint32_t slow = crc32_bitwise(buffer, size < 16384 ? size : 16384);
  printf("crc32(%ld KiB) = %08x, crc32(first 16 KiB, bitwise) = %08x, adler32 = %08x\n", kib, fast,
         slow, adler32(buffer, size));
  CHECK(slow == crc32_table(buffer, size < 16384 ? size : 16384));
  free(buffer);
  return guest_finish("crc32");
}
