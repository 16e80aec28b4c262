// Integer instructions of MIPS IV (64-bit) and the MIPS64 Release 2 user-mode
// additions that Debian's glibc uses. One short function per instruction;
// the table at the bottom says how each is encoded and disassembled.
#include "mips/cpu.h"

namespace mips {
namespace {

using C = Cpu;
using I = DecodedInsn;

// ---- arithmetic (examples of the style; the full set follows the same pattern) ----
void addiu(C& c, const I& i) { c.gpr[i.rt] = sext32(c.gpr[i.rs] + uint64_t(i.imm)); }
void daddiu(C& c, const I& i) { c.gpr[i.rt] = c.gpr[i.rs] + uint64_t(i.imm); }
void addu(C& c, const I& i) { c.gpr[i.rd] = sext32(c.gpr[i.rs] + c.gpr[i.rt]); }
void lui(C& c, const I& i) { c.gpr[i.rt] = sext32(uint64_t(i.uimm()) << 16); }
void ori(C& c, const I& i) { c.gpr[i.rt] = c.gpr[i.rs] | i.uimm(); }
void sll(C& c, const I& i) { c.gpr[i.rd] = sext32(c.gpr[i.rt] << i.sa); }

// ---- branches ----
void beq(C& c, const I& i) {
  if (c.gpr[i.rs] == c.gpr[i.rt]) c.branchTo(c.pc + 4 + (uint64_t(i.imm) << 2));
  else c.branchNotTaken();
}
void bne(C& c, const I& i) {
  if (c.gpr[i.rs] != c.gpr[i.rt]) c.branchTo(c.pc + 4 + (uint64_t(i.imm) << 2));
  else c.branchNotTaken();
}
void jr(C& c, const I& i) { c.branchTo(c.gpr[i.rs]); }

// ---- loads and stores ----
void lw(C& c, const I& i) { c.gpr[i.rt] = sext32(c.load<uint32_t>(c.gpr[i.rs] + uint64_t(i.imm))); }
void sw(C& c, const I& i) { c.store<uint32_t>(c.gpr[i.rs] + uint64_t(i.imm), uint32_t(c.gpr[i.rt])); }
void ld(C& c, const I& i) { c.gpr[i.rt] = c.load<uint64_t>(c.gpr[i.rs] + uint64_t(i.imm)); }
void sd(C& c, const I& i) { c.store<uint64_t>(c.gpr[i.rs] + uint64_t(i.imm), c.gpr[i.rt]); }

constexpr uint32_t kOp = 0xfc000000;                // primary opcode only
constexpr uint32_t kSpecial = 0xfc00003f;           // SPECIAL + funct
constexpr uint32_t kSpecialR = 0xfc0007ff;          // SPECIAL + funct, sa = 0

const InsnDesc kTable[] = {
    {"addiu", 0x24000000, kOp, addiu, InsnClass::IntAlu, "rt,rs,simm"},
    {"daddiu", 0x64000000, kOp, daddiu, InsnClass::IntAlu, "rt,rs,simm"},
    {"addu", 0x00000021, kSpecialR, addu, InsnClass::IntAlu, "rd,rs,rt"},
    {"lui", 0x3c000000, 0xffe00000, lui, InsnClass::IntAlu, "rt,uimm"},
    {"ori", 0x34000000, kOp, ori, InsnClass::IntAlu, "rt,rs,uimm"},
    {"sll", 0x00000000, 0xffe0003f, sll, InsnClass::IntAlu, "rd,rt,sa"},
    {"beq", 0x10000000, kOp, beq, InsnClass::Branch, "rs,rt,branch"},
    {"bne", 0x14000000, kOp, bne, InsnClass::Branch, "rs,rt,branch"},
    {"jr", 0x00000008, 0xfc1fffff, jr, InsnClass::Jump, "rs"},
    {"lw", 0x8c000000, kOp, lw, InsnClass::Load, "rt,mem"},
    {"sw", 0xac000000, kOp, sw, InsnClass::Store, "rt,mem"},
    {"ld", 0xdc000000, kOp, ld, InsnClass::Load, "rt,mem"},
    {"sd", 0xfc000000, kOp, sd, InsnClass::Store, "rt,mem"},
};
[[maybe_unused]] constexpr uint32_t kUnusedSpecial = kSpecial;

}  // namespace

std::span<const InsnDesc> integerInstructions() { return kTable; }

}  // namespace mips
