// recursion: deep and branching recursion (Ackermann, naive Fibonacci,
// Towers of Hanoi, mutual recursion, N-queens) that exercises the stack,
// calls and returns. Argument: the N of the N-queens search.
#include "guest.h"

// The Ackermann function (deep, non-tail recursion).
static long ackermann(long m, long n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

// Naive Fibonacci (branching recursion).
static long fibonacci(int n) { return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2); }

// Towers of Hanoi; hashes the moves.
static long hanoi(int disks, int from, int to, int via, uint64_t* hash) {
  if (disks == 0) return 0;
  long moves = hanoi(disks - 1, from, via, to, hash);
  *hash = *hash * 31 + (uint64_t)(from * 3 + to);
  return moves + 1 + hanoi(disks - 1, via, to, from, hash);
}

static int is_odd(unsigned n);
// Mutual recursion.
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

// Counts the placements of n queens, one row at a time.
static long queens(int n, int row, unsigned columns, unsigned diagonals, unsigned antidiagonals) {
  if (row == n) return 1;
  long count = 0;
  for (int column = 0; column < n; column++) {
    unsigned c = 1u << column, d = 1u << (row + column), a = 1u << (row - column + n);
    if ((columns & c) || (diagonals & d) || (antidiagonals & a)) continue;
    count += queens(n, row + 1, columns | c, diagonals | d, antidiagonals | a);
  }
  return count;
}

int main(int argc, char** argv) {
  int n = (int)guest_size_arg(argc, argv, 7);
  long a = ackermann(2, 300), b = ackermann(3, 5);
  printf("ackermann(2,300)=%ld ackermann(3,5)=%ld\n", a, b);
  CHECK(a == 603 && b == 253);
  long f = fibonacci(22);
  printf("fibonacci(22)=%ld\n", f);
  CHECK(f == 17711);
  uint64_t hash = 0;
  long moves = hanoi(14, 0, 2, 1, &hash);
  printf("hanoi(14) moves=%ld hash=%016llx\n", moves, (unsigned long long)hash);
  CHECK(moves == 16383);
  printf("is_even(10001)=%d is_odd(7777)=%d\n", is_even(10001), is_odd(7777));
  CHECK(!is_even(10001) && is_odd(7777));
  long solutions = queens(n, 0, 0, 0, 0);
  printf("queens(%d)=%ld\n", n, solutions);
  if (n == 7) CHECK(solutions == 40);
  if (n == 8) CHECK(solutions == 92);
  return guest_finish("recursion");
}
