// Floating-point (CP1) instructions: to be filled in.
#include "mips/cpu.h"

namespace mips {
std::span<const InsnDesc> fpuInstructions() { return {}; }
}  // namespace mips
