// Floating-point (CP1) instructions of the R10000 (MIPS IV) plus the MIPS64
// Release 2 moves mfhc1/mthc1, in the FR=1 register model of the n64 ABI.
// Results, NaNs and FCSR bits follow QEMU's MIPS64R2-generic user mode bit for
// bit (see docs/fpu.md): legacy NaN encoding, every NaN result is the default
// NaN, multiply-add rounds the product first, float->integer overflow gives
// the largest positive integer. Arithmetic runs on the host (fpu_ops.h).
#include <cmath>
#include <limits>

#include "mips/cpu.h"
#include "mips/fpu_ops.h"

namespace mips {
namespace {

using C = Cpu;
using I = DecodedInsn;
using namespace fpops;

// ---- register access: singles and words live in the low 32 bits ----

template <typename T>
T get(const Cpu& c, unsigned r) {
  if constexpr (sizeof(T) == 8) return std::bit_cast<T>(c.fpu.fpr[r]);
  else return std::bit_cast<T>(uint32_t(c.fpu.fpr[r]));
}

// 32-bit values replace the low word and keep the high one (as QEMU does).
template <typename T>
void put(Cpu& c, unsigned r, T v) {
  if constexpr (sizeof(T) == 8) c.fpu.fpr[r] = std::bit_cast<uint64_t>(v);
  else c.fpu.fpr[r] = (c.fpu.fpr[r] & 0xffffffff00000000ull) | std::bit_cast<uint32_t>(v);
}

// ---- FCSR bookkeeping ----

// Records the exceptions of one arithmetic instruction: Cause is replaced; an
// enabled exception traps (FPE, destination and Flags untouched), otherwise
// the Flags accumulate.
void commit(Cpu& c, uint32_t raised) {
  uint32_t& f = c.fpu.fcsr;
  f = (f & ~(0x3fu << fcsr::CAUSE_SHIFT)) | (raised << fcsr::CAUSE_SHIFT);
  if (raised & (f >> fcsr::ENABLES_SHIFT)) [[unlikely]] c.raise(ExcCode::FPE);
  f |= raised << fcsr::FLAGS_SHIFT;
}

// FCSR.RM: 0 nearest, 1 toward zero, 2 toward +inf, 3 toward -inf.
uint32_t roundingMode(const Cpu& c) { return c.fpu.fcsr & fcsr::RM_MASK; }

// Sign flip and sign clear, raising nothing, also on NaNs (QEMU's float*_chs/_abs).
template <typename T>
T negate(T v) {
  return std::bit_cast<T>(bitsOf(v) ^ (typename Format<T>::Bits{1} << (sizeof(T) * 8 - 1)));
}
template <typename T>
T absolute(T v) {
  return std::bit_cast<T>(bitsOf(v) & ~(typename Format<T>::Bits{1} << (sizeof(T) * 8 - 1)));
}

// Any NaN result becomes the default NaN (QEMU runs legacy-NaN MIPS in
// default-NaN mode). Invalid is raised for a signalling NaN operand or an
// invalid operation on numbers; the host's view of NaN operands is wrong
// (its quiet bit is the R10000's signalling bit), so it is recomputed.
template <typename T, typename... Args>
T nanResult(uint32_t& raised, Args... args) {
  auto nanOperand = [](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) return isNaN(v);
    else return false;
  };
  auto signallingOperand = [](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) return isSignallingNaN(v);
    else return false;
  };
  if ((nanOperand(args) || ...)) raised = (signallingOperand(args) || ...) ? fcsr::FLAG_V : 0;
  return defaultNaN<T>();
}

// FCSR.FS: a result whose exact value lies below the normal range becomes a
// zero of the same sign and signals nothing (QEMU's flush_to_zero decides on
// the unrounded value and reports only output_denormal, which MIPS ignores).
// A result rounded up to the smallest normal is recomputed toward zero to see
// which side of the boundary the exact value lies on.
template <typename T, typename Op, typename... Args>
T flushTiny(T r, uint32_t& raised, Op op, Args... args) {
  bool tiny = isDenormal(r) || (r == 0 && (raised & fcsr::FLAG_U));
  if (!tiny && bitsOf(absolute(r)) == Format<T>::kMinNormal && (raised & fcsr::FLAG_I)) {
    uint32_t ignored;
    const T towardZero = run(1, ignored, op, args...);
    tiny = isDenormal(towardZero) || towardZero == 0;
  }
  if (!tiny) return r;
  raised &= ~(fcsr::FLAG_U | fcsr::FLAG_I);
  return std::copysign(T(0), r);
}

