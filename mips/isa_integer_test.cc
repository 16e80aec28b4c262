// Tests of the integer instructions (isa_integer.cc): decoding and semantics of
// every family on hand-encoded words. Values for implementation-defined cases
// (division by zero, INT_MIN / -1, unaligned loads/stores in both byte orders)
// were taken from qemu-mips64el / qemu-mips64 -cpu MIPS64R2-generic running
// the same instructions.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "mips/test_util.h"

namespace mips {
namespace {

// ---- encoders for hand-assembled words ----
constexpr uint32_t R(uint32_t funct, unsigned rs, unsigned rt, unsigned rd, unsigned sa = 0) {
  return (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | funct;
}
constexpr uint32_t I(uint32_t opcode, unsigned rs, unsigned rt, int imm) {
  return (opcode << 26) | (rs << 21) | (rt << 16) | uint16_t(imm);
}
constexpr uint32_t RegImm(unsigned rt, unsigned rs, int imm) { return I(0x01, rs, rt, imm); }
constexpr uint32_t Special2(uint32_t funct, unsigned rs, unsigned rt, unsigned rd, unsigned sa = 0) {
  return 0x70000000 | R(funct, rs, rt, rd, sa);
}
constexpr uint32_t Special3(uint32_t funct, unsigned rs, unsigned rt, unsigned rd, unsigned sa = 0) {
  return 0x7c000000 | R(funct, rs, rt, rd, sa);
}
constexpr uint32_t kNop = 0;

constexpr uint64_t kCode = 0x1000;
constexpr uint64_t kData = 0x2000;

using testing::ExceptionCatcher;

// A test machine that runs a snippet and reports the exception it raised, if any.
struct Machine : testing::TestMachine {
  ExceptionCatcher caught;
  explicit Machine(bool bigEndian = false) : TestMachine(bigEndian) { cpu.hooks = &caught; }
  uint64_t& r(unsigned n) { return cpu.gpr[n]; }
  // Places the words at kCode and runs `count` instructions (default: all of them).
  std::optional<ExcCode> run(const std::vector<uint32_t>& words, uint64_t count = 0) {
    place(kCode, words);
    step(count ? count : words.size());
    return caught.code;
  }
  void poke(uint64_t va, const std::vector<uint8_t>& bytes) { cpu.copyToGuest(va, bytes.data(), bytes.size()); }
  std::string peekHex(uint64_t va, size_t n) {
    std::vector<uint8_t> bytes(n);
    cpu.copyFromGuest(bytes.data(), va, n);
    std::string s;
    for (uint8_t b : bytes) s += "0123456789abcdef"[b >> 4], s += "0123456789abcdef"[b & 15];
    return s;
  }
};

// Runs one instruction with $4 = a, $5 = b and returns $2 (or the exception).
struct Result {
  uint64_t value;
  std::optional<ExcCode> exc;
};
Result op2(uint32_t word, uint64_t a, uint64_t b = 0, uint64_t initial = 0xdead) {
  Machine m;
  m.r(4) = a;
  m.r(5) = b;
  m.r(2) = initial;
  auto exc = m.run({word});
  return {m.r(2), exc};
}

// ---------------------------------------------------------------------------
// Arithmetic.

TEST(IsaArith, AdduAndSubuSignExtendTheLowWord) {
  EXPECT_EQ(op2(R(0x21, 4, 5, 2), 0x7fffffff, 1).value, 0xffffffff80000000ull);
  EXPECT_EQ(op2(R(0x23, 4, 5, 2), 0, 1).value, ~0ull);
  EXPECT_EQ(op2(I(0x09, 4, 2, -1), 0x100000000ull).value, ~0ull);  // addiu ignores the high word
}

TEST(IsaArith, DaddAndDaddiuAreFull64Bit) {
  EXPECT_EQ(op2(R(0x2d, 4, 5, 2), 0x7fffffff, 1).value, 0x80000000ull);  // daddu
  EXPECT_EQ(op2(I(0x19, 4, 2, -2), 1).value, ~0ull);                     // daddiu
  EXPECT_EQ(op2(R(0x2f, 4, 5, 2), 0, 1).value, ~0ull);                    // dsubu
  EXPECT_EQ(op2(R(0x2c, 4, 5, 2), 5, 7).value, 12u);                       // dadd
  EXPECT_EQ(op2(I(0x18, 4, 2, -7), 5).value, uint64_t(-2));                // daddi
  EXPECT_EQ(op2(R(0x2e, 4, 5, 2), 5, 7).value, uint64_t(-2));              // dsub
}

TEST(IsaArith, SignedOverflowTrapsAndWritesNothing) {
  struct Case {
    const char* name;
    uint32_t word;
    uint64_t a, b;
  } cases[] = {
      {"add", R(0x20, 4, 5, 2), 0x7fffffff, 1},
      {"add negative", R(0x20, 4, 5, 2), 0xffffffff80000000ull, 0xffffffffffffffffull},
      {"addi", I(0x08, 4, 2, 1), 0x7fffffff, 0},
      {"sub", R(0x22, 4, 5, 2), 0xffffffff80000000ull, 1},
      {"dadd", R(0x2c, 4, 5, 2), 0x7fffffffffffffffull, 1},
      {"daddi", I(0x18, 4, 2, -1), 0x8000000000000000ull, 0},
      {"dsub", R(0x2e, 4, 5, 2), 0x8000000000000000ull, 1},
  };
  for (const Case& c : cases) {
    Result r = op2(c.word, c.a, c.b, 0x1234);
    EXPECT_EQ(r.exc, ExcCode::Ov) << c.name;
    EXPECT_EQ(r.value, 0x1234u) << c.name;
  }
  EXPECT_EQ(op2(R(0x20, 4, 5, 2), 0x7ffffffe, 1).value, 0x7fffffffu);   // add without overflow
  EXPECT_EQ(op2(R(0x22, 4, 5, 2), 3, 5).value, uint64_t(-2));           // sub without overflow
  EXPECT_EQ(op2(I(0x08, 4, 2, -1), 0).exc, std::nullopt);                // addi -1
}

TEST(IsaArith, LogicAndImmediates) {
  EXPECT_EQ(op2(R(0x24, 4, 5, 2), 0xff00, 0x0ff0).value, 0x0f00u);                  // and
  EXPECT_EQ(op2(R(0x25, 4, 5, 2), 0xff00, 0x0ff0).value, 0xfff0u);                  // or
  EXPECT_EQ(op2(R(0x26, 4, 5, 2), 0xff00, 0x0ff0).value, 0xf0f0u);                  // xor
  EXPECT_EQ(op2(R(0x27, 4, 5, 2), 0xff00, 0x0ff0).value, ~uint64_t{0xfff0});        // nor
  EXPECT_EQ(op2(I(0x0c, 4, 2, -1), ~0ull).value, 0xffffu);                          // andi zero-extends
  EXPECT_EQ(op2(I(0x0d, 4, 2, 0x8000), 1).value, 0x8001u);                          // ori
  EXPECT_EQ(op2(I(0x0e, 4, 2, 0xffff), 0xf0f0).value, 0x0f0fu);                     // xori
  EXPECT_EQ(op2(I(0x0f, 0, 2, 0x8000), 0).value, 0xffffffff80000000ull);            // lui sign-extends
  EXPECT_EQ(op2(I(0x0f, 0, 2, 0x1234), 0).value, 0x12340000u);
}

TEST(IsaArith, SetLessThan) {
  EXPECT_EQ(op2(R(0x2a, 4, 5, 2), uint64_t(-1), 1).value, 1u);  // slt: -1 < 1
  EXPECT_EQ(op2(R(0x2b, 4, 5, 2), uint64_t(-1), 1).value, 0u);  // sltu: huge < 1 false
  EXPECT_EQ(op2(I(0x0a, 4, 2, -1), uint64_t(-2)).value, 1u);    // slti
  EXPECT_EQ(op2(I(0x0a, 4, 2, -2), uint64_t(-2)).value, 0u);
  // sltiu compares with the sign-extended immediate as unsigned.
  EXPECT_EQ(op2(I(0x0b, 4, 2, -1), 0xfffffffffffffffeull).value, 1u);
  EXPECT_EQ(op2(I(0x0b, 4, 2, 5), 5).value, 0u);
}

TEST(IsaArith, ConditionalMoves) {
  EXPECT_EQ(op2(R(0x0b, 4, 5, 2), 42, 1).value, 42u);      // movn moves when rt != 0
  EXPECT_EQ(op2(R(0x0b, 4, 5, 2), 42, 0).value, 0xdeadu);
  EXPECT_EQ(op2(R(0x0a, 4, 5, 2), 42, 0).value, 42u);      // movz moves when rt == 0
  EXPECT_EQ(op2(R(0x0a, 4, 5, 2), 42, 1).value, 0xdeadu);
}

TEST(IsaArith, CountLeadingBits) {
  EXPECT_EQ(op2(Special2(0x20, 4, 2, 2), 0x00010000).value, 15u);               // clz
  EXPECT_EQ(op2(Special2(0x20, 4, 2, 2), 0).value, 32u);
  EXPECT_EQ(op2(Special2(0x21, 4, 2, 2), 0xfffffffff0000000ull).value, 4u);     // clo
  EXPECT_EQ(op2(Special2(0x24, 4, 2, 2), 1).value, 63u);                        // dclz
  EXPECT_EQ(op2(Special2(0x25, 4, 2, 2), ~0ull).value, 64u);                    // dclo
}

// ---------------------------------------------------------------------------
// Shifts and rotates.

TEST(IsaShift, ImmediateShifts) {
  const uint64_t v = 0xf0000000f0000001ull;
  EXPECT_EQ(op2(R(0x00, 0, 4, 2, 4), v).value, 0x10u);                       // sll
  EXPECT_EQ(op2(R(0x00, 0, 4, 2, 3), 0x10000000).value, 0xffffffff80000000ull);
  EXPECT_EQ(op2(R(0x02, 0, 4, 2, 4), v).value, 0x0f000000u);                 // srl (low word)
  EXPECT_EQ(op2(R(0x02, 0, 4, 2, 0), 0x80000000u).value, 0xffffffff80000000ull);
  EXPECT_EQ(op2(R(0x03, 0, 4, 2, 4), v).value, 0xffffffffff000000ull);       // sra
  EXPECT_EQ(op2(R(0x02, 1, 4, 2, 4), 0x12345678).value, 0xffffffff81234567ull);  // rotr
  EXPECT_EQ(op2(R(0x38, 0, 4, 2, 4), v).value, 0x0000000f00000010ull);       // dsll
  EXPECT_EQ(op2(R(0x3a, 0, 4, 2, 4), v).value, 0x0f0000000f000000ull);       // dsrl
  EXPECT_EQ(op2(R(0x3b, 0, 4, 2, 4), v).value, 0xff0000000f000000ull);       // dsra
  EXPECT_EQ(op2(R(0x3a, 1, 4, 2, 4), v).value, 0x1f0000000f000000ull);       // drotr
  EXPECT_EQ(op2(R(0x3c, 0, 4, 2, 4), v).value, 0x0000001000000000ull);       // dsll32
  EXPECT_EQ(op2(R(0x3e, 0, 4, 2, 4), v).value, 0x0f000000u);                 // dsrl32
  EXPECT_EQ(op2(R(0x3f, 0, 4, 2, 4), v).value, 0xffffffffff000000ull);       // dsra32
  EXPECT_EQ(op2(R(0x3e, 1, 4, 2, 4), v).value, 0x0f0000001f000000ull);       // drotr32
}

TEST(IsaShift, VariableShiftsUseLowBitsOfRs) {
  const uint64_t v = 0xf0000000f0000001ull;
  EXPECT_EQ(op2(R(0x04, 5, 4, 2), v, 36).value, 0x10u);                      // sllv: 36 & 31 = 4
  EXPECT_EQ(op2(R(0x06, 5, 4, 2), v, 4).value, 0x0f000000u);                 // srlv
  EXPECT_EQ(op2(R(0x07, 5, 4, 2), v, 4).value, 0xffffffffff000000ull);       // srav
  EXPECT_EQ(op2(R(0x06, 5, 4, 2, 1), 0x12345678, 36).value, 0xffffffff81234567ull);  // rotrv
  EXPECT_EQ(op2(R(0x14, 5, 4, 2), v, 68).value, 0x0000000f00000010ull);      // dsllv: 68 & 63 = 4
  EXPECT_EQ(op2(R(0x16, 5, 4, 2), v, 4).value, 0x0f0000000f000000ull);       // dsrlv
  EXPECT_EQ(op2(R(0x17, 5, 4, 2), v, 4).value, 0xff0000000f000000ull);       // dsrav
  EXPECT_EQ(op2(R(0x16, 5, 4, 2, 1), v, 36).value, 0x0f0000001f000000ull);   // drotrv
}

TEST(IsaShift, NopAliasesDoNothing) {
  for (uint32_t word : {0x00000000u, 0x00000040u, 0x000000c0u, 0x00000140u}) {  // nop, ssnop, ehb, pause
    Machine m;
    m.r(0) = 0;
    EXPECT_EQ(m.run({word}), std::nullopt);
    EXPECT_EQ(m.cpu.pc, kCode + 4);
  }
  EXPECT_STREQ(Cpu::decode(0x40).desc->mnemonic, "ssnop");
  EXPECT_STREQ(Cpu::decode(0xc0).desc->mnemonic, "ehb");
  EXPECT_STREQ(Cpu::decode(0x140).desc->mnemonic, "pause");
}

// ---------------------------------------------------------------------------
// Multiply and divide.

// Runs one HI/LO instruction with $4 = a, $5 = b, HI/LO preset; returns {hi, lo}.
std::pair<uint64_t, uint64_t> hiLo(uint32_t word, uint64_t a, uint64_t b, uint64_t hi = 0, uint64_t lo = 0) {
  Machine m;
  m.r(4) = a;
  m.r(5) = b;
  m.cpu.hi = hi;
  m.cpu.lo = lo;
  EXPECT_EQ(m.run({word}), std::nullopt);
  return {m.cpu.hi, m.cpu.lo};
}
using HL = std::pair<uint64_t, uint64_t>;

TEST(IsaMulDiv, Multiplies) {
  EXPECT_EQ(hiLo(R(0x18, 4, 5, 0), uint64_t(-3), 5), HL(~0ull, uint64_t(-15)));            // mult
  EXPECT_EQ(hiLo(R(0x19, 4, 5, 0), 0xffffffff, 2), HL(1, ~0ull - 1));                       // multu
  EXPECT_EQ(hiLo(R(0x18, 4, 5, 0), 0x40000000, 4), HL(1, 0));
  EXPECT_EQ(hiLo(R(0x1c, 4, 5, 0), uint64_t(-3), 5), HL(~0ull, uint64_t(-15)));            // dmult
  EXPECT_EQ(hiLo(R(0x1d, 4, 5, 0), ~0ull, 2), HL(1, ~0ull - 1));                            // dmultu
  EXPECT_EQ(op2(Special2(0x02, 4, 5, 2), 0x10000, 0x10000).value, 0u);                      // mul: low word
  EXPECT_EQ(op2(Special2(0x02, 4, 5, 2), uint64_t(-3), 5).value, uint64_t(-15));
}

TEST(IsaMulDiv, MultiplyAccumulateMatchesQemu) {
  // qemu: hi=0x7fffffff lo=0xffffffff, madd 0x12345678 * -3.
  EXPECT_EQ(hiLo(Special2(0x00, 4, 5, 0), 0x12345678, uint64_t(-3), 0x7fffffff, 0xffffffff),
            HL(0x7fffffff, 0xffffffffc962fc97ull));
  // qemu: hi=1 lo=5, msubu 0x12345678 * 0xfffffffd.
  EXPECT_EQ(hiLo(Special2(0x05, 4, 5, 0), 0x12345678, uint64_t(-3), 1, 5),
            HL(0xffffffffedcba989ull, 0x369d036d));
  EXPECT_EQ(hiLo(Special2(0x01, 4, 5, 0), 0xffffffff, 0xffffffff, 0, 1), HL(0xfffffffffffffffeull, 2));  // maddu
  EXPECT_EQ(hiLo(Special2(0x04, 4, 5, 0), 2, 3, 0, 5), HL(~0ull, ~0ull));  // msub: 5 - 6 = -1
  // Operands that are not sign-extended words (UNPREDICTABLE): qemu's values.
  const uint64_t a = 0x100000003ull, b = 0x200000005ull;
  EXPECT_EQ(hiLo(Special2(0x00, 4, 5, 0), a, b), HL(0xb, 0xf));                                      // madd
  EXPECT_EQ(hiLo(Special2(0x04, 4, 5, 0), a, b), HL(0xfffffffffffffff4ull, 0xfffffffffffffff1ull));  // msub
  EXPECT_EQ(hiLo(Special2(0x05, 4, 5, 0), a, b), HL(~0ull, 0xfffffffffffffff1ull));                  // msubu
  EXPECT_EQ(hiLo(R(0x18, 4, 5, 0), a, b), HL(0, 0xf));                                               // mult
}

TEST(IsaMulDiv, DivisionIncludingZeroAndOverflowMatchesQemu) {
  EXPECT_EQ(hiLo(R(0x1a, 4, 5, 0), uint64_t(-7), 2), HL(~0ull, uint64_t(-3)));                // div
  EXPECT_EQ(hiLo(R(0x1a, 4, 5, 0), 7, 0), HL(0, 7));                                           // div by 0
  EXPECT_EQ(hiLo(R(0x1a, 4, 5, 0), uint64_t(-7), 0), HL(0, uint64_t(-7)));
  EXPECT_EQ(hiLo(R(0x1a, 4, 5, 0), 0xffffffff80000000ull, ~0ull), HL(0, 0xffffffff80000000ull));
  EXPECT_EQ(hiLo(R(0x1b, 4, 5, 0), 0xfffffff9, 0), HL(0, uint64_t(-7)));                      // divu by 0
  EXPECT_EQ(hiLo(R(0x1b, 4, 5, 0), 0xfffffff9, 2), HL(1, 0x7ffffffc));
  EXPECT_EQ(hiLo(R(0x1e, 4, 5, 0), uint64_t(-7), 0), HL(0, uint64_t(-7)));                    // ddiv by 0
  EXPECT_EQ(hiLo(R(0x1e, 4, 5, 0), 0x8000000000000000ull, ~0ull), HL(0, 0x8000000000000000ull));
  EXPECT_EQ(hiLo(R(0x1e, 4, 5, 0), uint64_t(-7), 2), HL(~0ull, uint64_t(-3)));
  EXPECT_EQ(hiLo(R(0x1f, 4, 5, 0), uint64_t(-7), 0), HL(0, uint64_t(-7)));                    // ddivu by 0
  EXPECT_EQ(hiLo(R(0x1f, 4, 5, 0), uint64_t(-7), 3), HL(0, 0x5555555555555553ull));
}

TEST(IsaMulDiv, HiLoMoves) {
  Machine m;
  m.r(4) = 11;
  m.r(5) = 22;
  // mthi $4 ; mtlo $5 ; mfhi $2 ; mflo $3
  EXPECT_EQ(m.run({R(0x11, 4, 0, 0), R(0x13, 5, 0, 0), R(0x10, 0, 0, 2), R(0x12, 0, 0, 3)}), std::nullopt);
  EXPECT_EQ(m.r(2), 11u);
  EXPECT_EQ(m.r(3), 22u);
}

// ---------------------------------------------------------------------------
// Branches and jumps.

// Runs `branch` at kCode with a delay slot `addiu $3,$3,1` and, at kCode+8,
// `addiu $3,$3,16`; the branch targets kCode+16 (offset 3). Returns where
// execution is after the branch and its slot, and $3.
struct BranchOutcome {
  uint64_t pcAfter;
  uint64_t r3;
  uint64_t ra;
};
BranchOutcome runBranch(uint32_t branchWithoutOffset, uint64_t rs, uint64_t rt = 0) {
  Machine m;
  m.r(4) = rs;
  m.r(5) = rt;
  m.r(3) = 0;
  m.r(31) = 0x77;
  m.run({branchWithoutOffset | 3, I(0x09, 3, 3, 1), I(0x09, 3, 3, 16), kNop, kNop}, 2);
  return {m.cpu.pc, m.r(3), m.r(31)};
}

TEST(IsaBranch, ConditionalBranchesRunTheDelaySlot) {
  const uint64_t taken = kCode + 16, fallThrough = kCode + 8;
  struct Case {
    const char* name;
    uint32_t word;
    uint64_t rs, rt;
    bool taken;
  } cases[] = {
      {"beq eq", I(0x04, 4, 5, 0), 3, 3, true},    {"beq ne", I(0x04, 4, 5, 0), 3, 4, false},
      {"bne ne", I(0x05, 4, 5, 0), 3, 4, true},    {"bne eq", I(0x05, 4, 5, 0), 3, 3, false},
      {"blez 0", I(0x06, 4, 0, 0), 0, 0, true},    {"blez 1", I(0x06, 4, 0, 0), 1, 0, false},
      {"bgtz 1", I(0x07, 4, 0, 0), 1, 0, true},    {"bgtz -1", I(0x07, 4, 0, 0), ~0ull, 0, false},
      {"bltz -1", RegImm(0, 4, 0), ~0ull, 0, true}, {"bltz 0", RegImm(0, 4, 0), 0, 0, false},
      {"bgez 0", RegImm(1, 4, 0), 0, 0, true},     {"bgez -1", RegImm(1, 4, 0), ~0ull, 0, false},
  };
  for (const Case& c : cases) {
    BranchOutcome o = runBranch(c.word, c.rs, c.rt);
    EXPECT_EQ(o.pcAfter, c.taken ? taken : fallThrough) << c.name;
    EXPECT_EQ(o.r3, 1u) << c.name << ": delay slot must run";
    EXPECT_EQ(o.ra, 0x77u) << c.name << ": no link";
  }
}

TEST(IsaBranch, LikelyBranchesNullifyTheSlotWhenNotTaken) {
  struct Case {
    const char* name;
    uint32_t word;
    uint64_t takenRs, notTakenRs;
  } cases[] = {
      {"beql", I(0x14, 4, 5, 0), 0, 1},       {"bnel", I(0x15, 4, 5, 0), 1, 0},
      {"blezl", I(0x16, 4, 0, 0), 0, 1},      {"bgtzl", I(0x17, 4, 0, 0), 1, 0},
      {"bltzl", RegImm(2, 4, 0), ~0ull, 0},   {"bgezl", RegImm(3, 4, 0), 0, ~0ull},
  };
  for (const Case& c : cases) {
    BranchOutcome t = runBranch(c.word, c.takenRs, 0);
    EXPECT_EQ(t.pcAfter, kCode + 16) << c.name;
    EXPECT_EQ(t.r3, 1u) << c.name << ": taken likely runs its slot";
    // Not taken: the slot is skipped, so the second instruction run is the one at kCode+8.
    BranchOutcome n = runBranch(c.word, c.notTakenRs, 0);
    EXPECT_EQ(n.r3, 16u) << c.name << ": slot must be nullified";
    EXPECT_EQ(n.pcAfter, kCode + 12) << c.name;
  }
}

TEST(IsaBranch, AndLinkWritesRaEvenWhenNotTaken) {
  struct Case {
    const char* name;
    uint32_t word;
    uint64_t rs;
    bool taken, likely;
  } cases[] = {
      {"bltzal taken", RegImm(0x10, 4, 0), ~0ull, true, false},
      {"bltzal not", RegImm(0x10, 4, 0), 0, false, false},
      {"bgezal taken", RegImm(0x11, 4, 0), 0, true, false},
      {"bgezal not", RegImm(0x11, 4, 0), ~0ull, false, false},
      {"bltzall not", RegImm(0x12, 4, 0), 0, false, true},
      {"bgezall taken", RegImm(0x13, 4, 0), 5, true, true},
  };
  for (const Case& c : cases) {
    BranchOutcome o = runBranch(c.word, c.rs);
    EXPECT_EQ(o.ra, kCode + 8) << c.name;
    EXPECT_EQ(o.pcAfter, c.taken ? kCode + 16 : (c.likely ? kCode + 12 : kCode + 8)) << c.name;
  }
}

TEST(IsaBranch, LinkConditionReadsRaBeforeWritingIt) {
  // bltzal $ra: the test uses the old (negative) $ra.
  Machine m;
  m.r(31) = ~0ull;
  m.run({RegImm(0x10, 31, 3), kNop}, 2);
  EXPECT_EQ(m.cpu.pc, kCode + 16);
  EXPECT_EQ(m.r(31), kCode + 8);
}

TEST(IsaBranch, BackwardBranchOffset) {
  Machine m;
  m.place(kCode, {kNop, kNop, I(0x04, 0, 0, -2), kNop});  // b kCode+4... from kCode+8: target = kCode+12-8
  m.cpu.pc = kCode + 8;
  m.cpu.npc = kCode + 12;
  m.step(2);
  EXPECT_EQ(m.cpu.pc, kCode + 4);
}

TEST(IsaJump, JumpsAndLinks) {
  {  // j: stays in the 256 MB region of the delay slot
    Machine m;
    m.run({(0x02u << 26) | (0x2000 >> 2), kNop});
    EXPECT_EQ(m.cpu.pc, 0x2000u);
  }
  {
    Machine m;
    m.place(0x1ffffffc, {(0x02u << 26) | 0x40, kNop});  // the slot is at 0x20000000
    m.step(2);
    EXPECT_EQ(m.cpu.pc, 0x20000100u);
  }
  {  // jal
    Machine m;
    m.run({(0x03u << 26) | (0x3000 >> 2), kNop});
    EXPECT_EQ(m.cpu.pc, 0x3000u);
    EXPECT_EQ(m.r(31), kCode + 8);
  }
  {  // jr $4
    Machine m;
    m.r(4) = 0x4000;
    m.run({R(0x08, 4, 0, 0), kNop});
    EXPECT_EQ(m.cpu.pc, 0x4000u);
  }
  {  // jalr $4 (rd = 31)
    Machine m;
    m.r(4) = 0x4000;
    m.run({R(0x09, 4, 0, 31), kNop});
    EXPECT_EQ(m.cpu.pc, 0x4000u);
    EXPECT_EQ(m.r(31), kCode + 8);
  }
  {  // jalr $4,$4: the target is read before the link is written
    Machine m;
    m.r(4) = 0x4000;
    m.run({R(0x09, 4, 0, 4), kNop});
    EXPECT_EQ(m.cpu.pc, 0x4000u);
    EXPECT_EQ(m.r(4), kCode + 8);
  }
  {  // jr.hb and jalr.hb decode and jump
    Machine m;
    m.r(4) = 0x4000;
    m.run({R(0x09, 4, 0, 31, 0x10), kNop});
    EXPECT_EQ(m.cpu.pc, 0x4000u);
    EXPECT_STREQ(Cpu::decode(R(0x08, 4, 0, 0, 0x10)).desc->mnemonic, "jr.hb");
  }
}

// ---------------------------------------------------------------------------
// Loads and stores.

TEST(IsaMemory, LoadsExtendCorrectlyInBothByteOrders) {
  for (bool big : {false, true}) {
    Machine m(big);
    m.poke(kData, {0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7});
    m.r(4) = kData;
    m.run({I(0x20, 4, 2, 1), I(0x24, 4, 3, 1), I(0x21, 4, 5, 2), I(0x25, 4, 6, 2), I(0x23, 4, 7, 4),
           I(0x27, 4, 8, 4), I(0x37, 4, 9, 0)});
    EXPECT_EQ(m.r(2), 0xffffffffffffff91ull) << big;  // lb
    EXPECT_EQ(m.r(3), 0x91u) << big;                  // lbu
    EXPECT_EQ(m.r(5), big ? 0xffffffffffffa2b3ull : 0xffffffffffffb3a2ull) << big;  // lh
    EXPECT_EQ(m.r(6), big ? 0xa2b3u : 0xb3a2u) << big;                              // lhu
    EXPECT_EQ(m.r(7), big ? 0xffffffffc4d5e6f7ull : 0xfffffffff7e6d5c4ull) << big;  // lw
    EXPECT_EQ(m.r(8), big ? 0xc4d5e6f7ull : 0xf7e6d5c4ull) << big;                  // lwu
    EXPECT_EQ(m.r(9), big ? 0x8091a2b3c4d5e6f7ull : 0xf7e6d5c4b3a29180ull) << big;  // ld
  }
}

TEST(IsaMemory, StoresInBothByteOrders) {
  for (bool big : {false, true}) {
    Machine m(big);
    m.r(4) = kData;
    m.r(5) = 0x1122334455667788ull;
    m.run({I(0x28, 4, 5, 0), I(0x29, 4, 5, 2), I(0x2b, 4, 5, 4), I(0x3f, 4, 5, 8)});
    EXPECT_EQ(m.peekHex(kData, 16), big ? "8800778855667788" "1122334455667788"
                                        : "8800887788776655" "8877665544332211")
        << big;
  }
}

TEST(IsaMemory, MisalignedAccessesRaiseAddressErrors) {
  Machine m;
  m.r(4) = kData + 2;
  EXPECT_EQ(m.run({I(0x2b, 4, 5, 0)}), ExcCode::AdES);  // sw
  Machine n;
  n.r(4) = kData + 4;
  EXPECT_EQ(n.run({I(0x37, 4, 5, 0)}), ExcCode::AdEL);  // ld
}

// The register before each unaligned load, and the memory the tests use:
// bytes 80 91 a2 b3 c4 d5 e6 f7 08 19 2a 3b ... at kData.
constexpr uint64_t kOldReg = 0x1122334455667788ull;
Machine& withPattern(Machine& m) {
  std::vector<uint8_t> bytes(16);
  for (int k = 0; k < 16; ++k) bytes[k] = uint8_t(0x80 + k * 0x11);
  m.poke(kData, bytes);
  return m;
}
uint64_t unalignedLoad(bool big, uint32_t opcode, uint64_t va) {
  Machine m(big);
  withPattern(m);
  m.r(4) = va;
  m.r(2) = kOldReg;
  EXPECT_EQ(m.run({I(opcode, 4, 2, 0)}), std::nullopt);
  return m.r(2);
}

TEST(IsaMemory, LwlLwrMatchQemuInBothByteOrders) {
  // Loaded from kData + 4 + offset; expected values printed by qemu.
  const uint64_t lwlLittle[4] = {0xffffffffc4667788ull, 0xffffffffd5c47788ull, 0xffffffffe6d5c488ull,
                                 0xfffffffff7e6d5c4ull};
  const uint64_t lwrLittle[4] = {0xfffffffff7e6d5c4ull, 0x0000000055f7e6d5ull, 0x000000005566f7e6ull,
                                 0x00000000556677f7ull};
  const uint64_t lwlBig[4] = {0xffffffffc4d5e6f7ull, 0xffffffffd5e6f788ull, 0xffffffffe6f77788ull,
                              0xfffffffff7667788ull};
  const uint64_t lwrBig[4] = {0x00000000556677c4ull, 0x000000005566c4d5ull, 0x0000000055c4d5e6ull,
                              0xffffffffc4d5e6f7ull};
  for (int off = 0; off < 4; ++off) {
    EXPECT_EQ(unalignedLoad(false, 0x22, kData + 4 + off), lwlLittle[off]) << "lwl el " << off;
    EXPECT_EQ(unalignedLoad(false, 0x26, kData + 4 + off), lwrLittle[off]) << "lwr el " << off;
    EXPECT_EQ(unalignedLoad(true, 0x22, kData + 4 + off), lwlBig[off]) << "lwl eb " << off;
    EXPECT_EQ(unalignedLoad(true, 0x26, kData + 4 + off), lwrBig[off]) << "lwr eb " << off;
  }
}

TEST(IsaMemory, LdlLdrMatchQemuInBothByteOrders) {
  const uint64_t ldlLittle[8] = {0x8022334455667788ull, 0x9180334455667788ull, 0xa291804455667788ull,
                                 0xb3a2918055667788ull, 0xc4b3a29180667788ull, 0xd5c4b3a291807788ull,
                                 0xe6d5c4b3a2918088ull, 0xf7e6d5c4b3a29180ull};
  const uint64_t ldrLittle[8] = {0xf7e6d5c4b3a29180ull, 0x11f7e6d5c4b3a291ull, 0x1122f7e6d5c4b3a2ull,
                                 0x112233f7e6d5c4b3ull, 0x11223344f7e6d5c4ull, 0x1122334455f7e6d5ull,
                                 0x112233445566f7e6ull, 0x11223344556677f7ull};
  const uint64_t ldlBig[8] = {0x8091a2b3c4d5e6f7ull, 0x91a2b3c4d5e6f788ull, 0xa2b3c4d5e6f77788ull,
                              0xb3c4d5e6f7667788ull, 0xc4d5e6f755667788ull, 0xd5e6f74455667788ull,
                              0xe6f7334455667788ull, 0xf722334455667788ull};
  const uint64_t ldrBig[8] = {0x1122334455667780ull, 0x1122334455668091ull, 0x11223344558091a2ull,
                              0x112233448091a2b3ull, 0x1122338091a2b3c4ull, 0x11228091a2b3c4d5ull,
                              0x118091a2b3c4d5e6ull, 0x8091a2b3c4d5e6f7ull};
  for (int off = 0; off < 8; ++off) {
    EXPECT_EQ(unalignedLoad(false, 0x1a, kData + off), ldlLittle[off]) << "ldl el " << off;
    EXPECT_EQ(unalignedLoad(false, 0x1b, kData + off), ldrLittle[off]) << "ldr el " << off;
    EXPECT_EQ(unalignedLoad(true, 0x1a, kData + off), ldlBig[off]) << "ldl eb " << off;
    EXPECT_EQ(unalignedLoad(true, 0x1b, kData + off), ldrBig[off]) << "ldr eb " << off;
  }
}

// Memory (16 bytes from kData, pre-filled with 0xee) after one unaligned store.
std::string unalignedStore(bool big, uint32_t opcode, unsigned offset, uint64_t value) {
  Machine m(big);
  m.poke(kData, std::vector<uint8_t>(16, 0xee));
  m.r(4) = kData + offset;
  m.r(5) = value;
  EXPECT_EQ(m.run({I(opcode, 4, 5, 0)}), std::nullopt);
  return m.peekHex(kData, 16);
}

TEST(IsaMemory, SwlSwrMatchQemuInBothByteOrders) {
  const char* swlLittle[4] = {"a1ee", "b2a1", "c3b2a1", "d4c3b2a1"};
  const char* swrLittle[4] = {"d4c3b2a1", "eed4c3b2", "eeeed4c3", "eeeeeed4"};
  const char* swlBig[4] = {"a1b2c3d4", "eea1b2c3", "eeeea1b2", "eeeeeea1"};
  const char* swrBig[4] = {"d4ee", "c3d4", "b2c3d4", "a1b2c3d4"};
  // Pads a prefix to the 16-byte picture with the untouched 0xee bytes.
  auto picture = [](std::string prefix) { return prefix + std::string(32 - prefix.size(), 'e'); };
  for (unsigned off = 0; off < 4; ++off) {
    EXPECT_EQ(unalignedStore(false, 0x2a, off, 0xa1b2c3d4), picture(swlLittle[off])) << "swl el " << off;
    EXPECT_EQ(unalignedStore(false, 0x2e, off, 0xa1b2c3d4), picture(swrLittle[off])) << "swr el " << off;
    EXPECT_EQ(unalignedStore(true, 0x2a, off, 0xa1b2c3d4), picture(swlBig[off])) << "swl eb " << off;
    EXPECT_EQ(unalignedStore(true, 0x2e, off, 0xa1b2c3d4), picture(swrBig[off])) << "swr eb " << off;
  }
}

TEST(IsaMemory, SdlSdrMatchQemuInBothByteOrders) {
  const char* sdlLittle[8] = {"a1ee", "b2a1", "c3b2a1", "d4c3b2a1", "e5d4c3b2a1", "f6e5d4c3b2a1",
                              "07f6e5d4c3b2a1", "1807f6e5d4c3b2a1"};
  const char* sdrLittle[8] = {"1807f6e5d4c3b2a1", "ee1807f6e5d4c3b2", "eeee1807f6e5d4c3",
                              "eeeeee1807f6e5d4", "eeeeeeee1807f6e5", "eeeeeeeeee1807f6",
                              "eeeeeeeeeeee1807", "eeeeeeeeeeeeee18"};
  const char* sdlBig[8] = {"a1b2c3d4e5f60718", "eea1b2c3d4e5f607", "eeeea1b2c3d4e5f6",
                           "eeeeeea1b2c3d4e5", "eeeeeeeea1b2c3d4", "eeeeeeeeeea1b2c3",
                           "eeeeeeeeeeeea1b2", "eeeeeeeeeeeeeea1"};
  const char* sdrBig[8] = {"18ee", "0718", "f60718", "e5f60718", "d4e5f60718", "c3d4e5f60718",
                           "b2c3d4e5f60718", "a1b2c3d4e5f60718"};
  auto picture = [](std::string prefix) { return prefix + std::string(32 - prefix.size(), 'e'); };
  const uint64_t v = 0xa1b2c3d4e5f60718ull;
  for (unsigned off = 0; off < 8; ++off) {
    EXPECT_EQ(unalignedStore(false, 0x2c, off, v), picture(sdlLittle[off])) << "sdl el " << off;
    EXPECT_EQ(unalignedStore(false, 0x2d, off, v), picture(sdrLittle[off])) << "sdr el " << off;
    EXPECT_EQ(unalignedStore(true, 0x2c, off, v), picture(sdlBig[off])) << "sdl eb " << off;
    EXPECT_EQ(unalignedStore(true, 0x2d, off, v), picture(sdrBig[off])) << "sdr eb " << off;
  }
}

TEST(IsaMemory, UnalignedPairLoadsAndStoresAWholeWord) {
  for (bool big : {false, true}) {
    Machine m(big);
    withPattern(m);
    m.r(4) = kData + 3;
    m.r(9) = 0x0102030405060708ull;
    // Big endian: lwl 0($4) ; lwr 3($4). Little endian: lwr 0($4) ; lwl 3($4). Then the same for sw.
    const uint32_t left = big ? 0 : 3, right = big ? 3 : 0;
    m.run({I(0x22, 4, 2, int(left)), I(0x26, 4, 2, int(right)), I(0x2a, 4, 9, int(left)),
           I(0x2e, 4, 9, int(right))});
    EXPECT_EQ(m.r(2), big ? 0xffffffffb3c4d5e6ull : 0xffffffffe6d5c4b3ull) << big;
    EXPECT_EQ(m.peekHex(kData, 8), big ? "8091a205060708f7" : "8091a208070605f7") << big;
  }
}

// RAM everywhere except one unmapped page.
class RamWithHole : public testing::FlatRam {
 public:
  static constexpr uint64_t kHole = 0x5000;
  PageMapping mapPage(PhysAddr pageBase) override {
    return pageBase.value == kHole ? PageMapping{} : FlatRam::mapPage(pageBase);
  }
};

// The exception one partial load/store at kHole + offset raises.
GuestException partialAccessFault(uint32_t opcode, unsigned offset) {
  RamWithHole ram;
  Cpu cpu(ram, false);
  cpu.enterUserFlatMode();
  const uint32_t word = I(opcode, 4, 2, int(offset));
  cpu.copyToGuest(kCode, &word, 4);
  cpu.pc = kCode;
  cpu.npc = kCode + 4;
  cpu.gpr[4] = RamWithHole::kHole;
  struct Catch : CpuHooks {
    GuestException seen{ExcCode::Int};
    bool onException(Cpu& c, const GuestException& e) override {
      seen = e;
      c.requestStop();
      return true;
    }
  } hooks;
  cpu.hooks = &hooks;
  cpu.run(1);
  return hooks.seen;
}

TEST(IsaMemory, PartialAccessFaultsReportTheirOwnAddressAndKind) {
  for (uint32_t load : {0x22u, 0x26u, 0x1au, 0x1bu}) {  // lwl lwr ldl ldr
    GuestException e = partialAccessFault(load, 3);
    EXPECT_EQ(e.code, ExcCode::TLBL) << load;
    EXPECT_EQ(e.badVAddr, RamWithHole::kHole + 3) << load;
  }
  for (uint32_t store : {0x2au, 0x2eu, 0x2cu, 0x2du}) {  // swl swr sdl sdr
    GuestException e = partialAccessFault(store, 5);
    EXPECT_EQ(e.code, ExcCode::TLBS) << store;
    EXPECT_EQ(e.badVAddr, RamWithHole::kHole + 5) << store;
  }
}

TEST(IsaMemory, LoadLinkedStoreConditional) {
  Machine m;
  m.poke(kData, {41, 0, 0, 0, 0, 0, 0, 0});
  m.r(4) = kData;
  // ll $2,0($4) ; addiu $2,$2,1 ; sc $2,0($4)
  m.run({I(0x30, 4, 2, 0), I(0x09, 2, 2, 1), I(0x38, 4, 2, 0)});
  EXPECT_EQ(m.r(2), 1u);
  EXPECT_EQ(m.peekHex(kData, 4), "2a000000");
  EXPECT_EQ(m.cpu.cp0.llAddr, kData >> 4);
  EXPECT_FALSE(m.cpu.llBit);
  // A second sc without ll fails, writes 0 and leaves memory alone.
  m.r(2) = 99;
  m.run({I(0x38, 4, 2, 0)});
  EXPECT_EQ(m.r(2), 0u);
  EXPECT_EQ(m.peekHex(kData, 4), "2a000000");
}

TEST(IsaMemory, LoadLinkedStoreConditionalDoubleword) {
  Machine m;
  m.r(4) = kData;
  m.r(5) = 0x1122334455667788ull;
  // lld $2,0($4) ; scd $5,0($4)
  m.run({I(0x34, 4, 2, 0), I(0x3c, 4, 5, 0)});
  EXPECT_EQ(m.r(5), 1u);
  EXPECT_EQ(m.peekHex(kData, 8), "8877665544332211");
  m.cpu.llBit = false;
  m.r(5) = 7;
  m.run({I(0x3c, 4, 5, 0)});
  EXPECT_EQ(m.r(5), 0u);
  EXPECT_EQ(m.peekHex(kData, 8), "8877665544332211");
}

// ---------------------------------------------------------------------------
// Traps, break, no-ops.

TEST(IsaSystem, RegisterTraps) {
  struct Case {
    const char* name;
    uint32_t funct;
    uint64_t a, b;
    bool traps;
  } cases[] = {
      {"teq", 0x34, 5, 5, true},        {"teq", 0x34, 5, 6, false},
      {"tne", 0x36, 5, 6, true},        {"tne", 0x36, 5, 5, false},
      {"tge", 0x30, 5, ~0ull, true},    {"tge", 0x30, ~0ull, 5, false},
      {"tgeu", 0x31, ~0ull, 5, true},   {"tgeu", 0x31, 5, ~0ull, false},
      {"tlt", 0x32, ~0ull, 5, true},    {"tlt", 0x32, 5, ~0ull, false},
      {"tltu", 0x33, 5, ~0ull, true},   {"tltu", 0x33, ~0ull, 5, false},
  };
  for (const Case& c : cases) {
    Result r = op2(R(c.funct, 4, 5, 0, 7), c.a, c.b);  // code 7 in bits 15..6
    EXPECT_EQ(r.exc, c.traps ? std::optional(ExcCode::Tr) : std::nullopt) << c.name << " " << c.a << "," << c.b;
  }
}

TEST(IsaSystem, ImmediateTraps) {
  struct Case {
    const char* name;
    unsigned rt;
    uint64_t a;
    int imm;
    bool traps;
  } cases[] = {
      {"tgei", 0x08, 0, -1, true},     {"tgei", 0x08, ~0ull, 0, false},
      {"tgeiu", 0x09, ~0ull, -1, true}, {"tgeiu", 0x09, 5, -1, false},
      {"tlti", 0x0a, ~0ull, 0, true},  {"tlti", 0x0a, 0, -1, false},
      {"tltiu", 0x0b, 5, -1, true},    {"tltiu", 0x0b, ~0ull, -1, false},
      {"teqi", 0x0c, ~0ull, -1, true}, {"teqi", 0x0c, 1, -1, false},
      {"tnei", 0x0e, 1, -1, true},     {"tnei", 0x0e, ~0ull, -1, false},
  };
  for (const Case& c : cases) {
    Result r = op2(RegImm(c.rt, 4, c.imm), c.a);
    EXPECT_EQ(r.exc, c.traps ? std::optional(ExcCode::Tr) : std::nullopt) << c.name << " " << c.a;
  }
}

TEST(IsaSystem, BreakRaisesBp) {
  EXPECT_EQ(op2(0x0007000d, 0).exc, ExcCode::Bp);
  EXPECT_EQ(op2(0x0000000d, 0).exc, ExcCode::Bp);
}

TEST(IsaSystem, SyncPrefSynciAreSystemClassNoOps) {
  for (uint32_t word : {0x0000000fu, 0x0000010fu, I(0x33, 4, 0, 8), RegImm(0x1f, 4, 4)}) {
    Result r = op2(word, kData);
    EXPECT_EQ(r.exc, std::nullopt) << std::hex << word;
    EXPECT_EQ(r.value, 0xdeadu);
    EXPECT_EQ(Cpu::decode(word).cls, InsnClass::System) << std::hex << word;
  }
}

TEST(IsaSystem, InstructionClasses) {
  EXPECT_EQ(Cpu::decode(R(0x21, 4, 5, 2)).cls, InsnClass::IntAlu);
  EXPECT_EQ(Cpu::decode(R(0x18, 4, 5, 0)).cls, InsnClass::IntMulDiv);
  EXPECT_EQ(Cpu::decode(R(0x10, 0, 0, 2)).cls, InsnClass::IntMulDiv);
  EXPECT_EQ(Cpu::decode(I(0x04, 4, 5, 1)).cls, InsnClass::Branch);
  EXPECT_EQ(Cpu::decode(R(0x09, 4, 0, 31)).cls, InsnClass::Jump);
  EXPECT_EQ(Cpu::decode(I(0x22, 4, 5, 1)).cls, InsnClass::Load);
  EXPECT_EQ(Cpu::decode(I(0x38, 4, 5, 1)).cls, InsnClass::Store);
  EXPECT_EQ(Cpu::decode(R(0x34, 4, 5, 0)).cls, InsnClass::System);
  EXPECT_EQ(Cpu::decode(Special3(0x3b, 0, 3, 29)).cls, InsnClass::System);
}

TEST(IsaSystem, SixtyFourBitOpsAreReservedWithoutUx) {
  Machine m;
  m.cpu.cp0.status &= ~(status::UX | status::SX | status::KX);
  m.cpu.statusChanged();
  m.r(4) = 1;
  EXPECT_EQ(m.run({R(0x21, 4, 4, 2)}), std::nullopt);  // addu is fine
  EXPECT_EQ(m.r(2), 2u);
  EXPECT_EQ(m.run({R(0x2d, 4, 4, 2)}), ExcCode::RI);   // daddu is not
}

// ---------------------------------------------------------------------------
// Release 2.

TEST(IsaR2, ExtAndDextFamilyAtEdgePositions) {
  const uint64_t v = 0x80000000f1234567ull;
  // ext rt, rs, pos, size: rd = size - 1, sa = pos.
  EXPECT_EQ(op2(Special3(0x00, 4, 2, 3, 4), v).value, 0x6u);                        // ext 4,4
  EXPECT_EQ(op2(Special3(0x00, 4, 2, 31, 0), v).value, 0xfffffffff1234567ull);      // ext 0,32 sign-extends
  EXPECT_EQ(op2(Special3(0x00, 4, 2, 0, 31), v).value, 1u);                         // ext 31,1
  EXPECT_EQ(op2(Special3(0x00, 4, 2, 1, 31), v).exc, ExcCode::RI);                  // ext 31,2: past bit 31
  EXPECT_EQ(op2(Special3(0x03, 4, 2, 31, 0), v).value, 0xf1234567u);               // dext 0,32 zero-extends
  EXPECT_EQ(op2(Special3(0x01, 4, 2, 31, 0), v).value, v);                          // dextm 0,64
  EXPECT_EQ(op2(Special3(0x01, 4, 2, 0, 31), v).value, 0x100000001ull);              // dextm 31,33
  EXPECT_EQ(op2(Special3(0x02, 4, 2, 0, 31), v).value, 1u);                         // dextu 63,1
  EXPECT_EQ(op2(Special3(0x02, 4, 2, 31, 0), v).value, 0x80000000u);                // dextu 32,32
  EXPECT_EQ(op2(Special3(0x02, 4, 2, 1, 31), v).exc, ExcCode::RI);                  // dextu 63,2
}

TEST(IsaR2, InsAndDinsFamilyAtEdgePositions) {
  const uint64_t dst = 0x0123456789abcdefull;
  // ins rt, rs, pos, size: rd = pos + size - 1 (msb), sa = pos.
  auto ins = [&](uint32_t funct, unsigned msb, unsigned lsb, uint64_t from = ~0ull) {
    return op2(Special3(funct, 4, 2, msb, lsb), from, 0, dst);
  };
  EXPECT_EQ(ins(0x04, 31, 0).value, 0xffffffffffffffffull);   // ins 0,32: whole word, sign-extended
  EXPECT_EQ(ins(0x04, 31, 31).value, 0xffffffff89abcdefull);  // ins 31,1
  EXPECT_EQ(ins(0x04, 7, 4).value, 0xffffffff89abcdffull);    // ins 4,4
  EXPECT_EQ(ins(0x04, 3, 4).exc, ExcCode::RI);                // msb < lsb
  EXPECT_EQ(ins(0x07, 31, 0).value, 0x01234567ffffffffull);   // dins 0,32
  EXPECT_EQ(ins(0x05, 31, 0).value, ~0ull);                   // dinsm 0,64
  EXPECT_EQ(ins(0x05, 0, 31, 0).value, 0x0123456609abcdefull);  // dinsm 31,2 (msb 32) clears bits 31..32
  EXPECT_EQ(ins(0x06, 31, 31).value, 0x8123456789abcdefull);  // dinsu 63,1
  EXPECT_EQ(ins(0x06, 31, 0).value, 0xffffffff89abcdefull);   // dinsu 32,32
}

TEST(IsaR2, ByteAndHalfwordShuffles) {
  EXPECT_EQ(op2(Special3(0x20, 0, 4, 2, 0x10), 0x180).value, 0xffffffffffffff80ull);      // seb
  EXPECT_EQ(op2(Special3(0x20, 0, 4, 2, 0x18), 0x18000).value, 0xffffffffffff8000ull);    // seh
  EXPECT_EQ(op2(Special3(0x20, 0, 4, 2, 0x02), 0x11223344).value, 0x22114433u);           // wsbh
  EXPECT_EQ(op2(Special3(0x20, 0, 4, 2, 0x02), 0x00ff0000).value, 0xffffffffff000000ull); // wsbh sign-extends
  EXPECT_EQ(op2(Special3(0x24, 0, 4, 2, 0x02), 0x1122334455667788ull).value, 0x2211443366558877ull);  // dsbh
  EXPECT_EQ(op2(Special3(0x24, 0, 4, 2, 0x05), 0x1122334455667788ull).value, 0x7788556633441122ull);  // dshd
}

TEST(IsaR2, ReadHardwareRegister) {
  Machine m;
  m.cpu.userLocal = 0x12345678abcdull;
  m.run({Special3(0x3b, 0, 2, 29), Special3(0x3b, 0, 3, 0), Special3(0x3b, 0, 5, 3), Special3(0x3b, 0, 6, 2)});
  EXPECT_EQ(m.r(2), 0x12345678abcdull);
  EXPECT_EQ(m.r(3), 0u);
  EXPECT_EQ(m.r(5), 1u);
  EXPECT_EQ(m.r(6), 3u);  // three instructions retired before it
  EXPECT_EQ(op2(Special3(0x3b, 0, 2, 1), 0).exc, ExcCode::RI);
  EXPECT_EQ(op2(Special3(0x3b, 0, 2, 30), 0).exc, ExcCode::RI);
}

TEST(IsaDecode, ReservedWordsRaiseRi) {
  EXPECT_EQ(op2(R(0x05, 4, 5, 2), 0).exc, ExcCode::RI);                     // SPECIAL funct 5
  EXPECT_EQ(op2(Special3(0x20, 0, 4, 2, 0x03), 0).exc, ExcCode::RI);        // BSHFL sa 3
  EXPECT_EQ(op2(R(0x02, 2, 4, 2, 4), 0).exc, ExcCode::RI);                  // srl with rs = 2
  EXPECT_EQ(op2(R(0x06, 5, 4, 2, 2), 0).exc, ExcCode::RI);                  // srlv with sa = 2
  EXPECT_EQ(op2(R(0x18, 4, 5, 2), 0).exc, ExcCode::RI);                     // mult with rd != 0
}

// Fields the architecture says must be zero but QEMU ignores: we ignore them too.
TEST(IsaDecode, IgnoredFieldsMatchQemu) {
  EXPECT_EQ(op2(R(0x21, 4, 5, 2, 1), 3, 4).value, 7u);                      // addu with sa = 1
  EXPECT_EQ(op2(R(0x00, 2, 4, 2, 4), 1).value, 16u);                        // sll with rs = 2
  EXPECT_EQ(op2(I(0x0f, 4, 2, 1), 0).value, 0x10000u);                      // lui with rs != 0
  EXPECT_EQ(op2(Special3(0x20, 5, 4, 2, 0x10), 0x80).value, ~0ull - 0x7f);  // seb with rs != 0
  Machine m;
  m.cpu.hi = 5;
  m.run({R(0x10, 4, 5, 2)});  // mfhi with rs, rt != 0
  EXPECT_EQ(m.r(2), 5u);
}

}  // namespace
}  // namespace mips
