// The interpreter loop, the decoded-instruction cache and the software TLB.
// See cpu.h for the design; semantics of instructions are in isa_*.cc, CP0 and
// address translation in cp0.cc, exception.cc and mmu.cc.
#include "mips/cpu.h"

#include <algorithm>

namespace mips {

// A physical page's instructions, decoded lazily: every slot starts as the
// decodeOnFirstUse stub, which decodes its own word and replaces itself.
struct Cpu::DecodedPage {
  uint64_t physPage = 0;        // physical page base
  const uint8_t* host = nullptr;
  bool holdsCode = false;       // decoded since the last write to the page
  std::array<DecodedInsn, 1024> insns;
};

Cpu::Cpu(Bus& bus, bool bigEndian) : bigEndian(bigEndian), bus_(bus) { reset(); }

Cpu::~Cpu() = default;

void Cpu::reset() {
  gpr.fill(0);
  hi = lo = 0;
  cp0 = Cp0State{};
  cp0.status = status::ERL | status::BEV;
  cp0.wired = 0;
  cp0.randomEpoch = instret;  // Random restarts at 63
  fpu = FpuState{};
  llBit = false;
  // The reset vector (kseg1 0xbfc00000, sign-extended).
  pc = 0xffffffffbfc00000ull;
  npc = pc + 4;
  nnpc = npc + 4;
  inDelaySlot = delaySlotNext = false;
  waiting = false;
  statusChanged();
}

void Cpu::enterUserFlatMode() {
  flatUser_ = true;
  cp0.status = (2u << status::KSU_SHIFT) | status::UX | status::SX | status::KX | status::CU1 |
               status::FR | status::XX | status::IE;
  statusChanged();
}

void Cpu::raiseCopUnusable(unsigned coprocessor) {
  GuestException e{ExcCode::CpU};
  e.coprocessor = uint8_t(coprocessor);
  throw e;
}

void Cpu::raise(ExcCode code) { throw GuestException{code}; }

void Cpu::raiseAddress(ExcCode code, uint64_t vaddr) { throw GuestException::at(code, vaddr); }

// ---------------------------------------------------------------------------
// The run loop.

StopReason Cpu::run(uint64_t maxInstructions) { return runLoop(instret + maxInstructions, ~uint64_t{0}); }

StopReason Cpu::runUntil(uint64_t cycleLimit) { return runLoop(~uint64_t{0}, cycleLimit); }

void Cpu::idleUntil(uint64_t cycle) {
  const uint64_t now = cycles();
  if (cycle > now) idleCycles += cycle - now;
}

void Cpu::setFetchLineBytes(unsigned bytes) {
  fetchLineShift_ = 2;
  while ((1u << fetchLineShift_) < bytes) ++fetchLineShift_;
  lastFetchLine_ = ~uint64_t{0};
}

// The consecutive exceptions without a retired instruction after which the
// CPU is declared stuck (a handler that faults on its own first instruction).
constexpr unsigned kStuckExceptions = 64;

// Runs until instret reaches instretTarget or cycles() reaches cycleLimit.
// Each chunk is bounded so that it ends exactly when Count reaches Compare.
StopReason Cpu::runLoop(uint64_t instretTarget, uint64_t cycleLimit) {
  stopRequested_ = false;
  unsigned faultsInARow = 0;
  while (instret < instretTarget && cycles() < cycleLimit && !stopRequested_) {
    if (checkInterrupts()) waiting = false;
    if (stopRequested_) break;  // a hook stopped on the interrupt
    if (waiting) return StopReason::Wait;
    // A chunk's budget is counted in cycles: one per instruction, less the
    // stalls charged on the way (chargeStall).
    const uint64_t now = cycles();
    uint64_t budget = std::min(cycleLimit, std::max(cp0.timerFireAt, now + 1)) - now;
    budget = std::min(budget, instretTarget - instret);
    chunkLimit_ = instret + budget;
    const uint64_t before = instret;
    try {
      if (timing_) runChunk<true>();
      else runChunk<false>();
    } catch (const GuestException& e) {
      if (!(hooks && hooks->onException(*this, e))) takeException(e);
      faultsInARow = instret == before ? faultsInARow + 1 : 0;
      if (faultsInARow >= kStuckExceptions) {
        stuckReason_ = "exceptions keep recurring without any instruction retiring "
                       "(is there code at the exception vector?)";
        return StopReason::Stuck;
      }
    }
    if (waiting) return StopReason::Wait;
  }
  if (stopRequested_) return StopReason::Requested;
  return instret >= instretTarget ? StopReason::InstructionLimit : StopReason::CycleLimit;
}

// The hot loop: fetch (decoded), execute, advance. Anything that must break
// the loop early (a stop, a Status write that may unmask an interrupt, `wait`)
// lowers chunkLimit_. The timed variant also reports instruction fetch to the
// MemoryTiming once per I-cache line entered.
template <bool kTimed>
void Cpu::runChunk() {
  // pc and npc travel in locals: reading them back from the members the
  // previous iteration just stored would chain two store-to-load forwards
  // into every instruction. The members are still written before each
  // handler runs (handlers and exceptions read them), and read back after.
  uint64_t curPc = pc, nextPc = npc;
  while (instret < chunkLimit_) {
    pc = curPc;  // before the fetch: a fetch fault reports this pc
    npc = nextPc;
    const DecodedInsn& insn = fetch(curPc);
    if constexpr (kTimed) {
      if ((curPc >> fetchLineShift_) != lastFetchLine_ || fetchUncached_) chargeFetch(curPc);
    }
    const InsnClass cls = insn.cls;
    nnpc = nextPc + 4;
    insn.fn(*this, insn);
    gpr[0] = 0;
    curPc = npc;  // a branch-likely not taken or a hook may have moved npc
    nextPc = nnpc;
    inDelaySlot = delaySlotNext;
    delaySlotNext = false;
    ++instret;
    ++classCount[unsigned(cls)];
  }
  pc = curPc;
  npc = nextPc;
}

// Reports an instruction fetch from a new line (the decoded page is current).
void Cpu::chargeFetch(uint64_t fetchPc) {
  lastFetchLine_ = fetchPc >> fetchLineShift_;
  const PhysAddr pa(fetchPage_->physPage | (fetchPc & 0xfff));
  chargeStall(timing_->accessCycles(pa, Access::Fetch, fetchUncached_));
}

// Reports a load or store that hit the software TLB.
void Cpu::chargeAccess(const SoftTlbEntry& e, uint64_t va, Access access) {
  const PhysAddr pa((e.physPage & ~kUncachedBit) | (va & 0xfff));
  chargeStall(timing_->accessCycles(pa, access, e.physPage & kUncachedBit));
}

// ---------------------------------------------------------------------------
// Decoded-instruction cache.

void Cpu::decodeOnFirstUse(Cpu& cpu, const DecodedInsn& slot) {
  DecodedPage& page = *cpu.fetchPage_;
  const size_t index = size_t(&slot - page.insns.data());
  uint32_t word;
  std::memcpy(&word, page.host + index * 4, 4);
  if (cpu.bigEndian) word = byteSwap(word);
  DecodedInsn& mutableSlot = page.insns[index];
  const InsnClass stubClass = slot.cls;
  mutableSlot = decode(word);
  mutableSlot.fn(cpu, mutableSlot);
  // runChunk counts this execution under the stub's class: move it to the real one.
  --cpu.classCount[unsigned(stubClass)];
  ++cpu.classCount[unsigned(mutableSlot.cls)];
}

void Cpu::resetDecodedPage(DecodedPage& page) {
  DecodedInsn stub;
  stub.fn = &Cpu::decodeOnFirstUse;
  page.insns.fill(stub);
  page.holdsCode = false;
}

const DecodedInsn& Cpu::fetchSlow(uint64_t va) {
  if (va & 3) raiseAddress(ExcCode::AdEL, va);
  const PhysAddr pa = translate(va, Access::Fetch);
  fetchUncached_ = lastUncached_;
  lastFetchLine_ = ~uint64_t{0};
  const uint64_t physPage = pa.pageBase().value;
  auto it = decodedPages_.find(physPage >> kPageShift);
  if (it == decodedPages_.end()) {
    const PageMapping m = bus_.mapPage(PhysAddr(physPage));
    if (!m.host) throw GuestException::at(flatUser_ ? ExcCode::TLBL : ExcCode::IBE, va);
    auto page = std::make_unique<DecodedPage>();
    page->physPage = physPage;
    page->host = m.host;
    resetDecodedPage(*page);
    it = decodedPages_.emplace(physPage >> kPageShift, std::move(page)).first;
  }
  DecodedPage& page = *it->second;
  if (flatUser_) {
    // se mode: the page must be executable (mprotect/mmap permissions).
    const PageMapping m = bus_.mapPage(PhysAddr(physPage));
    if (!(m.perms & kPermExec)) throw GuestException::at(ExcCode::TLBL, va);
  }
  if (!page.holdsCode) {
    page.holdsCode = true;
    // Stores to this page must now take the slow path, which resets it.
    revokeFastWrites(PhysAddr(physPage));
    bus_.codePageDecoded(*this, PhysAddr(physPage));
  }
  fetchVaPage_ = va & ~uint64_t{0xfff};
  fetchPage_ = &page;
  fetchBlock_ = page.insns.data();
  return fetchBlock_[(va >> 2) & 1023];
}

void Cpu::revokeFastWrites(PhysAddr page) {
  for (auto& table : softTlb_)
    for (auto& e : table)
      if ((e.physPage & ~kUncachedBit) == page.value) e.writeTag = ~uint64_t{0};
}

// Resets the decoded instructions overlapping [base, base+size): only those
// slots, so data stored next to code (a page holding both) costs one slot,
// not a page of decoding.
void Cpu::invalidateCode(PhysAddr base, uint64_t size) {
  if (size == 0 || decodedPages_.empty()) return;
  lastFetchLine_ = ~uint64_t{0};
  const uint64_t end = base.value + size;
  for (uint64_t page = base.value & ~uint64_t{0xfff}; page < end; page += kPageSize) {
    auto it = decodedPages_.find(page >> kPageShift);
    if (it == decodedPages_.end() || !it->second->holdsCode) continue;
    DecodedPage& decoded = *it->second;
    const uint64_t from = std::max(base.value, page), to = std::min(end, page + kPageSize);
    if (from == page && to == page + kPageSize) {
      resetDecodedPage(decoded);
      if (fetchPage_ == &decoded) fetchVaPage_ = ~uint64_t{0};
      continue;
    }
    DecodedInsn stub;
    stub.fn = &Cpu::decodeOnFirstUse;
    for (uint64_t slot = (from - page) >> 2; slot <= (to - 1 - page) >> 2; ++slot) decoded.insns[slot] = stub;
  }
}

bool Cpu::holdsCode(PhysAddr page) const {
  auto it = decodedPages_.find(page.value >> kPageShift);
  return it != decodedPages_.end() && it->second->holdsCode;
}

// ---------------------------------------------------------------------------
// Software TLB.

void Cpu::flushSoftTlb() {
  for (auto& table : softTlb_) table.fill(SoftTlbEntry{});
  fetchVaPage_ = ~uint64_t{0};
}

void Cpu::statusChanged() {
  const uint32_t s = cp0.status;
  modeInstret_[unsigned(mode_)] += instret - modeSince_;
  modeSince_ = instret;
  if (s & (status::EXL | status::ERL)) mode_ = Mode::Kernel;
  else mode_ = Mode(std::min<uint32_t>((s & status::KSU_MASK) >> status::KSU_SHIFT, 2));
  curSoftTlb_ = softTlb_[unsigned(mode_)].data();
  ops64_ = mode_ == Mode::Kernel || (mode_ == Mode::Supervisor ? (s & status::SX) : (s & status::UX));
  // The fetch cache is per mode too: a mode change may change what is mapped.
  fetchVaPage_ = ~uint64_t{0};
  lastFetchLine_ = ~uint64_t{0};
  // An interrupt may have been unmasked: let the run loop look.
  chunkLimit_ = instret;
}

uint8_t* Cpu::hostFor(uint64_t va, Access access, PhysAddr& pa, uint64_t storeSize) {
  pa = translate(va, access);
  const uint64_t physPage = pa.pageBase().value;
  const PageMapping m = bus_.mapPage(PhysAddr(physPage));
  if (!m.host) {
    // se mode: nothing mapped there is a page fault, not a device access.
    if (flatUser_) throw GuestException::at(access == Access::Store ? ExcCode::TLBS : ExcCode::TLBL, va);
    return nullptr;
  }
  const uint8_t need = access == Access::Store ? kPermWrite : kPermRead;
  if (!(m.perms & need))
    throw GuestException::at(access == Access::Store ? ExcCode::TLBS : ExcCode::TLBL, va);
  SoftTlbEntry& e = curSoftTlb_[(va >> kPageShift) & (kSoftTlbSize - 1)];
  const uint64_t vaPage = va & ~uint64_t{0xfff};
  if (e.readTag != vaPage && e.writeTag != vaPage) e = SoftTlbEntry{};  // evict the old page
  e.addend = uintptr_t(m.host) - vaPage;
  e.physPage = physPage | (lastUncached_ ? kUncachedBit : 0);
  if (access == Access::Store) {
    // A store into decoded code resets the instructions it overwrites, here
    // and (through the Bus) on the other CPUs. The fast write path is opened
    // only for pages holding no decoded code on any CPU, so every store to a
    // page with code keeps coming here.
    invalidateCode(pa, storeSize);
    const bool othersHoldCode = !bus_.pageWritten(*this, pa, storeSize);
    if (!othersHoldCode && !holdsCode(PhysAddr(physPage))) e.writeTag = vaPage;
    if (m.perms & kPermRead) e.readTag = vaPage;
  } else {
    e.readTag = vaPage;
  }
  return m.host + (va & 0xfff);
}

template <typename T>
T Cpu::loadSlow(uint64_t va) {
  if (va & (sizeof(T) - 1)) raiseAddress(ExcCode::AdEL, va);
  PhysAddr pa;
  if (uint8_t* host = hostFor(va, Access::Load, pa)) {
    if (timing_) chargeStall(timing_->accessCycles(pa, Access::Load, lastUncached_));
    T v;
    std::memcpy(&v, host, sizeof(T));
    return bigEndian ? byteSwap(v) : v;
  }
  if (timing_) chargeStall(timing_->accessCycles(pa, Access::Load, true));
  uint64_t value;
  if (!bus_.ioRead(pa, sizeof(T), value)) throw GuestException::at(ExcCode::DBE, va);
  return T(value);
}

template <typename T>
void Cpu::storeSlow(uint64_t va, T value) {
  if (va & (sizeof(T) - 1)) raiseAddress(ExcCode::AdES, va);
  PhysAddr pa;
  if (uint8_t* host = hostFor(va, Access::Store, pa, sizeof(T))) {
    if (timing_) chargeStall(timing_->accessCycles(pa, Access::Store, lastUncached_));
    if (bigEndian) value = byteSwap(value);
    std::memcpy(host, &value, sizeof(T));
    return;
  }
  if (timing_) chargeStall(timing_->accessCycles(pa, Access::Store, true));
  if (!bus_.ioWrite(pa, sizeof(T), uint64_t(value))) throw GuestException::at(ExcCode::DBE, va);
}

template uint8_t Cpu::loadSlow<uint8_t>(uint64_t);
template uint16_t Cpu::loadSlow<uint16_t>(uint64_t);
template uint32_t Cpu::loadSlow<uint32_t>(uint64_t);
template uint64_t Cpu::loadSlow<uint64_t>(uint64_t);
template void Cpu::storeSlow<uint8_t>(uint64_t, uint8_t);
template void Cpu::storeSlow<uint16_t>(uint64_t, uint16_t);
template void Cpu::storeSlow<uint32_t>(uint64_t, uint32_t);
template void Cpu::storeSlow<uint64_t>(uint64_t, uint64_t);

// ---------------------------------------------------------------------------
// Bulk guest-memory access for run modes.

void Cpu::copyToGuest(uint64_t va, const void* src, uint64_t size) {
  const auto* from = static_cast<const uint8_t*>(src);
  while (size > 0) {
    const uint64_t chunk = std::min<uint64_t>(size, kPageSize - (va & 0xfff));
    PhysAddr pa;
    uint8_t* host = hostFor(va, Access::Store, pa, chunk);
    if (!host) throw GuestException::at(ExcCode::DBE, va);
    std::memcpy(host, from, chunk);
    va += chunk;
    from += chunk;
    size -= chunk;
  }
}

void Cpu::copyFromGuest(void* dst, uint64_t va, uint64_t size) {
  auto* to = static_cast<uint8_t*>(dst);
  while (size > 0) {
    const uint64_t chunk = std::min<uint64_t>(size, kPageSize - (va & 0xfff));
    PhysAddr pa;
    const uint8_t* host = hostFor(va, Access::Load, pa);
    if (!host) throw GuestException::at(ExcCode::DBE, va);
    std::memcpy(to, host, chunk);
    va += chunk;
    to += chunk;
    size -= chunk;
  }
}

}  // namespace mips