// The general path of one guest IEEE operation: host result under the guest's
// rounding mode, host flags, then the MIPS NaN and flush rules.
template <typename T, typename Op, typename... Args>
[[gnu::noinline]] T ieeeGeneral(const Cpu& c, uint32_t& raised, Op op, Args... args) {
  uint32_t mine;
  T r = run(roundingMode(c), mine, op, args...);
  if (isNaN(r)) [[unlikely]] r = nanResult<T>(mine, args...);
  if (c.fpu.fcsr & fcsr::FS) [[unlikely]] r = flushTiny(r, mine, op, args...);
  raised |= mine;
  return r;
}

// Whether a round-to-nearest result lets the fast path decide the exceptions:
// finite, and either above the smallest normal (so neither tiny nor
// overflowed) or from an operation whose tiny results are always exact.
template <typename Op, typename T>
bool ordinary(T r) {
  const auto magnitude = bitsOf(absolute(r));
  return magnitude < bitsOf(std::numeric_limits<T>::infinity()) &&
         (Op::kTinyIsExact || magnitude > Format<T>::kMinNormal);
}

// One IEEE operation of the guest; its exceptions are ORed into raised. The
// common case (round to nearest, no FS, ordinary result) needs no host flags:
// Inexact is the only exception possible and Op::exact tells it.
template <typename T, typename Op, typename... Args>
T ieee(const Cpu& c, uint32_t& raised, Op op, Args... args) {
  if (!(c.fpu.fcsr & (fcsr::RM_MASK | fcsr::FS))) [[likely]] {
    const T r = op(args...);
    if (ordinary<Op>(r)) [[likely]] {
      if (!Op::exact(r, args...)) raised |= fcsr::FLAG_I;
      return r;
    }
  }
  return ieeeGeneral<T>(c, raised, op, args...);
}

// ---- the operations, as functors so one template serves .s and .d; each
// knows how to tell whether its round-to-nearest result r is exact ----

struct Add {
  static constexpr bool kTinyIsExact = true;  // sums below the normal range are exact
  template <typename T> T operator()(T a, T b) const { return a + b; }
  template <typename T> static bool exact(T r, T a, T b) { return exactSum(r, a, b); }
};
struct Sub {
  static constexpr bool kTinyIsExact = true;
  template <typename T> T operator()(T a, T b) const { return a - b; }
  template <typename T> static bool exact(T r, T a, T b) { return exactSum(r, a, -b); }
};
struct Mul {
  static constexpr bool kTinyIsExact = false;
  template <typename T> T operator()(T a, T b) const { return a * b; }
  template <typename T> static bool exact(T r, T a, T b) { return exactProduct(a, b, r); }
};
struct Div {
  static constexpr bool kTinyIsExact = false;
  template <typename T> T operator()(T a, T b) const { return a / b; }
  template <typename T> static bool exact(T r, T a, T b) { return exactProduct(r, b, a); }
};
struct Sqrt {
  static constexpr bool kTinyIsExact = false;
  template <typename T> T operator()(T a) const { return std::sqrt(a); }
  template <typename T> static bool exact(T r, T a) { return exactProduct(r, r, a); }
};
struct Recip {
  static constexpr bool kTinyIsExact = false;
  template <typename T> T operator()(T a) const { return T(1) / a; }
  template <typename T> static bool exact(T r, T a) { return exactProduct(r, a, T(1)); }
};
// Format conversions. Integer and float->double results are never tiny; a
// double->float result must be above the normal range to be ordinary.
template <typename To>
struct Convert {
  static constexpr bool kTinyIsExact = !std::is_same_v<To, float>;
  template <typename From> To operator()(From a) const { return To(a); }
  template <typename From> static bool exact(To r, From a) {
    if constexpr (std::is_integral_v<From>) return exactFromInteger<To>(a);
    else return From(r) == a;
  }
};

// fd = fs op ft
template <typename T, typename Op>
void binary(C& c, const I& i) {
  c.requireCop1();
  uint32_t raised = 0;
  const T r = ieee<T>(c, raised, Op{}, get<T>(c, i.fs()), get<T>(c, i.ft()));
  commit(c, raised);
  put(c, i.fd(), r);
}

// fd = op(fs), From and To being the operand and result formats
template <typename To, typename From, typename Op>
void unary(C& c, const I& i) {
  c.requireCop1();
  uint32_t raised = 0;
  const To r = ieee<To>(c, raised, Op{}, get<From>(c, i.fs()));
  commit(c, raised);
  put(c, i.fd(), r);
}

