// The decoder: matches an instruction word against the instruction tables of
// every family and extracts its fields. It runs once per instruction word
// (results live in the decoded-instruction cache), so it favours clarity:
// tables are bucketed by primary opcode and, within a bucket, tried from the
// most specific mask to the least.
#include <algorithm>
#include <bit>
#include <vector>

#include "mips/cpu.h"

namespace mips {

namespace {

// Executed for words that match no table entry.
void reservedInstruction(Cpu& cpu, const DecodedInsn&) { cpu.raise(ExcCode::RI); }

const InsnDesc kReserved = {"(reserved)", 0, 0, reservedInstruction, InsnClass::System, ""};

struct DecodeTable {
  std::array<std::vector<const InsnDesc*>, 64> byOpcode;

  DecodeTable() {
    for (auto table : {integerInstructions(), fpuInstructions(), systemInstructions()})
      for (const InsnDesc& d : table) {
        // Every entry fixes the primary opcode (bits 31..26).
        byOpcode[d.match >> 26].push_back(&d);
      }
    for (auto& bucket : byOpcode)
      std::stable_sort(bucket.begin(), bucket.end(), [](const InsnDesc* a, const InsnDesc* b) {
        return std::popcount(a->mask) > std::popcount(b->mask);
      });
  }
};

const DecodeTable& decodeTable() {
  static const DecodeTable table;
  return table;
}

}  // namespace

const InsnDesc* findInsnDesc(uint32_t word) {
  for (const InsnDesc* d : decodeTable().byOpcode[word >> 26])
    if ((word & d->mask) == d->match) return d;
  return nullptr;
}

DecodedInsn Cpu::decode(uint32_t word) {
  const InsnDesc* d = findInsnDesc(word);
  if (!d) d = &kReserved;
  DecodedInsn insn;
  insn.fn = d->fn;
  insn.desc = d;
  insn.raw = word;
  insn.rs = uint8_t((word >> 21) & 31);
  insn.rt = uint8_t((word >> 16) & 31);
  insn.rd = uint8_t((word >> 11) & 31);
  insn.sa = uint8_t((word >> 6) & 31);
  insn.cls = d->cls;
  insn.imm = int16_t(word & 0xffff);
  return insn;
}

const char* insnClassName(InsnClass c) {
  switch (c) {
    case InsnClass::IntAlu: return "int_alu";
    case InsnClass::IntMulDiv: return "int_muldiv";
    case InsnClass::Branch: return "branch";
    case InsnClass::Jump: return "jump";
    case InsnClass::Load: return "load";
    case InsnClass::Store: return "store";
    case InsnClass::FpArith: return "fp_arith";
    case InsnClass::FpMove: return "fp_move";
    case InsnClass::FpLoadStore: return "fp_load_store";
    case InsnClass::FpBranch: return "fp_branch";
    case InsnClass::System: return "system";
    case InsnClass::Count: break;
  }
  return "?";
}

const char* excCodeName(ExcCode code) {
  switch (code) {
    case ExcCode::Int: return "interrupt";
    case ExcCode::Mod: return "TLB modified";
    case ExcCode::TLBL: return "TLB miss/invalid (load or fetch)";
    case ExcCode::TLBS: return "TLB miss/invalid (store)";
    case ExcCode::AdEL: return "address error (load or fetch)";
    case ExcCode::AdES: return "address error (store)";
    case ExcCode::IBE: return "bus error (fetch)";
    case ExcCode::DBE: return "bus error (data)";
    case ExcCode::Sys: return "syscall";
    case ExcCode::Bp: return "breakpoint";
    case ExcCode::RI: return "reserved instruction";
    case ExcCode::CpU: return "coprocessor unusable";
    case ExcCode::Ov: return "integer overflow";
    case ExcCode::Tr: return "trap";
    case ExcCode::FPE: return "floating-point exception";
    case ExcCode::Watch: return "watch";
  }
  return "unknown exception";
}

}  // namespace mips
