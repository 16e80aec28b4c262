// Tests of the ELF64 loader front end: what it accepts, the exact cause it
// names for each kind of bad file, and that no mutilated input crashes it.
#include "mips/elf.h"

#include <gtest/gtest.h>

#include <random>

#include "mips/se/test_elf.h"

namespace mips {
namespace {

using testing::TestElf;
using testing::TestSegment;

TestElf validElf(bool big = false) {
  TestElf e;
  e.bigEndian = big;
  e.entry = 0x10000;
  e.segments.push_back({0x10000, 5, std::vector<uint8_t>(64, 0), 0});
  e.segments.push_back({0x20000, 6, std::vector<uint8_t>(16, 1), 0x3000});
  return e;
}

// The message of the Error parse throws, or "" if it accepts the file.
std::string errorOf(const std::vector<uint8_t>& bytes) {
  try {
    elf::parse(bytes, "prog");
  } catch (const elf::Error& e) {
    return e.what();
  }
  return "";
}

TEST(Elf, AcceptsBothByteOrders) {
  for (bool big : {false, true}) {
    const auto bytes = validElf(big).build();
    const elf::Image img = elf::parse(bytes, "prog");
    EXPECT_EQ(img.bigEndian, big);
    EXPECT_EQ(img.entry, 0x10000u);
    ASSERT_EQ(img.loads.size(), 2u);
    EXPECT_EQ(img.loads[1].vaddr, 0x20000u);
    EXPECT_EQ(img.loads[1].memSize, 0x3000u);
    EXPECT_EQ(img.loads[1].fileSize, 16u);
    EXPECT_EQ(img.loads[1].flags, elf::kFlagRead | elf::kFlagWrite);
    EXPECT_EQ(img.highest, 0x23000u);
    EXPECT_EQ(img.phnum, 2);
  }
}

TEST(Elf, PhdrAddressComesFromTheSegmentHoldingTheTable) {
  TestElf e = validElf();
  e.segments[0].data.resize(512);
  auto bytes = e.build();
  // Make the first segment start at file offset 0 so it holds the headers.
  for (unsigned k = 0; k < 8; ++k) bytes[64 + 8 + k] = 0;
  const elf::Image img = elf::parse(bytes, "prog");
  EXPECT_EQ(img.phdrAddr, 0x10000u + 64);
}

TEST(Elf, RejectsBadMagicAndTruncation) {
  EXPECT_EQ(errorOf({}), "prog: not an ELF file (bad magic)");
  EXPECT_EQ(errorOf({'#', '!', '/', 'b'}), "prog: not an ELF file (bad magic)");
  auto bytes = validElf().build();
  bytes.resize(40);
  EXPECT_EQ(errorOf(bytes), "prog: truncated ELF header (40 of 64 bytes)");
  bytes = validElf().build();
  bytes.resize(100);  // the program header table does not fit any more
  EXPECT_NE(errorOf(bytes).find("program header table 0x40+0x70 beyond end of file (size 0x64)"), std::string::npos);
}

TEST(Elf, Rejects32BitWrongMachineAndType) {
  auto bytes = validElf().build();
  bytes[4] = 1;
  EXPECT_NE(errorOf(bytes).find("32-bit ELF (ELFCLASS32)"), std::string::npos);
  TestElf e = validElf();
  e.machine = 62;  // x86-64
  EXPECT_EQ(errorOf(e.build()), "prog: not a MIPS program (e_machine 62)");
  e = validElf();
  e.type = 1;  // ET_REL
  EXPECT_NE(errorOf(e.build()).find("not an executable (e_type 1"), std::string::npos);
  e = validElf();
  e.flags = 0x20;  // n32
  EXPECT_NE(errorOf(e.build()).find("n32 ABI"), std::string::npos);
}

TEST(Elf, RejectsSegmentsOutOfBounds) {
  auto bytes = validElf().build();
  // Program header 1's file offset (at 64 + 56 + 8) pointed past the end.
  bytes[64 + 56 + 8 + 2] = 0x10;  // offset += 0x100000
  const std::string err = errorOf(bytes);
  EXPECT_NE(err.find("prog: program header 1 file range 0x"), std::string::npos) << err;
  EXPECT_NE(err.find("beyond end of file (size 0x"), std::string::npos) << err;

  TestElf e = validElf();
  e.segments[1].memSize = 4;  // smaller than its 16 file bytes
  EXPECT_EQ(errorOf(e.build()), "prog: program header 1 memory size 0x4 smaller than file size 0x10");

  e = validElf();
  e.segments[1].vaddr = 0x10020;  // inside segment 0
  EXPECT_NE(errorOf(e.build()).find("overlap"), std::string::npos);

  e = validElf();
  e.segments[1].vaddr = uint64_t{1} << 41;
  EXPECT_NE(errorOf(e.build()).find("outside user space"), std::string::npos);

  e = validElf();
  e.segments[1].vaddr = elf::kUserSpaceEnd - 0x1000;  // the 0x3000 bytes run past the end
  EXPECT_NE(errorOf(e.build()).find("extends beyond user space"), std::string::npos);
}

TEST(Elf, RejectsHugeOffsetsWithoutOverflow) {
  auto bytes = validElf().build();
  // File offset 0xffffffffffffff00 + size 0x40 wraps around 2^64.
  for (unsigned k = 0; k < 8; ++k) bytes[64 + 8 + k] = k == 0 ? 0x00 : 0xff;
  EXPECT_NE(errorOf(bytes).find("beyond end of file"), std::string::npos);
  bytes = validElf().build();
  for (unsigned k = 0; k < 8; ++k) bytes[32 + k] = 0xff;  // e_phoff = all ones
  EXPECT_NE(errorOf(bytes).find("program header table 0xffffffffffffffff"), std::string::npos);
}

TEST(Elf, RejectsDynamicProgramsAndBadEntry) {
  TestElf e = validElf();
  e.extraPhdrTypes.push_back(3);  // PT_INTERP
  EXPECT_NE(errorOf(e.build()).find("dynamically linked (program header 2 is PT_INTERP)"), std::string::npos);
  e = validElf();
  e.entry = 0x50000;
  EXPECT_EQ(errorOf(e.build()), "prog: entry point 0x50000 is not inside any loadable segment");
  e = validElf();
  e.segments.clear();
  e.extraPhdrTypes.push_back(4);  // PT_NOTE only
  EXPECT_EQ(errorOf(e.build()), "prog: no loadable (PT_LOAD) segment");
}

TEST(Elf, StaticPieIsPlacedAtTheBase) {
  TestElf e = validElf();
  e.type = 3;  // ET_DYN
  e.entry = 0x10;
  e.segments = {{0x0, 5, std::vector<uint8_t>(64, 0), 0}};
  const elf::Image img = elf::parse(e.build(), "prog", 0x7000000);
  EXPECT_TRUE(img.positionIndependent);
  EXPECT_EQ(img.loads[0].vaddr, 0x7000000u);
  EXPECT_EQ(img.entry, 0x7000010u);
}

TEST(Elf, KernelTargetAcceptsKernelAddressesAndRejectsPie) {
  TestElf e = validElf();
  e.entry = 0xffffffff80001000ull;
  e.segments = {{0xffffffff80000000ull, 5, std::vector<uint8_t>(64, 0), 0x2000}};
  // A user process may not live in kseg0 ...
  EXPECT_NE(errorOf(e.build()).find("outside user space"), std::string::npos);
  // ... a kernel may.
  const elf::Image img = elf::parse(e.build(), "kernel", 0, elf::Target::Kernel);
  EXPECT_EQ(img.entry, 0xffffffff80001000ull);
  EXPECT_EQ(img.loads.at(0).vaddr, 0xffffffff80000000ull);
  EXPECT_EQ(img.highest, 0xffffffff80002000ull);
  // A segment running past the top of the address space is refused by name.
  e.segments = {{0xfffffffffffff000ull, 5, std::vector<uint8_t>(64, 0), 0x2000}};
  e.entry = 0xfffffffffffff000ull;
  try {
    elf::parse(e.build(), "kernel", 0, elf::Target::Kernel);
    ADD_FAILURE() << "accepted a wrapping segment";
  } catch (const elf::Error& err) {
    EXPECT_NE(std::string(err.what()).find("wraps around the address space"), std::string::npos);
  }
  TestElf pie = validElf();
  pie.type = 3;  // ET_DYN
  try {
    elf::parse(pie.build(), "kernel", 0, elf::Target::Kernel);
    ADD_FAILURE() << "accepted a position-independent kernel";
  } catch (const elf::Error& err) {
    EXPECT_NE(std::string(err.what()).find("fixed-address executable"), std::string::npos);
  }
}

TEST(Elf, MissingFileNamesTheFile) {
  try {
    elf::readFile("/nonexistent/prog");
    FAIL() << "no error";
  } catch (const elf::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/prog: cannot open", 0), 0u);
  }
}

TEST(Elf, DirectoryIsRefusedByName) {
  try {
    elf::readFile("/");
    FAIL() << "no error";
  } catch (const elf::Error& e) {
    EXPECT_STREQ(e.what(), "/: is a directory");
  }
}

// Thousands of truncated and bit-flipped files: only elf::Error may come out.
TEST(Elf, MutatedFilesNeverCrash) {
  const auto good = validElf(true).build();
  std::mt19937 rng(12345);
  for (int round = 0; round < 5000; ++round) {
    auto bytes = good;
    const int flips = 1 + int(rng() % 8);
    for (int k = 0; k < flips; ++k) bytes[rng() % bytes.size()] = uint8_t(rng());
    if (rng() % 4 == 0) bytes.resize(rng() % bytes.size());
    try {
      const elf::Image img = elf::parse(bytes, "fuzz");
      for (const auto& s : img.loads) {
        ASSERT_LE(s.fileOffset + s.fileSize, bytes.size());
        ASSERT_LE(s.vaddr + s.memSize, elf::kUserSpaceEnd);
      }
    } catch (const elf::Error&) {
    }
  }
}

}  // namespace
}  // namespace mips
