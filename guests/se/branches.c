// branches: every MIPS branch and jump, taken and not taken, with the delay
// slot observed: plain branches always execute it, branch-likely ones only
// when taken (nullified otherwise), linking forms leave the address after the
// delay slot in $ra (even when they do not branch). Also the FPU condition
// branches bc1t/bc1f/bc1tl/bc1fl on condition codes 0 and 5.
#include "guest.h"

// Result bits: 1 = delay slot executed, 2 = fell through (not taken).
// "taken, slot run" = 1, "not taken, slot run" = 3, "not taken, nullified" = 2.
#define BRANCH(insn, a, b)                                                       \
  ({                                                                             \
    uint64_t flags_;                                                             \
    __asm__ volatile(".set push\n\t.set noreorder\n\t"                           \
                     "move %0, $0\n\t" insn " 1f\n\t"                            \
                     " ori %0, %0, 1\n\t"                                        \
                     "ori %0, %0, 2\n"                                           \
                     "1:\n\t.set pop"                                            \
                     : "=&r"(flags_)                                             \
                     : "r"((int64_t)(a)), "r"((int64_t)(b)));                    \
    flags_;                                                                      \
  })

// Linking forms: also returns $ra minus the address of the label after the
// delay slot (0 when $ra is right).
#define LINKING_BRANCH(insn, a, offset)                                          \
  ({                                                                             \
    uint64_t flags_, after_;                                                     \
    __asm__ volatile(".set push\n\t.set noreorder\n\t"                           \
                     "move %0, $0\n\t" insn " 1f\n\t"                            \
                     " ori %0, %0, 1\n"                                          \
                     "2:\n\t"                                                    \
                     "ori %0, %0, 2\n"                                           \
                     "1:\n\t"                                                    \
                     "dla %1, 2b\n\t"                                            \
                     "dsubu %1, $31, %1\n\t.set pop"                             \
                     : "=&r"(flags_), "=&r"(after_)                              \
                     : "r"((int64_t)(a))                                         \
                     : "$31");                                                   \
    *(offset) = (int64_t)after_;                                                 \
    flags_;                                                                      \
  })

// Names an outcome of BRANCH/LINKING_BRANCH.
static const char* describe(uint64_t flags) {
  switch (flags) {
    case 1: return "taken";
    case 3: return "not-taken";
    case 2: return "not-taken,nullified";
    default: return "???";
  }
}

static int wrong;

// Prints one case and checks it against the expected outcome.
static void report(const char* label, int64_t a, int64_t b, uint64_t flags, uint64_t expected) {
  printf("%-8s %3lld %3lld: %s\n", label, (long long)a, (long long)b, describe(flags));
  wrong += flags != expected;
}

// Register-compare branches and their -likely forms on signed values.
static void test_compare_branches(void) {
  static const int64_t values[] = {-5, 0, 7, 7};
  for (int i = 0; i < 4; i++) {
    int64_t a = values[i], b = values[(i + 2) & 3];
    report("beq", a, b, BRANCH("beq %1, %2,", a, b), a == b ? 1 : 3);
    report("bne", a, b, BRANCH("bne %1, %2,", a, b), a != b ? 1 : 3);
    report("beql", a, b, BRANCH("beql %1, %2,", a, b), a == b ? 1 : 2);
    report("bnel", a, b, BRANCH("bnel %1, %2,", a, b), a != b ? 1 : 2);
    report("blez", a, 0, BRANCH("blez %1,", a, 0), a <= 0 ? 1 : 3);
    report("bgtz", a, 0, BRANCH("bgtz %1,", a, 0), a > 0 ? 1 : 3);
    report("bltz", a, 0, BRANCH("bltz %1,", a, 0), a < 0 ? 1 : 3);
    report("bgez", a, 0, BRANCH("bgez %1,", a, 0), a >= 0 ? 1 : 3);
    report("blezl", a, 0, BRANCH("blezl %1,", a, 0), a <= 0 ? 1 : 2);
    report("bgtzl", a, 0, BRANCH("bgtzl %1,", a, 0), a > 0 ? 1 : 2);
    report("bltzl", a, 0, BRANCH("bltzl %1,", a, 0), a < 0 ? 1 : 2);
    report("bgezl", a, 0, BRANCH("bgezl %1,", a, 0), a >= 0 ? 1 : 2);
  }
  // 64-bit values: the comparisons use all 64 bits.
  int64_t high = 1LL << 40, low = (int64_t)0x8000000000000000ULL;
  report("bgtz", high, 0, BRANCH("bgtz %1,", high, 0), 1);
  report("bltz", low, 0, BRANCH("bltz %1,", low, 0), 1);
  report("bne", high, 0, BRANCH("bne %1, %2,", high, high + 1), 1);
}

