// strings: glibc's string and memory functions (hand-written MIPS assembly
// for several of them) at every source/destination alignment and length
// around the word and doubleword sizes, plus strstr/strchr/strtok/qsort.
#include <ctype.h>

#include "guest.h"

static unsigned char source[256], destination[256], reference[256];

// The byte-by-byte definition of memmove, to compare against.
static void reference_move(unsigned char* to, const unsigned char* from, size_t n) {
  unsigned char tmp[256];
  for (size_t i = 0; i < n; i++) tmp[i] = from[i];
  for (size_t i = 0; i < n; i++) to[i] = tmp[i];
}

// memcpy/memset/memmove/memcmp/memchr at every alignment and length.
static void test_memory_functions(void) {
  for (int i = 0; i < 256; i++) source[i] = (unsigned char)(i * 7 + 3);
  uint64_t hash = FNV_OFFSET;
  int mismatches = 0;
  for (int from = 0; from < 8; from++)
    for (int to = 0; to < 8; to++)
      for (int n = 0; n < 40; n++) {
        memset(destination, 0xee, sizeof destination);
        memset(reference, 0xee, sizeof reference);
        memcpy(destination + to, source + from, (size_t)n);
        reference_move(reference + to, source + from, (size_t)n);
        mismatches += memcmp(destination, reference, sizeof reference) != 0;
        memset(destination + to, from + n, (size_t)n);
        hash = fnv1a(hash, destination, 64);
      }
  printf("memcpy/memset alignments: %d mismatches, hash %016llx\n", mismatches,
         (unsigned long long)hash);
  CHECK(mismatches == 0);
  mismatches = 0;
  for (int i = 0; i < 256; i++) destination[i] = reference[i] = (unsigned char)i;
  for (int shift = -9; shift <= 9; shift++)
    for (int n = 0; n < 100; n += 7) {
      memmove(destination + 64 + shift, destination + 64, (size_t)n);
      reference_move(reference + 64 + shift, reference + 64, (size_t)n);
      mismatches += memcmp(destination, reference, 256) != 0;
    }
  printf("memmove overlaps: %d mismatches, hash %016llx\n", mismatches,
         (unsigned long long)fnv1a(FNV_OFFSET, destination, 256));
  CHECK(mismatches == 0);
  // memcmp sign and memchr/memrchr at every position.
  unsigned char a[32], b[32];
  memset(a, 'x', 32);
  memset(b, 'x', 32);
  b[17] = 0x80;
  printf("memcmp %d %d %d\n", memcmp(a, b, 17) == 0, memcmp(a, b, 18) < 0, memcmp(b, a, 32) > 0);
  int found = 0;
  for (int i = 0; i < 32; i++) {
    a[i] = 0;
    found += memchr(a, 0, 32) == a + i;
    a[i] = 'x';
  }
  printf("memchr found %d of 32\n", found);
  CHECK(found == 32);
}

// strlen/strcmp/strncmp/strstr/strchr/strtok/strcpy/strcat/strdup.
static void test_string_functions(void) {
  char text[128];
  int lengths_ok = 0;
  for (int offset = 0; offset < 8; offset++)
    for (int n = 0; n < 40; n++) {
      memset(text, 'a', sizeof text);
      text[offset + n] = 0;
      lengths_ok += strlen(text + offset) == (size_t)n;
    }
  printf("strlen at all alignments: %d of 320\n", lengths_ok);
  CHECK(lengths_ok == 320);
  const char* words[] = {"apple", "apricot", "Apple", "app", "", "banana", "applesauce", "\xff"};
  for (int i = 0; i < 8; i++)
    for (int j = 0; j < 8; j++) {
      int c = strcmp(words[i], words[j]), nc = strncmp(words[i], words[j], 3);
      printf("%c%c ", c < 0 ? '<' : c > 0 ? '>' : '=', nc < 0 ? '<' : nc > 0 ? '>' : '=');
      if (j == 7) printf("\n");
    }
  const char* haystack = "the quick brown fox jumps over the lazy dog; the end";
  printf("strstr %ld %ld %d strchr %ld strrchr %ld strspn %zu strcspn %zu\n",
         (long)(strstr(haystack, "the") - haystack), (long)(strstr(haystack + 1, "the") - haystack),
         strstr(haystack, "cat") == NULL, (long)(strchr(haystack, 'q') - haystack),
         (long)(strrchr(haystack, 'e') - haystack), strspn(haystack, "the "),
         strcspn(haystack, "xyz"));
  char buffer[128];
  strcpy(buffer, "alpha,beta,,gamma;delta");
  strcat(buffer, ",epsilon");
  int tokens = 0;
  for (char* token = strtok(buffer, ",;"); token; token = strtok(NULL, ",;")) {
    printf("[%s]", token);
    tokens++;
  }
  printf(" %d tokens\n", tokens);
  CHECK(tokens == 5);
  char upper[64];
  snprintf(upper, sizeof upper, "%s-%d-%05.1f", "Mixed Case", 42, 3.14159);
  for (char* p = upper; *p; p++) *p = (char)toupper((unsigned char)*p);
  printf("%s %zu\n", upper, strlen(upper));
  char* duplicate = strdup(upper);
  CHECK(strcmp(duplicate, "MIXED CASE-42-003.1") == 0);
  free(duplicate);
}

// qsort order of ints.
static int compare_ints(const void* a, const void* b) {
  int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}

// qsort and bsearch of random ints.
static void test_qsort_bsearch(void) {
  int values[500];
  uint64_t state = 42;
  for (int i = 0; i < 500; i++) values[i] = (int)(lcg_next(&state) % 100000) - 50000;
  qsort(values, 500, sizeof values[0], compare_ints);
  int sorted = 1;
  for (int i = 1; i < 500; i++) sorted &= values[i - 1] <= values[i];
  int key = values[123];
  int* hit = bsearch(&key, values, 500, sizeof values[0], compare_ints);
  printf("qsort sorted %d min %d max %d bsearch %d\n", sorted, values[0], values[499],
         hit != NULL && *hit == key);
  CHECK(sorted && hit != NULL);
}

int main(void) {
  test_memory_functions();
  test_string_functions();
  test_qsort_bsearch();
  return guest_finish("strings");
}
