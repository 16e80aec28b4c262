// intrandom: every integer instruction of MIPS64 release 2 that gcc may emit
// (and the MIPS IV ones it rarely does), run on thousands of pseudo-random
// operand pairs biased towards corner values; one hash per instruction is
// printed, so a difference names the instruction. Argument: operand pairs.
#include "guest.h"

// One instruction "insn %0, %1, %2" (or with an immediate) on (a, b).
#define OP3(name, text) \
  static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; __asm__(text : "=r"(r) : "r"(a), "r"(b)); return r; }
#define OP2(name, text) \
  static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; (void)b; __asm__(text : "=r"(r) : "r"(a)); return r; }
// Read-modify-write forms (ins/dins): the destination is also an input.
#define OPI(name, text) \
  static uint64_t name(uint64_t a, uint64_t b) { uint64_t r = b; __asm__(text : "+r"(r) : "r"(a)); return r; }
// 32-bit instructions need sign-extended 32-bit inputs to be defined.
static uint64_t sext32(uint64_t x) { return (uint64_t)(int64_t)(int32_t)x; }

OP3(op_addu, "addu %0, %1, %2") OP3(op_subu, "subu %0, %1, %2") OP3(op_daddu, "daddu %0, %1, %2")
OP3(op_dsubu, "dsubu %0, %1, %2") OP3(op_and, "and %0, %1, %2") OP3(op_or, "or %0, %1, %2")
OP3(op_xor, "xor %0, %1, %2") OP3(op_nor, "nor %0, %1, %2") OP3(op_slt, "slt %0, %1, %2")
OP3(op_sltu, "sltu %0, %1, %2") OP3(op_sllv, "sllv %0, %1, %2") OP3(op_srlv, "srlv %0, %1, %2")
OP3(op_srav, "srav %0, %1, %2") OP3(op_rotrv, "rotrv %0, %1, %2") OP3(op_dsllv, "dsllv %0, %1, %2")
OP3(op_dsrlv, "dsrlv %0, %1, %2") OP3(op_dsrav, "dsrav %0, %1, %2") OP3(op_drotrv, "drotrv %0, %1, %2")
OP3(op_mul, "mul %0, %1, %2") OP3(op_movn, "move %0, $0\n\tmovn %0, %1, %2")
OP3(op_movz, "move %0, $0\n\tmovz %0, %1, %2")
OP2(op_addiu, "addiu %0, %1, -12345") OP2(op_daddiu, "daddiu %0, %1, 32767")
OP2(op_slti, "slti %0, %1, -7") OP2(op_sltiu, "sltiu %0, %1, -7") OP2(op_andi, "andi %0, %1, 0xf0f0")
OP2(op_ori, "ori %0, %1, 0x8001") OP2(op_xori, "xori %0, %1, 0xffff") OP2(op_sll, "sll %0, %1, 7")
OP2(op_srl, "srl %0, %1, 31") OP2(op_sra, "sra %0, %1, 13") OP2(op_rotr, "rotr %0, %1, 9")
OP2(op_dsll, "dsll %0, %1, 5") OP2(op_dsrl, "dsrl %0, %1, 17") OP2(op_dsra, "dsra %0, %1, 31")
OP2(op_dsll32, "dsll32 %0, %1, 3") OP2(op_dsrl32, "dsrl32 %0, %1, 0") OP2(op_dsra32, "dsra32 %0, %1, 11")
OP2(op_drotr, "drotr %0, %1, 13") OP2(op_drotr32, "drotr32 %0, %1, 7") OP2(op_seb, "seb %0, %1")
OP2(op_seh, "seh %0, %1") OP2(op_wsbh, "wsbh %0, %1") OP2(op_dsbh, "dsbh %0, %1")
OP2(op_dshd, "dshd %0, %1") OP2(op_clz, "clz %0, %1") OP2(op_clo, "clo %0, %1")
OP2(op_dclz, "dclz %0, %1") OP2(op_dclo, "dclo %0, %1") OP2(op_ext, "ext %0, %1, 5, 11")
OP2(op_dext, "dext %0, %1, 3, 29") OP2(op_dextm, "dextm %0, %1, 4, 40")
OP2(op_dextu, "dextu %0, %1, 36, 20") OPI(op_ins, "ins %0, %1, 9, 13")
OPI(op_dins, "dins %0, %1, 2, 25") OPI(op_dinsm, "dinsm %0, %1, 20, 40")
OPI(op_dinsu, "dinsu %0, %1, 33, 17") OP2(op_lui, "lui %0, 0x8765\n\tor %0, %0, %1")

// mult/div families: HI and LO folded into one value.
#define HILO(name, text)                                                                  \
  static uint64_t name(uint64_t a, uint64_t b) {                                          \
    uint64_t hi, lo;                                                                      \
    __asm__(text "\n\tmfhi %0\n\tmflo %1" : "=r"(hi), "=r"(lo) : "r"(a), "r"(b) : "hi", "lo"); \
    return hi * 0x9e3779b97f4a7c15ULL ^ lo;                                               \
  }
