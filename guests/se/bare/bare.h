// Helpers for the libc-free MIPS IV guest programs: output through the
// write system call (start.S), decimal and hexadecimal formatting.
#ifndef BARE_H
#define BARE_H

typedef unsigned long u64;
typedef long i64;

long sys_write(int fd, const void* buffer, unsigned long size);
int main(int argc, char** argv);

// Length of a NUL-terminated string.
static inline unsigned long string_length(const char* s) {
  unsigned long n = 0;
  while (s[n]) n++;
  return n;
}

// Writes a string to stdout.
static inline void put_string(const char* s) { sys_write(1, s, string_length(s)); }

// Writes 16 hex digits.
static inline void put_hex(u64 value) {
  char text[17];
  for (int i = 15; i >= 0; i--) {
    text[i] = "0123456789abcdef"[value & 15];
    value >>= 4;
  }
  text[16] = 0;
  put_string(text);
}

// Writes a signed decimal number.
static inline void put_decimal(i64 value) {
  char text[24];
  int i = 23;
  u64 magnitude = value < 0 ? 0 - (u64)value : (u64)value;
  text[i] = 0;
  do {
    text[--i] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) text[--i] = '-';
  put_string(text + i);
}

// Parses a non-negative decimal argument, or returns fallback.
static inline i64 size_argument(int argc, char** argv, i64 fallback) {
  if (argc < 2) return fallback;
  i64 value = 0;
  for (const char* p = argv[1]; *p >= '0' && *p <= '9'; p++) value = value * 10 + (*p - '0');
  return value;
}

#endif
