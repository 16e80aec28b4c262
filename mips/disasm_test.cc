// Tests of the table-driven disassembler (disasm.cc): every operand token,
// and a sample of integer words compared with GNU objdump 2.40
// (mips64el-linux-gnuabi64-objdump -d of the same words, -march=mips64r2).
#include "mips/disasm.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "mips/insn.h"

namespace mips {
namespace {

// objdump prints GPR names without '$'; ours carry it. Adds '$' to every
// GPR name in an objdump operand list so the two can be compared.
std::string withDollarRegisters(const std::string& objdump) {
  std::string out;
  size_t k = 0;
  while (k < objdump.size()) {
    if (std::isalnum(static_cast<unsigned char>(objdump[k])) || objdump[k] == '_') {
      size_t end = k;
      while (end < objdump.size() && (std::isalnum(static_cast<unsigned char>(objdump[end])) || objdump[end] == '_'))
        ++end;
      const std::string word = objdump.substr(k, end - k);
      bool isGpr = false;
      for (unsigned r = 0; r < 32; ++r) isGpr |= word == gprName(r) + 1;
      const bool afterTab = objdump.find('\t') != std::string::npos && k > objdump.find('\t');
      if (isGpr && afterTab && (k == 0 || objdump[k - 1] != '$')) out += '$';
      out += word;
      k = end;
    } else {
      out += objdump[k++];
    }
  }
  return out;
}

TEST(Disasm, HelperAddsDollarsOnlyToRegisters) {
  EXPECT_EQ(withDollarRegisters("ld\tra,-8(sp)"), "ld\t$ra,-8($sp)");
  EXPECT_EQ(withDollarRegisters("rdhwr\tv1,$29"), "rdhwr\t$v1,$29");
  EXPECT_EQ(withDollarRegisters("b\t0xa0"), "b\t0xa0");
}

// One sample word: objdump's text and, where we differ on purpose, ours.
struct Sample {
  uint32_t word;
  uint64_t pc;
  const char* objdump;
  const char* ours;  // nullptr: identical to objdump once '$' is added
};

TEST(Disasm, MatchesObjdumpOnIntegerSample) {
  const Sample samples[] = {
      {0x27bdffe0, 0x0, "addiu\tsp,sp,-32", nullptr},
      {0xdfbffff8, 0x4, "ld\tra,-8(sp)", nullptr},
      {0xffbe0010, 0x8, "sd\ts8,16(sp)", nullptr},
      {0x00000000, 0xc, "nop", nullptr},
      {0x00000040, 0x10, "ssnop", nullptr},
      {0x000000c0, 0x14, "ehb", nullptr},
      {0x00641020, 0x18, "add\tv0,v1,a0", nullptr},
      {0x00641021, 0x1c, "addu\tv0,v1,a0", nullptr},
      {0x01ae6022, 0x20, "sub\tt0,t1,t2", nullptr},
      {0x012a402f, 0x24, "dsubu\ta4,a5,a6", nullptr},
      {0x67bdffd0, 0x28, "daddiu\tsp,sp,-48", nullptr},
      {0x00641024, 0x2c, "and\tv0,v1,a0", nullptr},
      {0x00601027, 0x30, "nor\tv0,v1,zero", nullptr},
      {0x30628000, 0x34, "andi\tv0,v1,0x8000", nullptr},
      {0x3c1c0002, 0x38, "lui\tgp,0x2", nullptr},
      {0x2862fffb, 0x3c, "slti\tv0,v1,-5", nullptr},
      {0x0064102b, 0x40, "sltu\tv0,v1,a0", nullptr},
      {0x00601025, 0x44, "move\tv0,v1", nullptr},
      {0x00031023, 0x48, "negu\tv0,v1", nullptr},
      {0x2402fff9, 0x4c, "li\tv0,-7", nullptr},
      {0x000311c0, 0x50, "sll\tv0,v1,0x7", "sll\t$v0,$v1,7"},  // sa: decimal by our token convention, objdump prints hex
      {0x00831004, 0x54, "sllv\tv0,v1,a0", nullptr},
      {0x0003113c, 0x58, "dsll32\tv0,v1,0x4", "dsll32\t$v0,$v1,4"},  // sa: decimal (the field, as objdump: dsll32 shifts by sa + 32)
      {0x00231102, 0x5c, "ror\tv0,v1,0x4", "rotr\t$v0,$v1,4"},  // we print the architectural name rotr (objdump: ror)
      {0x00430018, 0x60, "mult\tv0,v1", nullptr},
      {0x0043001b, 0x64, "divu\tzero,v0,v1", nullptr},
      {0x0000d010, 0x68, "mfhi\tk0", nullptr},
      {0x03600013, 0x6c, "mtlo\tk1", nullptr},
      {0x70430000, 0x70, "madd\tv0,v1", nullptr},
      {0x70641002, 0x74, "mul\tv0,v1,a0", nullptr},
      {0x70621020, 0x78, "clz\tv0,v1", nullptr},
      {0x0064100a, 0x7c, "movz\tv0,v1,a0", nullptr},
      {0x1085ffdf, 0x80, "beq\ta0,a1,0x0", nullptr},
      {0x1480ffde, 0x84, "bnez\ta0,0x0", nullptr},
      {0x5085ffdd, 0x88, "beql\ta0,a1,0x0", nullptr},
      {0x0491ffdc, 0x8c, "bgezal\ta0,0x0", nullptr},
      {0x0411ffdb, 0x90, "bal\t0x0", nullptr},
      {0x1000ffda, 0x94, "b\t0x0", nullptr},
      {0x08100000, 0x98, "j\t0x400000", nullptr},
      {0x0c48d158, 0x9c, "jal\t0x1234560", nullptr},
      {0x03e00008, 0xa0, "jr\tra", nullptr},
      {0x0320f809, 0xa4, "jalr\tt9", nullptr},
      {0x00601009, 0xa8, "jalr\tv0,v1", nullptr},
      {0x03e00408, 0xac, "jr.hb\tra", nullptr},
      {0x8062ffff, 0xb0, "lb\tv0,-1(v1)", nullptr},
      {0x94620002, 0xb4, "lhu\tv0,2(v1)", nullptr},
      {0x88820003, 0xb8, "lwl\tv0,3(a0)", nullptr},
      {0x6c82fff9, 0xbc, "ldr\tv0,-7(a0)", nullptr},
      {0xb8820000, 0xc0, "swr\tv0,0(a0)", nullptr},
      {0xb0820008, 0xc4, "sdl\tv0,8(a0)", nullptr},
      {0x0000000f, 0xc8, "sync", nullptr},
      {0xc0820000, 0xcc, "ll\tv0,0(a0)", nullptr},
      {0xf0820000, 0xd0, "scd\tv0,0(a0)", nullptr},
      {0x00430034, 0xd4, "teq\tv0,v1", nullptr},
      {0x004301f6, 0xd8, "tne\tv0,v1,0x7", nullptr},
      {0x048b0009, 0xdc, "tltiu\ta0,9", nullptr},
      {0x0000000d, 0xe0, "break", nullptr},
      {0x0007000d, 0xe4, "break\t0x7", nullptr},
      {0x0003010d, 0xe8, "break\t0x3,0x4", nullptr},
      {0x0000000f, 0xec, "sync", nullptr},
      {0xcca40000, 0xf0, "pref\t0x4,0(a1)", "pref\t4,0($a1)"},  // hint: decimal
      {0x04bf0004, 0xf4, "synci\t4(a1)", nullptr},
      {0x7c621140, 0xf8, "ext\tv0,v1,0x5,0x3", "ext\t$v0,$v1,5,3"},  // pos/size: decimal
      {0x7c621202, 0xfc, "dext\tv0,v1,0x28,0x3", "dextu\t$v0,$v1,40,3"},  // we keep the encoding name dextu (objdump folds it into dext)
      {0x7c623944, 0x100, "ins\tv0,v1,0x5,0x3", "ins\t$v0,$v1,5,3"},  // pos/size: decimal
      {0x7c623947, 0x104, "dins\tv0,v1,0x5,0x3", "dins\t$v0,$v1,5,3"},  // pos/size: decimal
      {0x7c031620, 0x108, "seh\tv0,v1", nullptr},
      {0x7c0310a4, 0x10c, "dsbh\tv0,v1", nullptr},
      {0x7c03e83b, 0x110, "rdhwr\tv1,$29", nullptr},
      {0x00000005, 0x114, "lsa\tzero,zero,zero,0x1", ".word 0x00000005"},  // objdump (all ASEs on) decodes R6/MSA/DSP words; they are reserved on MIPS64R2
      {0x7c00003c, 0x118, "dextr.w\tzero,$ac0,0x0", ".word 0x7c00003c"},  // objdump (all ASEs on) decodes R6/MSA/DSP words; they are reserved on MIPS64R2
      {0x00000000, 0x11c, "nop", nullptr},
      // From a static glibc binary (objdump adds "<symbol>" and drops "0x" for branches).
      {0x1020fff9, 0x120003948, "beqz\tat,0x120003930", nullptr},
      {0x041167bc, 0x12000395c, "bal\t0x12001d850", nullptr},
  };
  for (const Sample& s : samples) {
    const std::string expected = s.ours ? s.ours : withDollarRegisters(s.objdump);
    EXPECT_EQ(disassemble(s.word, s.pc), expected) << std::hex << "word 0x" << s.word << " objdump: " << s.objdump;
  }
}

TEST(Disasm, UnknownWordsPrintAsData) {
  EXPECT_EQ(disassemble(0x00000005, 0), ".word 0x00000005");
  EXPECT_EQ(disassemble(0xec000000, 0), ".word 0xec000000");
}

TEST(Disasm, TraceLineHasPcWordAndText) {
  EXPECT_EQ(traceLine(0x120003948, 0x27bdffe0), "0000000120003948: 27bdffe0  addiu\t$sp,$sp,-32");
}

// Every token of the shared vocabulary (disasm.h), on hand-made words.
TEST(Disasm, GprAndImmediateTokens) {
  const uint32_t w = (4u << 21) | (5u << 16) | (31u << 11) | (3u << 6) | 0xfff0;  // rs=a0 rt=a1 rd=ra sa=3 imm=-16
  EXPECT_EQ(formatOperands("rs,rt,rd", w, 0), "$a0,$a1,$ra");
  EXPECT_EQ(formatOperands("zero", w, 0), "$zero");
  EXPECT_EQ(formatOperands("sa,sa32", (7u << 6), 0), "7,39");
  EXPECT_EQ(formatOperands("simm,uimm", 0xfff0, 0), "-16,0xfff0");
  EXPECT_EQ(formatOperands("mem", (29u << 21) | 0xfff8, 0), "-8($sp)");
  EXPECT_EQ(formatOperands("idx", (4u << 21) | (5u << 16), 0), "$a1($a0)");
}

TEST(Disasm, ControlFlowTargets) {
  EXPECT_EQ(formatOperands("branch", 0xffff, 0x1000), "0x1000");  // pc + 4 - 4
  EXPECT_EQ(formatOperands("branch", 0x0003, 0x1000), "0x1010");
  // j from the last slot of a 256 MB region jumps within the next one.
  EXPECT_EQ(formatOperands("target", 0x40, 0x1ffffffc), "0x20000100");
  EXPECT_EQ(formatOperands("target", 0x03ffffff, 0xffffffff80000000ull), "0xffffffff8ffffffc");
}

TEST(Disasm, CodeTokensAreOmittedWhenZero) {
  EXPECT_EQ(formatOperands("code20", 0x0000000c, 0), "");
  EXPECT_EQ(formatOperands("code20", 0x0048d14c, 0), "0x12345");
  EXPECT_EQ(formatOperands("breakcode", 0x0007000d, 0), "0x7");
  EXPECT_EQ(formatOperands("breakcode", 0x0003010d, 0), "0x3,0x4");
  EXPECT_EQ(formatOperands("breakcode", 0x0000000d, 0), "");
  EXPECT_EQ(formatOperands("rs,rt,code10", 0x004301f4, 0), "$v0,$v1,0x7");
  EXPECT_EQ(formatOperands("rs,rt,code10", 0x00430034, 0), "$v0,$v1");
}

TEST(Disasm, FpuTokens) {
  // add.d $f0,$f2,$f4 is 0x46241000: ft=4 fs=2 fd=0; madd.d $f0,$f1,$f2,$f3 is 0x4c231021.
  EXPECT_EQ(formatOperands("fd,fs,ft", 0x46241000, 0), "$f0,$f2,$f4");
  EXPECT_EQ(formatOperands("fd,fr,fs,ft", 0x4c231021, 0), "$f0,$f1,$f2,$f3");
  EXPECT_EQ(formatOperands("rt,fsc", 0x4442f800, 0), "$v0,$31");            // cfc1 v0,$31
  EXPECT_EQ(formatOperands("cc,fs,ft", 0x46241032, 0), "$f2,$f4");          // c.eq.d, cc 0 omitted
  EXPECT_EQ(formatOperands("cc,fs,ft", 0x46241132, 0), "$fcc1,$f2,$f4");    // c.eq.d $fcc1
  EXPECT_EQ(formatOperands("bcc,branch", 0x4509ffe4, 0x88), "$fcc2,0x1c");  // bc1t $fcc2
  EXPECT_EQ(formatOperands("bcc,branch", 0x4501ffe5, 0x84), "0x1c");        // bc1t
  EXPECT_EQ(formatOperands("rd,rs,bcc", 0x00641001, 0), "$v0,$v1,$fcc1");   // movf
}

TEST(Disasm, SystemTokens) {
  EXPECT_EQ(formatOperands("rt,c0reg,sel", 0x40026000, 0), "$v0,$12");      // mfc0 v0,$12
  EXPECT_EQ(formatOperands("rt,c0reg,sel", 0x40026001, 0), "$v0,$12,1");    // mfc0 v0,$12,1
  EXPECT_EQ(formatOperands("rt,hwr", 0x7c03e83b, 0), "$v1,$29");
  EXPECT_EQ(formatOperands("hint,mem", 0xbc810000, 0), "1,0($a0)");         // cache 1,0(a0)
}

TEST(Disasm, BitFieldTokens) {
  // ext v0,v1,5,3 / dextm 5,40 / dextu 40,3 / ins 5,3 / dinsm 5,40 / dinsu 40,3 (objdump's words).
  EXPECT_EQ(formatOperands("pos,extsize", 0x7c621140, 0), "5,3");
  EXPECT_EQ(formatOperands("pos,size", 0x7c621140, 0), "5,3");
  EXPECT_EQ(formatOperands("pos,extsize32", 0x7c623941, 0), "5,40");
  EXPECT_EQ(formatOperands("pos,size32", 0x7c623941, 0), "5,40");
  EXPECT_EQ(formatOperands("pos32,extsize", 0x7c621202, 0), "40,3");
  EXPECT_EQ(formatOperands("pos,inssize", 0x7c623944, 0), "5,3");
  EXPECT_EQ(formatOperands("pos,inssize32", 0x7c626145, 0), "5,40");
  EXPECT_EQ(formatOperands("pos32,inssize", 0x7c625206, 0), "40,3");
}

TEST(Disasm, UnknownTokenIsVisible) {
  EXPECT_EQ(formatOperands("rs,bogus", 0, 0), "$zero,?bogus");
}

TEST(Disasm, EveryIntegerRowHasKnownTokens) {
  for (const InsnDesc& d : integerInstructions()) {
    const std::string text = formatOperands(d.format, d.match | ~d.mask, 0x1000);
    EXPECT_EQ(text.find('?'), std::string::npos) << d.mnemonic << ": " << text;
  }
}

}  // namespace
}  // namespace mips