// rsqrt: a square root then a reciprocal, each rounded (as QEMU does).
template <typename T>
void rsqrt(C& c, const I& i) {
  c.requireCop1();
  uint32_t raised = 0;
  const T root = ieee<T>(c, raised, Sqrt{}, get<T>(c, i.fs()));
  const T r = ieee<T>(c, raised, Recip{}, root);
  commit(c, raised);
  put(c, i.fd(), r);
}

// madd/msub/nmadd/nmsub: fd = ±(fs*ft ± fr). Not fused: the product is
// rounded first, as on the R10000 and in QEMU; the negation is a sign flip.
template <typename T, typename AddOrSub, bool Negated>
void multiplyAdd(C& c, const I& i) {
  c.requireCop1();
  uint32_t raised = 0;
  const T product = ieee<T>(c, raised, Mul{}, get<T>(c, i.fs()), get<T>(c, i.ft()));
  const T sum = ieee<T>(c, raised, AddOrSub{}, product, get<T>(c, i.fr()));
  commit(c, raised);
  put(c, i.fd(), Negated ? negate(sum) : sum);
}

// ---- float -> integer ----

enum class Rounding { Current, Nearest, Zero, Up, Down };

// x rounded to an integral value by the mode (Current: FCSR.RM), exact.
double roundIntegral(double x, Rounding mode, uint32_t rm) {
  if (mode == Rounding::Current) mode = Rounding(rm + 1);
  switch (mode) {
    case Rounding::Zero: return std::trunc(x);
    case Rounding::Up: return std::ceil(x);
    case Rounding::Down: return std::floor(x);
    default: return std::nearbyint(x);  // the host default mode: nearest, ties to even
  }
}

// cvt/round/trunc/ceil/floor to a word or long: NaN and out-of-range inputs
// signal Invalid (only) and give the largest positive integer; other inexact
// results signal Inexact.
template <typename Int, typename From, Rounding Mode>
void toInteger(C& c, const I& i) {
  c.requireCop1();
  const double x = get<From>(c, i.fs());
  const double r = roundIntegral(x, Mode, roundingMode(c));
  constexpr double kLimit = -double(std::numeric_limits<Int>::min());  // 2^31 or 2^63
  Int result;
  uint32_t raised = 0;
  if (r >= -kLimit && r < kLimit) {
    result = Int(r);
    if (r != x) raised = fcsr::FLAG_I;
  } else {  // also NaN
    result = std::numeric_limits<Int>::max();
    raised = fcsr::FLAG_V;
  }
  commit(c, raised);
  put(c, i.fd(), result);
}

// ---- compares ----

// c.cond.fmt: cond bit 0 = true when unordered, bit 1 = when equal, bit 2 =
// when less; bit 3 = signalling (Invalid on any NaN, not only signalling NaNs).
template <typename T, unsigned Cond>
void compare(C& c, const I& i) {
  c.requireCop1();
  const T a = get<T>(c, i.fs()), b = get<T>(c, i.ft());
  const bool unordered = isNaN(a) || isNaN(b);
  const bool invalid = unordered && ((Cond & 8) || isSignallingNaN(a) || isSignallingNaN(b));
  const bool result = ((Cond & 1) && unordered) || ((Cond & 2) && a == b) || ((Cond & 4) && a < b);
  commit(c, invalid ? fcsr::FLAG_V : 0);
  c.fpu.setCond((i.raw >> 8) & 7, result);
}

// ---- moves that do not touch FCSR ----

template <typename T>
void moveFp(C& c, const I& i) { c.requireCop1(); put(c, i.fd(), get<T>(c, i.fs())); }
template <typename T>
void absFp(C& c, const I& i) { c.requireCop1(); put(c, i.fd(), absolute(get<T>(c, i.fs()))); }
template <typename T>
void negFp(C& c, const I& i) { c.requireCop1(); put(c, i.fd(), negate(get<T>(c, i.fs()))); }

// The condition code and sense of movf/movt and bc1f/bc1t (bits 20..18, bit 16).
bool ccTest(const Cpu& c, const I& i) { return c.fpu.cond((i.raw >> 18) & 7) == bool(i.raw & 0x10000); }

