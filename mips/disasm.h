// The disassembler: turns one instruction word into objdump-style text, for
// traces and debugging. It is generic: it finds the word's row in the
// instruction tables (findInsnDesc) and prints the row's operand format, so
// every instruction family disassembles without code of its own here.
//
// Output: "mnemonic<TAB>op1,op2,..." as GNU objdump prints it, with n64
// register names carrying a '$' ($zero, $at, $v0, ..., $s8, $ra). Words that
// decode to no row print as ".word 0x%08x".
//
// Operand tokens of InsnDesc::format (comma-separated):
//   rs rt rd     GPR in that field
//   zero         the literal register $zero (fixed fields objdump prints)
//   sa           shift amount, decimal            sa32  sa + 32
//   simm         signed 16-bit immediate, decimal
//   uimm         zero-extended 16-bit immediate, hex 0x..
//   mem          simm(rs), e.g. "-8($sp)"
//   branch       pc + 4 + (simm << 2), hex address
//   target       ((pc + 4) & ~0x0fffffff) | (target26 << 2), hex address
//   code20       bits 25..6, hex (omitted when 0)            (syscall)
//   breakcode    bits 25..16 and 15..6 as objdump prints break: "0xA" or
//                "0xA,0xB" (omitted when both are 0)
//   code10       bits 15..6, hex (omitted when 0)            (teq & co.)
//   fd fs ft fr  FPR in bits 10..6, 15..11, 20..16, 25..21, as $fN
//   fsc          rd field as an FPU control register $N      (cfc1/ctc1)
//   cc           bits 10..8 as $fccN, omitted when 0        (c.cond.fmt)
//   bcc          bits 20..18 as $fccN, omitted when 0        (bc1t, movf)
//   idx          rt(rs): indexed address, index = rt, base = rs (lwxc1)
//   c0reg        rd field as a CP0 register "$N"
//   sel          bits 2..0, decimal (omitted when 0)
//   hwr          rd field as a hardware register "$N"       (rdhwr)
//   hint         rt field, decimal                          (pref, cache)
//   Bit fields of the Release 2 ext/ins family (decimal):
//   pos          sa                   pos32      sa + 32        (dextu, dinsu)
//   extsize      rd + 1               extsize32  rd + 33        (dextm)
//   size         rd + 1 (= extsize)   size32     rd + 33 (= extsize32)
//   inssize      rd + 1 - sa          inssize32  rd + 33 - sa   (dinsm)
// An unknown token prints as "?token" so a table typo shows up in traces.
#pragma once

#include <cstdint>
#include <string>

namespace mips {

// The text of one instruction word located at pc (pc matters for branches).
std::string disassemble(uint32_t word, uint64_t pc);

// The operand text of `format` (the tokens above) for word at pc: "op1,op2,...".
std::string formatOperands(const char* format, uint32_t word, uint64_t pc);

// One trace line: "<pc, 16 hex digits>: <word, 8 hex digits>  <disassembly>".
std::string traceLine(uint64_t pc, uint32_t word);

// The n64 ABI name of GPR r, with its '$' ("$sp").
const char* gprName(unsigned r);

}  // namespace mips
