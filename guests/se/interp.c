// interp: a small stack-machine bytecode interpreter (the kind of code with
// an unpredictable indirect branch per instruction) running a few programs:
// loop sums, Euclid's gcd, a prime counter, recursive Fibonacci through its
// own call stack. Argument: the limit of the prime counter.
#include "guest.h"

enum opcode {
  OP_PUSH, OP_DUP, OP_DROP, OP_SWAP, OP_OVER, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
  OP_LT, OP_EQ, OP_JMP, OP_JZ, OP_CALL, OP_RET, OP_LOAD, OP_STORE, OP_PRINT, OP_HALT
};

static const char* const opcode_names[] = {"push", "dup", "drop", "swap", "over", "add", "sub",
                                           "mul",  "div", "mod",  "lt",   "eq",   "jmp", "jz",
                                           "call", "ret", "load", "store", "print", "halt"};

struct machine {
  int64_t stack[256];
  int sp;
  int return_stack[256];
  int rp;
  int64_t variables[16];
  uint64_t executed;
  uint64_t counts[OP_HALT + 1];
};

// Runs code from address 0 until halt; returns the top of the stack.
static int64_t run(struct machine* m, const int64_t* code) {
  int pc = 0;
  m->sp = m->rp = 0;
  for (;;) {
    enum opcode op = (enum opcode)code[pc++];
    m->executed++;
    m->counts[op]++;
    int64_t a, b;
    switch (op) {
      case OP_PUSH: m->stack[m->sp++] = code[pc++]; break;
      case OP_DUP: m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; break;
      case OP_DROP: m->sp--; break;
      case OP_SWAP: a = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = a; break;
      case OP_OVER: m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; break;
      case OP_ADD: b = m->stack[--m->sp]; m->stack[m->sp - 1] += b; break;
      case OP_SUB: b = m->stack[--m->sp]; m->stack[m->sp - 1] -= b; break;
      case OP_MUL: b = m->stack[--m->sp]; m->stack[m->sp - 1] *= b; break;
      case OP_DIV: b = m->stack[--m->sp]; m->stack[m->sp - 1] /= b; break;
      case OP_MOD: b = m->stack[--m->sp]; m->stack[m->sp - 1] %= b; break;
      case OP_LT: b = m->stack[--m->sp]; m->stack[m->sp - 1] = m->stack[m->sp - 1] < b; break;
      case OP_EQ: b = m->stack[--m->sp]; m->stack[m->sp - 1] = m->stack[m->sp - 1] == b; break;
      case OP_JMP: pc = (int)code[pc]; break;
      case OP_JZ: pc = m->stack[--m->sp] ? pc + 1 : (int)code[pc]; break;
      case OP_CALL: m->return_stack[m->rp++] = pc + 1; pc = (int)code[pc]; break;
      case OP_RET: pc = m->return_stack[--m->rp]; break;
      case OP_LOAD: m->stack[m->sp++] = m->variables[code[pc++]]; break;
      case OP_STORE: m->variables[code[pc++]] = m->stack[--m->sp]; break;
      case OP_PRINT: printf("  vm prints %lld\n", (long long)m->stack[--m->sp]); break;
      case OP_HALT: return m->sp ? m->stack[m->sp - 1] : 0;
    }
  }
}

int main(int argc, char** argv) {
  int64_t limit = guest_size_arg(argc, argv, 3000);
  static struct machine m;
  // sum of i*i for i < 1000: v0 = i, v1 = sum.
  const int64_t sum_squares[] = {OP_PUSH, 0, OP_STORE, 0, OP_PUSH, 0, OP_STORE, 1,
                                 /* 8 */ OP_LOAD, 0, OP_PUSH, 1000, OP_LT, OP_JZ, 34,
                                 OP_LOAD, 0, OP_DUP, OP_MUL, OP_LOAD, 1, OP_ADD, OP_STORE, 1,
                                 OP_LOAD, 0, OP_PUSH, 1, OP_ADD, OP_STORE, 0, OP_JMP, 8, OP_HALT,
                                 /* 34 */ OP_LOAD, 1, OP_DUP, OP_PRINT, OP_HALT};
  int64_t result = run(&m, sum_squares);
  printf("sum of squares below 1000: %lld\n", (long long)result);
  CHECK(result == 332833500);
  // gcd(a, b) by Euclid with the stack only.
  const int64_t gcd_program[] = {OP_PUSH, 1071, OP_PUSH, 462,
                                 /* 4 */ OP_DUP, OP_PUSH, 0, OP_EQ, OP_JZ, 12, OP_DROP, OP_HALT,
                                 /* 12 */ OP_SWAP, OP_OVER, OP_MOD, OP_JMP, 4};
  result = run(&m, gcd_program);
  printf("gcd(1071, 462) = %lld\n", (long long)result);
  CHECK(result == 21);
  // Count primes below limit by trial division: v0 = n, v1 = d, v2 = count.
  const int64_t primes[] = {
      OP_PUSH, 2, OP_STORE, 0, OP_PUSH, 0, OP_STORE, 2,
      /* 8: outer */ OP_LOAD, 0, OP_PUSH, limit, OP_LT, OP_JZ, 64,
      OP_PUSH, 2, OP_STORE, 1,
      /* 19: inner */ OP_LOAD, 1, OP_DUP, OP_MUL, OP_LOAD, 0, OP_SWAP, OP_LT, OP_JZ, 39,
      /* 29: d*d > n: prime */ OP_LOAD, 2, OP_PUSH, 1, OP_ADD, OP_STORE, 2, OP_JMP, 55,
      /* 38 pad */ OP_HALT,
      /* 39 */ OP_LOAD, 0, OP_LOAD, 1, OP_MOD, OP_JZ, 55,
      OP_LOAD, 1, OP_PUSH, 1, OP_ADD, OP_STORE, 1, OP_JMP, 19,
      /* 55: next n */ OP_LOAD, 0, OP_PUSH, 1, OP_ADD, OP_STORE, 0, OP_JMP, 8,
      /* 64 */ OP_LOAD, 2, OP_HALT};
  // Offsets above are hand-assembled; the layout check keeps them honest.
  CHECK(primes[39] == OP_LOAD && primes[55] == OP_LOAD && primes[64] == OP_LOAD);
  result = run(&m, primes);
  printf("primes below %lld: %lld\n", (long long)limit, (long long)result);
  if (limit == 3000) CHECK(result == 430);
  // Recursive Fibonacci with call/ret: fib(n) = n < 2 ? n : fib(n-1) + fib(n-2).
  const int64_t fibonacci[] = {OP_PUSH, 18, OP_CALL, 5, OP_HALT,
                               /* 5 */ OP_DUP, OP_PUSH, 2, OP_LT, OP_JZ, 12, OP_RET,
                               /* 12 */ OP_DUP, OP_PUSH, 1, OP_SUB, OP_CALL, 5, OP_SWAP, OP_PUSH, 2,
                               OP_SUB, OP_CALL, 5, OP_ADD, OP_RET};
  result = run(&m, fibonacci);
  printf("vm fibonacci(18) = %lld\n", (long long)result);
  CHECK(result == 2584);
  printf("executed %llu vm instructions:", (unsigned long long)m.executed);
  for (int op = 0; op <= OP_HALT; op++)
    if (m.counts[op]) printf(" %s=%llu", opcode_names[op], (unsigned long long)m.counts[op]);
  printf("\n");
  return guest_finish("interp");
}
