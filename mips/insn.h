// The decoded form of one MIPS instruction and the instruction-table entry it
// came from.
//
// Decode tables are separate from semantics (as in Spike): each instruction
// family file (isa_integer.cc, isa_fpu.cc, isa_system.cc) exports a table of
// InsnDesc {mnemonic, match, mask, handler, class, operand format}. The decoder
// picks the entry whose (word & mask) == match, most specific mask first, and
// pre-extracts every field once; the decoded-instruction cache keeps the result,
// so a handler never decodes anything.
#pragma once

#include <cstdint>
#include <span>

namespace mips {

class Cpu;
struct DecodedInsn;

// Semantics of one instruction: one short function, no return value. Guest
// exceptions are raised by throwing GuestException (see exception.h).
using InsnFn = void (*)(Cpu&, const DecodedInsn&);

// Instruction classes, for statistics (--stats) and the benchmark breakdown.
enum class InsnClass : uint8_t {
  IntAlu,     // add, logic, shifts, set-less-than, lui, moves
  IntMulDiv,  // mult/div and their 64-bit forms, mfhi/mflo/mthi/mtlo
  Branch,     // conditional branches (incl. likely forms)
  Jump,       // j, jal, jr, jalr
  Load,       // integer loads, ll/lld
  Store,      // integer stores, sc/scd
  FpArith,    // FPU arithmetic, compare, convert
  FpMove,     // mfc1/mtc1/ctc1/cfc1/mov.fmt/movcc and friends
  FpLoadStore,// lwc1/ldc1/swc1/sdc1 and indexed forms
  FpBranch,   // bc1t/bc1f
  System,     // syscall, break, traps, sync, cache, pref, rdhwr, eret, CP0, TLB ops
  Count
};
inline constexpr unsigned kInsnClassCount = unsigned(InsnClass::Count);
const char* insnClassName(InsnClass c);

// One row of an instruction table.
struct InsnDesc {
  const char* mnemonic;  // e.g. "addu", "add.d"
  uint32_t match;        // required bit values under mask
  uint32_t mask;         // which bits identify the instruction
  InsnFn fn;             // semantics
  InsnClass cls;
  // Operand format for the disassembler: comma-separated tokens, see disasm.h.
  const char* format;
};

// A decoded instruction. Every field is extracted whether the instruction
// uses it or not; the field names follow the MIPS manuals' encodings
// (FPU formats reuse the same bit positions: fmt=rs, ft=rt, fs=rd, fd=sa,
// COP1X fr=rs).
struct DecodedInsn {
  InsnFn fn = nullptr;
  const InsnDesc* desc = nullptr;
  uint32_t raw = 0;
  uint8_t rs = 0, rt = 0, rd = 0, sa = 0;
  InsnClass cls = InsnClass::System;
  int64_t imm = 0;  // the low 16 bits, sign-extended

  uint8_t fmt() const { return rs; }
  uint8_t ft() const { return rt; }
  uint8_t fs() const { return rd; }
  uint8_t fd() const { return sa; }
  uint8_t fr() const { return rs; }
  uint16_t uimm() const { return uint16_t(raw); }
  uint32_t target26() const { return raw & 0x03ffffff; }
  uint32_t funct() const { return raw & 0x3f; }
};

// The instruction tables of each family (defined in the isa_*.cc files).
std::span<const InsnDesc> integerInstructions();
std::span<const InsnDesc> fpuInstructions();
std::span<const InsnDesc> systemInstructions();

}  // namespace mips

namespace mips {
// The table entry a word decodes to, or nullptr for a reserved instruction.
const InsnDesc* findInsnDesc(uint32_t word);
}  // namespace mips
