// libFuzzer harness for the ELF loader's parser (mips::elf::parse): any byte
// buffer must either be refused with mips::elf::Error or yield an image whose
// segments honour what the loader promises. A crash, a sanitizer report, any
// other exception, or a broken promise (checked below) is a bug.
#include <cstddef>
#include <cstdint>
#include <span>

#include "mips/elf.h"

namespace {

// Aborts (a finding for the fuzzer) when the parsed image breaks a promise.
void checkImage(const mips::elf::Image& image, size_t fileSize) {
  uint64_t previousEnd = 0;
  for (const mips::elf::Segment& s : image.loads) {
    const bool fileRangeInside = s.fileOffset <= fileSize && s.fileSize <= fileSize - s.fileOffset;
    const bool memoryCoversFile = s.memSize >= s.fileSize;
    const bool inUserSpace =
        s.vaddr < mips::elf::kUserSpaceEnd && s.memSize <= mips::elf::kUserSpaceEnd - s.vaddr;
    const bool sortedAndDisjoint = s.vaddr >= previousEnd;
    if (!fileRangeInside || !memoryCoversFile || !inUserSpace || !sortedAndDisjoint) __builtin_trap();
    previousEnd = s.vaddr + s.memSize;
  }
}

}  // namespace

// One fuzz input: parse it as an ELF file; check the promises if it is accepted.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const mips::elf::Image image = mips::elf::parse(std::span<const uint8_t>(data, size), "fuzz-input");
    checkImage(image, size);
  } catch (const mips::elf::Error&) {
    // A refused file: the expected outcome for most inputs.
  }
  return 0;
}
