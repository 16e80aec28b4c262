// ELF64 loader front end: validates a MIPS64 executable and describes what to
// place in memory. Parsing is a pure function of a byte buffer (the fuzz
// harness calls it directly); reading the file is separate. Nothing here
// touches guest memory: se mode (mips/se/) maps the segments it returns.
//
// Every check names the file and the exact cause, and no input, however
// truncated or hostile, may crash the parser: all offsets and sizes are
// checked for overflow before they are added.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mips::elf {

// A file that is not a loadable MIPS64 program. what() = "<file>: <cause>".
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Segment permission bits (p_flags).
inline constexpr uint32_t kFlagExec = 1, kFlagWrite = 2, kFlagRead = 4;

// Highest user virtual address + 1 a segment may reach (the 40-bit user
// space of Linux/mips64 with 4 KB pages, inside the R10000's 44-bit xuseg).
inline constexpr uint64_t kUserSpaceEnd = uint64_t{1} << 40;

// One PT_LOAD segment.
struct Segment {
  uint64_t vaddr = 0;       // where it goes (load bias already added)
  uint64_t memSize = 0;     // bytes in memory (>= fileSize; the rest is zero)
  uint64_t fileOffset = 0;  // where its bytes start in the file
  uint64_t fileSize = 0;
  uint32_t flags = 0;       // kFlagRead | kFlagWrite | kFlagExec
};

// What the loader needs to know about a validated executable.
struct Image {
  bool bigEndian = false;
  bool positionIndependent = false;  // ET_DYN (static-PIE), loaded at loadBias
  uint64_t loadBias = 0;             // added to every address below
  uint64_t entry = 0;
  uint32_t flags = 0;                // e_flags
  uint64_t phdrAddr = 0;             // program headers in guest memory (AT_PHDR), 0 if not loaded
  uint16_t phentsize = 0, phnum = 0; // AT_PHENT, AT_PHNUM
  std::vector<Segment> loads;        // PT_LOAD segments, sorted by address
  uint64_t lowest = 0, highest = 0;  // [lowest, highest): span of all segments in memory
};

// Parses and validates an ELF image held in `bytes`. `name` is used in error
// messages. ET_DYN images are placed at `pieBase` (page aligned).
// What the image is for: a user process (se mode: every segment and the entry
// in xuseg) or a bare-metal kernel (native mode: ET_EXEC only, any address;
// the machine's loader checks where the addresses land).
enum class Target : uint8_t { UserProcess, Kernel };

Image parse(std::span<const uint8_t> bytes, std::string_view name, uint64_t pieBase = 0x5555550000,
            Target target = Target::UserProcess);

// Reads a whole file. Throws Error naming the file if it cannot be read.
std::vector<uint8_t> readFile(const std::string& path);

}  // namespace mips::elf
