// Tests of the per-class instruction counters (Cpu::classCount) that feed
// `disco se --stats` and --summary: every execution counts under its own class,
// including the first one, which runs through the decode-on-first-use stub.
#include <gtest/gtest.h>

#include "mips/test_util.h"

namespace mips {
namespace {

TEST(CpuClassCount, FirstExecutionCountsUnderTheRealClass) {
  testing::TestMachine m;
  // addiu $2,$0,7 ; sw $2,0($5) ; lw $3,0($5) ; beq $0,$0,+1 ; nop
  m.place(0x1000, {0x24020007, 0xaca20000, 0x8ca30000, 0x10000001, 0x00000000});
  m.cpu.gpr[5] = 0x2000;
  m.step(5);
  EXPECT_EQ(m.cpu.classCount[unsigned(InsnClass::IntAlu)], 2u);  // addiu, nop (sll)
  EXPECT_EQ(m.cpu.classCount[unsigned(InsnClass::Store)], 1u);
  EXPECT_EQ(m.cpu.classCount[unsigned(InsnClass::Load)], 1u);
  EXPECT_EQ(m.cpu.classCount[unsigned(InsnClass::Branch)], 1u);
  EXPECT_EQ(m.cpu.classCount[unsigned(InsnClass::System)], 0u);
}

TEST(CpuClassCount, FaultingFirstExecutionIsNotCounted) {
  testing::TestMachine m;
  struct StopAtException : CpuHooks {
    bool onException(Cpu& c, const GuestException&) override {
      c.requestStop();
      return true;
    }
  } hooks;
  m.cpu.hooks = &hooks;
  m.place(0x1000, {0x8ca20002});  // lw $2,2($5): misaligned, raises AdEL
  m.cpu.gpr[5] = 0x2000;
  m.step(1);
  for (uint64_t count : m.cpu.classCount) EXPECT_EQ(count, 0u);
  EXPECT_EQ(m.cpu.instret, 0u);
}

}  // namespace
}  // namespace mips