// bltzal/bgezal(l), bal, jal: outcome and $ra.
static void test_linking_branches(void) {
  static const int64_t values[] = {-1, 0, 1};
  for (int i = 0; i < 3; i++) {
    int64_t a = values[i], offset;
    uint64_t flags = LINKING_BRANCH("bltzal %2,", a, &offset);
    report("bltzal", a, 0, flags, a < 0 ? 1 : 3);
    printf("  $ra offset %lld\n", (long long)offset);
    wrong += offset != 0;
    flags = LINKING_BRANCH("bgezal %2,", a, &offset);
    report("bgezal", a, 0, flags, a >= 0 ? 1 : 3);
    printf("  $ra offset %lld\n", (long long)offset);
    wrong += offset != 0;
    flags = LINKING_BRANCH("bltzall %2,", a, &offset);
    report("bltzall", a, 0, flags, a < 0 ? 1 : 2);
    printf("  $ra offset %lld\n", (long long)offset);
    wrong += offset != 0;
    flags = LINKING_BRANCH("bgezall %2,", a, &offset);
    report("bgezall", a, 0, flags, a >= 0 ? 1 : 2);
    printf("  $ra offset %lld\n", (long long)offset);
    wrong += offset != 0;
  }
  int64_t offset;
  report("bal", 0, 0, LINKING_BRANCH("bal", 0, &offset), 1);
  wrong += offset != 0;
  report("jal", 0, 0, LINKING_BRANCH("jal", 0, &offset), 1);
  wrong += offset != 0;
  report("b", 0, 0, BRANCH("b", 0, 0), 1);
  report("j", 0, 0, BRANCH("j", 0, 0), 1);
}

// jr and jalr through a register, with the delay slot and the link.
static void test_register_jumps(void) {
  uint64_t flags, link_offset;
  __asm__ volatile(".set push\n\t.set noreorder\n\t"
                   "move %0, $0\n\t"
                   "dla $8, 1f\n\t"
                   "jr $8\n\t"
                   " ori %0, %0, 1\n\t"
                   "ori %0, %0, 2\n"
                   "1:\n\t"
                   "dla $8, 3f\n\t"
                   "jalr $9, $8\n\t"
                   " ori %0, %0, 4\n"
                   "2:\n\t"
                   "ori %0, %0, 8\n"
                   "3:\n\t"
                   "dla %1, 2b\n\t"
                   "dsubu %1, $9, %1\n\t"
                   ".set pop"
                   : "=&r"(flags), "=&r"(link_offset)
                   :
                   : "$8", "$9");
  printf("jr/jalr: flags %llx, link offset %lld\n", (unsigned long long)flags, (long long)link_offset);
  wrong += flags != 5 || link_offset != 0;
}

// FPU condition branches on fcc0 and fcc5.
#define FP_BRANCH(compare, insn, x, y)                                           \
  ({                                                                             \
    uint64_t flags_;                                                             \
    __asm__ volatile(".set push\n\t.set noreorder\n\t"                           \
                     compare " %1, %2\n\t"                                       \
                     "move %0, $0\n\t" insn " 1f\n\t"                            \
                     " ori %0, %0, 1\n\t"                                        \
                     "ori %0, %0, 2\n"                                           \
                     "1:\n\t.set pop"                                            \
                     : "=&r"(flags_)                                             \
                     : "f"(x), "f"(y));                                          \
    flags_;                                                                      \
  })

// bc1t/bc1f and their -likely forms.
static void test_fpu_branches(void) {
  const double one = 1.0, two = 2.0;
  report("bc1t", 1, 2, FP_BRANCH("c.lt.d", "bc1t", one, two), 1);
  report("bc1t", 2, 1, FP_BRANCH("c.lt.d", "bc1t", two, one), 3);
  report("bc1f", 1, 2, FP_BRANCH("c.lt.d", "bc1f", one, two), 3);
  report("bc1f", 2, 1, FP_BRANCH("c.lt.d", "bc1f", two, one), 1);
  report("bc1tl", 2, 1, FP_BRANCH("c.lt.d", "bc1tl", two, one), 2);
  report("bc1fl", 1, 2, FP_BRANCH("c.lt.d", "bc1fl", one, two), 2);
  report("bc1t5", 1, 1, FP_BRANCH("c.eq.d $fcc5,", "bc1t $fcc5,", one, one), 1);
  report("bc1f5", 1, 1, FP_BRANCH("c.eq.d $fcc5,", "bc1f $fcc5,", one, one), 3);
  report("bc1fl5", 1, 2, FP_BRANCH("c.eq.d $fcc5,", "bc1fl $fcc5,", one, two), 1);
  report("bc1tl5", 1, 2, FP_BRANCH("c.eq.d $fcc5,", "bc1tl $fcc5,", one, two), 2);
}

int main(void) {
  test_compare_branches();
  test_linking_branches();
  test_register_jumps();
  test_fpu_branches();
  printf("wrong outcomes: %d\n", wrong);
  CHECK(wrong == 0);
  return guest_finish("branches");
}