template <typename T>
void movcf(C& c, const I& i) { c.requireCop1(); if (ccTest(c, i)) put(c, i.fd(), get<T>(c, i.fs())); }
template <typename T>
void movz(C& c, const I& i) { c.requireCop1(); if (c.gpr[i.rt] == 0) put(c, i.fd(), get<T>(c, i.fs())); }
template <typename T>
void movn(C& c, const I& i) { c.requireCop1(); if (c.gpr[i.rt] != 0) put(c, i.fd(), get<T>(c, i.fs())); }
// movf/movt rd, rs, cc (the SPECIAL-opcode integer form)
void movci(C& c, const I& i) { c.requireCop1(); if (ccTest(c, i)) c.gpr[i.rd] = c.gpr[i.rs]; }

// ---- GPR <-> FPR ----

void mfc1(C& c, const I& i) { c.requireCop1(); c.gpr[i.rt] = sext32(c.fpu.fpr[i.fs()]); }
void mtc1(C& c, const I& i) { c.requireCop1(); put(c, i.fs(), uint32_t(c.gpr[i.rt])); }
void dmfc1(C& c, const I& i) { c.requireCop1(); c.require64(); c.gpr[i.rt] = c.fpu.fpr[i.fs()]; }
void dmtc1(C& c, const I& i) { c.requireCop1(); c.require64(); c.fpu.fpr[i.fs()] = c.gpr[i.rt]; }
void mfhc1(C& c, const I& i) { c.requireCop1(); c.gpr[i.rt] = sext32(c.fpu.fpr[i.fs()] >> 32); }
void mthc1(C& c, const I& i) {
  c.requireCop1();
  c.fpu.fpr[i.fs()] = (c.gpr[i.rt] << 32) | uint32_t(c.fpu.fpr[i.fs()]);
}

// ---- control registers: FIR 0, FCCR 25, FEXR 26, FENR 28, FCSR 31 ----
// The views 25/26/28 and the treatment of other numbers follow QEMU's
// MIPS64R2-generic (which reads FCSR for unknown numbers and 0 for 1 and 5).

// The value of control register reg as cfc1 reads it.
uint32_t readFpuControl(const Cpu& c, unsigned reg) {
  const uint32_t f = c.fpu.fcsr;
  switch (reg) {
    case 0: return c.fpu.fir;
    case 1:
    case 5: return 0;
    case 25: return ((f >> 24) & 0xfe) | ((f >> 23) & 1);   // cc7..1, cc0
    case 26: return f & 0x0003f07c;                        // cause, flags
    case 28: return (f & 0x00000f83) | ((f >> 22) & 4);    // enables, FS, RM
    default: return f;
  }
}

// cfc1 rt, fs: the 32-bit value, sign-extended.
void cfc1(C& c, const I& i) { c.requireCop1(); c.gpr[i.rt] = sext32(readFpuControl(c, i.fs())); }

// A write that leaves an enabled (or the unimplemented) Cause bit set traps at once.
void ctc1(C& c, const I& i) {
  c.requireCop1();
  const uint32_t v = uint32_t(c.gpr[i.rt]);
  uint32_t& f = c.fpu.fcsr;
  switch (i.fs()) {
    case 25:
      if (v & 0xffffff00) return;
      f = (f & 0x017fffff) | ((v & 0xfe) << 24) | ((v & 1) << 23);
      break;
    case 26:
      if (v & 0x007c0000) return;
      f = (f & 0xfffc0f83) | (v & 0x0003f07c);
      break;
    case 28:
      if (v & 0x007c0000) return;
      f = (f & 0xfefff07c) | (v & 0x00000f83) | ((v & 4) << 22);
      break;
    case 31: f = (v & fcsr::WRITABLE) | (f & ~fcsr::WRITABLE); break;
    default: return;  // FIR and unknown registers: ignored
  }
  const uint32_t cause = (f >> fcsr::CAUSE_SHIFT) & 0x3f;
  const uint32_t enabled = ((f >> fcsr::ENABLES_SHIFT) & 0x1f) | fcsr::CAUSE_E;
  if (cause & enabled) c.raise(ExcCode::FPE);
}

// ---- loads and stores ----

uint64_t offsetAddress(const Cpu& c, const I& i) { return c.gpr[i.rs] + uint64_t(i.imm); }
uint64_t indexedAddress(const Cpu& c, const I& i) { return c.gpr[i.rs] + c.gpr[i.rt]; }

