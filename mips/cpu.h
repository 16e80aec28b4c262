// One MIPS R10000 CPU: architectural state, the interpreter loop, and the fast
// path from guest virtual addresses to host memory.
//
// Design (see docs/cpu.md):
//  - Decode once. Instructions are decoded lazily into per-physical-page blocks
//    of 1024 DecodedInsn (the decoded-instruction cache); a store to a page that
//    holds decoded code resets that block, so self-modifying code stays correct.
//  - A software TLB per privilege mode maps a virtual 4 KB page straight to a
//    host pointer for loads and for stores. It is filled on a miss from the real
//    translation (segments + R10000 TLB, or se mode's flat user space) and the
//    Bus, and flushed whenever a translation may have changed.
//  - Branch delay slots use pc/npc/nnpc: a handler writes nnpc to branch.
//  - Guest exceptions are C++ exceptions (GuestException): zero cost when
//    nothing faults, and no handler can half-retire.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "mips/address.h"
#include "mips/bits.h"
#include "mips/bus.h"
#include "mips/cp0.h"
#include "mips/exception.h"
#include "mips/fpu.h"
#include "mips/insn.h"
#include "mips/memory_timing.h"
#include "mips/tlb.h"

namespace mips {

enum class Mode : uint8_t { Kernel = 0, Supervisor = 1, User = 2 };

// What a run mode plugs into the CPU. Default: everything is architectural.
class CpuHooks {
 public:
  virtual ~CpuHooks() = default;
  // A syscall instruction executes. Return true when the hook served it (the
  // instruction then retires); false raises the Sys exception.
  virtual bool onSyscall(Cpu&) { return false; }
  // An exception is about to be delivered through CP0. Return true when the
  // hook dealt with it instead (se mode: a Linux signal).
  virtual bool onException(Cpu&, const GuestException&) { return false; }
};

enum class StopReason : uint8_t {
  InstructionLimit,  // the budget given to run() is spent
  Requested,         // requestStop() (e.g. the guest exited)
  Wait,              // a `wait` instruction with no interrupt pending
  CycleLimit,        // runUntil() reached its cycle
  Stuck,             // exceptions keep coming without an instruction retiring
                     // (e.g. a vector with no memory behind it): see stuckReason()
};

class Cpu {
 public:
  Cpu(Bus& bus, bool bigEndian);
  ~Cpu();
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  // Architectural reset: kernel mode, ERL and BEV set, PC at the reset vector.
  void reset();

  // se mode: user mode, 64-bit user addressing (UX), FPU enabled (FR=1),
  // user addresses map one-to-one onto the Bus's address space.
  void enterUserFlatMode();

  // Runs until maxInstructions more have retired, a stop is requested, or the
  // CPU waits. Exceptions are taken inside.
  StopReason run(uint64_t maxInstructions);
  void requestStop() { stopRequested_ = true; chunkLimit_ = instret; }

  // ---- simulated time (native mode) ----
  // The CPU's clock: one cycle per retired instruction (CPI 1), plus memory
  // stalls reported by the attached MemoryTiming, plus idle time in `wait`.
  uint64_t cycles() const { return instret + stallCycles + idleCycles; }
  // Runs until cycles() reaches cycleLimit (it may pass it by the stall of
  // the last instruction), a stop is requested, or the CPU waits.
  StopReason runUntil(uint64_t cycleLimit);
  // A waiting CPU's clock moves on to `cycle` (no effect if already there).
  void idleUntil(uint64_t cycle);
  // Attaches the timing model (nullptr: functional timing, no stalls).
  void setMemoryTiming(MemoryTiming* timing) { timing_ = timing; }
  // The I-cache line size: fetch is reported once per line entered.
  void setFetchLineBytes(unsigned bytes);
  // Extra stall cycles from outside the access path (e.g. a device's own delay).
  void addStall(uint64_t c) { chargeStall(c); }
  // Instructions retired in each mode so far (kernel, supervisor, user).
  uint64_t instructionsIn(Mode m) const {
    return modeInstret_[unsigned(m)] + (m == mode_ ? instret - modeSince_ : 0);
  }
  const char* stuckReason() const { return stuckReason_; }

  // LL/SC: the link is broken by another agent's write to the linked line
  // (native mode calls this from the coherence model) or by a context switch.
  void breakLink() { llBit = false; }

