// Tests of the interpreter core: delay slots, r0, the decode cache under
// self-modifying code, and the software TLB in both byte orders.
#include <gtest/gtest.h>

#include "mips/test_util.h"

namespace mips {
namespace {

using testing::TestMachine;

TEST(CpuCore, BranchDelaySlotExecutesBeforeTarget) {
  TestMachine m;
  // 0x1000: beq $0,$0,+3 ; addiu $2,$0,7 (delay slot) ; addiu $2,$0,1 ; addiu $2,$0,2 ; addiu $3,$2,1
  m.place(0x1000, {0x10000003, 0x24020007, 0x24020001, 0x24020002, 0x24430001});
  m.step(3);
  EXPECT_EQ(m.cpu.gpr[2], 7u);
  EXPECT_EQ(m.cpu.gpr[3], 8u);
  EXPECT_EQ(m.cpu.pc, 0x1014u);
}

TEST(CpuCore, RegisterZeroStaysZero) {
  TestMachine m;
  m.place(0x1000, {0x24000005});  // addiu $0,$0,5
  m.step(1);
  EXPECT_EQ(m.cpu.gpr[0], 0u);
}

TEST(CpuCore, StoreIntoDecodedCodeIsSeen) {
  TestMachine m;
  // 0x1000: addiu $2,$0,1 ; sw $4,0($5) ; beq $0,$0,0x1000 ; nop
  // The first pass decodes the addiu, the sw overwrites it with `addiu $2,$0,99`,
  // the second pass must execute the new word, not the cached decode.
  m.place(0x1000, {0x24020001, 0xaca40000, 0x1000fffd, 0x00000000});
  m.cpu.gpr[4] = 0x24020063;
  m.cpu.gpr[5] = 0x1000;
  m.step(1);
  EXPECT_EQ(m.cpu.gpr[2], 1u);
  m.step(4);
  EXPECT_EQ(m.cpu.gpr[2], 99u);
}

TEST(CpuCore, LoadsHonourByteOrder) {
  for (bool big : {false, true}) {
    TestMachine m(big);
    const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    m.cpu.copyToGuest(0x2000, bytes, 8);
    m.place(0x1000, {0xdca20000});  // ld $2, 0($5)
    m.cpu.gpr[5] = 0x2000;
    m.step(1);
    EXPECT_EQ(m.cpu.gpr[2], big ? 0x0102030405060708ull : 0x0807060504030201ull) << "big=" << big;
  }
}

TEST(CpuCore, MisalignedLoadRaisesAddressError) {
  TestMachine m;
  m.place(0x1000, {0x8ca20002});  // lw $2, 2($5)
  m.cpu.gpr[5] = 0x2000;
  struct Catch : CpuHooks {
    ExcCode seen = ExcCode::Int;
    uint64_t bad = 0;
    bool onException(Cpu& c, const GuestException& e) override {
      seen = e.code;
      bad = e.badVAddr;
      c.requestStop();
      return true;
    }
  } hooks;
  m.cpu.hooks = &hooks;
  m.step(1);
  EXPECT_EQ(hooks.seen, ExcCode::AdEL);
  EXPECT_EQ(hooks.bad, 0x2002u);
}

}  // namespace
}  // namespace mips
