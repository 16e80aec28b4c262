// Exception entry (CP0 side effects, vectors), eret, and interrupts.
// (Minimal version.)
#include <stdexcept>

#include "mips/cpu.h"

namespace mips {

void Cpu::takeException(const GuestException& e) {
  throw std::runtime_error(std::string("unhandled guest exception: ") + excCodeName(e.code));
}
void Cpu::eret() {}
bool Cpu::checkInterrupts() { return false; }
uint32_t Cpu::count() const { return uint32_t(instret / 2); }
void Cpu::setInterruptLine(unsigned, bool) {}
uint64_t Cpu::readCp0(unsigned, unsigned) { return 0; }
void Cpu::writeCp0(unsigned, unsigned, uint64_t) {}

}  // namespace mips
