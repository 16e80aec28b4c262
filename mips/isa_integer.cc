// Integer instructions of MIPS IV (64-bit) as the R10000 implements them, and
// the MIPS32/MIPS64 Release 1/2 user-mode additions that Debian's glibc and
// busybox use. One short function per instruction; the table at the bottom
// says how each is encoded and disassembled (operand tokens: see disasm.h).
//
// Where the architecture leaves a result UNPREDICTABLE or implementation
// defined (division by zero, INT_MIN / -1), the results are the ones QEMU's
// target/mips produces, so se mode can be compared against qemu-mips64.
#include <bit>

#include "mips/cpu.h"

namespace mips {
namespace {

using C = Cpu;
using I = DecodedInsn;
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

// Operands as the semantics read them.
inline uint64_t rs(const C& c, const I& i) { return c.gpr[i.rs]; }
inline uint64_t rt(const C& c, const I& i) { return c.gpr[i.rt]; }
inline uint32_t rs32(const C& c, const I& i) { return uint32_t(c.gpr[i.rs]); }
inline uint32_t rt32(const C& c, const I& i) { return uint32_t(c.gpr[i.rt]); }
inline uint64_t simm(const I& i) { return uint64_t(i.imm); }
// The effective address of a load/store: base + signed offset.
inline uint64_t ea(const C& c, const I& i) { return c.gpr[i.rs] + uint64_t(i.imm); }
// The target of a pc-relative branch.
inline uint64_t branchTarget(const C& c, const I& i) { return c.pc + 4 + (uint64_t(i.imm) << 2); }

// ---- add/subtract: the trapping forms raise Ov and write nothing ----
void add(C& c, const I& i) {
  int32_t r;
  if (__builtin_add_overflow(int32_t(rs32(c, i)), int32_t(rt32(c, i)), &r)) c.raise(ExcCode::Ov);
  c.gpr[i.rd] = uint64_t(int64_t(r));
}
void addi(C& c, const I& i) {
  int32_t r;
  if (__builtin_add_overflow(int32_t(rs32(c, i)), int32_t(i.imm), &r)) c.raise(ExcCode::Ov);
  c.gpr[i.rt] = uint64_t(int64_t(r));
}
void sub(C& c, const I& i) {
  int32_t r;
  if (__builtin_sub_overflow(int32_t(rs32(c, i)), int32_t(rt32(c, i)), &r)) c.raise(ExcCode::Ov);
  c.gpr[i.rd] = uint64_t(int64_t(r));
}
void dadd(C& c, const I& i) {
  c.require64();
  int64_t r;
  if (__builtin_add_overflow(int64_t(rs(c, i)), int64_t(rt(c, i)), &r)) c.raise(ExcCode::Ov);
  c.gpr[i.rd] = uint64_t(r);
}
void daddi(C& c, const I& i) {
  c.require64();
  int64_t r;
  if (__builtin_add_overflow(int64_t(rs(c, i)), i.imm, &r)) c.raise(ExcCode::Ov);
  c.gpr[i.rt] = uint64_t(r);
}
void dsub(C& c, const I& i) {
  c.require64();
  int64_t r;
  if (__builtin_sub_overflow(int64_t(rs(c, i)), int64_t(rt(c, i)), &r)) c.raise(ExcCode::Ov);
  c.gpr[i.rd] = uint64_t(r);
}
void addu(C& c, const I& i) { c.gpr[i.rd] = sext32(rs(c, i) + rt(c, i)); }
void addiu(C& c, const I& i) { c.gpr[i.rt] = sext32(rs(c, i) + simm(i)); }
void subu(C& c, const I& i) { c.gpr[i.rd] = sext32(rs(c, i) - rt(c, i)); }
void daddu(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rs(c, i) + rt(c, i); }
void daddiu(C& c, const I& i) { c.require64(); c.gpr[i.rt] = rs(c, i) + simm(i); }
void dsubu(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rs(c, i) - rt(c, i); }

// ---- logic, set-less-than, lui ----
void and_(C& c, const I& i) { c.gpr[i.rd] = rs(c, i) & rt(c, i); }
void or_(C& c, const I& i) { c.gpr[i.rd] = rs(c, i) | rt(c, i); }
void xor_(C& c, const I& i) { c.gpr[i.rd] = rs(c, i) ^ rt(c, i); }
void nor(C& c, const I& i) { c.gpr[i.rd] = ~(rs(c, i) | rt(c, i)); }
void andi(C& c, const I& i) { c.gpr[i.rt] = rs(c, i) & i.uimm(); }
void ori(C& c, const I& i) { c.gpr[i.rt] = rs(c, i) | i.uimm(); }
void xori(C& c, const I& i) { c.gpr[i.rt] = rs(c, i) ^ i.uimm(); }
void lui(C& c, const I& i) { c.gpr[i.rt] = sext32(uint64_t(i.uimm()) << 16); }
void slt(C& c, const I& i) { c.gpr[i.rd] = int64_t(rs(c, i)) < int64_t(rt(c, i)); }
void sltu(C& c, const I& i) { c.gpr[i.rd] = rs(c, i) < rt(c, i); }
void slti(C& c, const I& i) { c.gpr[i.rt] = int64_t(rs(c, i)) < i.imm; }
void sltiu(C& c, const I& i) { c.gpr[i.rt] = rs(c, i) < simm(i); }
void nop(C&, const I&) {}

// ---- shifts and rotates: 32-bit forms use the low word and sign-extend ----
void sll(C& c, const I& i) { c.gpr[i.rd] = sext32(rt32(c, i) << i.sa); }
void srl(C& c, const I& i) { c.gpr[i.rd] = sext32(rt32(c, i) >> i.sa); }
void sra(C& c, const I& i) { c.gpr[i.rd] = sext32(uint32_t(int32_t(rt32(c, i)) >> i.sa)); }
void rotr(C& c, const I& i) { c.gpr[i.rd] = sext32(std::rotr(rt32(c, i), i.sa)); }
void sllv(C& c, const I& i) { c.gpr[i.rd] = sext32(rt32(c, i) << (rs(c, i) & 31)); }
void srlv(C& c, const I& i) { c.gpr[i.rd] = sext32(rt32(c, i) >> (rs(c, i) & 31)); }
void srav(C& c, const I& i) { c.gpr[i.rd] = sext32(uint32_t(int32_t(rt32(c, i)) >> (rs(c, i) & 31))); }
void rotrv(C& c, const I& i) { c.gpr[i.rd] = sext32(std::rotr(rt32(c, i), int(rs(c, i) & 31))); }
void dsll(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rt(c, i) << i.sa; }
void dsrl(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rt(c, i) >> i.sa; }
void dsra(C& c, const I& i) { c.require64(); c.gpr[i.rd] = uint64_t(int64_t(rt(c, i)) >> i.sa); }
void drotr(C& c, const I& i) { c.require64(); c.gpr[i.rd] = std::rotr(rt(c, i), i.sa); }
void dsll32(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rt(c, i) << (i.sa + 32); }
void dsrl32(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rt(c, i) >> (i.sa + 32); }
void dsra32(C& c, const I& i) { c.require64(); c.gpr[i.rd] = uint64_t(int64_t(rt(c, i)) >> (i.sa + 32)); }
void drotr32(C& c, const I& i) { c.require64(); c.gpr[i.rd] = std::rotr(rt(c, i), i.sa + 32); }
void dsllv(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rt(c, i) << (rs(c, i) & 63); }
void dsrlv(C& c, const I& i) { c.require64(); c.gpr[i.rd] = rt(c, i) >> (rs(c, i) & 63); }
void dsrav(C& c, const I& i) { c.require64(); c.gpr[i.rd] = uint64_t(int64_t(rt(c, i)) >> (rs(c, i) & 63)); }
void drotrv(C& c, const I& i) { c.require64(); c.gpr[i.rd] = std::rotr(rt(c, i), int(rs(c, i) & 63)); }

// ---- multiply and divide (HI/LO) ----
// Sets LO/HI from a 64-bit product or accumulator of the 32-bit forms.
inline void setHiLo32(C& c, uint64_t v) {
  c.lo = sext32(v);
  c.hi = sext32(v >> 32);
}
// The 64-bit value the 32-bit accumulate forms read from HI/LO.
inline uint64_t hiLo32(const C& c) { return (c.hi << 32) | uint32_t(c.lo); }
void mult(C& c, const I& i) { setHiLo32(c, uint64_t(int64_t(int32_t(rs32(c, i))) * int32_t(rt32(c, i)))); }
void multu(C& c, const I& i) { setHiLo32(c, uint64_t(rs32(c, i)) * rt32(c, i)); }
// madd/msub multiply the whole registers, as QEMU does: the same product as
// the 32-bit one for sign-extended operands (others are UNPREDICTABLE).
void madd(C& c, const I& i) { setHiLo32(c, hiLo32(c) + rs(c, i) * rt(c, i)); }
void maddu(C& c, const I& i) { setHiLo32(c, hiLo32(c) + uint64_t(rs32(c, i)) * rt32(c, i)); }
void msub(C& c, const I& i) { setHiLo32(c, hiLo32(c) - rs(c, i) * rt(c, i)); }
void msubu(C& c, const I& i) { setHiLo32(c, hiLo32(c) - uint64_t(rs32(c, i)) * rt32(c, i)); }
void mul(C& c, const I& i) { c.gpr[i.rd] = sext32(uint64_t(int64_t(int32_t(rs32(c, i))) * int32_t(rt32(c, i)))); }
// Division never traps. As in QEMU, a zero divisor (and INT_MIN / -1 for the
// signed forms) divides by 1 instead: LO = dividend, HI = 0.
void div(C& c, const I& i) {
  const int32_t n = int32_t(rs32(c, i));
  int32_t d = int32_t(rt32(c, i));
  if (d == 0 || (n == INT32_MIN && d == -1)) d = 1;
  c.lo = uint64_t(int64_t(n / d));
  c.hi = uint64_t(int64_t(n % d));
}
void divu(C& c, const I& i) {
  const uint32_t n = rs32(c, i), d = rt32(c, i) ? rt32(c, i) : 1;
  c.lo = sext32(n / d);
  c.hi = sext32(n % d);
}
void dmult(C& c, const I& i) {
  c.require64();
  const UInt128 p = UInt128(Int128(int64_t(rs(c, i))) * int64_t(rt(c, i)));
  c.lo = uint64_t(p);
  c.hi = uint64_t(p >> 64);
}
void dmultu(C& c, const I& i) {
  c.require64();
  const UInt128 p = UInt128(rs(c, i)) * rt(c, i);
  c.lo = uint64_t(p);
  c.hi = uint64_t(p >> 64);
}
void ddiv(C& c, const I& i) {
  c.require64();
  const int64_t n = int64_t(rs(c, i));
  int64_t d = int64_t(rt(c, i));
  if (d == 0 || (n == INT64_MIN && d == -1)) d = 1;
  c.lo = uint64_t(n / d);
  c.hi = uint64_t(n % d);
}
void ddivu(C& c, const I& i) {
  c.require64();
  const uint64_t n = rs(c, i), d = rt(c, i) ? rt(c, i) : 1;
  c.lo = n / d;
  c.hi = n % d;
}
void mfhi(C& c, const I& i) { c.gpr[i.rd] = c.hi; }
void mflo(C& c, const I& i) { c.gpr[i.rd] = c.lo; }
void mthi(C& c, const I& i) { c.hi = rs(c, i); }
void mtlo(C& c, const I& i) { c.lo = rs(c, i); }

// ---- count leading zeros/ones, conditional moves ----
void clz(C& c, const I& i) { c.gpr[i.rd] = uint64_t(std::countl_zero(rs32(c, i))); }
void clo(C& c, const I& i) { c.gpr[i.rd] = uint64_t(std::countl_one(rs32(c, i))); }
void dclz(C& c, const I& i) { c.require64(); c.gpr[i.rd] = uint64_t(std::countl_zero(rs(c, i))); }
void dclo(C& c, const I& i) { c.require64(); c.gpr[i.rd] = uint64_t(std::countl_one(rs(c, i))); }
void movn(C& c, const I& i) { if (rt(c, i) != 0) c.gpr[i.rd] = rs(c, i); }
void movz(C& c, const I& i) { if (rt(c, i) == 0) c.gpr[i.rd] = rs(c, i); }

// ---- branches: taken -> branchTo, not taken -> delay slot still runs ----
// A conditional branch; the likely forms nullify the delay slot when not taken.
inline void branchIf(C& c, const I& i, bool taken) {
  if (taken) c.branchTo(branchTarget(c, i));
  else c.branchNotTaken();
}
inline void branchLikelyIf(C& c, const I& i, bool taken) {
  if (taken) c.branchTo(branchTarget(c, i));
  else c.nullifyDelaySlot();
}
void b(C& c, const I& i) { c.branchTo(branchTarget(c, i)); }
void beq(C& c, const I& i) { branchIf(c, i, rs(c, i) == rt(c, i)); }
void bne(C& c, const I& i) { branchIf(c, i, rs(c, i) != rt(c, i)); }
void blez(C& c, const I& i) { branchIf(c, i, int64_t(rs(c, i)) <= 0); }
void bgtz(C& c, const I& i) { branchIf(c, i, int64_t(rs(c, i)) > 0); }
void bltz(C& c, const I& i) { branchIf(c, i, int64_t(rs(c, i)) < 0); }
void bgez(C& c, const I& i) { branchIf(c, i, int64_t(rs(c, i)) >= 0); }
void beql(C& c, const I& i) { branchLikelyIf(c, i, rs(c, i) == rt(c, i)); }
void bnel(C& c, const I& i) { branchLikelyIf(c, i, rs(c, i) != rt(c, i)); }
void blezl(C& c, const I& i) { branchLikelyIf(c, i, int64_t(rs(c, i)) <= 0); }
void bgtzl(C& c, const I& i) { branchLikelyIf(c, i, int64_t(rs(c, i)) > 0); }
void bltzl(C& c, const I& i) { branchLikelyIf(c, i, int64_t(rs(c, i)) < 0); }
void bgezl(C& c, const I& i) { branchLikelyIf(c, i, int64_t(rs(c, i)) >= 0); }
// The and-link forms write $ra (pc + 8) whether or not the branch is taken;
// the condition is read first, so `bltzal $ra` tests the old value.
void bltzal(C& c, const I& i) {
  const bool taken = int64_t(rs(c, i)) < 0;
  c.gpr[31] = c.pc + 8;
  branchIf(c, i, taken);
}
void bgezal(C& c, const I& i) {
  const bool taken = int64_t(rs(c, i)) >= 0;
  c.gpr[31] = c.pc + 8;
  branchIf(c, i, taken);
}
void bltzall(C& c, const I& i) {
  const bool taken = int64_t(rs(c, i)) < 0;
  c.gpr[31] = c.pc + 8;
  branchLikelyIf(c, i, taken);
}
void bgezall(C& c, const I& i) {
  const bool taken = int64_t(rs(c, i)) >= 0;
  c.gpr[31] = c.pc + 8;
  branchLikelyIf(c, i, taken);
}

// ---- jumps: j/jal stay in the 256 MB region of the delay slot ----
inline uint64_t jumpTarget(const C& c, const I& i) {
  return ((c.pc + 4) & ~uint64_t{0x0fffffff}) | (uint64_t(i.target26()) << 2);
}
void j(C& c, const I& i) { c.branchTo(jumpTarget(c, i)); }
void jal(C& c, const I& i) {
  c.gpr[31] = c.pc + 8;
  c.branchTo(jumpTarget(c, i));
}
void jr(C& c, const I& i) { c.branchTo(rs(c, i)); }
void jalr(C& c, const I& i) {
  const uint64_t target = rs(c, i);
  c.gpr[i.rd] = c.pc + 8;
  c.branchTo(target);
}

// ---- loads and stores ----
void lb(C& c, const I& i) { c.gpr[i.rt] = sext8(c.load<uint8_t>(ea(c, i))); }
void lbu(C& c, const I& i) { c.gpr[i.rt] = c.load<uint8_t>(ea(c, i)); }
void lh(C& c, const I& i) { c.gpr[i.rt] = sext16(c.load<uint16_t>(ea(c, i))); }
void lhu(C& c, const I& i) { c.gpr[i.rt] = c.load<uint16_t>(ea(c, i)); }
void lw(C& c, const I& i) { c.gpr[i.rt] = sext32(c.load<uint32_t>(ea(c, i))); }
void lwu(C& c, const I& i) { c.require64(); c.gpr[i.rt] = c.load<uint32_t>(ea(c, i)); }
void ld(C& c, const I& i) { c.require64(); c.gpr[i.rt] = c.load<uint64_t>(ea(c, i)); }
void sb(C& c, const I& i) { c.store<uint8_t>(ea(c, i), uint8_t(rt(c, i))); }
void sh(C& c, const I& i) { c.store<uint16_t>(ea(c, i), uint16_t(rt(c, i))); }
void sw(C& c, const I& i) { c.store<uint32_t>(ea(c, i), rt32(c, i)); }
void sd(C& c, const I& i) { c.require64(); c.store<uint64_t>(ea(c, i), rt(c, i)); }

// ---- unaligned loads/stores: read the aligned unit, merge, write it back ----
// The left forms handle the most significant end of the register, the right
// forms the least significant end. `shift` is how far (in bits) the memory
// unit is moved to line up with the register; it is where the byte order enters.
inline unsigned leftShift(const C& c, uint64_t va, unsigned bytes) {
  return 8 * unsigned((va & (bytes - 1)) ^ (c.bigEndian ? 0 : bytes - 1));
}
inline unsigned rightShift(const C& c, uint64_t va, unsigned bytes) {
  return 8 * unsigned((va & (bytes - 1)) ^ (c.bigEndian ? bytes - 1 : 0));
}
// The aligned unit holding va. A fault reports va itself, as the hardware
// (and QEMU) do, not the aligned address.
template <typename T>
T loadUnit(C& c, uint64_t va) {
  try {
    return c.load<T>(va & ~uint64_t{sizeof(T) - 1});
  } catch (GuestException& e) {
    e.badVAddr = va;
    throw;
  }
}
// Replaces the bits of the aligned unit holding va outside keepMask by bits.
// The read is part of the store: a fault is reported as a store fault at va.
template <typename T>
void mergeUnit(C& c, uint64_t va, T keepMask, T bits) {
  const uint64_t aligned = va & ~uint64_t{sizeof(T) - 1};
  try {
    c.store<T>(aligned, T((c.load<T>(aligned) & keepMask) | bits));
  } catch (GuestException& e) {
    if (e.code == ExcCode::TLBL) e.code = ExcCode::TLBS;
    if (e.code == ExcCode::AdEL) e.code = ExcCode::AdES;
    e.badVAddr = va;
    throw;
  }
}
void lwl(C& c, const I& i) {
  const uint64_t va = ea(c, i);
  const unsigned s = leftShift(c, va, 4);
  c.gpr[i.rt] = sext32((loadUnit<uint32_t>(c, va) << s) | (rt32(c, i) & ((uint32_t{1} << s) - 1)));
}
// As QEMU (and the MIPS64 manual for the full-word case), the merged word is
// sign-extended to 64 bits.
void lwr(C& c, const I& i) {
  const uint64_t va = ea(c, i);
  const unsigned s = rightShift(c, va, 4);
  c.gpr[i.rt] = sext32((loadUnit<uint32_t>(c, va) >> s) | (rt32(c, i) & ~(0xffffffffu >> s)));
}
void ldl(C& c, const I& i) {
  c.require64();
  const uint64_t va = ea(c, i);
  const unsigned s = leftShift(c, va, 8);
  c.gpr[i.rt] = (loadUnit<uint64_t>(c, va) << s) | (rt(c, i) & ((uint64_t{1} << s) - 1));
}
void ldr(C& c, const I& i) {
  c.require64();
  const uint64_t va = ea(c, i);
  const unsigned s = rightShift(c, va, 8);
  c.gpr[i.rt] = (loadUnit<uint64_t>(c, va) >> s) | (rt(c, i) & ~(~uint64_t{0} >> s));
}
void swl(C& c, const I& i) {
  const uint64_t va = ea(c, i);
  const unsigned s = leftShift(c, va, 4);
  mergeUnit<uint32_t>(c, va, ~(0xffffffffu >> s), rt32(c, i) >> s);
}
void swr(C& c, const I& i) {
  const uint64_t va = ea(c, i);
  const unsigned s = rightShift(c, va, 4);
  mergeUnit<uint32_t>(c, va, ~(0xffffffffu << s), rt32(c, i) << s);
}
void sdl(C& c, const I& i) {
  c.require64();
  const uint64_t va = ea(c, i);
  const unsigned s = leftShift(c, va, 8);
  mergeUnit<uint64_t>(c, va, ~(~uint64_t{0} >> s), rt(c, i) >> s);
}
void sdr(C& c, const I& i) {
  c.require64();
  const uint64_t va = ea(c, i);
  const unsigned s = rightShift(c, va, 8);
  mergeUnit<uint64_t>(c, va, ~(~uint64_t{0} << s), rt(c, i) << s);
}

// ---- load-linked / store-conditional ----
// LL loads and sets the link; LLAddr (CP0 17) gets the physical address >> 4.
// SC stores only while the link holds and reports success in rt; either way
// the link is consumed. Eret and exceptions clear it (cp0.cc).
template <typename T>
void loadLinked(C& c, const I& i) {
  const uint64_t va = ea(c, i);
  const T v = c.load<T>(va);
  c.cp0.llAddr = c.translate(va, Access::Load).value >> 4;
  c.llBit = true;
  c.gpr[i.rt] = sizeof(T) == 4 ? sext32(v) : uint64_t(v);
}
template <typename T>
void storeConditional(C& c, const I& i) {
  const uint64_t va = ea(c, i);
  if (va & (sizeof(T) - 1)) c.raiseAddress(ExcCode::AdES, va);
  const bool linked = c.llBit;
  if (linked) c.store<T>(va, T(rt(c, i)));
  c.llBit = false;
  c.gpr[i.rt] = linked;
}
void ll(C& c, const I& i) { loadLinked<uint32_t>(c, i); }
void sc(C& c, const I& i) { storeConditional<uint32_t>(c, i); }
void lld(C& c, const I& i) { c.require64(); loadLinked<uint64_t>(c, i); }
void scd(C& c, const I& i) { c.require64(); storeConditional<uint64_t>(c, i); }

// ---- traps, break; sync/pref/synci are no-ops here ----
inline void trapIf(C& c, bool cond) {
  if (cond) c.raise(ExcCode::Tr);
}
void teq(C& c, const I& i) { trapIf(c, rs(c, i) == rt(c, i)); }
void tne(C& c, const I& i) { trapIf(c, rs(c, i) != rt(c, i)); }
void tge(C& c, const I& i) { trapIf(c, int64_t(rs(c, i)) >= int64_t(rt(c, i))); }
void tgeu(C& c, const I& i) { trapIf(c, rs(c, i) >= rt(c, i)); }
void tlt(C& c, const I& i) { trapIf(c, int64_t(rs(c, i)) < int64_t(rt(c, i))); }
void tltu(C& c, const I& i) { trapIf(c, rs(c, i) < rt(c, i)); }
void teqi(C& c, const I& i) { trapIf(c, int64_t(rs(c, i)) == i.imm); }
void tnei(C& c, const I& i) { trapIf(c, int64_t(rs(c, i)) != i.imm); }
void tgei(C& c, const I& i) { trapIf(c, int64_t(rs(c, i)) >= i.imm); }
void tgeiu(C& c, const I& i) { trapIf(c, rs(c, i) >= simm(i)); }
void tlti(C& c, const I& i) { trapIf(c, int64_t(rs(c, i)) < i.imm); }
void tltiu(C& c, const I& i) { trapIf(c, rs(c, i) < simm(i)); }
void break_(C& c, const I&) { c.raise(ExcCode::Bp); }

// ---- Release 2: bit fields, byte swaps, rotates (above), rdhwr ----
// ext/dext*: pos = lsb (sa), size = msbd + 1 (rd + 1); the u/m forms add 32
// to pos/size. ins/dins*: pos = lsb, msb = rd. Field layouts QEMU rejects
// (pos + size past the register, msb < lsb) are reserved instructions.
inline uint64_t extract(C& c, const I& i, unsigned pos, unsigned size, unsigned width) {
  if (pos + size > width) c.raise(ExcCode::RI);
  return bitField(rs(c, i), pos, size);
}
inline uint64_t deposit(C& c, const I& i, unsigned pos, unsigned msb) {
  if (msb < pos) c.raise(ExcCode::RI);
  const unsigned size = msb - pos + 1;
  const uint64_t field = (size >= 64 ? ~uint64_t{0} : (uint64_t{1} << size) - 1) << pos;
  return (rt(c, i) & ~field) | ((rs(c, i) << pos) & field);
}
void ext(C& c, const I& i) { c.gpr[i.rt] = sext32(extract(c, i, i.sa, i.rd + 1u, 32)); }
void dext(C& c, const I& i) { c.require64(); c.gpr[i.rt] = extract(c, i, i.sa, i.rd + 1u, 64); }
void dextm(C& c, const I& i) { c.require64(); c.gpr[i.rt] = extract(c, i, i.sa, i.rd + 33u, 64); }
void dextu(C& c, const I& i) { c.require64(); c.gpr[i.rt] = extract(c, i, i.sa + 32u, i.rd + 1u, 64); }
void ins(C& c, const I& i) { c.gpr[i.rt] = sext32(deposit(c, i, i.sa, i.rd)); }
void dins(C& c, const I& i) { c.require64(); c.gpr[i.rt] = deposit(c, i, i.sa, i.rd); }
void dinsm(C& c, const I& i) { c.require64(); c.gpr[i.rt] = deposit(c, i, i.sa, i.rd + 32u); }
void dinsu(C& c, const I& i) { c.require64(); c.gpr[i.rt] = deposit(c, i, i.sa + 32u, i.rd + 32u); }
void seb(C& c, const I& i) { c.gpr[i.rd] = sext8(rt(c, i)); }
void seh(C& c, const I& i) { c.gpr[i.rd] = sext16(rt(c, i)); }
void wsbh(C& c, const I& i) {
  const uint32_t v = rt32(c, i);
  c.gpr[i.rd] = sext32(((v & 0x00ff00ffu) << 8) | ((v >> 8) & 0x00ff00ffu));
}
void dsbh(C& c, const I& i) {
  c.require64();
  const uint64_t v = rt(c, i), m = 0x00ff00ff00ff00ffull;
  c.gpr[i.rd] = ((v & m) << 8) | ((v >> 8) & m);
}
void dshd(C& c, const I& i) {
  c.require64();
  const uint64_t v = rt(c, i), m = 0x0000ffff0000ffffull;
  const uint64_t halvesSwapped = ((v & m) << 16) | ((v >> 16) & m);
  c.gpr[i.rd] = std::rotr(halvesSwapped, 32);
}
// Hardware registers: 0 CPUNum, 2 CC (cycle counter: retired instructions),
// 3 CCRes (CC counts every cycle), 29 UserLocal (the TLS pointer).
void rdhwr(C& c, const I& i) {
  switch (i.rd) {
    case 0: c.gpr[i.rt] = 0; break;
    case 2: c.gpr[i.rt] = sext32(c.instret); break;
    case 3: c.gpr[i.rt] = 1; break;
    case 29: c.gpr[i.rt] = c.userLocal; break;
    default: c.raise(ExcCode::RI);
  }
}

// ---- encodings ----
constexpr uint32_t kOp = 0xfc000000;        // primary opcode only
constexpr uint32_t kOpRs0 = 0xffe00000;     // opcode, rs = 0
constexpr uint32_t kOpRt0 = 0xfc1f0000;     // opcode, rt = 0 (also REGIMM: opcode + rt)
constexpr uint32_t kOpRsRt0 = 0xffff0000;   // opcode, rs = rt = 0
constexpr uint32_t kSpecial = 0xfc00003f;   // SPECIAL + funct
constexpr uint32_t kSpecialR = 0xfc0007ff;  // SPECIAL + funct, sa = 0
constexpr uint32_t kRt0R = 0xfc1f07ff;      // funct, sa = 0, rt = 0 (move, jalr)
constexpr uint32_t kShift = 0xffe0003f;     // funct, rs = 0 (or the rotate bit)
constexpr uint32_t kHiLoOp = 0xfc00ffff;    // funct, rd = sa = 0 (madd & co.)
constexpr uint32_t kMulOp = 0xfc00f83f;     // funct, rd = 0 (mult & co.: QEMU ignores sa)
constexpr uint32_t kMfHiLo = 0xfc00003f;    // funct only (QEMU ignores rs, rt, sa)
constexpr uint32_t kMtHiLo = 0xfc1fffff;    // funct, rt = rd = sa = 0 (also jr)
constexpr uint32_t kBshfl = 0xfc0007ff;     // SPECIAL3 funct, sa selects (QEMU ignores rs)

constexpr uint32_t special(uint32_t funct) { return funct; }
constexpr uint32_t regimm(uint32_t rt) { return 0x04000000 | (rt << 16); }
constexpr uint32_t op(uint32_t opcode) { return opcode << 26; }
constexpr uint32_t special2(uint32_t funct) { return 0x70000000 | funct; }
constexpr uint32_t special3(uint32_t funct) { return 0x7c000000 | funct; }
constexpr uint32_t withRs(uint32_t match, uint32_t v) { return match | (v << 21); }
constexpr uint32_t withSa(uint32_t match, uint32_t v) { return match | (v << 6); }

using enum InsnClass;

const InsnDesc kTable[] = {
    // Aliases objdump prints (more specific masks win; same semantics).
    {"nop", 0x00000000, 0xffffffff, nop, IntAlu, ""},
    {"ssnop", 0x00000040, 0xffffffff, nop, IntAlu, ""},
    {"ehb", 0x000000c0, 0xffffffff, nop, IntAlu, ""},
    {"pause", 0x00000140, 0xffffffff, nop, IntAlu, ""},
    {"move", special(0x25), kRt0R, or_, IntAlu, "rd,rs"},
    {"move", special(0x21), kRt0R, addu, IntAlu, "rd,rs"},
    {"move", special(0x2d), kRt0R, daddu, IntAlu, "rd,rs"},
    {"negu", special(0x23), 0xffe007ff, subu, IntAlu, "rd,rt"},
    {"dnegu", special(0x2f), 0xffe007ff, dsubu, IntAlu, "rd,rt"},
    {"li", op(0x09), kOpRs0, addiu, IntAlu, "rt,simm"},
    {"li", op(0x0d), kOpRs0, ori, IntAlu, "rt,uimm"},
    {"b", op(0x04), kOpRsRt0, b, Branch, "branch"},
    {"b", regimm(0x01), kOpRsRt0, b, Branch, "branch"},
    {"bal", regimm(0x11), kOpRsRt0, bgezal, Branch, "branch"},
    {"beqz", op(0x04), kOpRt0, beq, Branch, "rs,branch"},
    {"bnez", op(0x05), kOpRt0, bne, Branch, "rs,branch"},
    {"beqzl", op(0x14), kOpRt0, beql, Branch, "rs,branch"},
    {"bnezl", op(0x15), kOpRt0, bnel, Branch, "rs,branch"},

    // Arithmetic and logic.
    {"add", special(0x20), kSpecial, add, IntAlu, "rd,rs,rt"},
    {"addu", special(0x21), kSpecial, addu, IntAlu, "rd,rs,rt"},
    {"sub", special(0x22), kSpecial, sub, IntAlu, "rd,rs,rt"},
    {"subu", special(0x23), kSpecial, subu, IntAlu, "rd,rs,rt"},
    {"dadd", special(0x2c), kSpecial, dadd, IntAlu, "rd,rs,rt"},
    {"daddu", special(0x2d), kSpecial, daddu, IntAlu, "rd,rs,rt"},
    {"dsub", special(0x2e), kSpecial, dsub, IntAlu, "rd,rs,rt"},
    {"dsubu", special(0x2f), kSpecial, dsubu, IntAlu, "rd,rs,rt"},
    {"and", special(0x24), kSpecial, and_, IntAlu, "rd,rs,rt"},
    {"or", special(0x25), kSpecial, or_, IntAlu, "rd,rs,rt"},
    {"xor", special(0x26), kSpecial, xor_, IntAlu, "rd,rs,rt"},
    {"nor", special(0x27), kSpecial, nor, IntAlu, "rd,rs,rt"},
    {"slt", special(0x2a), kSpecial, slt, IntAlu, "rd,rs,rt"},
    {"sltu", special(0x2b), kSpecial, sltu, IntAlu, "rd,rs,rt"},
    {"movz", special(0x0a), kSpecial, movz, IntAlu, "rd,rs,rt"},
    {"movn", special(0x0b), kSpecial, movn, IntAlu, "rd,rs,rt"},
    {"addi", op(0x08), kOp, addi, IntAlu, "rt,rs,simm"},
    {"addiu", op(0x09), kOp, addiu, IntAlu, "rt,rs,simm"},
    {"slti", op(0x0a), kOp, slti, IntAlu, "rt,rs,simm"},
    {"sltiu", op(0x0b), kOp, sltiu, IntAlu, "rt,rs,simm"},
    {"andi", op(0x0c), kOp, andi, IntAlu, "rt,rs,uimm"},
    {"ori", op(0x0d), kOp, ori, IntAlu, "rt,rs,uimm"},
    {"xori", op(0x0e), kOp, xori, IntAlu, "rt,rs,uimm"},
    {"lui", op(0x0f), kOp, lui, IntAlu, "rt,uimm"},
    {"daddi", op(0x18), kOp, daddi, IntAlu, "rt,rs,simm"},
    {"daddiu", op(0x19), kOp, daddiu, IntAlu, "rt,rs,simm"},

    // Shifts and rotates (rotates: the R2 bit in rs for immediates, sa for variables).
    {"sll", special(0x00), kSpecial, sll, IntAlu, "rd,rt,sa"},
    {"srl", special(0x02), kShift, srl, IntAlu, "rd,rt,sa"},
    {"rotr", withRs(special(0x02), 1), kShift, rotr, IntAlu, "rd,rt,sa"},
    {"sra", special(0x03), kSpecial, sra, IntAlu, "rd,rt,sa"},
    {"sllv", special(0x04), kSpecialR, sllv, IntAlu, "rd,rt,rs"},
    {"srlv", special(0x06), kSpecialR, srlv, IntAlu, "rd,rt,rs"},
    {"rotrv", withSa(special(0x06), 1), kSpecialR, rotrv, IntAlu, "rd,rt,rs"},
    {"srav", special(0x07), kSpecialR, srav, IntAlu, "rd,rt,rs"},
    {"dsll", special(0x38), kSpecial, dsll, IntAlu, "rd,rt,sa"},
    {"dsrl", special(0x3a), kShift, dsrl, IntAlu, "rd,rt,sa"},
    {"drotr", withRs(special(0x3a), 1), kShift, drotr, IntAlu, "rd,rt,sa"},
    {"dsra", special(0x3b), kSpecial, dsra, IntAlu, "rd,rt,sa"},
    {"dsll32", special(0x3c), kSpecial, dsll32, IntAlu, "rd,rt,sa"},
    {"dsrl32", special(0x3e), kShift, dsrl32, IntAlu, "rd,rt,sa"},
    {"drotr32", withRs(special(0x3e), 1), kShift, drotr32, IntAlu, "rd,rt,sa"},
    {"dsra32", special(0x3f), kSpecial, dsra32, IntAlu, "rd,rt,sa"},
    {"dsllv", special(0x14), kSpecialR, dsllv, IntAlu, "rd,rt,rs"},
    {"dsrlv", special(0x16), kSpecialR, dsrlv, IntAlu, "rd,rt,rs"},
    {"drotrv", withSa(special(0x16), 1), kSpecialR, drotrv, IntAlu, "rd,rt,rs"},
    {"dsrav", special(0x17), kSpecialR, dsrav, IntAlu, "rd,rt,rs"},

    // Multiply, divide, HI/LO.
    {"mult", special(0x18), kMulOp, mult, IntMulDiv, "rs,rt"},
    {"multu", special(0x19), kMulOp, multu, IntMulDiv, "rs,rt"},
    {"div", special(0x1a), kSpecial, div, IntMulDiv, "rd,rs,rt"},
    {"divu", special(0x1b), kSpecial, divu, IntMulDiv, "rd,rs,rt"},
    {"dmult", special(0x1c), kMulOp, dmult, IntMulDiv, "rs,rt"},
    {"dmultu", special(0x1d), kMulOp, dmultu, IntMulDiv, "rs,rt"},
    {"ddiv", special(0x1e), kSpecial, ddiv, IntMulDiv, "rd,rs,rt"},
    {"ddivu", special(0x1f), kSpecial, ddivu, IntMulDiv, "rd,rs,rt"},
    {"mfhi", special(0x10), kMfHiLo, mfhi, IntMulDiv, "rd"},
    {"mthi", special(0x11), kMtHiLo, mthi, IntMulDiv, "rs"},
    {"mflo", special(0x12), kMfHiLo, mflo, IntMulDiv, "rd"},
    {"mtlo", special(0x13), kMtHiLo, mtlo, IntMulDiv, "rs"},
    {"madd", special2(0x00), kHiLoOp, madd, IntMulDiv, "rs,rt"},
    {"maddu", special2(0x01), kHiLoOp, maddu, IntMulDiv, "rs,rt"},
    {"mul", special2(0x02), kSpecial, mul, IntMulDiv, "rd,rs,rt"},
    {"msub", special2(0x04), kHiLoOp, msub, IntMulDiv, "rs,rt"},
    {"msubu", special2(0x05), kHiLoOp, msubu, IntMulDiv, "rs,rt"},
    {"clz", special2(0x20), kSpecial, clz, IntAlu, "rd,rs"},
    {"clo", special2(0x21), kSpecial, clo, IntAlu, "rd,rs"},
    {"dclz", special2(0x24), kSpecial, dclz, IntAlu, "rd,rs"},
    {"dclo", special2(0x25), kSpecial, dclo, IntAlu, "rd,rs"},

    // Branches.
    {"beq", op(0x04), kOp, beq, Branch, "rs,rt,branch"},
    {"bne", op(0x05), kOp, bne, Branch, "rs,rt,branch"},
    {"blez", op(0x06), kOpRt0, blez, Branch, "rs,branch"},
    {"bgtz", op(0x07), kOpRt0, bgtz, Branch, "rs,branch"},
    {"beql", op(0x14), kOp, beql, Branch, "rs,rt,branch"},
    {"bnel", op(0x15), kOp, bnel, Branch, "rs,rt,branch"},
    {"blezl", op(0x16), kOpRt0, blezl, Branch, "rs,branch"},
    {"bgtzl", op(0x17), kOpRt0, bgtzl, Branch, "rs,branch"},
    {"bltz", regimm(0x00), kOpRt0, bltz, Branch, "rs,branch"},
    {"bgez", regimm(0x01), kOpRt0, bgez, Branch, "rs,branch"},
    {"bltzl", regimm(0x02), kOpRt0, bltzl, Branch, "rs,branch"},
    {"bgezl", regimm(0x03), kOpRt0, bgezl, Branch, "rs,branch"},
    {"bltzal", regimm(0x10), kOpRt0, bltzal, Branch, "rs,branch"},
    {"bgezal", regimm(0x11), kOpRt0, bgezal, Branch, "rs,branch"},
    {"bltzall", regimm(0x12), kOpRt0, bltzall, Branch, "rs,branch"},
    {"bgezall", regimm(0x13), kOpRt0, bgezall, Branch, "rs,branch"},

    // Jumps (jr.hb/jalr.hb: the R2 hazard-barrier hint, bit 10).
    {"j", op(0x02), kOp, j, Jump, "target"},
    {"jal", op(0x03), kOp, jal, Jump, "target"},
    {"jr", special(0x08), kMtHiLo, jr, Jump, "rs"},
    {"jr.hb", withSa(special(0x08), 0x10), kMtHiLo, jr, Jump, "rs"},
    {"jalr", special(0x09) | (31u << 11), 0xfc1fffff, jalr, Jump, "rs"},
    {"jalr", special(0x09), kRt0R, jalr, Jump, "rd,rs"},
    {"jalr.hb", withSa(special(0x09), 0x10) | (31u << 11), 0xfc1fffff, jalr, Jump, "rs"},
    {"jalr.hb", withSa(special(0x09), 0x10), kRt0R, jalr, Jump, "rd,rs"},

    // Loads and stores.
    {"lb", op(0x20), kOp, lb, Load, "rt,mem"},
    {"lh", op(0x21), kOp, lh, Load, "rt,mem"},
    {"lwl", op(0x22), kOp, lwl, Load, "rt,mem"},
    {"lw", op(0x23), kOp, lw, Load, "rt,mem"},
    {"lbu", op(0x24), kOp, lbu, Load, "rt,mem"},
    {"lhu", op(0x25), kOp, lhu, Load, "rt,mem"},
    {"lwr", op(0x26), kOp, lwr, Load, "rt,mem"},
    {"lwu", op(0x27), kOp, lwu, Load, "rt,mem"},
    {"ldl", op(0x1a), kOp, ldl, Load, "rt,mem"},
    {"ldr", op(0x1b), kOp, ldr, Load, "rt,mem"},
    {"ld", op(0x37), kOp, ld, Load, "rt,mem"},
    {"ll", op(0x30), kOp, ll, Load, "rt,mem"},
    {"lld", op(0x34), kOp, lld, Load, "rt,mem"},
    {"sb", op(0x28), kOp, sb, Store, "rt,mem"},
    {"sh", op(0x29), kOp, sh, Store, "rt,mem"},
    {"swl", op(0x2a), kOp, swl, Store, "rt,mem"},
    {"sw", op(0x2b), kOp, sw, Store, "rt,mem"},
    {"sdl", op(0x2c), kOp, sdl, Store, "rt,mem"},
    {"sdr", op(0x2d), kOp, sdr, Store, "rt,mem"},
    {"swr", op(0x2e), kOp, swr, Store, "rt,mem"},
    {"sd", op(0x3f), kOp, sd, Store, "rt,mem"},
    {"sc", op(0x38), kOp, sc, Store, "rt,mem"},
    {"scd", op(0x3c), kOp, scd, Store, "rt,mem"},

    // Traps, break, sync, prefetch, synci.
    {"teq", special(0x34), kSpecial, teq, System, "rs,rt,code10"},
    {"tne", special(0x36), kSpecial, tne, System, "rs,rt,code10"},
    {"tge", special(0x30), kSpecial, tge, System, "rs,rt,code10"},
    {"tgeu", special(0x31), kSpecial, tgeu, System, "rs,rt,code10"},
    {"tlt", special(0x32), kSpecial, tlt, System, "rs,rt,code10"},
    {"tltu", special(0x33), kSpecial, tltu, System, "rs,rt,code10"},
    {"tgei", regimm(0x08), kOpRt0, tgei, System, "rs,simm"},
    {"tgeiu", regimm(0x09), kOpRt0, tgeiu, System, "rs,simm"},
    {"tlti", regimm(0x0a), kOpRt0, tlti, System, "rs,simm"},
    {"tltiu", regimm(0x0b), kOpRt0, tltiu, System, "rs,simm"},
    {"teqi", regimm(0x0c), kOpRt0, teqi, System, "rs,simm"},
    {"tnei", regimm(0x0e), kOpRt0, tnei, System, "rs,simm"},
    {"break", special(0x0d), kSpecial, break_, System, "breakcode"},
    {"sync", special(0x0f), 0xfffff83f, nop, System, ""},
    {"pref", op(0x33), kOp, nop, System, "hint,mem"},
    {"synci", regimm(0x1f), kOpRt0, nop, System, "mem"},

    // Release 2 bit-field, byte-swap and hardware-register instructions.
    {"ext", special3(0x00), kSpecial, ext, IntAlu, "rt,rs,pos,extsize"},
    {"dextm", special3(0x01), kSpecial, dextm, IntAlu, "rt,rs,pos,extsize32"},
    {"dextu", special3(0x02), kSpecial, dextu, IntAlu, "rt,rs,pos32,extsize"},
    {"dext", special3(0x03), kSpecial, dext, IntAlu, "rt,rs,pos,extsize"},
    {"ins", special3(0x04), kSpecial, ins, IntAlu, "rt,rs,pos,inssize"},
    {"dinsm", special3(0x05), kSpecial, dinsm, IntAlu, "rt,rs,pos,inssize32"},
    {"dinsu", special3(0x06), kSpecial, dinsu, IntAlu, "rt,rs,pos32,inssize"},
    {"dins", special3(0x07), kSpecial, dins, IntAlu, "rt,rs,pos,inssize"},
    {"wsbh", withSa(special3(0x20), 0x02), kBshfl, wsbh, IntAlu, "rd,rt"},
    {"seb", withSa(special3(0x20), 0x10), kBshfl, seb, IntAlu, "rd,rt"},
    {"seh", withSa(special3(0x20), 0x18), kBshfl, seh, IntAlu, "rd,rt"},
    {"dsbh", withSa(special3(0x24), 0x02), kBshfl, dsbh, IntAlu, "rd,rt"},
    {"dshd", withSa(special3(0x24), 0x05), kBshfl, dshd, IntAlu, "rd,rt"},
    {"rdhwr", special3(0x3b), kSpecial, rdhwr, System, "rt,hwr"},
};

}  // namespace

std::span<const InsnDesc> integerInstructions() { return kTable; }

}  // namespace mips