void lwc1(C& c, const I& i) { c.requireCop1(); put(c, i.ft(), c.load<uint32_t>(offsetAddress(c, i))); }
void ldc1(C& c, const I& i) { c.requireCop1(); c.fpu.fpr[i.ft()] = c.load<uint64_t>(offsetAddress(c, i)); }
void swc1(C& c, const I& i) { c.requireCop1(); c.store<uint32_t>(offsetAddress(c, i), uint32_t(c.fpu.fpr[i.ft()])); }
void sdc1(C& c, const I& i) { c.requireCop1(); c.store<uint64_t>(offsetAddress(c, i), c.fpu.fpr[i.ft()]); }
void lwxc1(C& c, const I& i) { c.requireCop1(); put(c, i.fd(), c.load<uint32_t>(indexedAddress(c, i))); }
void ldxc1(C& c, const I& i) { c.requireCop1(); c.fpu.fpr[i.fd()] = c.load<uint64_t>(indexedAddress(c, i)); }
void swxc1(C& c, const I& i) { c.requireCop1(); c.store<uint32_t>(indexedAddress(c, i), uint32_t(c.fpu.fpr[i.fs()])); }
void sdxc1(C& c, const I& i) { c.requireCop1(); c.store<uint64_t>(indexedAddress(c, i), c.fpu.fpr[i.fs()]); }
void prefx(C& c, const I&) { c.requireCop1(); }  // a hint: no cache is modelled here

// ---- branches on a condition code ----

uint64_t branchTarget(const Cpu& c, const I& i) { return c.pc + 4 + (uint64_t(i.imm) << 2); }

// bc1f/bc1t: branch when the condition code equals the tf bit.
void bc1(C& c, const I& i) {
  c.requireCop1();
  if (ccTest(c, i)) c.branchTo(branchTarget(c, i));
  else c.branchNotTaken();
}
// bc1fl/bc1tl: the likely forms skip the delay slot when not taken.
void bc1likely(C& c, const I& i) {
  c.requireCop1();
  if (ccTest(c, i)) c.branchTo(branchTarget(c, i));
  else c.nullifyDelaySlot();
}

// ---- the table ----

constexpr uint32_t kCop1 = 0x44000000;
constexpr uint32_t kFmtS = kCop1 | 16u << 21, kFmtD = kCop1 | 17u << 21;
constexpr uint32_t kFmtW = kCop1 | 20u << 21, kFmtL = kCop1 | 21u << 21;
constexpr uint32_t kArith3 = 0xffe0003f;  // opcode, fmt, funct
constexpr uint32_t kArith2 = 0xffe0003f;  // the same: QEMU ignores the unused ft field
constexpr uint32_t kMove = 0xffe007ff;    // opcode, rs, bits 10..0 = 0
constexpr uint32_t kCompare = 0xffe000ff; // opcode, fmt, bits 7..6 = 0, funct
constexpr uint32_t kMovcf = 0xffe3003f;   // opcode, fmt, bit 17 = 0, tf, funct
constexpr uint32_t kCop1x = 0x4c000000;
constexpr uint32_t kCop1xFunct = 0xfc00003f;
constexpr uint32_t kOp = 0xfc000000;

constexpr auto A = InsnClass::FpArith;
constexpr auto M = InsnClass::FpMove;
constexpr auto LS = InsnClass::FpLoadStore;
constexpr auto B = InsnClass::FpBranch;

using R = Rounding;