HILO(op_mult, "mult %2, %3") HILO(op_multu, "multu %2, %3") HILO(op_dmult, "dmult %2, %3")
HILO(op_dmultu, "dmultu %2, %3") HILO(op_div, "div $0, %2, %3") HILO(op_divu, "divu $0, %2, %3")
HILO(op_ddiv, "ddiv $0, %2, %3") HILO(op_ddivu, "ddivu $0, %2, %3")
HILO(op_madd, "mthi %2\n\tmtlo %3\n\tmadd %2, %3") HILO(op_msubu, "mthi %3\n\tmtlo %2\n\tmsubu %2, %3")

struct instruction {
  const char* name;
  uint64_t (*run)(uint64_t, uint64_t);
  int word_inputs;  // 1: operands must be sign-extended 32-bit values
};

static const struct instruction instructions[] = {
    {"addu", op_addu, 1}, {"subu", op_subu, 1}, {"daddu", op_daddu, 0}, {"dsubu", op_dsubu, 0},
    {"and", op_and, 0}, {"or", op_or, 0}, {"xor", op_xor, 0}, {"nor", op_nor, 0},
    {"slt", op_slt, 0}, {"sltu", op_sltu, 0}, {"sllv", op_sllv, 1}, {"srlv", op_srlv, 1},
    {"srav", op_srav, 1}, {"rotrv", op_rotrv, 1}, {"dsllv", op_dsllv, 0}, {"dsrlv", op_dsrlv, 0},
    {"dsrav", op_dsrav, 0}, {"drotrv", op_drotrv, 0}, {"mul", op_mul, 1}, {"movn", op_movn, 0},
    {"movz", op_movz, 0}, {"addiu", op_addiu, 1}, {"daddiu", op_daddiu, 0}, {"slti", op_slti, 0},
    {"sltiu", op_sltiu, 0}, {"andi", op_andi, 0}, {"ori", op_ori, 0}, {"xori", op_xori, 0},
    {"sll", op_sll, 0}, {"srl", op_srl, 1}, {"sra", op_sra, 1}, {"rotr", op_rotr, 1},
    {"dsll", op_dsll, 0}, {"dsrl", op_dsrl, 0}, {"dsra", op_dsra, 0}, {"dsll32", op_dsll32, 0},
    {"dsrl32", op_dsrl32, 0}, {"dsra32", op_dsra32, 0}, {"drotr", op_drotr, 0},
    {"drotr32", op_drotr32, 0}, {"seb", op_seb, 0}, {"seh", op_seh, 0}, {"wsbh", op_wsbh, 1},
    {"dsbh", op_dsbh, 0}, {"dshd", op_dshd, 0}, {"clz", op_clz, 1}, {"clo", op_clo, 1},
    {"dclz", op_dclz, 0}, {"dclo", op_dclo, 0}, {"ext", op_ext, 1}, {"dext", op_dext, 0},
    {"dextm", op_dextm, 0}, {"dextu", op_dextu, 0}, {"ins", op_ins, 1}, {"dins", op_dins, 0},
    {"dinsm", op_dinsm, 0}, {"dinsu", op_dinsu, 0}, {"lui", op_lui, 0}, {"mult", op_mult, 1},
    {"multu", op_multu, 1}, {"dmult", op_dmult, 0}, {"dmultu", op_dmultu, 0}, {"div", op_div, 1},
    {"divu", op_divu, 1}, {"ddiv", op_ddiv, 0}, {"ddivu", op_ddivu, 0}, {"madd", op_madd, 1},
    {"msubu", op_msubu, 1},
};

// Operands: random 64-bit values, small values, powers of two and their
// neighbours, all ones, the extremes.
static uint64_t random_operand(uint64_t* state) {
  uint64_t r = lcg_next(state) ^ lcg_next(state) << 32;
  switch (lcg_next(state) % 8) {
    case 0: return r % 64;
    case 1: return (uint64_t)1 << (r % 64);
    case 2: return ((uint64_t)1 << (r % 64)) - 1;
    case 3: return -((uint64_t)1 << (r % 64));
    case 4: return (r & 1) ? 0x8000000000000000ULL : 0x7fffffffffffffffULL;
    default: return r;
  }
}

int main(int argc, char** argv) {
  long pairs = guest_size_arg(argc, argv, 5000);
  const int count = sizeof instructions / sizeof instructions[0];
  uint64_t everything = FNV_OFFSET;
  for (int k = 0; k < count; k++) {
    uint64_t state = 12345, hash = FNV_OFFSET;
    for (long i = 0; i < pairs; i++) {
      uint64_t a = random_operand(&state), b = random_operand(&state);
      if (instructions[k].word_inputs) {
        a = sext32(a);
        b = sext32(b);
      }
      uint64_t r = instructions[k].run(a, b);
      hash = (hash ^ r) * 1099511628211ULL;
    }
    printf("%-8s %016llx\n", instructions[k].name, (unsigned long long)hash);
    everything = (everything ^ hash) * 1099511628211ULL;
  }
  printf("all %d instructions over %ld operand pairs: %016llx\n", count, pairs,
         (unsigned long long)everything);
  CHECK(op_dinsu(0xfULL, 0) == 0xfULL << 33 && op_dextu(0xabcULL << 36, 0) == 0xabc);
  CHECK(op_wsbh(0x11223344ULL, 0) == 0x22114433ULL && op_dshd(0x1122334455667788ULL, 0) == 0x7788556633441122ULL);
  return guest_finish("intrandom");
}
