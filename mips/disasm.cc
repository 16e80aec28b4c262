// The generic, table-driven disassembler (see disasm.h for the token list).
#include "mips/disasm.h"

#include <cinttypes>
#include <cstdio>
#include <string_view>

#include "mips/insn.h"

namespace mips {

namespace {

constexpr const char* kGprNames[32] = {
    "$zero", "$at", "$v0", "$v1", "$a0", "$a1", "$a2", "$a3", "$a4", "$a5", "$a6",
    "$a7",   "$t0", "$t1", "$t2", "$t3", "$s0", "$s1", "$s2", "$s3", "$s4", "$s5",
    "$s6",   "$s7", "$t8", "$t9", "$k0", "$k1", "$gp", "$sp", "$s8", "$ra"};

// printf into a std::string.
template <typename... Args>
std::string format(const char* fmt, Args... args) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

std::string hex(uint64_t v) { return format("0x%" PRIx64, v); }
std::string dec(int64_t v) { return format("%" PRId64, v); }

// The text of one operand token; empty when the token is omitted (e.g. a zero code).
std::string operand(std::string_view token, uint32_t w, uint64_t pc) {
  const unsigned rs = (w >> 21) & 31, rt = (w >> 16) & 31, rd = (w >> 11) & 31, sa = (w >> 6) & 31;
  const int64_t simm = int16_t(w & 0xffff);
  if (token == "rs") return kGprNames[rs];
  if (token == "rt") return kGprNames[rt];
  if (token == "rd") return kGprNames[rd];
  if (token == "zero") return kGprNames[0];
  if (token == "sa") return dec(sa);
  if (token == "sa32") return dec(sa + 32);
  if (token == "simm") return dec(simm);
  if (token == "uimm") return hex(w & 0xffff);
  if (token == "mem") return dec(simm) + "(" + kGprNames[rs] + ")";
  if (token == "branch") return hex(pc + 4 + (uint64_t(simm) << 2));
  if (token == "target") return hex(((pc + 4) & ~uint64_t{0x0fffffff}) | (uint64_t(w & 0x03ffffff) << 2));
  if (token == "code20") return (w >> 6) & 0xfffff ? hex((w >> 6) & 0xfffff) : "";
  if (token == "breakcode") {
    const unsigned high = (w >> 16) & 0x3ff, low = (w >> 6) & 0x3ff;
    if (low) return hex(high) + "," + hex(low);
    return high ? hex(high) : "";
  }
  if (token == "code10") return (w >> 6) & 0x3ff ? hex((w >> 6) & 0x3ff) : "";
  if (token == "fd") return format("$f%u", sa);
  if (token == "fs") return format("$f%u", rd);
  if (token == "ft") return format("$f%u", rt);
  if (token == "fr") return format("$f%u", rs);
  if (token == "fsc") return format("$%u", rd);
  if (token == "cc") return (w >> 8) & 7 ? format("$fcc%u", (w >> 8) & 7) : "";
  if (token == "bcc") return (w >> 18) & 7 ? format("$fcc%u", (w >> 18) & 7) : "";
  if (token == "idx") return std::string(kGprNames[rt]) + "(" + kGprNames[rs] + ")";
  if (token == "c0reg" || token == "hwr") return format("$%u", rd);
  if (token == "sel") return w & 7 ? dec(w & 7) : "";
  if (token == "hint") return dec(rt);
  if (token == "pos") return dec(sa);
  if (token == "pos32") return dec(sa + 32);
  if (token == "extsize" || token == "size") return dec(rd + 1);
  if (token == "extsize32" || token == "size32") return dec(rd + 33);
  if (token == "inssize") return dec(int64_t(rd) + 1 - sa);
  if (token == "inssize32") return dec(int64_t(rd) + 33 - sa);
  return std::string("?").append(token);
}

}  // namespace

const char* gprName(unsigned r) { return kGprNames[r & 31]; }

std::string formatOperands(const char* format, uint32_t word, uint64_t pc) {
  std::string text;
  std::string_view rest = format;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string op = operand(rest.substr(0, comma), word, pc);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (op.empty()) continue;
    if (!text.empty()) text += ',';
    text += op;
  }
  return text;
}

std::string disassemble(uint32_t word, uint64_t pc) {
  const InsnDesc* desc = findInsnDesc(word);
  if (!desc) return format(".word 0x%08x", word);
  const std::string operands = formatOperands(desc->format, word, pc);
  return operands.empty() ? desc->mnemonic : desc->mnemonic + ("\t" + operands);
}

std::string traceLine(uint64_t pc, uint32_t word) {
  return format("%016" PRIx64 ": %08x  ", pc, word) + disassemble(word, pc);
}

}  // namespace mips
