/* Console output: bytes to node 0's UART, and a small printf.
 *
 * Every CPU prints through node 0's UART (UART_TX, one byte per store), so
 * the output is one stream. printf formats into a buffer first and writes
 * the whole text under the console lock: lines of different CPUs never mix.
 * The lock remembers its owner, so a CPU that faults while printing (and
 * reports the fault from its exception handler) does not wait for itself. */
#include "runtime.h"

static spinlock_t console_lock = SPINLOCK_INIT;
static volatile uint64_t console_owner = ~0ull;

/* Writes one byte to the UART. */
void console_putc(char c) { dev_write(0, UART_BASE, UART_TX, (uint8_t)c); }

/* Writes a string as it is. */
static void write_string(const char* s) {
  while (*s) console_putc(*s++);
}

/* Writes a string under the console lock (no newline added). */
void console_puts(const char* s) {
  const uint64_t me = cpu_id();
  const int nested = console_owner == me;
  if (!nested) {
    spin_lock(&console_lock);
    console_owner = me;
  }
  write_string(s);
  if (!nested) {
    console_owner = ~0ull;
    spin_unlock(&console_lock);
  }
}

/* printf to the console (see runtime.h for the conversions). */
int vprintf(const char* format, va_list args) {
  char text[512];
  const int n = vsnprintf(text, sizeof text, format, args);
  console_puts(text);
  return n;
}

/* printf to the console. */
int printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vprintf(format, args);
  va_end(args);
  return n;
}

/* ---- formatting ---- */

/* Output buffer with truncation: counts every character, stores what fits. */
struct sink {
  char* buffer;
  size_t size;
  size_t length;
};

/* Appends one character (stored only while it fits). */
static void sink_put(struct sink* out, char c) {
  if (out->length + 1 < out->size) out->buffer[out->length] = c;
  out->length++;
}

/* One number in base 10 or 16, with sign, width and padding. */
static void format_number(struct sink* out, uint64_t magnitude, int negative, unsigned base, int upper,
                          int width, int zero_pad, int left) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char text[24];
  int n = 0;
  do {
    text[n++] = digits[magnitude % base];
    magnitude /= base;
  } while (magnitude);
  const int length = n + (negative ? 1 : 0);
  if (!left && !zero_pad)
    for (int i = length; i < width; i++) sink_put(out, ' ');
  if (negative) sink_put(out, '-');
  if (!left && zero_pad)
    for (int i = length; i < width; i++) sink_put(out, '0');
  while (n) sink_put(out, text[--n]);
  if (left)
    for (int i = length; i < width; i++) sink_put(out, ' ');
}

/* vsnprintf: the conversions of runtime.h; always NUL-terminates when size > 0. */
int vsnprintf(char* buffer, size_t size, const char* format, va_list args) {
  struct sink out = {buffer, size, 0};
  for (const char* p = format; *p; p++) {
    if (*p != '%') {
      sink_put(&out, *p);
      continue;
    }
    p++;
    int left = 0, zero_pad = 0, width = 0, longs = 0;
    for (;; p++) {
      if (*p == '-')
        left = 1;
      else if (*p == '0')
        zero_pad = 1;
      else
        break;
    }
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    while (*p == 'l' || *p == 'z') {
      longs++;
      p++;
    }
    switch (*p) {
      case 'd':
      case 'i': {
        const int64_t v = longs ? va_arg(args, int64_t) : va_arg(args, int);
        format_number(&out, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0, 10, 0, width, zero_pad, left);
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        const uint64_t v = longs ? va_arg(args, uint64_t) : va_arg(args, unsigned);
        format_number(&out, v, 0, *p == 'u' ? 10 : 16, *p == 'X', width, zero_pad, left);
        break;
      }
      case 'p':
        sink_put(&out, '0');
        sink_put(&out, 'x');
        format_number(&out, (uint64_t)va_arg(args, void*), 0, 16, 0, 16, 1, 0);
        break;
      case 's': {
        const char* s = va_arg(args, const char*);
        if (!s) s = "(null)";
        const int length = (int)strlen(s);
        if (!left)
          for (int i = length; i < width; i++) sink_put(&out, ' ');
        while (*s) sink_put(&out, *s++);
        if (left)
          for (int i = length; i < width; i++) sink_put(&out, ' ');
        break;
      }
      case 'c':
        sink_put(&out, (char)va_arg(args, int));
        break;
      case '%':
        sink_put(&out, '%');
        break;
      case '\0':
        p--;  /* a lone '%' at the end */
        break;
      default:  /* unknown conversion: shown as it is */
        sink_put(&out, '%');
        sink_put(&out, *p);
        break;
    }
  }
  if (size) buffer[out.length < size ? out.length : size - 1] = '\0';
  return (int)out.length;
}

/* Formats into a buffer of `size` bytes (see vsnprintf). */
int snprintf(char* buffer, size_t size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vsnprintf(buffer, size, format, args);
  va_end(args);
  return n;
}
