/* The few C library functions the runtime and the programs use. GCC may also
 * call memset/memcpy itself (for struct copies), so these must exist. The
 * build passes -fno-tree-loop-distribute-patterns so that the loops here are
 * not turned back into calls to themselves. */
#include "runtime.h"

/* Fills n bytes with `byte`. */
void* memset(void* dst, int byte, size_t n) {
  unsigned char* d = dst;
  while (n--) *d++ = (unsigned char)byte;
  return dst;
}

/* Copies n bytes (the ranges must not overlap). */
void* memcpy(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  while (n--) *d++ = *s++;
  return dst;
}

/* Compares n bytes: <0, 0, >0 as the first differing byte. */
int memcmp(const void* a, const void* b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}

/* Length of a NUL-terminated string. */
size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

/* Compares two strings. */
int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

/* Compares at most n characters of two strings. */
int strncmp(const char* a, const char* b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (!*a) return 0;
  }
  return 0;
}

/* Parses a decimal or 0x-prefixed hexadecimal number ending at a space or NUL. */
static int parse_number(const char* s, uint64_t* value) {
  uint64_t v = 0;
  int digits = 0;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    for (s += 2; *s && *s != ' '; s++, digits++) {
      const char c = *s;
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return 0;
      v = v * 16 + (uint64_t)d;
    }
  } else {
    for (; *s && *s != ' '; s++, digits++) {
      if (*s < '0' || *s > '9') return 0;
      v = v * 10 + (uint64_t)(*s - '0');
    }
  }
  if (!digits) return 0;
  *value = v;
  return 1;
}

/* Finds "key=number" among the space-separated words of a command line. */
int cmdline_number(const char* cmdline, const char* key, uint64_t* value) {
  const size_t key_length = strlen(key);
  for (const char* p = cmdline; *p;) {
    while (*p == ' ') p++;
    if (!strncmp(p, key, key_length) && p[key_length] == '=') return parse_number(p + key_length + 1, value);
    while (*p && *p != ' ') p++;
  }
  return 0;
}
