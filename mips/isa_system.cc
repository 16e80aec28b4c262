// System instructions: syscall, break, traps, sync, cache, CP0 moves, TLB
// operations, eret, wait.
#include "mips/cpu.h"

namespace mips {
namespace {

void syscall_(Cpu& c, const DecodedInsn&) {
  if (!(c.hooks && c.hooks->onSyscall(c))) c.raise(ExcCode::Sys);
}

const InsnDesc kTable[] = {
    {"syscall", 0x0000000c, 0xfc00003f, syscall_, InsnClass::System, "code20"},
};

}  // namespace

std::span<const InsnDesc> systemInstructions() { return kTable; }

}  // namespace mips
