// System instructions: syscall, the CP0 moves, the TLB operations, eret,
// wait and cache. (break, traps, sync and pref are in isa_integer.cc.)
// Everything here but syscall is privileged: legal in kernel mode or with
// Status.CU0 set, else Coprocessor Unusable with Cause.CE = 0.
#include "mips/cpu.h"

namespace mips {
namespace {

using C = Cpu;
using I = DecodedInsn;

void syscall_(C& c, const I&) {
  if (!(c.hooks && c.hooks->onSyscall(c))) c.raise(ExcCode::Sys);
}

// CP0 is usable in kernel mode, or in any mode when Status.CU0 is set.
void requireCp0(C& c) {
  if (c.mode() != Mode::Kernel && !(c.cp0.status & status::CU0)) c.raiseCopUnusable(0);
}

// The register select (bits 2:0); always 0 on the R10000.
unsigned sel(const I& i) { return i.raw & 7; }

// ---- moves to and from CP0 (mfc0 sign-extends the low 32 bits) ----
void mfc0(C& c, const I& i) { requireCp0(c); c.gpr[i.rt] = sext32(c.readCp0(i.rd, sel(i))); }
void mtc0(C& c, const I& i) { requireCp0(c); c.writeCp0(i.rd, sel(i), sext32(c.gpr[i.rt])); }
void dmfc0(C& c, const I& i) { requireCp0(c); c.require64(); c.gpr[i.rt] = c.readCp0(i.rd, sel(i)); }
void dmtc0(C& c, const I& i) { requireCp0(c); c.require64(); c.writeCp0(i.rd, sel(i), c.gpr[i.rt]); }

// ---- TLB operations (tlb.cc holds the matching rules) ----
// tlbr: the entry at Index into PageMask, EntryHi, EntryLo0, EntryLo1.
void tlbr(C& c, const I&) {
  requireCp0(c);
  const TlbEntry& e = c.tlb.entry(unsigned(c.cp0.index % Tlb::kEntries));
  const bool asidChanged = (c.cp0.entryHi ^ e.entryHi) & tlbfield::kAsid;
  c.cp0.pageMask = e.pageMask;
  c.cp0.entryHi = e.entryHi;
  c.cp0.entryLo0 = e.entryLo0;
  c.cp0.entryLo1 = e.entryLo1;
  if (asidChanged) c.flushSoftTlb();
}
// Writes entry `index` from PageMask, EntryHi, EntryLo0, EntryLo1.
void writeTlbEntry(C& c, uint64_t index) {
  c.tlb.write(unsigned(index % Tlb::kEntries), c.cp0.pageMask, c.cp0.entryHi, c.cp0.entryLo0, c.cp0.entryLo1);
  c.flushSoftTlb();
}
void tlbwi(C& c, const I&) { requireCp0(c); writeTlbEntry(c, c.cp0.index); }
void tlbwr(C& c, const I&) { requireCp0(c); writeTlbEntry(c, c.readCp0(kCp0Random, 0)); }
// tlbp: Index = the matching entry, or Index.P set when none matches.
void tlbp(C& c, const I&) {
  requireCp0(c);
  const int found = c.tlb.probe(c.cp0.entryHi);
  c.cp0.index = found < 0 ? (c.cp0.index | (uint64_t{1} << 31)) : uint64_t(found);
}

// ---- exception return, idle, caches ----
void eret(C& c, const I&) { requireCp0(c); c.eret(); }
// wait: idle until an interrupt; the run loop returns StopReason::Wait.
void wait(C& c, const I&) {
  requireCp0(c);
  c.waiting = true;
  c.wakeForInterrupt();
}
// cache: no caches are modelled, so every operation is a no-op (decoded
// instructions stay coherent with memory on their own).
void cache(C& c, const I&) { requireCp0(c); }

constexpr uint32_t kCop0Move = 0xffe007f8;  // COP0, rs, bits 10:3 zero (sel in 2:0)
constexpr uint32_t kExact = 0xffffffff;

const InsnDesc kTable[] = {
    {"syscall", 0x0000000c, 0xfc00003f, syscall_, InsnClass::System, "code20"},
    {"mfc0", 0x40000000, kCop0Move, mfc0, InsnClass::System, "rt,c0reg,sel"},
    {"dmfc0", 0x40200000, kCop0Move, dmfc0, InsnClass::System, "rt,c0reg,sel"},
    {"mtc0", 0x40800000, kCop0Move, mtc0, InsnClass::System, "rt,c0reg,sel"},
    {"dmtc0", 0x40a00000, kCop0Move, dmtc0, InsnClass::System, "rt,c0reg,sel"},
    {"tlbr", 0x42000001, kExact, tlbr, InsnClass::System, ""},
    {"tlbwi", 0x42000002, kExact, tlbwi, InsnClass::System, ""},
    {"tlbwr", 0x42000006, kExact, tlbwr, InsnClass::System, ""},
    {"tlbp", 0x42000008, kExact, tlbp, InsnClass::System, ""},
    {"eret", 0x42000018, kExact, eret, InsnClass::System, ""},
    {"wait", 0x42000020, 0xfe00003f, wait, InsnClass::System, ""},
    {"cache", 0xbc000000, 0xfc000000, cache, InsnClass::System, "hint,mem"},
};

}  // namespace

std::span<const InsnDesc> systemInstructions() { return kTable; }

}  // namespace mips
