// ELF64 validation for MIPS64 executables (see elf.h). Reads fields in the
// file's own byte order; every range is checked with overflow-safe arithmetic.
#include "mips/elf.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mips::elf {
namespace {

constexpr uint16_t kTypeExec = 2, kTypeDyn = 3;
constexpr uint16_t kMachineMips = 8;
constexpr uint32_t kPtLoad = 1, kPtInterp = 3, kPtPhdr = 6;
constexpr uint32_t kEfMipsAbi2 = 0x20;  // n32
constexpr size_t kEhdrSize = 64, kPhdrSize = 56;

// Formats a value as 0x-prefixed hex for messages.
std::string hex(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

// Reads little- or big-endian integers from a buffer whose bounds were checked.
class Reader {
 public:
  Reader(std::span<const uint8_t> b, bool big) : bytes_(b), big_(big) {}
  uint64_t get(uint64_t offset, unsigned size) const {
    uint64_t v = 0;
    for (unsigned k = 0; k < size; ++k) {
      const uint64_t byte = bytes_[offset + k];
      v |= big_ ? byte << (8 * (size - 1 - k)) : byte << (8 * k);
    }
    return v;
  }
  uint16_t u16(uint64_t o) const { return uint16_t(get(o, 2)); }
  uint32_t u32(uint64_t o) const { return uint32_t(get(o, 4)); }
  uint64_t u64(uint64_t o) const { return get(o, 8); }

 private:
  std::span<const uint8_t> bytes_;
  bool big_;
};

// True when [offset, offset+size) lies inside a buffer of `total` bytes.
bool inBounds(uint64_t offset, uint64_t size, uint64_t total) { return offset <= total && size <= total - offset; }

}  // namespace

// Validates the ELF header, the program headers and every PT_LOAD segment.
Image parse(std::span<const uint8_t> bytes, std::string_view name, uint64_t pieBase, Target target) {
  const bool kernel = target == Target::Kernel;
  const std::string who(name);
  auto fail = [&](const std::string& cause) -> Error { return Error(who + ": " + cause); };
  const uint64_t size = bytes.size();

  if (size < 4 || std::memcmp(bytes.data(), "\x7f" "ELF", 4) != 0) throw fail("not an ELF file (bad magic)");
  if (size < 16) throw fail("truncated ELF identification (" + std::to_string(size) + " bytes)");
  if (bytes[4] == 1) throw fail("32-bit ELF (ELFCLASS32); only 64-bit MIPS programs (n64 ABI) are supported");
  if (bytes[4] != 2) throw fail("unknown ELF class " + std::to_string(bytes[4]));
  if (bytes[5] != 1 && bytes[5] != 2) throw fail("unknown ELF data encoding " + std::to_string(bytes[5]));
  if (bytes[6] != 1) throw fail("unknown ELF version " + std::to_string(bytes[6]));
  if (size < kEhdrSize) throw fail("truncated ELF header (" + std::to_string(size) + " of 64 bytes)");

  Image img;
  img.bigEndian = bytes[5] == 2;
  const Reader r(bytes, img.bigEndian);
  const uint16_t type = r.u16(16);
  const uint16_t machine = r.u16(18);
  if (machine != kMachineMips) throw fail("not a MIPS program (e_machine " + std::to_string(machine) + ")");
  if (type != kTypeExec && type != kTypeDyn)
    throw fail("not an executable (e_type " + std::to_string(type) + "; need ET_EXEC or static-PIE ET_DYN)");
  if (kernel && type != kTypeExec)
    throw fail("a kernel must be a fixed-address executable (ET_EXEC), not position-independent");
  img.flags = r.u32(48);
  if (img.flags & kEfMipsAbi2) throw fail("n32 ABI program (EF_MIPS_ABI2); only n64 is supported");
  img.positionIndependent = type == kTypeDyn;
  img.loadBias = img.positionIndependent ? (pieBase & ~uint64_t{0xfff}) : 0;

  const uint64_t phoff = r.u64(32);
  img.phentsize = r.u16(54);
  img.phnum = r.u16(56);
  if (img.phnum == 0) throw fail("no program headers");
  if (img.phnum == 0xffff) throw fail("extended program header count (PN_XNUM) is not supported");
  if (img.phentsize != kPhdrSize)
    throw fail("program header size " + std::to_string(img.phentsize) + " (expected 56)");
  const uint64_t phTableSize = uint64_t(img.phnum) * kPhdrSize;
  if (!inBounds(phoff, phTableSize, size))
    throw fail("program header table " + hex(phoff) + "+" + hex(phTableSize) + " beyond end of file (size " +
               hex(size) + ")");

  uint64_t phdrVaddr = 0;
  bool hasPhdrSegment = false;
  for (unsigned k = 0; k < img.phnum; ++k) {
    const uint64_t at = phoff + uint64_t(k) * kPhdrSize;
    const uint32_t ptype = r.u32(at);
    const std::string ph = "program header " + std::to_string(k);
    if (ptype == kPtInterp) throw fail("dynamically linked (" + ph + " is PT_INTERP); only static programs run in se mode");
    if (ptype == kPtPhdr) {
      hasPhdrSegment = true;
      phdrVaddr = r.u64(at + 16);
    }
    if (ptype != kPtLoad) continue;
    Segment s;
    s.flags = r.u32(at + 4) & 7;
    s.fileOffset = r.u64(at + 8);
    s.vaddr = r.u64(at + 16);
    s.fileSize = r.u64(at + 32);
    s.memSize = r.u64(at + 40);
    if (!inBounds(s.fileOffset, s.fileSize, size))
      throw fail(ph + " file range " + hex(s.fileOffset) + "+" + hex(s.fileSize) + " beyond end of file (size " +
                 hex(size) + ")");
    if (s.memSize < s.fileSize)
      throw fail(ph + " memory size " + hex(s.memSize) + " smaller than file size " + hex(s.fileSize));
    if (kernel) {
      if (s.memSize > ~uint64_t{0} - s.vaddr)
        throw fail(ph + " range " + hex(s.vaddr) + "+" + hex(s.memSize) + " wraps around the address space");
      if (s.memSize != 0) img.loads.push_back(s);
      continue;
    }
    if (s.vaddr > kUserSpaceEnd || img.loadBias > kUserSpaceEnd - s.vaddr)
      throw fail(ph + " address " + hex(s.vaddr) + " outside user space (xuseg, below " + hex(kUserSpaceEnd) + ")");
    s.vaddr += img.loadBias;
    if (s.memSize > kUserSpaceEnd - s.vaddr)
      throw fail(ph + " range " + hex(s.vaddr) + "+" + hex(s.memSize) + " extends beyond user space (" +
                 hex(kUserSpaceEnd) + ")");
    if (s.memSize == 0) continue;
    img.loads.push_back(s);
  }
  if (img.loads.empty()) throw fail("no loadable (PT_LOAD) segment");

  std::sort(img.loads.begin(), img.loads.end(), [](const Segment& a, const Segment& b) { return a.vaddr < b.vaddr; });
  for (size_t k = 1; k < img.loads.size(); ++k) {
    const Segment& a = img.loads[k - 1];
    const Segment& b = img.loads[k];
    if (a.vaddr + a.memSize > b.vaddr)
      throw fail("segments " + hex(a.vaddr) + "+" + hex(a.memSize) + " and " + hex(b.vaddr) + "+" + hex(b.memSize) +
                 " overlap");
  }
  img.lowest = img.loads.front().vaddr;
  img.highest = img.loads.back().vaddr + img.loads.back().memSize;

  const uint64_t entry = r.u64(24);
  if (!kernel && entry > kUserSpaceEnd) throw fail("entry point " + hex(entry) + " outside user space");
  img.entry = entry + img.loadBias;
  const bool entryInside = std::any_of(img.loads.begin(), img.loads.end(), [&](const Segment& s) {
    return img.entry >= s.vaddr && img.entry - s.vaddr < s.memSize;
  });
  if (!entryInside) throw fail("entry point " + hex(img.entry) + " is not inside any loadable segment");
  if (img.entry & 3) throw fail("entry point " + hex(img.entry) + " is not 4-byte aligned");

  // AT_PHDR: PT_PHDR if present, else the loaded segment whose file bytes hold the table.
  if (hasPhdrSegment && phdrVaddr <= kUserSpaceEnd) {
    img.phdrAddr = phdrVaddr + img.loadBias;
  } else {
    for (const Segment& s : img.loads)
      if (phoff >= s.fileOffset && phoff - s.fileOffset < s.fileSize) img.phdrAddr = s.vaddr + (phoff - s.fileOffset);
  }
  return img;
}

// Reads the whole file, refusing directories by name.
std::vector<uint8_t> readFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(path + ": read error");
  return data;
}

}  // namespace mips::elf
