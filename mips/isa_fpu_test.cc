// Tests of the floating-point instructions (isa_fpu.cc) on hand-encoded words.
// Every expected value in the two tables below was checked against
// qemu-mips64el -cpu MIPS64R2-generic running the same instruction word with
// the same register and FCSR contents (the one deliberate difference, the FIR
// value, has its own test). Registers used: fs = $f2, ft = $f4, fr = $f6,
// fd = $f8 (which starts as 0x1111111122222222), GPRs $13 and $14.
#include <gtest/gtest.h>

#include <cfenv>
#include <optional>

#include "mips/test_util.h"

namespace mips {
namespace {

// ---- encoders ----
constexpr uint32_t kS = 0x46000000, kD = 0x46200000, kW = 0x46800000, kL = 0x46a00000;
// fmt-layout arithmetic: fd=$f8, fs=$f2, ft=$f4
constexpr uint32_t cop1(uint32_t fmt, uint32_t funct) { return fmt | 4 << 16 | 2 << 11 | 8 << 6 | funct; }
// the same with a GPR in the ft field ($13): movz.fmt/movn.fmt
constexpr uint32_t cop1rt(uint32_t fmt, uint32_t funct) { return fmt | 13 << 16 | 2 << 11 | 8 << 6 | funct; }
// COP1X multiply-add: fd=$f8, fr=$f6, fs=$f2, ft=$f4
constexpr uint32_t cop1x(uint32_t funct) { return 0x4c000000 | 6 << 21 | 4 << 16 | 2 << 11 | 8 << 6 | funct; }
// c.cond.fmt $fcc<cc>, $f2, $f4
constexpr uint32_t compare(uint32_t fmt, unsigned cond, unsigned cc) { return fmt | 4 << 16 | 2 << 11 | cc << 8 | 0x30 | cond; }
// mfc1/dmfc1/cfc1/mfhc1/mtc1/dmtc1/ctc1/mthc1 (rs = 0..7), GPR rt, FPU register fs
constexpr uint32_t move(unsigned rs, unsigned rt, unsigned fs) { return 0x44000000 | rs << 21 | rt << 16 | fs << 11; }
// movf/movt $13, $14, $fcc<cc>
constexpr uint32_t movci(unsigned cc, unsigned tf) { return 0x00000001 | 14 << 21 | cc << 18 | tf << 16 | 13 << 11; }
// movf.fmt/movt.fmt $f8, $f2, $fcc<cc>
constexpr uint32_t movcf(uint32_t fmt, unsigned cc, unsigned tf) { return fmt | (cc << 2 | tf) << 16 | 2 << 11 | 8 << 6 | 0x11; }
// bc1f/bc1t/bc1fl/bc1tl $fcc<cc>, offset (in words)
constexpr uint32_t bc1(unsigned cc, bool likely, bool onTrue, int offset) {
  return 0x45000000 | cc << 18 | unsigned(likely) << 17 | unsigned(onTrue) << 16 | uint16_t(offset);
}
constexpr uint32_t iType(uint32_t op, unsigned base, unsigned rt, int imm) { return op << 26 | base << 21 | rt << 16 | uint16_t(imm); }
constexpr uint32_t addiu(unsigned rt, unsigned rs, int imm) { return iType(0x09, rs, rt, imm); }
// COP1X indexed forms: address = base + index; fs (stores) in bits 15..11, fd (loads) in bits 10..6
constexpr uint32_t indexed(uint32_t funct, unsigned base, unsigned index, unsigned fs, unsigned fd) {
  return 0x4c000000 | base << 21 | index << 16 | fs << 11 | fd << 6 | funct;
}

constexpr uint64_t kCode = 0x1000;
constexpr uint64_t kInitialFd = 0x1111111122222222ull;

using testing::ExceptionCatcher;

struct Machine : testing::TestMachine {
  ExceptionCatcher caught;
  explicit Machine(bool bigEndian = false) : TestMachine(bigEndian) {
    cpu.hooks = &caught;
    cpu.fpu.fpr[8] = kInitialFd;
  }
  std::optional<ExcCode> run(const std::vector<uint32_t>& words, uint64_t count = 0) {
    place(kCode, words);
    step(count ? count : words.size());
    return caught.code;
  }
};

// ---- arithmetic, conversions, multiply-add: fd and FCSR after one instruction ----
struct ArithCase {
  const char* what;
  uint32_t word;
  uint64_t fs, ft, fr;
  uint32_t fcsrIn;
  uint64_t fd;
  uint32_t fcsrOut;
};

const ArithCase kArithCases[] = {
    {"add.s keeps the high word", cop1(kS,0x00), 0xdeadbeef3fc00000, 0xdeadbeef40100000, 0x0, 0x0, 0x1111111140700000ull, 0x00000000},
    {"add.d exact", cop1(kD,0x00), 0x3ff8000000000000, 0x4002000000000000, 0x0, 0x0, 0x400e000000000000ull, 0x00000000},
    {"sub.d inexact", cop1(kD,0x01), 0x3ff0000000000000, 0x3c30000000000000, 0x0, 0x0, 0x3ff0000000000000ull, 0x00001004},
    {"mul.s overflow", cop1(kS,0x02), 0xdeadbeef7f7fffff, 0xdeadbeef40000000, 0x0, 0x0, 0x111111117f800000ull, 0x00005014},
    {"mul.s overflow toward zero", cop1(kS,0x02), 0xdeadbeef7f7fffff, 0xdeadbeef40000000, 0x0, 0x1, 0x111111117f7fffffull, 0x00005015},
    {"mul.d overflow toward -inf", cop1(kD,0x02), 0xfe37e43c8800759c, 0x7e37e43c8800759c, 0x0, 0x3, 0xfff0000000000000ull, 0x00005017},
    {"div.d 1/3 nearest", cop1(kD,0x03), 0x3ff0000000000000, 0x4008000000000000, 0x0, 0x0, 0x3fd5555555555555ull, 0x00001004},
    {"div.d 1/3 toward zero", cop1(kD,0x03), 0x3ff0000000000000, 0x4008000000000000, 0x0, 0x1, 0x3fd5555555555555ull, 0x00001005},
    {"div.d 1/3 toward +inf", cop1(kD,0x03), 0x3ff0000000000000, 0x4008000000000000, 0x0, 0x2, 0x3fd5555555555556ull, 0x00001006},
    {"div.d -1/3 toward -inf", cop1(kD,0x03), 0xbff0000000000000, 0x4008000000000000, 0x0, 0x3, 0xbfd5555555555556ull, 0x00001007},
    {"div.d -1/3 toward +inf", cop1(kD,0x03), 0xbff0000000000000, 0x4008000000000000, 0x0, 0x2, 0xbfd5555555555555ull, 0x00001006},
    {"div.s 2/3 toward +inf", cop1(kS,0x03), 0x40000000, 0x40400000, 0x0, 0x2, 0x111111113f2aaaabull, 0x00001006},
    {"div.d by zero", cop1(kD,0x03), 0x3ff0000000000000, 0x0, 0x0, 0x0, 0x7ff0000000000000ull, 0x00008020},
    {"div.d 0/0 gives the default NaN", cop1(kD,0x03), 0x0, 0x0, 0x0, 0x0, 0x7ff7ffffffffffffull, 0x00010040},
    {"sub.d inf-inf gives the default NaN", cop1(kD,0x01), 0x7ff0000000000000, 0x7ff0000000000000, 0x0, 0x0, 0x7ff7ffffffffffffull, 0x00010040},
    {"add.s quiet NaN operand: default NaN, no Invalid", cop1(kS,0x00), 0xdeadbeef7f812345, 0xdeadbeef3f800000, 0x0, 0x0, 0x111111117fbfffffull, 0x00000000},
    {"add.s signalling NaN operand: default NaN, Invalid", cop1(kS,0x00), 0xdeadbeef3f800000, 0xdeadbeef7fc00000, 0x0, 0x0, 0x111111117fbfffffull, 0x00010040},
    {"mul.d quiet NaN operand", cop1(kD,0x02), 0x7ff0000000000001, 0x4000000000000000, 0x0, 0x0, 0x7ff7ffffffffffffull, 0x00000000},
    {"mul.d signalling NaN operand", cop1(kD,0x02), 0xfff8000000000000, 0x4000000000000000, 0x0, 0x0, 0x7ff7ffffffffffffull, 0x00010040},
    {"sqrt.d of -1", cop1(kD,0x04), 0xbff0000000000000, 0x0, 0x0, 0x0, 0x7ff7ffffffffffffull, 0x00010040},
    {"sqrt.s of 2", cop1(kS,0x04), 0x40000000, 0x0, 0x0, 0x0, 0x111111113fb504f3ull, 0x00001004},
    {"sqrt.d of -0 is -0", cop1(kD,0x04), 0x8000000000000000, 0x0, 0x0, 0x0, 0x8000000000000000ull, 0x00000000},
    {"recip.d of 0", cop1(kD,0x15), 0x0, 0x0, 0x0, 0x0, 0x7ff0000000000000ull, 0x00008020},
    {"recip.s of 4", cop1(kS,0x15), 0x40800000, 0x0, 0x0, 0x0, 0x111111113e800000ull, 0x00000000},
    {"rsqrt.d of 2 rounds twice", cop1(kD,0x16), 0x4000000000000000, 0x0, 0x0, 0x0, 0x3fe6a09e667f3bccull, 0x00001004},
    {"rsqrt.s of 4", cop1(kS,0x16), 0x40800000, 0x0, 0x0, 0x0, 0x111111113f000000ull, 0x00000000},
    {"abs.s of a signalling NaN only clears the sign", cop1(kS,0x05), 0xdeadbeefffc00001, 0x0, 0x0, 0x0, 0x111111117fc00001ull, 0x00000000},
    {"neg.d of a NaN only flips the sign", cop1(kD,0x07), 0x7ff7ffffffffffff, 0x0, 0x0, 0x0, 0xfff7ffffffffffffull, 0x00000000},
    {"mov.s copies the low word only", cop1(kS,0x06), 0x12345678abcdef01, 0x0, 0x0, 0x0, 0x11111111abcdef01ull, 0x00000000},
    {"mul.d denormal result", cop1(kD,0x02), 0x10000000000000, 0x3fd0000000000000, 0x0, 0x0, 0x0004000000000000ull, 0x00000000},
    {"add.d of denormals is exact", cop1(kD,0x00), 0x1, 0x1, 0x0, 0x0, 0x0000000000000002ull, 0x00000000},
    {"mul.d underflow to zero", cop1(kD,0x02), 0x1, 0x3fd0000000000000, 0x0, 0x0, 0x0000000000000000ull, 0x0000300c},
    {"mul.d underflow toward +inf gives the smallest denormal", cop1(kD,0x02), 0x1, 0x3fd0000000000000, 0x0, 0x2, 0x0000000000000001ull, 0x0000300e},
    {"mul.d tiny before rounding, not after: no Underflow", cop1(kD,0x02), 0x3ff61ab5b212fafa, 0xb94d92a71efb6, 0x0, 0x0, 0x0010000000000000ull, 0x00001004},
    {"mul.d tiny after rounding: Underflow", cop1(kD,0x02), 0x3fffee9cce936589, 0x8045b2a4a635a, 0x0, 0x0, 0x0010000000000000ull, 0x0000300c},
    {"FS: denormal result flushed to +0, no flags", cop1(kD,0x02), 0x10000000000000, 0x3fd0000000000000, 0x0, 0x1000000, 0x0000000000000000ull, 0x01000000},
    {"FS: negative denormal result flushed to -0", cop1(kD,0x02), 0x8010000000000000, 0x3fd0000000000000, 0x0, 0x1000000, 0x8000000000000000ull, 0x01000000},
    {"FS: exact value below the normal range though rounded to it", cop1(kD,0x02), 0x3ff61ab5b212fafa, 0xb94d92a71efb6, 0x0, 0x1000000, 0x0000000000000000ull, 0x01000000},
    {"FS: denormal operands are not flushed", cop1(kD,0x00), 0x8000000000000, 0x8000000000000, 0x0, 0x1000000, 0x0010000000000000ull, 0x01000000},
    {"madd.d rounds the product first", cop1x(0x21), 0x3ff0000000400000, 0x3ff0000000400000, 0xbff0000000800000, 0x0, 0x0000000000000000ull, 0x00001004},
    {"msub.d", cop1x(0x29), 0x4008000000000000, 0x4014000000000000, 0x3ff0000000000000, 0x0, 0x402c000000000000ull, 0x00000000},
    {"nmadd.d", cop1x(0x31), 0x4008000000000000, 0x4014000000000000, 0x3ff0000000000000, 0x0, 0xc030000000000000ull, 0x00000000},
    {"nmsub.s", cop1x(0x38), 0xdeadbeef40400000, 0xdeadbeef40a00000, 0xdeadbeef3f800000, 0x0, 0x11111111c1600000ull, 0x00000000},
    {"nmadd.s of inf*0 gives the negated default NaN", cop1x(0x30), 0x7f800000, 0x0, 0x3f800000, 0x0, 0x11111111ffbfffffull, 0x00010040},
    {"nmadd.d of a zero sum gives -0", cop1x(0x31), 0x0, 0x3ff0000000000000, 0x0, 0x0, 0x8000000000000000ull, 0x00000000},
    {"madd.s overflow in the product", cop1x(0x20), 0x7f61b1e6, 0x7f61b1e6, 0xff61b1e6, 0x0, 0x111111117f800000ull, 0x00005014},
    {"cvt.s.d overflow", cop1(kD,0x20), 0x7e37e43c8800759c, 0x0, 0x0, 0x0, 0x111111117f800000ull, 0x00005014},
    {"cvt.s.d overflow toward zero", cop1(kD,0x20), 0x7e37e43c8800759c, 0x0, 0x0, 0x1, 0x111111117f7fffffull, 0x00005015},
    {"cvt.s.d of a signalling NaN", cop1(kD,0x20), 0x7ffc000000000000, 0x0, 0x0, 0x0, 0x111111117fbfffffull, 0x00010040},
    {"cvt.s.d inexact", cop1(kD,0x20), 0x3fb999999999999a, 0x0, 0x0, 0x0, 0x111111113dcccccdull, 0x00001004},
    {"cvt.d.s of a quiet NaN", cop1(kS,0x21), 0x7f800001, 0x0, 0x0, 0x0, 0x7ff7ffffffffffffull, 0x00000000},
    {"cvt.d.s of a denormal is exact", cop1(kS,0x21), 0x1, 0x0, 0x0, 0x0, 0x36a0000000000000ull, 0x00000000},
    {"cvt.s.w inexact nearest", cop1(kW,0x20), 0x1000001, 0x0, 0x0, 0x0, 0x111111114b800000ull, 0x00001004},
    {"cvt.s.w inexact toward +inf", cop1(kW,0x20), 0x1000001, 0x0, 0x0, 0x2, 0x111111114b800001ull, 0x00001006},
    {"cvt.s.l", cop1(kL,0x20), 0x8000000000000000, 0x0, 0x0, 0x0, 0x11111111df000000ull, 0x00000000},
    {"cvt.d.w of -1", cop1(kW,0x21), 0xffffffff, 0x0, 0x0, 0x0, 0xbff0000000000000ull, 0x00000000},
    {"cvt.d.l inexact", cop1(kL,0x21), 0x7fffffffffffffff, 0x0, 0x0, 0x0, 0x43e0000000000000ull, 0x00001004},
    {"cvt.w.s of a NaN", cop1(kS,0x24), 0x7fbfffff, 0x0, 0x0, 0x0, 0x111111117fffffffull, 0x00010040},
    {"cvt.w.s of -2^32", cop1(kS,0x24), 0xcf800000, 0x0, 0x0, 0x0, 0x111111117fffffffull, 0x00010040},
    {"cvt.w.d of -2^31 is exact", cop1(kD,0x24), 0xc1e0000000000000, 0x0, 0x0, 0x0, 0x1111111180000000ull, 0x00000000},
    {"cvt.w.d of 2^31-0.5 rounds out of range", cop1(kD,0x24), 0x41dfffffffe00000, 0x0, 0x0, 0x0, 0x111111117fffffffull, 0x00010040},
    {"cvt.w.d of 2^31-0.5 toward zero", cop1(kD,0x24), 0x41dfffffffe00000, 0x0, 0x0, 0x1, 0x111111117fffffffull, 0x00001005},
    {"cvt.w.d of 2.1 toward +inf", cop1(kD,0x24), 0x4000cccccccccccd, 0x0, 0x0, 0x2, 0x1111111100000003ull, 0x00001006},
    {"cvt.w.d of -2.1 toward -inf", cop1(kD,0x24), 0xc000cccccccccccd, 0x0, 0x0, 0x3, 0x11111111fffffffdull, 0x00001007},
    {"cvt.l.d of 2^63", cop1(kD,0x25), 0x43e0000000000000, 0x0, 0x0, 0x0, 0x7fffffffffffffffull, 0x00010040},
    {"cvt.l.d of -2^63", cop1(kD,0x25), 0xc3e0000000000000, 0x0, 0x0, 0x0, 0x8000000000000000ull, 0x00000000},
    {"cvt.l.s of -infinity", cop1(kS,0x25), 0xff800000, 0x0, 0x0, 0x0, 0x7fffffffffffffffull, 0x00010040},
    {"round.w.d 2.5 ties to even", cop1(kD,0x0c), 0x4004000000000000, 0x0, 0x0, 0x3, 0x1111111100000002ull, 0x00001007},
    {"round.w.d 3.5 ties to even", cop1(kD,0x0c), 0x400c000000000000, 0x0, 0x0, 0x0, 0x1111111100000004ull, 0x00001004},
    {"round.w.s -2.5", cop1(kS,0x0c), 0xc0200000, 0x0, 0x0, 0x0, 0x11111111fffffffeull, 0x00001004},
    {"round.l.d 0.49999999999999994", cop1(kD,0x08), 0x3fdfffffffffffff, 0x0, 0x0, 0x0, 0x0000000000000000ull, 0x00001004},
    {"trunc.w.d -2.5", cop1(kD,0x0d), 0xc004000000000000, 0x0, 0x0, 0x0, 0x11111111fffffffeull, 0x00001004},
    {"trunc.w.s -0.0 is exact", cop1(kS,0x0d), 0x80000000, 0x0, 0x0, 0x0, 0x1111111100000000ull, 0x00000000},
    {"trunc.l.d of NaN", cop1(kD,0x09), 0x7ff8000000000000, 0x0, 0x0, 0x0, 0x7fffffffffffffffull, 0x00010040},
    {"ceil.w.d -2.5", cop1(kD,0x0e), 0xc004000000000000, 0x0, 0x0, 0x0, 0x11111111fffffffeull, 0x00001004},
    {"ceil.l.s 0.5", cop1(kS,0x0a), 0x3f000000, 0x0, 0x0, 0x0, 0x0000000000000001ull, 0x00001004},
    {"floor.w.d -2.5", cop1(kD,0x0f), 0xc004000000000000, 0x0, 0x0, 0x2, 0x11111111fffffffdull, 0x00001006},
    {"floor.l.d -0.5", cop1(kD,0x0b), 0xbfe0000000000000, 0x0, 0x0, 0x0, 0xffffffffffffffffull, 0x00001004},
    {"floor.w.s -2^31-ish out of range", cop1(kS,0x0f), 0xcf000001, 0x0, 0x0, 0x0, 0x111111117fffffffull, 0x00010040},
    {"mul.s of a negative denormal is exact", cop1(kS,0x02), 0xdeadbeef807fffff, 0xdeadbeef4f000000, 0x0, 0x0, 0x111111118ffffffeull, 0x00000000},
    {"mul.d exact product", cop1(kD,0x02), 0x3ff8000000000000, 0xc006000000000000, 0x0, 0x0, 0xc010800000000000ull, 0x00000000},
    {"mul.d inexact product", cop1(kD,0x02), 0x3ff199999999999a, 0x3ff199999999999a, 0x0, 0x0, 0x3ff35c28f5c28f5dull, 0x00001004},
    {"div.d exact quotient", cop1(kD,0x03), 0xc01e000000000000, 0x4004000000000000, 0x0, 0x0, 0xc008000000000000ull, 0x00000000},
    {"div.s exact quotient with a denormal dividend", cop1(kS,0x03), 0x400000, 0x3a800000, 0x0, 0x0, 0x1111111105000000ull, 0x00000000},
    {"sqrt.d exact root", cop1(kD,0x04), 0x4002000000000000, 0x0, 0x0, 0x0, 0x3ff8000000000000ull, 0x00000000},
    {"sqrt.s of a denormal", cop1(kS,0x04), 0x4, 0x0, 0x0, 0x0, 0x111111111ab504f3ull, 0x00001004},
    {"recip.d exact", cop1(kD,0x15), 0xbfc0000000000000, 0x0, 0x0, 0x0, 0xc020000000000000ull, 0x00000000},
    {"recip.s inexact", cop1(kS,0x15), 0x40400000, 0x0, 0x0, 0x0, 0x111111113eaaaaabull, 0x00001004},
    {"add.s inexact sum", cop1(kS,0x00), 0x3f800000, 0x30800000, 0x0, 0x0, 0x111111113f800000ull, 0x00001004},
    {"sub.d to exactly zero", cop1(kD,0x01), 0x3ff199999999999a, 0x3ff199999999999a, 0x0, 0x0, 0x0000000000000000ull, 0x00000000},
    {"add.d of opposite denormals", cop1(kD,0x00), 0xfffffffffffff, 0x8000000000000001, 0x0, 0x0, 0x000ffffffffffffeull, 0x00000000},
    {"cvt.s.l inexact", cop1(kL,0x20), 0x100000001, 0x0, 0x0, 0x0, 0x111111114f800000ull, 0x00001004},
    {"cvt.d.l exact 2^62+2^10", cop1(kL,0x21), 0x4000000000000400, 0x0, 0x0, 0x0, 0x43d0000000000001ull, 0x00000000},
    {"cvt.s.d to a denormal", cop1(kD,0x20), 0x3730000000000000, 0x0, 0x0, 0x0, 0x1111111100000200ull, 0x00000000},
    {"cvt.s.d inexact denormal", cop1(kD,0x20), 0x373199999999999a, 0x0, 0x0, 0x0, 0x1111111100000233ull, 0x0000300c},
};

TEST(FpuArith, MatchesQemuBitForBit) {
  for (const ArithCase& k : kArithCases) {
    Machine m;
    m.cpu.fpu.fpr[2] = k.fs;
    m.cpu.fpu.fpr[4] = k.ft;
    m.cpu.fpu.fpr[6] = k.fr;
    m.cpu.fpu.fcsr = k.fcsrIn;
    EXPECT_EQ(m.run({k.word}), std::nullopt) << k.what;
    EXPECT_EQ(m.cpu.fpu.fpr[8], k.fd) << k.what;
    EXPECT_EQ(m.cpu.fpu.fcsr, k.fcsrOut) << k.what;
  }
}

// ---- compares, traps, moves, control registers: fd, FCSR, $13 and whether FPE was raised ----
struct StateCase {
  const char* what;
  uint32_t word;
  uint64_t fs, ft;
  uint32_t fcsrIn;
  uint64_t gpr13, gpr14;
  uint64_t fd;
  uint32_t fcsrOut;
  uint64_t gpr13Out;
  bool traps;
};

const StateCase kStateCases[] = {
    {"c.eq.s equal sets cc0", compare(kS,0x2,0), 0x3f800000, 0x3f800000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00800000, 0x0000000000000000ull, false},
    {"c.eq.s unequal clears cc0", compare(kS,0x2,0), 0x3f800000, 0x40000000, 0x00800000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x0000000000000000ull, false},
    {"c.eq.s quiet NaN: false, no Invalid", compare(kS,0x2,0), 0x7f812345, 0x3f800000, 0x00800000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x0000000000000000ull, false},
    {"c.eq.s signalling NaN: Invalid", compare(kS,0x2,0), 0x7fc00000, 0x3f800000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00010040, 0x0000000000000000ull, false},
    {"c.seq.s quiet NaN: Invalid", compare(kS,0xa,0), 0x7f812345, 0x3f800000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00010040, 0x0000000000000000ull, false},
    {"c.un.s quiet NaN: true, no Invalid", compare(kS,0x1,2), 0x3f800000, 0x7f812345, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x04000000, 0x0000000000000000ull, false},
    {"c.ueq.d quiet NaN: true", compare(kD,0x3,1), 0x7ff0000000000001, 0x3ff0000000000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x02000000, 0x0000000000000000ull, false},
    {"c.olt.d 1 < 2 on cc3", compare(kD,0x4,3), 0x3ff0000000000000, 0x4000000000000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x08000000, 0x0000000000000000ull, false},
    {"c.olt.d NaN is false", compare(kD,0x4,3), 0x7ff0000000000001, 0x4000000000000000, 0x08000000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x0000000000000000ull, false},
    {"c.ult.d NaN on cc7 is true", compare(kD,0x5,7), 0x7ff0000000000001, 0x3ff0000000000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x80000000, 0x0000000000000000ull, false},
    {"c.ole.s 2 <= 2 on cc1", compare(kS,0x6,1), 0x40000000, 0x40000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x02000000, 0x0000000000000000ull, false},
    {"c.ule.s 3 <= 2 is false", compare(kS,0x7,1), 0x40400000, 0x40000000, 0x02000000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x0000000000000000ull, false},
    {"c.f.d is always false and clears the cc", compare(kD,0x0,0), 0x3ff0000000000000, 0x3ff0000000000000, 0x00800000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x0000000000000000ull, false},
    {"c.f.d signalling NaN: Invalid", compare(kD,0x0,0), 0x7ff8000000000000, 0x3ff0000000000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00010040, 0x0000000000000000ull, false},
    {"c.sf.d quiet NaN: Invalid", compare(kD,0x8,0), 0x7ff0000000000001, 0x3ff0000000000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00010040, 0x0000000000000000ull, false},
    {"c.ngle.d quiet NaN: true and Invalid", compare(kD,0x9,4), 0x7ff0000000000001, 0x3ff0000000000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x10010040, 0x0000000000000000ull, false},
    {"c.ngl.s equal is true", compare(kS,0xb,0), 0x3f800000, 0x3f800000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00800000, 0x0000000000000000ull, false},
    {"c.lt.d -0 < +0 is false", compare(kD,0xc,0), 0x8000000000000000, 0x0, 0x00800000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x0000000000000000ull, false},
    {"c.le.d -0 <= +0 is true", compare(kD,0xe,0), 0x8000000000000000, 0x0, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00800000, 0x0000000000000000ull, false},
    {"c.nge.s quiet NaN: true and Invalid", compare(kS,0xd,5), 0x7f812345, 0x3f800000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x20010040, 0x0000000000000000ull, false},
    {"c.ngt.d 1 vs 2 is true", compare(kD,0xf,6), 0x3ff0000000000000, 0x4000000000000000, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x40000000, 0x0000000000000000ull, false},
    {"c.eq.d clears stale Cause bits, keeps Flags", compare(kD,0x2,0), 0x3ff0000000000000, 0x3ff0000000000000, 0x0001f07c, 0x0, 0x0, 0x1111111122222222ull, 0x0080007c, 0x0000000000000000ull, false},
    {"c.lt.d on NaN with Invalid enabled traps, cc unchanged", compare(kD,0xc,0), 0x7ff0000000000001, 0x3ff0000000000000, 0x00800800, 0x0, 0x0, 0x1111111122222222ull, 0x00810800, 0x0000000000000000ull, true},
    {"div.d by zero with Z enabled traps, fd unchanged", cop1(kD,0x03), 0x3ff0000000000000, 0x0, 0x00000400, 0x0, 0x0, 0x1111111122222222ull, 0x00008400, 0x0000000000000000ull, true},
    {"add.d inexact with I enabled traps", cop1(kD,0x00), 0x3ff0000000000000, 0x3c30000000000000, 0x00000080, 0x0, 0x0, 0x1111111122222222ull, 0x00001080, 0x0000000000000000ull, true},
    {"add.d inexact with only Z enabled does not trap", cop1(kD,0x00), 0x3ff0000000000000, 0x3c30000000000000, 0x00000400, 0x0, 0x0, 0x3ff0000000000000ull, 0x00001404, 0x0000000000000000ull, false},
    {"mfc1 sign-extends the low word", move(0,13,2), 0x123456789abcdef0, 0x0, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0xffffffff9abcdef0ull, false},
    {"mfhc1 sign-extends the high word", move(3,13,2), 0x923456789abcdef0, 0x0, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0xffffffff92345678ull, false},
    {"dmfc1", move(1,13,2), 0x923456789abcdef0, 0x0, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x923456789abcdef0ull, false},
    {"mtc1 keeps the high word", move(4,13,8), 0x0, 0x0, 0x00000000, 0xffffffff87654321, 0x0, 0x1111111187654321ull, 0x00000000, 0xffffffff87654321ull, false},
    {"mthc1 keeps the low word", move(7,13,8), 0x0, 0x0, 0x00000000, 0xffffffff87654321, 0x0, 0x8765432122222222ull, 0x00000000, 0xffffffff87654321ull, false},
    {"dmtc1", move(5,13,8), 0x0, 0x0, 0x00000000, 0xffffffff87654321, 0x0, 0xffffffff87654321ull, 0x00000000, 0xffffffff87654321ull, false},
    {"cfc1 FCCR gathers the condition codes", move(2,13,25), 0x0, 0x0, 0xfe800000, 0x0, 0x0, 0x1111111122222222ull, 0xfe800000, 0x00000000000000ffull, false},
    {"cfc1 FEXR shows Cause and Flags", move(2,13,26), 0x0, 0x0, 0xff81f07f, 0x0, 0x0, 0x1111111122222222ull, 0xff81f07f, 0x000000000001f07cull, false},
    {"cfc1 FENR shows Enables, FS and RM", move(2,13,28), 0x0, 0x0, 0x01000f83, 0x0, 0x0, 0x1111111122222222ull, 0x01000f83, 0x0000000000000f87ull, false},
    {"cfc1 FCSR", move(2,13,31), 0x0, 0x0, 0x81000f83, 0x0, 0x0, 0x1111111122222222ull, 0x81000f83, 0xffffffff81000f83ull, false},
    {"cfc1 of an unknown register reads FCSR", move(2,13,30), 0x0, 0x0, 0x00000003, 0x0, 0x0, 0x1111111122222222ull, 0x00000003, 0x0000000000000003ull, false},
    {"ctc1 FCSR: bits 18..22 are read-only", move(6,13,31), 0x0, 0x0, 0x00000000, 0xfffc007f, 0x0, 0x1111111122222222ull, 0xff80007f, 0x00000000fffc007full, false},
    {"ctc1 FCCR sets the condition codes", move(6,13,25), 0x0, 0x0, 0x00000001, 0xa5, 0x0, 0x1111111122222222ull, 0xa4800001, 0x00000000000000a5ull, false},
    {"ctc1 FCCR with high bits set is ignored", move(6,13,25), 0x0, 0x0, 0x00000001, 0x1a5, 0x0, 0x1111111122222222ull, 0x00000001, 0x00000000000001a5ull, false},
    {"ctc1 FEXR writes Cause and Flags", move(6,13,26), 0x0, 0x0, 0x00800003, 0xf07c, 0x0, 0x1111111122222222ull, 0x0080f07f, 0x000000000000f07cull, false},
    {"ctc1 FENR writes Enables, FS and RM", move(6,13,28), 0x0, 0x0, 0x00800000, 0xf86, 0x0, 0x1111111122222222ull, 0x01800f82, 0x0000000000000f86ull, false},
    {"ctc1 to FIR is ignored", move(6,13,0), 0x0, 0x0, 0x00000002, 0xffffffff, 0x0, 0x1111111122222222ull, 0x00000002, 0x00000000ffffffffull, false},
    {"ctc1 with an enabled Cause bit traps after writing", move(6,13,31), 0x0, 0x0, 0x00000000, 0x8400, 0x0, 0x1111111122222222ull, 0x00008400, 0x0000000000008400ull, true},
    {"ctc1 with Cause E traps even with nothing enabled", move(6,13,31), 0x0, 0x0, 0x00000000, 0x20000, 0x0, 0x1111111122222222ull, 0x00020000, 0x0000000000020000ull, true},
    {"movf: cc2 clear moves", movci(2,0), 0x0, 0x0, 0x00000000, 0x1234, 0x5678, 0x1111111122222222ull, 0x00000000, 0x0000000000005678ull, false},
    {"movf: cc2 set does not move", movci(2,0), 0x0, 0x0, 0x04000000, 0x1234, 0x5678, 0x1111111122222222ull, 0x04000000, 0x0000000000001234ull, false},
    {"movt: cc0 set moves", movci(0,1), 0x0, 0x0, 0x00800000, 0x1234, 0x5678, 0x1111111122222222ull, 0x00800000, 0x0000000000005678ull, false},
    {"movt.s: cc1 set moves the low word", movcf(kS,1,1), 0xaaaaaaaabbbbbbbb, 0x0, 0x02000000, 0x0, 0x0, 0x11111111bbbbbbbbull, 0x02000000, 0x0000000000000000ull, false},
    {"movf.d: cc1 set does not move", movcf(kD,1,0), 0xaaaaaaaabbbbbbbb, 0x0, 0x02000000, 0x0, 0x0, 0x1111111122222222ull, 0x02000000, 0x0000000000000000ull, false},
    {"movz.d: rt zero moves", cop1rt(kD,0x12), 0xaaaaaaaabbbbbbbb, 0x0, 0x00000000, 0x0, 0x0, 0xaaaaaaaabbbbbbbbull, 0x00000000, 0x0000000000000000ull, false},
    {"movn.s: rt nonzero moves the low word", cop1rt(kS,0x13), 0xaaaaaaaabbbbbbbb, 0x0, 0x00000000, 0x7, 0x0, 0x11111111bbbbbbbbull, 0x00000000, 0x0000000000000007ull, false},
    {"movn.d: rt zero does not move", cop1rt(kD,0x13), 0xaaaaaaaabbbbbbbb, 0x0, 0x00000000, 0x0, 0x0, 0x1111111122222222ull, 0x00000000, 0x0000000000000000ull, false},
};

TEST(FpuState, MatchesQemuBitForBit) {
  for (const StateCase& k : kStateCases) {
    Machine m;
    m.cpu.fpu.fpr[2] = k.fs;
    m.cpu.fpu.fpr[4] = k.ft;
    m.cpu.fpu.fcsr = k.fcsrIn;
    m.cpu.gpr[13] = k.gpr13;
    m.cpu.gpr[14] = k.gpr14;
    const auto exc = m.run({k.word});
    EXPECT_EQ(exc, k.traps ? std::optional(ExcCode::FPE) : std::nullopt) << k.what;
    EXPECT_EQ(m.cpu.fpu.fpr[8], k.fd) << k.what;
    EXPECT_EQ(m.cpu.fpu.fcsr, k.fcsrOut) << k.what;
    EXPECT_EQ(m.cpu.gpr[13], k.gpr13Out) << k.what;
  }
}

// The fast path (round to nearest, no FS) finds Inexact by exactness tests
// instead of host flags. With FS set every operation takes the general,
// flag-reading path, and FS changes nothing unless a result is tiny; so on
// random operands both must agree wherever the result is not tiny.
TEST(FpuHost, FastPathAgreesWithFlagReadingPath) {
  const uint32_t words[] = {cop1(kS, 0x00), cop1(kD, 0x00), cop1(kS, 0x01), cop1(kD, 0x01), cop1(kS, 0x02),
                            cop1(kD, 0x02), cop1(kS, 0x03), cop1(kD, 0x03), cop1(kS, 0x04), cop1(kD, 0x04),
                            cop1(kS, 0x15), cop1(kD, 0x15), cop1(kD, 0x20), cop1(kS, 0x21), cop1(kW, 0x20),
                            cop1(kL, 0x20), cop1(kL, 0x21), cop1x(0x20), cop1x(0x21), cop1x(0x39)};
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  auto random = [&seed]() -> uint64_t {  // xorshift64*, with exponents biased toward the interesting ends
    seed ^= seed >> 12, seed ^= seed << 25, seed ^= seed >> 27;
    const uint64_t v = seed * 0x2545f4914f6cdd1dull;
    switch (v & 3) {
      case 0: return v & 0x800fffffffffffffull;                      // double denormal or zero
      case 1: return (v & 0x80ffffffffffffffull) | 0x3f00000000000000ull;  // double near 1
      case 2: return v & 0xffffffff807fffffull;                       // single denormal or zero
      default: return v;
    }
  };
  int compared = 0;
  for (uint32_t word : words) {
    Machine m;
    m.place(kCode, {word});
    for (int n = 0; n < 4000; ++n) {
      const uint64_t fs = random(), ft = random(), fr = random();
      uint64_t fd[2];
      uint32_t cause[2];
      for (int flush = 0; flush < 2; ++flush) {
        m.cpu.fpu.fpr[2] = fs, m.cpu.fpu.fpr[4] = ft, m.cpu.fpu.fpr[6] = fr;
        m.cpu.fpu.fcsr = flush ? fcsr::FS : 0;
        m.cpu.pc = kCode, m.cpu.npc = kCode + 4;
        m.step(1);
        fd[flush] = m.cpu.fpu.fpr[8];
        cause[flush] = (m.cpu.fpu.fcsr >> fcsr::CAUSE_SHIFT) & 0x3f;
      }
      if (fd[0] != fd[1] || (cause[0] & fcsr::FLAG_U)) continue;  // a tiny result, flushed under FS
      ++compared;
      ASSERT_EQ(cause[0], cause[1]) << std::hex << word << " " << fs << " " << ft << " " << fr;
    }
  }
  EXPECT_GT(compared, 60000);  // of 80000: most results are not tiny
}

// FIR reads the R10000's implementation number (QEMU's MIPS64R2-generic would give 0x007f0000).
TEST(FpuControl, FirIsTheR10000Value) {
  Machine m;
  EXPECT_EQ(m.run({move(2, 13, 0)}), std::nullopt);
  EXPECT_EQ(m.cpu.gpr[13], 0x900u);
}

// Every condition code lives at its own FCSR bit: cc0 at 23, ccN at 24+N.
TEST(FpuCompare, EachConditionCodeHasItsBit) {
  for (unsigned cc = 0; cc < 8; ++cc) {
    Machine m;
    m.cpu.fpu.fpr[2] = m.cpu.fpu.fpr[4] = 0x3ff0000000000000ull;
    m.run({compare(kD, 0x2, cc)});
    EXPECT_EQ(m.cpu.fpu.fcsr, cc == 0 ? 1u << 23 : 1u << (24 + cc)) << "cc" << cc;
  }
}

// The guest's rounding mode never leaks into host code, even when the operation traps.
TEST(FpuHost, HostRoundingModeIsRestored) {
  for (uint32_t fcsr : {2u, 3u | (1u << 10)}) {  // toward +inf; toward -inf with Z enabled
    Machine m;
    m.cpu.fpu.fpr[2] = 0x3ff0000000000000ull;  // 1 / 0
    m.cpu.fpu.fcsr = fcsr;
    m.run({cop1(kD, 0x03)});
    EXPECT_EQ(std::fegetround(), FE_TONEAREST) << fcsr;
    volatile double one = 1.0, three = 3.0;
    EXPECT_EQ(std::bit_cast<uint64_t>(one / three), 0x3fd5555555555555ull);
  }
}

// bc1t/bc1f on a condition code: the delay slot runs, then the target or the fall-through.
TEST(FpuBranch, BranchesOnConditionCodes) {
  struct Case { bool likely, onTrue, ccSet, taken; };
  for (Case k : {Case{false, true, true, true}, Case{false, true, false, false}, Case{false, false, false, true},
                 Case{false, false, true, false}, Case{true, true, true, true}, Case{true, true, false, false},
                 Case{true, false, false, true}, Case{true, false, true, false}}) {
    Machine m;
    m.cpu.fpu.setCond(5, k.ccSet);
    m.cpu.fpu.setCond(0, !k.ccSet);  // another cc must not matter
    // bc1x $fcc5, +2 ; addiu $2,$0,1 (delay slot) ; addiu $3,$0,1 (fall-through) ; addiu $4,$0,1 (target)
    // Three instructions run: a nullified slot lets the fall-through reach the target's line.
    m.run({bc1(5, k.likely, k.onTrue, 2), addiu(2, 0, 1), addiu(3, 0, 1), addiu(4, 0, 1)}, 3);
    const bool slotRan = !(k.likely && !k.taken);
    EXPECT_EQ(m.cpu.gpr[2], slotRan ? 1u : 0u) << k.likely << k.onTrue << k.ccSet;
    EXPECT_EQ(m.cpu.gpr[3], k.taken ? 0u : 1u) << k.likely << k.onTrue << k.ccSet;
    EXPECT_EQ(m.cpu.gpr[4], k.taken || !slotRan ? 1u : 0u) << k.likely << k.onTrue << k.ccSet;
  }
}

// lwc1/swc1/ldc1/sdc1 and the indexed forms, in both byte orders; lwc1 keeps the high word.
TEST(FpuLoadStore, LoadsAndStoresInBothByteOrders) {
  for (bool big : {false, true}) {
    Machine m(big);
    const uint64_t value = 0x0123456789abcdefull;
    m.cpu.copyToGuest(0x2000, &value, 8);  // host order = little endian on the test host
    const uint64_t inGuestOrder = big ? byteSwap(value) : value;
    m.cpu.gpr[5] = 0x2000;
    m.cpu.gpr[6] = 8;
    m.cpu.fpu.fpr[1] = 0xaaaaaaaa00000000ull;
    m.run({iType(0x35, 5, 0, 0),             // ldc1 $f0, 0($5)
           iType(0x31, 5, 1, 0),             // lwc1 $f1, 0($5)
           iType(0x3d, 5, 0, 16),            // sdc1 $f0, 16($5)
           iType(0x39, 5, 1, 28),            // swc1 $f1, 28($5)
           indexed(0x09, 5, 6, 0, 0),        // sdxc1 $f0, $6($5)  -> 0x2008
           indexed(0x01, 5, 6, 0, 3),        // ldxc1 $f3, $6($5)
           indexed(0x00, 5, 6, 0, 4),        // lwxc1 $f4, $6($5)
           indexed(0x08, 5, 6, 1, 0)});      // swxc1 $f1, $6($5)  -> 0x2008
    EXPECT_EQ(m.caught.code, std::nullopt) << big;
    EXPECT_EQ(m.cpu.fpu.fpr[0], inGuestOrder) << big;
    const uint32_t firstWord = big ? uint32_t(inGuestOrder >> 32) : uint32_t(inGuestOrder);
    EXPECT_EQ(m.cpu.fpu.fpr[1], 0xaaaaaaaa00000000ull | firstWord) << big;
    uint64_t stored = 0;
    m.cpu.copyFromGuest(&stored, 0x2010, 8);
    EXPECT_EQ(stored, value) << big;
    uint32_t storedWord = 0, expectedWord = 0;
    m.cpu.copyFromGuest(&storedWord, 0x201c, 4);
    m.cpu.copyFromGuest(&expectedWord, 0x2000, 4);
    EXPECT_EQ(storedWord, expectedWord) << big;
    EXPECT_EQ(m.cpu.fpu.fpr[3], inGuestOrder) << big;
    EXPECT_EQ(uint32_t(m.cpu.fpu.fpr[4]), firstWord) << big;
    m.cpu.copyFromGuest(&storedWord, 0x2008, 4);
    EXPECT_EQ(storedWord, expectedWord) << big;  // swxc1 overwrote the first word of the sdxc1 copy
  }
}

// A misaligned FP load raises the address error, leaving the register alone.
TEST(FpuLoadStore, MisalignedLoadFaults) {
  Machine m;
  m.cpu.gpr[5] = 0x2004;
  EXPECT_EQ(m.run({iType(0x35, 5, 8, 0)}), ExcCode::AdEL);  // ldc1 $f8, 0($5)
  EXPECT_EQ(m.cpu.fpu.fpr[8], kInitialFd);
}

// Every CP1 instruction, the SPECIAL-opcode movf/movt included, needs Status.CU1.
TEST(FpuEnable, CoprocessorUnusableWithoutCu1) {
  for (uint32_t word : {cop1(kD, 0x00), cop1(kS, 0x06), compare(kS, 2, 0), move(0, 13, 2), move(6, 13, 31),
                        iType(0x31, 0, 1, 0), bc1(0, false, true, 2), movci(0, 0), cop1x(0x21), indexed(0x0f, 5, 5, 0, 0)}) {
    Machine m;
    m.cpu.cp0.status &= ~status::CU1;
    m.cpu.statusChanged();
    EXPECT_EQ(m.run({word}), ExcCode::CpU) << std::hex << word;
    EXPECT_EQ(m.cpu.fpu.fpr[8], kInitialFd) << std::hex << word;
  }
}

// dmfc1/dmtc1 are 64-bit operations: reserved in user mode without Status.UX.
TEST(FpuEnable, DoublewordMovesNeed64BitMode) {
  for (uint32_t word : {move(1, 13, 2), move(5, 13, 8)}) {
    Machine m;
    m.cpu.cp0.status &= ~status::UX;
    m.cpu.statusChanged();
    EXPECT_EQ(m.run({word}), ExcCode::RI) << std::hex << word;
  }
}

// Formats an instruction does not have are reserved.
TEST(FpuDecode, MissingFormatsAreReserved) {
  for (uint32_t word : {cop1(kW, 0x00), cop1(kL, 0x02), cop1(kW, 0x24), cop1(kS, 0x20), cop1(kD, 0x21),
                        compare(kW, 2, 0), compare(kS, 2, 0) | 0x40}) {
    Machine m;
    EXPECT_EQ(m.run({word}), ExcCode::RI) << std::hex << word;
  }
}

// prefx is a hint: nothing changes and nothing faults, even on an unmapped address.
TEST(FpuLoadStore, PrefxIsANoOp) {
  Machine m;
  m.cpu.gpr[5] = 0x7fff0000;
  EXPECT_EQ(m.run({indexed(0x0f, 5, 5, 0, 0)}), std::nullopt);  // prefx 0, $5($5)
  EXPECT_EQ(m.cpu.pc, kCode + 4);
}

// Classes feed the statistics: arithmetic, moves, loads/stores and branches are told apart.
TEST(FpuDecode, InstructionClasses) {
  EXPECT_EQ(Cpu::decode(cop1(kD, 0x02)).cls, InsnClass::FpArith);
  EXPECT_EQ(Cpu::decode(cop1x(0x21)).cls, InsnClass::FpArith);
  EXPECT_EQ(Cpu::decode(move(4, 13, 2)).cls, InsnClass::FpMove);
  EXPECT_EQ(Cpu::decode(movci(0, 1)).cls, InsnClass::FpMove);
  EXPECT_EQ(Cpu::decode(iType(0x35, 5, 8, 0)).cls, InsnClass::FpLoadStore);
  EXPECT_EQ(Cpu::decode(bc1(0, false, true, 2)).cls, InsnClass::FpBranch);
  EXPECT_STREQ(Cpu::decode(compare(kD, 0xc, 3)).desc->mnemonic, "c.lt.d");
  EXPECT_STREQ(Cpu::decode(cop1x(0x31)).desc->mnemonic, "nmadd.d");
}

}  // namespace
}  // namespace mips