const InsnDesc kTable[] = {
    // moves between register files
    {"mfc1", kCop1 | 0u << 21, kMove, mfc1, M, "rt,fs"},
    {"dmfc1", kCop1 | 1u << 21, kMove, dmfc1, M, "rt,fs"},
    {"cfc1", kCop1 | 2u << 21, kMove, cfc1, M, "rt,fsc"},
    {"mfhc1", kCop1 | 3u << 21, kMove, mfhc1, M, "rt,fs"},
    {"mtc1", kCop1 | 4u << 21, kMove, mtc1, M, "rt,fs"},
    {"dmtc1", kCop1 | 5u << 21, kMove, dmtc1, M, "rt,fs"},
    {"ctc1", kCop1 | 6u << 21, kMove, ctc1, M, "rt,fsc"},
    {"mthc1", kCop1 | 7u << 21, kMove, mthc1, M, "rt,fs"},
    // branches
    {"bc1f", 0x45000000, 0xffe30000, bc1, B, "bcc,branch"},
    {"bc1t", 0x45010000, 0xffe30000, bc1, B, "bcc,branch"},
    {"bc1fl", 0x45020000, 0xffe30000, bc1likely, B, "bcc,branch"},
    {"bc1tl", 0x45030000, 0xffe30000, bc1likely, B, "bcc,branch"},
    // arithmetic
    {"add.s", kFmtS | 0x00, kArith3, binary<float, Add>, A, "fd,fs,ft"},
    {"add.d", kFmtD | 0x00, kArith3, binary<double, Add>, A, "fd,fs,ft"},
    {"sub.s", kFmtS | 0x01, kArith3, binary<float, Sub>, A, "fd,fs,ft"},
    {"sub.d", kFmtD | 0x01, kArith3, binary<double, Sub>, A, "fd,fs,ft"},
    {"mul.s", kFmtS | 0x02, kArith3, binary<float, Mul>, A, "fd,fs,ft"},
    {"mul.d", kFmtD | 0x02, kArith3, binary<double, Mul>, A, "fd,fs,ft"},
    {"div.s", kFmtS | 0x03, kArith3, binary<float, Div>, A, "fd,fs,ft"},
    {"div.d", kFmtD | 0x03, kArith3, binary<double, Div>, A, "fd,fs,ft"},
    {"sqrt.s", kFmtS | 0x04, kArith2, unary<float, float, Sqrt>, A, "fd,fs"},
    {"sqrt.d", kFmtD | 0x04, kArith2, unary<double, double, Sqrt>, A, "fd,fs"},
    {"abs.s", kFmtS | 0x05, kArith2, absFp<float>, A, "fd,fs"},
    {"abs.d", kFmtD | 0x05, kArith2, absFp<double>, A, "fd,fs"},
    {"mov.s", kFmtS | 0x06, kArith2, moveFp<float>, M, "fd,fs"},
    {"mov.d", kFmtD | 0x06, kArith2, moveFp<double>, M, "fd,fs"},
    {"neg.s", kFmtS | 0x07, kArith2, negFp<float>, A, "fd,fs"},
    {"neg.d", kFmtD | 0x07, kArith2, negFp<double>, A, "fd,fs"},
    {"recip.s", kFmtS | 0x15, kArith2, unary<float, float, Recip>, A, "fd,fs"},
    {"recip.d", kFmtD | 0x15, kArith2, unary<double, double, Recip>, A, "fd,fs"},
    {"rsqrt.s", kFmtS | 0x16, kArith2, rsqrt<float>, A, "fd,fs"},
    {"rsqrt.d", kFmtD | 0x16, kArith2, rsqrt<double>, A, "fd,fs"},
    // conditional moves
    {"movf.s", kFmtS | 0x11, kMovcf, movcf<float>, M, "fd,fs,bcc"},
    {"movt.s", kFmtS | 0x10011, kMovcf, movcf<float>, M, "fd,fs,bcc"},
    {"movf.d", kFmtD | 0x11, kMovcf, movcf<double>, M, "fd,fs,bcc"},
    {"movt.d", kFmtD | 0x10011, kMovcf, movcf<double>, M, "fd,fs,bcc"},
    {"movz.s", kFmtS | 0x12, kArith3, movz<float>, M, "fd,fs,rt"},
    {"movz.d", kFmtD | 0x12, kArith3, movz<double>, M, "fd,fs,rt"},
    {"movn.s", kFmtS | 0x13, kArith3, movn<float>, M, "fd,fs,rt"},
    {"movn.d", kFmtD | 0x13, kArith3, movn<double>, M, "fd,fs,rt"},
    {"movf", 0x00000001, 0xfc0307ff, movci, M, "rd,rs,bcc"},
    {"movt", 0x00010001, 0xfc0307ff, movci, M, "rd,rs,bcc"},
    // conversions between formats
    {"cvt.s.d", kFmtD | 0x20, kArith2, unary<float, double, Convert<float>>, A, "fd,fs"},
    {"cvt.s.w", kFmtW | 0x20, kArith2, unary<float, int32_t, Convert<float>>, A, "fd,fs"},
    {"cvt.s.l", kFmtL | 0x20, kArith2, unary<float, int64_t, Convert<float>>, A, "fd,fs"},
    {"cvt.d.s", kFmtS | 0x21, kArith2, unary<double, float, Convert<double>>, A, "fd,fs"},
    {"cvt.d.w", kFmtW | 0x21, kArith2, unary<double, int32_t, Convert<double>>, A, "fd,fs"},
    {"cvt.d.l", kFmtL | 0x21, kArith2, unary<double, int64_t, Convert<double>>, A, "fd,fs"},
    // conversions to integers
    {"cvt.w.s", kFmtS | 0x24, kArith2, toInteger<int32_t, float, R::Current>, A, "fd,fs"},
    {"cvt.w.d", kFmtD | 0x24, kArith2, toInteger<int32_t, double, R::Current>, A, "fd,fs"},
    {"cvt.l.s", kFmtS | 0x25, kArith2, toInteger<int64_t, float, R::Current>, A, "fd,fs"},
    {"cvt.l.d", kFmtD | 0x25, kArith2, toInteger<int64_t, double, R::Current>, A, "fd,fs"},
    {"round.l.s", kFmtS | 0x08, kArith2, toInteger<int64_t, float, R::Nearest>, A, "fd,fs"},
    {"round.l.d", kFmtD | 0x08, kArith2, toInteger<int64_t, double, R::Nearest>, A, "fd,fs"},
    {"trunc.l.s", kFmtS | 0x09, kArith2, toInteger<int64_t, float, R::Zero>, A, "fd,fs"},
    {"trunc.l.d", kFmtD | 0x09, kArith2, toInteger<int64_t, double, R::Zero>, A, "fd,fs"},
    {"ceil.l.s", kFmtS | 0x0a, kArith2, toInteger<int64_t, float, R::Up>, A, "fd,fs"},
    {"ceil.l.d", kFmtD | 0x0a, kArith2, toInteger<int64_t, double, R::Up>, A, "fd,fs"},
    {"floor.l.s", kFmtS | 0x0b, kArith2, toInteger<int64_t, float, R::Down>, A, "fd,fs"},
    {"floor.l.d", kFmtD | 0x0b, kArith2, toInteger<int64_t, double, R::Down>, A, "fd,fs"},
    {"round.w.s", kFmtS | 0x0c, kArith2, toInteger<int32_t, float, R::Nearest>, A, "fd,fs"},
    {"round.w.d", kFmtD | 0x0c, kArith2, toInteger<int32_t, double, R::Nearest>, A, "fd,fs"},
    {"trunc.w.s", kFmtS | 0x0d, kArith2, toInteger<int32_t, float, R::Zero>, A, "fd,fs"},
    {"trunc.w.d", kFmtD | 0x0d, kArith2, toInteger<int32_t, double, R::Zero>, A, "fd,fs"},
    {"ceil.w.s", kFmtS | 0x0e, kArith2, toInteger<int32_t, float, R::Up>, A, "fd,fs"},
    {"ceil.w.d", kFmtD | 0x0e, kArith2, toInteger<int32_t, double, R::Up>, A, "fd,fs"},
    {"floor.w.s", kFmtS | 0x0f, kArith2, toInteger<int32_t, float, R::Down>, A, "fd,fs"},
    {"floor.w.d", kFmtD | 0x0f, kArith2, toInteger<int32_t, double, R::Down>, A, "fd,fs"},
    // compares
    {"c.f.s", kFmtS | 0x30, kCompare, compare<float, 0>, A, "cc,fs,ft"},
    {"c.un.s", kFmtS | 0x31, kCompare, compare<float, 1>, A, "cc,fs,ft"},
    {"c.eq.s", kFmtS | 0x32, kCompare, compare<float, 2>, A, "cc,fs,ft"},
    {"c.ueq.s", kFmtS | 0x33, kCompare, compare<float, 3>, A, "cc,fs,ft"},
    {"c.olt.s", kFmtS | 0x34, kCompare, compare<float, 4>, A, "cc,fs,ft"},
    {"c.ult.s", kFmtS | 0x35, kCompare, compare<float, 5>, A, "cc,fs,ft"},
    {"c.ole.s", kFmtS | 0x36, kCompare, compare<float, 6>, A, "cc,fs,ft"},
    {"c.ule.s", kFmtS | 0x37, kCompare, compare<float, 7>, A, "cc,fs,ft"},
    {"c.sf.s", kFmtS | 0x38, kCompare, compare<float, 8>, A, "cc,fs,ft"},
    {"c.ngle.s", kFmtS | 0x39, kCompare, compare<float, 9>, A, "cc,fs,ft"},
    {"c.seq.s", kFmtS | 0x3a, kCompare, compare<float, 10>, A, "cc,fs,ft"},
    {"c.ngl.s", kFmtS | 0x3b, kCompare, compare<float, 11>, A, "cc,fs,ft"},
    {"c.lt.s", kFmtS | 0x3c, kCompare, compare<float, 12>, A, "cc,fs,ft"},
    {"c.nge.s", kFmtS | 0x3d, kCompare, compare<float, 13>, A, "cc,fs,ft"},
    {"c.le.s", kFmtS | 0x3e, kCompare, compare<float, 14>, A, "cc,fs,ft"},
    {"c.ngt.s", kFmtS | 0x3f, kCompare, compare<float, 15>, A, "cc,fs,ft"},
    {"c.f.d", kFmtD | 0x30, kCompare, compare<double, 0>, A, "cc,fs,ft"},
    {"c.un.d", kFmtD | 0x31, kCompare, compare<double, 1>, A, "cc,fs,ft"},
    {"c.eq.d", kFmtD | 0x32, kCompare, compare<double, 2>, A, "cc,fs,ft"},
    {"c.ueq.d", kFmtD | 0x33, kCompare, compare<double, 3>, A, "cc,fs,ft"},
    {"c.olt.d", kFmtD | 0x34, kCompare, compare<double, 4>, A, "cc,fs,ft"},
    {"c.ult.d", kFmtD | 0x35, kCompare, compare<double, 5>, A, "cc,fs,ft"},
    {"c.ole.d", kFmtD | 0x36, kCompare, compare<double, 6>, A, "cc,fs,ft"},
    {"c.ule.d", kFmtD | 0x37, kCompare, compare<double, 7>, A, "cc,fs,ft"},
    {"c.sf.d", kFmtD | 0x38, kCompare, compare<double, 8>, A, "cc,fs,ft"},
    {"c.ngle.d", kFmtD | 0x39, kCompare, compare<double, 9>, A, "cc,fs,ft"},
    {"c.seq.d", kFmtD | 0x3a, kCompare, compare<double, 10>, A, "cc,fs,ft"},
    {"c.ngl.d", kFmtD | 0x3b, kCompare, compare<double, 11>, A, "cc,fs,ft"},
    {"c.lt.d", kFmtD | 0x3c, kCompare, compare<double, 12>, A, "cc,fs,ft"},
    {"c.nge.d", kFmtD | 0x3d, kCompare, compare<double, 13>, A, "cc,fs,ft"},
    {"c.le.d", kFmtD | 0x3e, kCompare, compare<double, 14>, A, "cc,fs,ft"},
    {"c.ngt.d", kFmtD | 0x3f, kCompare, compare<double, 15>, A, "cc,fs,ft"},
    // loads and stores
    {"lwc1", 0xc4000000, kOp, lwc1, LS, "ft,mem"},
    {"ldc1", 0xd4000000, kOp, ldc1, LS, "ft,mem"},
    {"swc1", 0xe4000000, kOp, swc1, LS, "ft,mem"},
    {"sdc1", 0xf4000000, kOp, sdc1, LS, "ft,mem"},
    {"lwxc1", kCop1x | 0x00, 0xfc00f83f, lwxc1, LS, "fd,idx"},
    {"ldxc1", kCop1x | 0x01, 0xfc00f83f, ldxc1, LS, "fd,idx"},
    {"swxc1", kCop1x | 0x08, 0xfc0007ff, swxc1, LS, "fs,idx"},
    {"sdxc1", kCop1x | 0x09, 0xfc0007ff, sdxc1, LS, "fs,idx"},
    {"prefx", kCop1x | 0x0f, 0xfc0007ff, prefx, LS, "idx"},
    // multiply-add (COP1X)
    {"madd.s", kCop1x | 0x20, kCop1xFunct, multiplyAdd<float, Add, false>, A, "fd,fr,fs,ft"},
    {"madd.d", kCop1x | 0x21, kCop1xFunct, multiplyAdd<double, Add, false>, A, "fd,fr,fs,ft"},
    {"msub.s", kCop1x | 0x28, kCop1xFunct, multiplyAdd<float, Sub, false>, A, "fd,fr,fs,ft"},
    {"msub.d", kCop1x | 0x29, kCop1xFunct, multiplyAdd<double, Sub, false>, A, "fd,fr,fs,ft"},
    {"nmadd.s", kCop1x | 0x30, kCop1xFunct, multiplyAdd<float, Add, true>, A, "fd,fr,fs,ft"},
    {"nmadd.d", kCop1x | 0x31, kCop1xFunct, multiplyAdd<double, Add, true>, A, "fd,fr,fs,ft"},
    {"nmsub.s", kCop1x | 0x38, kCop1xFunct, multiplyAdd<float, Sub, true>, A, "fd,fr,fs,ft"},
    {"nmsub.d", kCop1x | 0x39, kCop1xFunct, multiplyAdd<double, Sub, true>, A, "fd,fr,fs,ft"},
};

}  // namespace

std::span<const InsnDesc> fpuInstructions() { return kTable; }

}  // namespace mips
