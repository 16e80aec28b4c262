// sha256: SHA-256 (FIPS 180-4) of the standard test vectors and of a
// generated buffer. Argument: buffer size in KiB (benchmark runs use more).
#include "guest.h"

struct sha256 {
  uint32_t state[8];
  uint64_t length;
  unsigned char block[64];
  size_t used;
};

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// Rotate right.
static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// The SHA-256 compression function on one 64-byte block.
static void compress(struct sha256* h, const unsigned char* block) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
           (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h->state[0], b = h->state[1], c = h->state[2], d = h->state[3];
  uint32_t e = h->state[4], f = h->state[5], g = h->state[6], k = h->state[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                  round_constants[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  h->state[0] += a; h->state[1] += b; h->state[2] += c; h->state[3] += d;
  h->state[4] += e; h->state[5] += f; h->state[6] += g; h->state[7] += k;
}

// The initial hash state.
static void sha256_init(struct sha256* h) {
  static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(h->state, initial, sizeof initial);
  h->length = 0;
  h->used = 0;
}

// Feeds bytes, compressing every full block.
static void sha256_update(struct sha256* h, const void* data, size_t size) {
  const unsigned char* p = data;
  h->length += size;
  while (size > 0) {
    size_t take = 64 - h->used < size ? 64 - h->used : size;
    memcpy(h->block + h->used, p, take);
    h->used += take;
    p += take;
    size -= take;
    if (h->used == 64) {
      compress(h, h->block);
      h->used = 0;
    }
  }
}

// Pads, finishes and writes the digest as 64 hex digits.
static void sha256_hex(struct sha256* h, char* hex) {
  uint64_t bit_length = h->length * 8;
  unsigned char pad = 0x80, zero = 0, length_bytes[8];
  sha256_update(h, &pad, 1);
  while (h->used != 56) sha256_update(h, &zero, 1);
  for (int i = 0; i < 8; i++) length_bytes[i] = (unsigned char)(bit_length >> (56 - 8 * i));
  sha256_update(h, length_bytes, 8);
  for (int i = 0; i < 8; i++) sprintf(hex + 8 * i, "%08x", h->state[i]);
}

// SHA-256 of a buffer as hex.
static void digest_of(const void* data, size_t size, char* hex) {
  struct sha256 h;
  sha256_init(&h);
  sha256_update(&h, data, size);
  sha256_hex(&h, hex);
}

int main(int argc, char** argv) {
  long kib = guest_size_arg(argc, argv, 32);
  char hex[65];
  digest_of("abc", 3, hex);
  printf("sha256(abc) = %s\n", hex);
  CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
  digest_of("", 0, hex);
  printf("sha256() = %s\n", hex);
  CHECK(strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);
  const char* two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  digest_of(two_blocks, strlen(two_blocks), hex);
  printf("sha256(abcdbcde...) = %s\n", hex);
  CHECK(strcmp(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0);
  size_t size = (size_t)kib * 1024;
  unsigned char* buffer = malloc(size);
  uint64_t state = 1;
  for (size_t i = 0; i < size; i++) buffer[i] = (unsigned char)lcg_next(&state);
  digest_of(buffer, size, hex);
  printf("sha256(%ld KiB generated) = %s\n", kib, hex);
  free(buffer);
  return guest_finish("sha256");
}
