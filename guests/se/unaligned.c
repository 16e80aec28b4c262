// unaligned: the MIPS unaligned load/store pairs lwl/lwr, ldl/ldr, swl/swr,
// sdl/sdr, each alone at every byte offset (so the partial merges show) and
// as the pairs the compiler emits for packed structures.
#include "guest.h"

static unsigned char buffer[48] __attribute__((aligned(16)));

// Fills the buffer with 0x10, 0x11, ... so every byte is recognisable.
static void fill_pattern(void) {
  for (int i = 0; i < 48; i++) buffer[i] = (unsigned char)(0x10 + i);
}

// Prints the first 24 bytes of the buffer.
static void print_buffer(const char* label, int offset) {
  printf("%s %d:", label, offset);
  for (int i = 0; i < 24; i++) printf(" %02x", buffer[i]);
  printf("\n");
}

// Each partial load alone, merging into a known register value.
static void test_partial_loads(void) {
  fill_pattern();
  for (int offset = 0; offset < 16; offset++) {
    const unsigned char* p = buffer + offset;
    uint64_t lwl_value = 0x0123456789abcdefULL, lwr_value = 0x0123456789abcdefULL;
    uint64_t ldl_value = 0x0123456789abcdefULL, ldr_value = 0x0123456789abcdefULL;
    __asm__("lwl %0, 0(%1)" : "+r"(lwl_value) : "r"(p) : "memory");
    __asm__("lwr %0, 0(%1)" : "+r"(lwr_value) : "r"(p) : "memory");
    __asm__("ldl %0, 0(%1)" : "+r"(ldl_value) : "r"(p) : "memory");
    __asm__("ldr %0, 0(%1)" : "+r"(ldr_value) : "r"(p) : "memory");
    // lwr that leaves bit 31 alone: the upper half is implementation-specific
    // on 64-bit processors, so only the low word is printed.
    printf("offset %2d: lwl %016llx lwr ........%08x ldl %016llx ldr %016llx\n", offset,
           (unsigned long long)lwl_value, (unsigned)lwr_value, (unsigned long long)ldl_value,
           (unsigned long long)ldr_value);
  }
}

// The full unaligned word/doubleword load as a pair, per byte order.
static uint32_t load_word_pair(const unsigned char* p) {
  uint64_t value;
#if __MIPSEB__
  __asm__("lwl %0, 0(%1)\n\tlwr %0, 3(%1)" : "=&r"(value) : "r"(p) : "memory");
#else
  __asm__("lwl %0, 3(%1)\n\tlwr %0, 0(%1)" : "=&r"(value) : "r"(p) : "memory");
#endif
  return (uint32_t)value;
}

static uint64_t load_double_pair(const unsigned char* p) {
  uint64_t value;
#if __MIPSEB__
  __asm__("ldl %0, 0(%1)\n\tldr %0, 7(%1)" : "=&r"(value) : "r"(p) : "memory");
#else
  __asm__("ldl %0, 7(%1)\n\tldr %0, 0(%1)" : "=&r"(value) : "r"(p) : "memory");
#endif
  return value;
}

// The full unaligned loads, checked against memcpy.
static void test_pairs(void) {
  fill_pattern();
  for (int offset = 0; offset < 8; offset++) {
    uint32_t word = load_word_pair(buffer + offset);
    uint64_t dword = load_double_pair(buffer + offset);
    uint32_t expected_word;
    uint64_t expected_dword;
    memcpy(&expected_word, buffer + offset, 4);
    memcpy(&expected_dword, buffer + offset, 8);
    printf("pair offset %d: %08x %016llx\n", offset, word, (unsigned long long)dword);
    CHECK(word == expected_word && dword == expected_dword);
  }
}

// Each partial store alone into a buffer of 0xaa.
static void test_partial_stores(void) {
  const uint64_t value = 0x8182838485868788ULL;
  for (int offset = 0; offset < 8; offset++) {
    unsigned char* p = buffer + 8 + offset;
    memset(buffer, 0xaa, sizeof buffer);
    __asm__ volatile("swl %0, 0(%1)" : : "r"(value), "r"(p) : "memory");
    print_buffer("swl", offset);
    memset(buffer, 0xaa, sizeof buffer);
    __asm__ volatile("swr %0, 0(%1)" : : "r"(value), "r"(p) : "memory");
    print_buffer("swr", offset);
    memset(buffer, 0xaa, sizeof buffer);
    __asm__ volatile("sdl %0, 0(%1)" : : "r"(value), "r"(p) : "memory");
    print_buffer("sdl", offset);
    memset(buffer, 0xaa, sizeof buffer);
    __asm__ volatile("sdr %0, 0(%1)" : : "r"(value), "r"(p) : "memory");
    print_buffer("sdr", offset);
  }
}

// Packed structures: gcc emits the unaligned pairs for these members.
struct __attribute__((packed)) record {
  char tag;
  uint32_t word;
  uint64_t dword;
  uint16_t half;
  int32_t signed_word;
  double real;
};

// Packed structure members (compiler-generated unaligned pairs).
static void test_packed(void) {
  static struct record records[5];
  for (int i = 0; i < 5; i++) {
    records[i].tag = (char)('a' + i);
    records[i].word = 0xdeadbeefu ^ (uint32_t)i;
    records[i].dword = 0x0102030405060708ULL * (uint64_t)(i + 1);
    records[i].half = (uint16_t)(0xfff0 + i);
    records[i].signed_word = -100000 * i;
    records[i].real = 1.0 / (i + 3);
  }
  uint64_t hash = fnv1a(FNV_OFFSET, records, sizeof records);
  printf("packed bytes %016llx\n", (unsigned long long)hash);
  int64_t sum = 0;
  for (volatile int i = 0; i < 5; i++) {
    struct record* r = &records[i];
    sum += r->word + (int64_t)r->dword + r->half + r->signed_word;
    printf("record %c: %08x %016llx %04x %d %.17g\n", r->tag, r->word,
           (unsigned long long)r->dword, r->half, r->signed_word, r->real);
  }
  printf("packed sum %lld\n", (long long)sum);
  CHECK(records[2].dword == 0x0306090c0f121518ULL && records[4].signed_word == -400000);
}

int main(void) {
  test_partial_loads();
  test_pairs();
  test_partial_stores();
  test_packed();
  return guest_finish("unaligned");
}