  // ---- architectural state (public: instruction semantics use it directly) ----
  std::array<uint64_t, 32> gpr{};
  uint64_t hi = 0, lo = 0;
  uint64_t pc = 0;    // the instruction executing now
  uint64_t npc = 4;   // the next one (the delay slot when pc is a branch)
  uint64_t nnpc = 8;  // the one after; a taken branch or jump writes it
  bool inDelaySlot = false;    // the instruction at pc sits in a delay slot
  bool delaySlotNext = false;  // set by branches: npc is a delay slot
  FpuState fpu;
  Cp0State cp0;
  Tlb tlb;
  bool llBit = false;      // LL/SC link
  uint64_t userLocal = 0;  // the UserLocal value read by rdhwr $29 (set by the OS)
  const bool bigEndian;
  uint64_t instret = 0;    // instructions retired
  uint64_t stallCycles = 0;  // cycles stalled on memory (MemoryTiming)
  uint64_t idleCycles = 0;   // cycles spent in `wait`
  std::array<uint64_t, kInsnClassCount> classCount{};
  CpuHooks* hooks = nullptr;

  Mode mode() const { return mode_; }
  Bus& bus() { return bus_; }

  // ---- helpers for instruction semantics ----
  void setGpr(unsigned r, uint64_t v) { gpr[r] = v; }  // r0 is cleared after each instruction
  // Branch to target after the delay slot.
  void branchTo(uint64_t target) {
    nnpc = target;
    delaySlotNext = true;
  }
  // A branch that is not taken still has a delay slot (except likely forms).
  void branchNotTaken() { delaySlotNext = true; }
  // Branch-likely not taken: the delay slot is skipped (nullified).
  void nullifyDelaySlot() {
    npc = nnpc;
    nnpc = npc + 4;
  }
  // Continue at target right after this instruction (used by hooks, e.g. signal delivery).
  void redirect(uint64_t target) {
    npc = target;
    nnpc = target + 4;
    delaySlotNext = false;
  }
  // 64-bit operations are reserved in user/supervisor mode unless UX/SX is set.
  void require64() {
    if (!ops64_) [[unlikely]] raise(ExcCode::RI);
  }
  // CP1 instructions need Status.CU1.
  void requireCop1() {
    if (!(cp0.status & status::CU1)) [[unlikely]] raiseCopUnusable(1);
  }
  [[noreturn]] void raiseCopUnusable(unsigned coprocessor);
  [[noreturn]] void raise(ExcCode code);
  [[noreturn]] void raiseAddress(ExcCode code, uint64_t vaddr);

  template <typename T>
  T load(uint64_t va);
  template <typename T>
  void store(uint64_t va, T value);

  // ---- CP0 side (cp0.cc / exception.cc / mmu.cc) ----
  // Full translation of va for an access in the current mode: segments, TLB,
  // se mode's flat space. Throws the architectural exception on failure.
  PhysAddr translate(uint64_t va, Access access);
  // Delivers an exception: CP0 side effects and the jump to the vector.
  void takeException(const GuestException& e);
  uint64_t readCp0(unsigned reg, unsigned sel) ;
  void writeCp0(unsigned reg, unsigned sel, uint64_t value);
  void eret();
  // Recomputes the privilege mode from Status (after any write to it).
  void statusChanged();
  // Takes a pending, enabled interrupt if there is one. True if one was taken.
  bool checkInterrupts();
  // The Count register as the guest sees it (from retired instructions).
  uint32_t count() const;
  // External interrupt lines (Cause.IP2..IP6): set or clear line 2..6.
  void setInterruptLine(unsigned line, bool asserted);
  void wakeForInterrupt() { chunkLimit_ = instret; }
  bool waiting = false;  // executing `wait`

  // ---- caches of translations ----
  // Forget every cached virtual->host translation (TLB write, ASID change).
  void flushSoftTlb();
  // A write reached physical memory from outside the CPU's store path (DMA,
  // se mode's syscalls, the ELF loader, another CPU): drop the decoded
  // instructions in that range.
  void invalidateCode(PhysAddr base, uint64_t size);
  // Stores to this physical page must take the slow path again (another CPU
  // decoded code there: the next store must tell the Bus).
  void revokeFastWrites(PhysAddr page);

  // Reads/writes guest virtual memory for the run mode (syscall buffers,
  // loaders): goes through translation and keeps the decode cache coherent.
  // Throws GuestException on an unmapped address.
  void copyToGuest(uint64_t va, const void* src, uint64_t size);
  void copyFromGuest(void* dst, uint64_t va, uint64_t size);

  // The decoded instruction at pc (fetching and decoding on a miss).
  const DecodedInsn& fetch(uint64_t va) {
    // A misaligned pc never matches (its low bits are kept): fetchSlow raises AdEL.
    if ((va & (~uint64_t{0xfff} | 3)) == fetchVaPage_) [[likely]]
      return fetchBlock_[(va >> 2) & 1023];
    return fetchSlow(va);
  }

  // Decodes one instruction word (used by the cache and the disassembler).
  static DecodedInsn decode(uint32_t word);

