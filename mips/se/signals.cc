// Linux signals in se mode: guest exceptions become signals the way QEMU's
// linux-user does it for MIPS (cpu_loop.c), handlers run on an n64
// rt_sigframe pushed on the guest stack, and rt_sigreturn restores it.
#include <thread>

#include "mips/se/process_impl.h"

namespace mips::se {
namespace {

constexpr uint64_t kSigDfl = 0, kSigIgn = 1;

// The code field of a trap or break instruction, as Linux and QEMU read it.
unsigned trapCode(uint32_t word) {
  const bool isBreak = (word & 0xfc00003f) == 0x0000000d;
  if (isBreak) {
    // Linux's do_bp heuristic: old assemblers put the code at bit 16, so a
    // 20-bit field above 1023 has its two 10-bit halves swapped.
    unsigned code = (word >> 6) & 0xfffff;
    if (code >= (1u << 10)) code = ((code & 0x3ff) << 10) | (code >> 10);
    return code;
  }
  // Register traps (SPECIAL teq & co.) carry a 10-bit code; immediate ones none.
  return (word & 0xfc000000) == 0 ? (word >> 6) & 0x3ff : 0;
}

}  // namespace

// Adds a signal to the pending list.
void Process::queueSignal(const SigInfo& info) {
  // Standard signals are not queued twice.
  if (info.signo < 32)
    for (const SigInfo& p : pending)
      if (p.signo == info.signo) return;
  pending.push_back(info);
}

// Pushes the rt_sigframe and points the CPU at the handler.
static bool pushFrame(Process& p, const SigInfo& info, const SigAction& act, uint64_t resumePc) {
  Cpu& c = *p.cpu;
  uint64_t sp = c.gpr[29];
  const bool onAltStack = p.altStackEnabled && sp - p.altStackSp < p.altStackSize;
  if ((act.flags & abi::sa::ONSTACK) && p.altStackEnabled && !onAltStack) sp = p.altStackSp + p.altStackSize;
  sp -= 32;
  const uint64_t frameAddr = (sp - frame::kSize) & ~uint64_t{15};

  std::vector<uint8_t> f(frame::kSize, 0);
  auto put32 = [&](uint64_t off, uint32_t v) {
    v = p.toGuest(v);
    std::memcpy(&f[off], &v, 4);
  };
  auto put64 = [&](uint64_t off, uint64_t v) {
    v = p.toGuest(v);
    std::memcpy(&f[off], &v, 8);
  };
  put32(frame::kInfo + 0, uint32_t(info.signo));
  put32(frame::kInfo + 4, uint32_t(info.code));
  put32(frame::kInfo + 8, 0);
  if (info.fault) {
    put64(frame::kInfo + 16, info.addr);
  } else {
    put32(frame::kInfo + 16, uint32_t(info.pid));
    put32(frame::kInfo + 20, info.uid);
  }
  const uint64_t uc = frame::kUc;
  put64(uc + frame::kUcStack, p.altStackSp);
  put64(uc + frame::kUcStack + 8, p.altStackSize);
  put32(uc + frame::kUcStack + 16, p.altStackEnabled ? (onAltStack ? 1 : 0) : 2);  // SS_ONSTACK / SS_DISABLE
  const uint64_t mc = uc + frame::kMcontext;
  for (unsigned r = 1; r < 32; ++r) put64(mc + frame::kRegs + 8 * r, c.gpr[r]);
  for (unsigned r = 0; r < 32; ++r) put64(mc + frame::kFpregs + 8 * r, c.fpu.fpr[r]);
  put64(mc + frame::kMdhi, c.hi);
  put64(mc + frame::kMdlo, c.lo);
  put64(mc + frame::kPc, resumePc);
  put32(mc + frame::kFpcCsr, c.fpu.fcsr);
  put32(mc + frame::kUsedMath, 1);
  // The mask to restore: sigsuspend's caller's mask, else the current one.
  const SigSet saved = p.maskAfterSuspend.value_or(p.blocked);
  p.maskAfterSuspend.reset();
  put64(uc + frame::kSigmask, saved.words[0]);
  put64(uc + frame::kSigmask + 8, saved.words[1]);
  if (!p.writeGuest(frameAddr, f.data(), f.size())) return false;

  c.gpr[4] = uint64_t(info.signo);
  c.gpr[5] = frameAddr + frame::kInfo;
  c.gpr[6] = frameAddr + frame::kUc;
  c.gpr[29] = frameAddr;
  c.gpr[31] = p.trampoline;
  c.gpr[25] = act.handler;
  c.llBit = false;  // an exception return clears the LL link
  return true;
}

// Runs the action for one signal now: ignore, default, or the handler.
static void act(Process& p, const SigInfo& info, uint64_t resumePc, bool synchronous) {
  const int s = info.signo;
  SigAction& a = p.actions[size_t(s)];
  if (a.handler == kSigIgn && !synchronous) return;
  if (a.handler == kSigDfl || a.handler == kSigIgn) {
    if (!synchronous && abi::defaultAction(s) != abi::DefaultAction::Terminate) return;
    p.terminate(s, p.cpu->pc);
    return;
  }
  const SigAction used = a;
  if (!pushFrame(p, info, used, resumePc)) {
    // No room for the frame: Linux kills the process with SIGSEGV.
    p.terminate(abi::sig::SEGV, p.cpu->pc);
    return;
  }
  ++p.result.signalsDelivered[s];
  for (int k = 1; k <= abi::sig::kCount; ++k)
    if (used.mask.has(k)) p.blocked.add(k);
  if (!(used.flags & abi::sa::NODEFER)) p.blocked.add(s);
  p.blocked.remove(abi::sig::KILL);
  p.blocked.remove(abi::sig::STOP);
  if (used.flags & abi::sa::RESETHAND) a = SigAction{};
}

// An unblocked pending signal whose action is a handler or termination.
bool Process::hasDeliverableSignal() const {
  for (const SigInfo& info : pending) {
    if (blocked.has(info.signo)) continue;
    const uint64_t handler = actions[size_t(info.signo)].handler;
    if (handler > kSigIgn || (handler == kSigDfl && abi::defaultAction(info.signo) == abi::DefaultAction::Terminate))
      return true;
  }
  return false;
}

// Acts on pending unblocked signals until one starts a handler.
void Process::deliverPending(uint64_t resumePc, bool betweenInstructions) {
  for (size_t k = 0; k < pending.size() && !finished; ++k) {
    const SigInfo info = pending[k];
    if (blocked.has(info.signo)) continue;
    pending.erase(pending.begin() + long(k));
    const uint64_t handler = actions[size_t(info.signo)].handler;
    act(*this, info, resumePc, false);
    if (handler > kSigIgn && !finished) {
      if (betweenInstructions) {
        cpu->pc = cpu->gpr[25];
        cpu->npc = cpu->pc + 4;
        cpu->nnpc = cpu->npc + 4;
      } else {
        cpu->redirect(cpu->gpr[25]);
      }
      return;  // one frame at a time; the rest after sigreturn
    }
    --k;
  }
}

// Queues SIGALRM when the timer has expired, and re-arms a periodic one.
void Process::checkAlarm() {
  if (!alarmDue || std::chrono::steady_clock::now() < *alarmDue) return;
  SigInfo info;
  info.signo = abi::sig::ALRM;
  info.code = abi::si::kKERNEL;
  queueSignal(info);
  if (alarmPeriod.count() > 0) {
    while (*alarmDue <= std::chrono::steady_clock::now()) *alarmDue += alarmPeriod;
  } else {
    alarmDue.reset();
  }
}

// Sleeps until the timer is due, then checks it.
bool Process::waitForAlarm() {
  if (!alarmDue) return false;
  std::this_thread::sleep_until(*alarmDue);
  checkAlarm();
  return true;
}

// Delivers a fault's signal now and starts the handler in place of the faulting instruction.
void Process::deliverFault(const SigInfo& info, uint64_t resumePc) {
  // A fault that is blocked or ignored cannot be handled: Linux resets it to the default.
  if (blocked.has(info.signo) || actions[size_t(info.signo)].handler == kSigIgn) {
    terminate(info.signo, cpu->pc);
    return;
  }
  const bool hasHandler = actions[size_t(info.signo)].handler > kSigIgn;
  act(*this, info, resumePc, true);
  if (hasHandler && !finished) {
    cpu->pc = cpu->gpr[25];
    cpu->npc = cpu->pc + 4;
    cpu->nnpc = cpu->npc + 4;
    cpu->inDelaySlot = false;
    cpu->delaySlotNext = false;
  }
}

// Reads back the frame at $sp: registers, FPU state, mask and pc.
bool Process::sigreturn() {
  Cpu& c = *cpu;
  const uint64_t frameAddr = c.gpr[29];
  std::vector<uint8_t> f(frame::kSize);
  if (!readGuest(frameAddr, f.data(), f.size())) return false;
  auto get64 = [&](uint64_t off) {
    uint64_t v;
    std::memcpy(&v, &f[off], 8);
    return toGuest(v);
  };
  auto get32 = [&](uint64_t off) {
    uint32_t v;
    std::memcpy(&v, &f[off], 4);
    return toGuest(v);
  };
  const uint64_t mc = frame::kUc + frame::kMcontext;
  for (unsigned r = 1; r < 32; ++r) c.gpr[r] = get64(mc + frame::kRegs + 8 * r);
  for (unsigned r = 0; r < 32; ++r) c.fpu.fpr[r] = get64(mc + frame::kFpregs + 8 * r);
  c.hi = get64(mc + frame::kMdhi);
  c.lo = get64(mc + frame::kMdlo);
  c.fpu.fcsr = get32(mc + frame::kFpcCsr);
  blocked.words[0] = get64(frame::kUc + frame::kSigmask);
  blocked.words[1] = get64(frame::kUc + frame::kSigmask + 8);
  blocked.remove(abi::sig::KILL);
  blocked.remove(abi::sig::STOP);
  c.llBit = false;
  c.redirect(get64(mc + frame::kPc));
  return true;
}

// Turns a guest exception into its Linux signal (QEMU's mapping, Linux's trap codes).
bool Process::onException(Cpu& c, const GuestException& e) {
  ++result.exceptions[excCodeName(e.code)];
  // Linux resumes a faulting delay-slot instruction by re-executing its branch.
  const uint64_t resumePc = c.inDelaySlot ? c.pc - 4 : c.pc;
  SigInfo info;
  info.fault = true;
  switch (e.code) {
    case ExcCode::TLBL: case ExcCode::TLBS: case ExcCode::Mod:
      // Nothing mapped there: MAPERR; mapped without the permission: ACCERR.
      info.signo = abi::sig::SEGV;
      info.code = memory.isMapped(e.badVAddr & ~(kPageSize - 1), kPageSize) ? abi::si::kSEGV_ACCERR
                                                                            : abi::si::kSEGV_MAPERR;
      info.addr = e.badVAddr;
      break;
    case ExcCode::AdEL: case ExcCode::AdES:
      // Misaligned (or kernel-segment) addresses: SIGBUS/BUS_ADRALN, as QEMU does.
      info.signo = abi::sig::BUS;
      info.code = abi::si::kBUS_ADRALN;
      info.addr = e.badVAddr;
      break;
    case ExcCode::IBE: case ExcCode::DBE:
      info.signo = abi::sig::BUS;
      info.addr = e.badVAddr;
      break;
    case ExcCode::RI: case ExcCode::CpU:
      // Linux and QEMU: force_sig(SIGILL), i.e. SI_KERNEL without an address.
      info.signo = abi::sig::ILL;
      info.code = abi::si::kKERNEL;
      info.fault = false;
      break;
    case ExcCode::Ov:
      info.signo = abi::sig::FPE;
      info.code = abi::si::kFPE_INTOVF;
      info.addr = c.pc;
      break;
    case ExcCode::FPE: {
      // The FCSR cause bits say which IEEE exception trapped.
      const uint32_t cause = (c.fpu.fcsr >> fcsr::CAUSE_SHIFT) & 0x3f;
      info.signo = abi::sig::FPE;
      info.code = cause & fcsr::FLAG_V ? abi::si::kFPE_FLTINV
                  : cause & fcsr::FLAG_Z ? abi::si::kFPE_FLTDIV
                  : cause & fcsr::FLAG_O ? abi::si::kFPE_FLTOVF
                  : cause & fcsr::FLAG_U ? abi::si::kFPE_FLTUND
                                         : abi::si::kFPE_FLTRES;
      info.addr = c.pc;
      break;
    }
    case ExcCode::Tr: case ExcCode::Bp: {
      uint32_t word = 0;
      readGuest(c.pc, &word, 4);
      const unsigned code = trapCode(toGuest(word));
      if (code == 6 || code == 7) {  // BRK_OVERFLOW, BRK_DIVZERO
        info.signo = abi::sig::FPE;
        info.code = code == 7 ? abi::si::kFPE_INTDIV : abi::si::kFPE_INTOVF;
      } else if (e.code == ExcCode::Bp) {
        info.signo = abi::sig::TRAP;
        info.code = abi::si::kTRAP_BRKPT;
      } else {  // a trap instruction: force_sig(SIGTRAP), no address
        info.signo = abi::sig::TRAP;
        info.code = abi::si::kKERNEL;
        info.fault = false;
        break;
      }
      info.addr = c.pc;
      break;
    }
    default:
      fail(std::string("unhandled guest exception ") + excCodeName(e.code), c.pc);
      return true;
  }
  deliverFault(info, resumePc);
  return true;
}

}  // namespace mips::se
