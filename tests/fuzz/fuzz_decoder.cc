// libFuzzer harness for the decoder, the disassembler and the instruction
// semantics: one instruction word, decoded, disassembled and executed once on
// a fresh CPU in each byte order, in user mode (se mode's flat address space)
// and in kernel mode (CP0, TLB and exception delivery reachable), with
// registers taken from the input.
//
// Input: 4 bytes of instruction word (little-endian), then optional bytes that
// fill the general registers, hi/lo, the FPU registers and FCSR in that order.
// Guest exceptions are expected outcomes; a host crash, a sanitizer report, or
// a C++ exception other than GuestException is a bug.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "mips/disasm.h"
#include "mips/test_util.h"

namespace {

// Stops the CPU at the first guest exception (a syscall is one too).
struct StopAtException : mips::CpuHooks {
  bool onException(mips::Cpu& cpu, const mips::GuestException&) override {
    cpu.requestStop();
    return true;
  }
};

// Takes the next sizeof(T) input bytes into `out`, when there are enough.
template <typename T>
void take(std::span<const uint8_t>& in, T& out) {
  if (in.size() < sizeof(T)) return;
  std::memcpy(&out, in.data(), sizeof(T));
  in = in.subspan(sizeof(T));
}

// Loads registers from the input bytes after the instruction word.
void fillRegisters(mips::Cpu& cpu, std::span<const uint8_t> in) {
  for (unsigned r = 1; r < 32; ++r) take(in, cpu.gpr[r]);
  take(in, cpu.hi);
  take(in, cpu.lo);
  for (uint64_t& f : cpu.fpu.fpr) take(in, f);
  uint32_t fcsr = 0;
  take(in, fcsr);
  cpu.fpu.fcsr = fcsr & mips::fcsr::WRITABLE;
}

// Places `word` at a user code address and executes it once.
void executeOnce(uint32_t word, bool bigEndian, std::span<const uint8_t> registerBytes) {
  mips::testing::TestMachine machine(bigEndian);
  StopAtException hooks;
  machine.cpu.hooks = &hooks;
  fillRegisters(machine.cpu, registerBytes);
  machine.place(0x120000000, {word});
  try {
    machine.step(1);
  } catch (const mips::GuestException&) {
    // Raised outside the run loop's handler: still a modelled guest fault.
  }
}

// Places `word` in kseg0 and executes it once in kernel mode; an exception is
// delivered through CP0 (to its vector) and stops the run.
void executeOnceInKernelMode(uint32_t word, bool bigEndian, std::span<const uint8_t> registerBytes) {
  mips::testing::KernelMachine machine(bigEndian);
  fillRegisters(machine.cpu, registerBytes);
  machine.place(mips::testing::KernelMachine::kKseg0 + 0x10000, {word});
  try {
    machine.step(1);
  } catch (const mips::GuestException&) {
    // Raised outside the run loop's handler: still a modelled guest fault.
  }
}

}  // namespace

// One fuzz input: decode, disassemble, execute in both byte orders and both modes.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  uint32_t word;
  std::memcpy(&word, data, 4);
  const std::span<const uint8_t> rest(data + 4, size - 4);

  const mips::DecodedInsn insn = mips::Cpu::decode(word);
  if (insn.fn == nullptr || insn.desc == nullptr) __builtin_trap();  // decode always yields a handler
  const std::string text = mips::disassemble(word, 0x120000000);
  if (text.empty()) __builtin_trap();

  for (bool bigEndian : {false, true}) {
    executeOnce(word, bigEndian, rest);
    executeOnceInKernelMode(word, bigEndian, rest);
  }
  return 0;
}
