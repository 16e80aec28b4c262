// hello: the smallest guest: prints its arguments with write(2) and exits
// with exit_group(2), no libc; exit status 0.
#include "bare.h"

int main(int argc, char** argv) {
  put_string("hello from MIPS IV, argc=");
  put_decimal(argc);
  put_string("\n");
  for (int i = 1; i < argc; i++) {
    put_string("argv: ");
    put_string(argv[i]);
    put_string("\n");
  }
  return 0;
}
