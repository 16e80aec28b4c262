// se mode's process: loading the ELF, the start-up stack Linux/QEMU build for
// n64, the run loop, and the ends of a run (exit, limit, error).
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <random>
#include <sstream>

#include "mips/disasm.h"
#include "mips/se/process_impl.h"

namespace mips::se {
namespace {

// Auxiliary vector tags (include/uapi/linux/auxvec.h).
enum : uint64_t {
  AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9,
  AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23,
  AT_BASE_PLATFORM = 24, AT_RANDOM = 25, AT_EXECFN = 31,
};

constexpr uint64_t pageDown(uint64_t v) { return v & ~(kPageSize - 1); }
constexpr uint64_t pageUp(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }

// PT_LOAD flags as page permissions.
uint8_t permsOf(uint32_t elfFlags) {
  return uint8_t((elfFlags & elf::kFlagRead ? kPermRead : 0) | (elfFlags & elf::kFlagWrite ? kPermWrite : 0) |
                 (elfFlags & elf::kFlagExec ? kPermExec : 0));
}

// Formats a value as 0x-prefixed hex for messages.
std::string hex(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

}  // namespace

// Loads the ELF, maps its segments, builds the stack and points the CPU at the entry.
Process::Process(const Options& opts) : options(opts) {
  // A guest writing to a closed pipe gets EPIPE and its own SIGPIPE; disco must not die of it.
  ::signal(SIGPIPE, SIG_IGN);
  std::vector<uint8_t> bytes;
  try {
    bytes = elf::readFile(options.program);
    image = elf::parse(bytes, options.program);
  } catch (const elf::Error& e) {
    throw LoadError(e.what());
  }
  try {
    fs = std::make_unique<GuestFs>(options.root);
  } catch (const std::exception& e) {
    throw LoadError(options.program + ": " + e.what());
  }
  cpu = std::make_unique<Cpu>(memory, image.bigEndian);
  cpu->enterUserFlatMode();
  cpu->hooks = this;
  // Mappings changed: drop cached translations, and decoded code of the pages
  // that have bytes (only those can hold decoded instructions).
  memory.changed = [this](uint64_t start, uint64_t length) {
    cpu->flushSoftTlb();
    memory.forEachStoredPage(start, length, [&](uint64_t page, uint8_t*) {
      cpu->invalidateCode(PhysAddr(page), kPageSize);
    });
  };

  // Segments: pages get the union of the permissions of every segment in them.
  for (const elf::Segment& s : image.loads) {
    const uint64_t start = pageDown(s.vaddr), end = pageUp(s.vaddr + s.memSize);
    for (uint64_t page = start; page < end; page += kPageSize) {
      const uint8_t old = memory.permsAt(page);
      if (memory.isMapped(page, kPageSize)) memory.protect(page, kPageSize, uint8_t(old | permsOf(s.flags)));
      else memory.map(page, kPageSize, permsOf(s.flags));
    }
    memory.poke(s.vaddr, bytes.data() + s.fileOffset, s.fileSize);
  }
  brkStart = brkCurrent = pageUp(image.highest);

  char real[PATH_MAX];
  programGuestPath = ::realpath(options.program.c_str(), real) ? real : options.program;
  if (auto guest = fs->guestPathOfHostPath(programGuestPath)) programGuestPath = *guest;

  const size_t slash = options.program.rfind('/');
  threadName = options.program.substr(slash == std::string::npos ? 0 : slash + 1).substr(0, 15);
  buildStack();
  mapTrampoline();
  cpu->pc = image.entry;
  cpu->npc = image.entry + 4;
  cpu->gpr[29] = initialSp;
}

Process::~Process() = default;

// The stack as QEMU's linux-user builds it (create_elf_tables): strings at the
// top (execfn, then argv and envp strings, then the platform name), 16 random
// bytes, then argc, argv[], envp[], auxv[] at a 16-byte aligned sp.
void Process::buildStack() {
  const uint64_t guard = kPageSize;
  uint64_t base = kStackBase;
  if (!memory.isFree(base, guard + kStackSize)) base = *memory.findFree(guard + kStackSize, kStackBase);
  memory.map(base, guard, 0);
  memory.map(base + guard, kStackSize, kPermRead | kPermWrite);
  stackTop = base + guard + kStackSize;

  uint64_t p = stackTop - 8;
  auto pushString = [&](const std::string& s) {
    p -= s.size() + 1;
    memory.poke(p, s.c_str(), s.size() + 1);
    return p;
  };
  execfnAddr = pushString(options.program);
  std::vector<const std::string*> strings;
  for (const auto& s : options.argv) strings.push_back(&s);
  for (const auto& s : options.envp) strings.push_back(&s);
  uint64_t total = 0;
  for (const auto* s : strings) total += s->size() + 1;
  p -= total;
  std::vector<uint64_t> addresses;
  uint64_t at = p;
  for (const auto* s : strings) {
    memory.poke(at, s->c_str(), s->size() + 1);
    addresses.push_back(at);
    at += s->size() + 1;
  }
  const std::string platform = kPlatform;
  p -= (platform.size() + 1 + 7) & ~uint64_t{7};
  const uint64_t platformAddr = p;
  memory.poke(p, platform.c_str(), platform.size() + 1);
  p = (p & ~uint64_t{15}) - 16;
  randomBytes = p;
  std::random_device rd;
  uint8_t random[16];
  for (auto& b : random) b = uint8_t(rd());
  memory.poke(p, random, 16);

  const std::vector<std::pair<uint64_t, uint64_t>> auxv = {
      {AT_PHDR, image.phdrAddr}, {AT_PHENT, image.phentsize}, {AT_PHNUM, image.phnum}, {AT_PAGESZ, kPageSize},
      {AT_BASE, 0}, {AT_FLAGS, 0}, {AT_ENTRY, image.entry}, {AT_UID, ::getuid()}, {AT_EUID, ::geteuid()},
      {AT_GID, ::getgid()}, {AT_EGID, ::getegid()}, {AT_HWCAP, 0}, {AT_CLKTCK, 100}, {AT_RANDOM, randomBytes},
      {AT_SECURE, 0}, {AT_EXECFN, execfnAddr}, {AT_BASE_PLATFORM, platformAddr}, {AT_NULL, 0},
  };
  std::vector<uint64_t> words;
  words.push_back(options.argv.size());
  for (size_t k = 0; k < options.argv.size(); ++k) words.push_back(addresses[k]);
  words.push_back(0);
  for (size_t k = 0; k < options.envp.size(); ++k) words.push_back(addresses[options.argv.size() + k]);
  words.push_back(0);
  for (const auto& [tag, value] : auxv) {
    words.push_back(tag);
    words.push_back(value);
  }
  p = (p - 8 * words.size()) & ~uint64_t{15};
  initialSp = p;
  for (size_t k = 0; k < words.size(); ++k) {
    const uint64_t w = toGuest(words[k]);
    memory.poke(p + 8 * k, &w, 8);
  }
}

// One read+exec page holding `li $v0, 5211 (rt_sigreturn); syscall`; signal
// handlers return to it through $ra.
void Process::mapTrampoline() {
  trampoline = memory.isFree(stackTop, kPageSize) ? stackTop : *memory.findFree(kPageSize, kStackBase);
  memory.map(trampoline, kPageSize, kPermRead | kPermExec);
  const uint32_t code[2] = {toGuest(uint32_t(0x24020000 | (abi::kSyscallBase + 211))), toGuest(uint32_t(0x0000000c))};
  memory.poke(trampoline, code, sizeof code);
  mmapNext = trampoline + kPageSize;
}

// ---------------------------------------------------------------------------
// Guest memory from the host side.

// Copies from guest memory with the guest's permissions; false on a fault.
// Goes to the address space directly rather than through the CPU, so that
// pages the guest never wrote read as zeros without getting storage.
bool Process::readGuest(uint64_t va, void* dst, uint64_t size) {
  if (size == 0) return true;
  if (va + size < va) return false;
  for (uint64_t page = va & ~(kPageSize - 1); page < va + size; page += kPageSize)
    if (!(memory.permsAt(page) & kPermRead)) return false;
  return memory.peek(va, dst, size);
}

// Copies into guest memory with the guest's permissions; false on a fault.
bool Process::writeGuest(uint64_t va, const void* src, uint64_t size) {
  try {
    cpu->copyToGuest(va, src, size);
    return true;
  } catch (const GuestException&) {
    return false;
  }
}

// Reads up to a NUL, a chunk at a time so no read crosses a page.
std::optional<std::string> Process::readString(uint64_t va, int& error, size_t max) {
  std::string s;
  while (s.size() < max) {
    char chunk[256];
    const uint64_t n = std::min<uint64_t>(sizeof chunk, kPageSize - (va & (kPageSize - 1)));
    if (!readGuest(va, chunk, n)) {
      error = abi::err::kEFAULT;
      return std::nullopt;
    }
    const void* nul = std::memchr(chunk, 0, n);
    if (nul) return s + std::string(chunk, size_t(static_cast<const char*>(nul) - chunk));
    s.append(chunk, n);
    va += n;
  }
  error = abi::err::kENAMETOOLONG;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Ends of a run.

// Names a pc and the instruction there (word and disassembly).
std::string Process::where(uint64_t pc) {
  uint32_t word = 0;
  if (!memory.peek(pc, &word, 4)) return "at pc " + hex(pc) + " (unmapped)";
  word = toGuest(word);
  std::ostringstream s;
  s << "at pc " << hex(pc) << ": " << hex(word) << " " << disassemble(word, pc);
  return s.str();
}

// Ends the run as killed by a signal, with status 128 + signal.
void Process::terminate(int signal, uint64_t pc) {
  result.end = Result::End::Signalled;
  result.signal = signal;
  result.exitStatus = kExitSignalBase + signal;
  result.message = "guest terminated by signal " + std::to_string(signal) + " (" + abi::signalName(signal) + ") " +
                   where(pc);
  finished = true;
  cpu->requestStop();
}

// Ends the run with an error (status 125).
void Process::fail(const std::string& what, uint64_t pc) {
  result.end = Result::End::Error;
  result.exitStatus = kExitError;
  result.message = what + " " + where(pc);
  finished = true;
  cpu->requestStop();
}

// ---------------------------------------------------------------------------
// The run loop.

// Runs until the guest exits or is killed, the limit is reached, or an error ends it.
Result Process::run() {
  const auto start = std::chrono::steady_clock::now();
  const uint64_t limit = options.maxInstructions;
  constexpr uint64_t kChunk = uint64_t{1} << 40;
  constexpr uint64_t kTimerSlice = uint64_t{1} << 16;
  try {
    while (!finished) {
      const uint64_t left = limit ? limit - cpu->instret : kChunk;
      if (limit && left == 0) {
        result.end = Result::End::InstructionLimit;
        result.exitStatus = kExitInstructionLimit;
        result.message = "instruction limit of " + std::to_string(limit) + " reached; next instruction " +
                         where(cpu->pc);
        break;
      }
      if (options.trace) {
        uint32_t word = 0;
        memory.peek(cpu->pc, &word, 4);
        *options.trace << traceLine(cpu->pc, toGuest(word)) << '\n';
        cpu->run(1);
      } else {
        // With a timer armed, look at the clock every kTimerSlice instructions.
        cpu->run(alarmDue ? std::min(left, kTimerSlice) : left);
      }
      if (alarmDue && !finished) {
        checkAlarm();
        // Deliver at an instruction boundary that is not a delay slot (step over one if needed).
        if (hasDeliverableSignal()) {
          if (cpu->inDelaySlot) cpu->run(1);
          if (!finished && !cpu->inDelaySlot) deliverPending(cpu->pc, true);
        }
      }
    }
  } catch (const std::exception& e) {
    result.end = Result::End::Error;
    result.exitStatus = kExitError;
    result.message = std::string("internal error: ") + e.what() + " " + where(cpu->pc);
  }
  result.instructions = cpu->instret;
  result.instructionsByClass = cpu->classCount;
  result.hostSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

// Serves a syscall instruction: result in $v0/$a3, then pending signals.
bool Process::onSyscall(Cpu& c) {
  const uint64_t number = c.gpr[2];
  const std::array<uint64_t, 6> args = {c.gpr[4], c.gpr[5], c.gpr[6], c.gpr[7], c.gpr[8], c.gpr[9]};
  if (number == abi::kSyscallBase + 211) {  // rt_sigreturn: registers come from the frame
    ++result.syscalls["rt_sigreturn"];
    if (!sigreturn()) terminate(abi::sig::SEGV, c.pc);
    else deliverPending(c.npc);
    return true;
  }
  const int64_t r = syscall(number, args);
  if (finished) return true;
  checkAlarm();
  if (r < 0 && r >= -4095) {
    c.gpr[7] = 1;
    c.gpr[2] = uint64_t(-r);
  } else {
    c.gpr[7] = 0;
    c.gpr[2] = uint64_t(r);
  }
  deliverPending(c.npc);
  if (maskAfterSuspend) {  // rt_sigsuspend's signal was discarded: its caller's mask comes back
    blocked = *maskAfterSuspend;
    maskAfterSuspend.reset();
  }
  return true;
}

// Loads and runs one program.
Result run(const Options& options) {
  Process process(options);
  return process.run();
}

}  // namespace mips::se