 private:
  struct DecodedPage;
  struct SoftTlbEntry {
    uint64_t readTag = ~uint64_t{0};   // virtual page base, or all ones when invalid
    uint64_t writeTag = ~uint64_t{0};
    uintptr_t addend = 0;              // host address = va + addend
    uint64_t physPage = 0;             // physical page base, | kUncachedBit when uncached
  };
  static constexpr uint64_t kUncachedBit = 1;  // in SoftTlbEntry::physPage (page bases have 12 zero bits)
  static constexpr unsigned kSoftTlbSize = 256;

  const DecodedInsn& fetchSlow(uint64_t va);
  template <typename T>
  T loadSlow(uint64_t va);
  template <typename T>
  void storeSlow(uint64_t va, T value);
  // Fills the soft TLB for va after a successful translation; returns the host
  // pointer of the byte at va, or nullptr when the address is not RAM.
  // storeSize: the bytes a store writes from va (its decoded code is reset).
  uint8_t* hostFor(uint64_t va, Access access, PhysAddr& pa, uint64_t storeSize = 0);
  bool holdsCode(PhysAddr page) const;
  // translate() for an address in a mapped segment: the R10000 TLB (mmu.cc).
  PhysAddr translateMapped(uint64_t va, Access access);
  void resetDecodedPage(DecodedPage& page);
  static void decodeOnFirstUse(Cpu&, const DecodedInsn&);
  template <bool kTimed>
  void runChunk();
  StopReason runLoop(uint64_t instretTarget, uint64_t cycleLimit);
  void chargeStall(uint64_t c) {
    stallCycles += c;
    // The chunk's budget is in cycles (one per instruction): a stall uses it up.
    const uint64_t left = chunkLimit_ > instret ? chunkLimit_ - instret : 0;
    chunkLimit_ = c >= left ? instret : chunkLimit_ - c;
  }
  void chargeAccess(const SoftTlbEntry& e, uint64_t va, Access access);
  void chargeFetch(uint64_t pc);

  Bus& bus_;
  Mode mode_ = Mode::Kernel;
  bool ops64_ = true;      // 64-bit instructions legal in the current mode
  bool flatUser_ = false;  // se mode translation
  bool lastUncached_ = false;  // the last translate() went through an uncached segment/mapping
  MemoryTiming* timing_ = nullptr;
  unsigned fetchLineShift_ = 6;  // R10000 primary I-cache line: 64 bytes
  uint64_t lastFetchLine_ = ~uint64_t{0};
  bool fetchUncached_ = false;
  std::array<uint64_t, 3> modeInstret_{};
  uint64_t modeSince_ = 0;
  const char* stuckReason_ = nullptr;
 public:
  bool flatUserMode() const { return flatUser_; }

 private:
  bool stopRequested_ = false;
  uint64_t chunkLimit_ = 0;
  std::array<std::array<SoftTlbEntry, kSoftTlbSize>, 3> softTlb_{};
  SoftTlbEntry* curSoftTlb_ = softTlb_[0].data();
  uint64_t fetchVaPage_ = ~uint64_t{0};
  DecodedInsn* fetchBlock_ = nullptr;
  DecodedPage* fetchPage_ = nullptr;
  std::unordered_map<uint64_t, std::unique_ptr<DecodedPage>> decodedPages_;  // by physical page number
};

// ---- inline fast paths ----

template <typename T>
inline T Cpu::load(uint64_t va) {
  const SoftTlbEntry& e = curSoftTlb_[(va >> kPageShift) & (kSoftTlbSize - 1)];
  // A misaligned address never matches the tag (its low bits are not zero).
  if (e.readTag == (va & (~uint64_t{0xfff} | (sizeof(T) - 1)))) [[likely]] {
    if (timing_) [[unlikely]] chargeAccess(e, va, Access::Load);
    T v;
    std::memcpy(&v, reinterpret_cast<const void*>(va + e.addend), sizeof(T));
    return bigEndian ? byteSwap(v) : v;
  }
  return loadSlow<T>(va);
}

template <typename T>
inline void Cpu::store(uint64_t va, T value) {
  const SoftTlbEntry& e = curSoftTlb_[(va >> kPageShift) & (kSoftTlbSize - 1)];
  if (e.writeTag == (va & (~uint64_t{0xfff} | (sizeof(T) - 1)))) [[likely]] {
    if (timing_) [[unlikely]] chargeAccess(e, va, Access::Store);
    if (bigEndian) value = byteSwap(value);
    std::memcpy(reinterpret_cast<void*>(va + e.addend), &value, sizeof(T));
    return;
  }
  storeSlow<T>(va, value);
}

}  // namespace mips
