// Tests of se mode's process: the start-up stack, system calls and their
// MIPS errno convention, confinement of paths to the root, signal frames,
// and small hand-assembled programs run end to end.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <set>
#include <fstream>

#include "mips/se/process_impl.h"
#include "mips/se/test_elf.h"

namespace mips::se {
namespace {

namespace fs = std::filesystem;
using namespace mips::testing::asm_;

constexpr uint64_t kCode = 0x10000, kData = 0x20000;
constexpr unsigned V0 = 2, V1 = 3, A0 = 4, A1 = 5, A2 = 6, A3 = 7, T0 = 12, T1 = 13, RA = 31;

// A fresh root directory per test, with the test program written inside it.
class SeProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "se_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    top = tmpl;
    root = top / "root";
    fs::create_directory(root);
  }
  void TearDown() override { fs::remove_all(top); }

  // Starts a process for `code` at kCode plus a 4 KB data segment at kData.
  std::unique_ptr<Process> start(const std::vector<uint32_t>& words, bool big = false,
                                 std::vector<uint8_t> data = {}, uint64_t maxInstructions = 0) {
    testing::TestElf e;
    e.bigEndian = big;
    e.entry = kCode;
    e.segments.push_back({kCode, 5, testing::code(words, big), 0x1000});
    data.resize(std::max<size_t>(data.size(), 16));
    e.segments.push_back({kData, 6, data, 0x1000});
    testing::writeFile((root / "prog").string(), e.build());
    Options o;
    o.program = (root / "prog").string();
    o.argv = {"prog", "arg1"};
    o.envp = {"A=1"};
    o.root = root.string();
    o.maxInstructions = maxInstructions;
    return std::make_unique<Process>(o);
  }

  // A system call as the guest makes it.
  static int64_t sys(Process& p, uint64_t nr, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0,
                     uint64_t a4 = 0, uint64_t a5 = 0) {
    return p.syscall(5000 + nr, {a0, a1, a2, a3, a4, a5});
  }
  // Puts a string into guest memory.
  static uint64_t str(Process& p, uint64_t va, const std::string& s) {
    EXPECT_TRUE(p.writeGuest(va, s.c_str(), s.size() + 1));
    return va;
  }
  static uint64_t u64(Process& p, uint64_t va) {
    uint64_t v = 0;
    EXPECT_TRUE(p.get(va, v));
    return v;
  }
  static std::string cstr(Process& p, uint64_t va) {
    int err = 0;
    return p.readString(va, err).value_or("<fault>");
  }

  fs::path top, root;
};

// ---------------------------------------------------------------------------
// Start-up stack

TEST_F(SeProcess, StartupStackHasArgvEnvpAndAuxvInBothByteOrders) {
  for (bool big : {false, true}) {
    auto p = start({kNop}, big);
    const uint64_t sp = p->cpu->gpr[29];
    EXPECT_EQ(sp % 16, 0u);
    EXPECT_EQ(sp, p->initialSp);
    EXPECT_EQ(p->stackTop, kStackBase + kPageSize + kStackSize);
    EXPECT_EQ(u64(*p, sp), 2u);  // argc
    EXPECT_EQ(cstr(*p, u64(*p, sp + 8)), "prog");
    EXPECT_EQ(cstr(*p, u64(*p, sp + 16)), "arg1");
    EXPECT_EQ(u64(*p, sp + 24), 0u);
    EXPECT_EQ(cstr(*p, u64(*p, sp + 32)), "A=1");
    EXPECT_EQ(u64(*p, sp + 40), 0u);
    std::map<uint64_t, uint64_t> aux;
    std::vector<uint64_t> order;
    for (uint64_t at = sp + 48;; at += 16) {
      order.push_back(u64(*p, at));
      aux[order.back()] = u64(*p, at + 8);
      if (order.back() == 0) break;
    }
    EXPECT_EQ(order, (std::vector<uint64_t>{3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 25, 23, 31, 24, 0}));
    EXPECT_EQ(aux[6], 4096u);   // AT_PAGESZ
    EXPECT_EQ(aux[9], kCode);   // AT_ENTRY
    EXPECT_EQ(aux[4], 56u);     // AT_PHENT
    EXPECT_EQ(aux[5], 2u);      // AT_PHNUM
    EXPECT_EQ(aux[17], 100u);   // AT_CLKTCK
    EXPECT_EQ(aux[11], uint64_t(::getuid()));
    EXPECT_EQ(aux[25] % 16, 0u);  // AT_RANDOM: 16 bytes, aligned
    EXPECT_EQ(cstr(*p, aux[31]), (root / "prog").string());  // AT_EXECFN
    EXPECT_EQ(cstr(*p, aux[24]), "mips64r2");
    // QEMU's layout: the AT_EXECFN string ends 8 bytes below the stack top.
    EXPECT_EQ(aux[31] + (root / "prog").string().size() + 1, p->stackTop - 8);
    EXPECT_EQ(p->cpu->pc, kCode);
    for (unsigned r = 0; r < 32; ++r) {
      if (r != 29) {
        EXPECT_EQ(p->cpu->gpr[r], 0u) << "register " << r;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// System calls

TEST_F(SeProcess, ErrorsComeBackAsA3AndPositiveMipsErrno) {
  auto p = start({kNop});
  Cpu& c = *p->cpu;
  c.gpr[V0] = 5000 + 3;  // close(99)
  c.gpr[A0] = 99;
  ASSERT_TRUE(p->onSyscall(c));
  EXPECT_EQ(c.gpr[A3], 1u);
  EXPECT_EQ(c.gpr[V0], 9u);  // EBADF
  c.gpr[V0] = 5000 + 38;  // getpid
  ASSERT_TRUE(p->onSyscall(c));
  EXPECT_EQ(c.gpr[A3], 0u);
  EXPECT_EQ(c.gpr[V0], uint64_t(::getpid()));
}

TEST_F(SeProcess, UnknownSyscallsAnswerEnosysAndAreCounted) {
  auto p = start({kNop});
  EXPECT_EQ(sys(*p, 999), -89);
  EXPECT_EQ(sys(*p, 40), -89);  // socket: no network in se mode
  EXPECT_EQ(p->syscall(4001, {}), -89);
  EXPECT_EQ(p->result.unsupportedSyscalls["nr 5999"], 1u);
  EXPECT_EQ(p->result.unsupportedSyscalls["socket"], 1u);
  EXPECT_EQ(p->result.unsupportedSyscalls["nr 4001"], 1u);
  EXPECT_EQ(p->result.syscalls.count("socket"), 0u);
  // rseq's ENOSYS is the served answer (glibc runs without it), not a gap.
  EXPECT_EQ(sys(*p, 327), -89);
  EXPECT_EQ(p->result.syscalls["rseq"], 1u);
  EXPECT_EQ(p->result.unsupportedSyscalls.count("rseq"), 0u);
  EXPECT_EQ(sys(*p, 56), -11);  // fork: EAGAIN
  EXPECT_EQ(p->result.unsupportedSyscalls["fork"], 1u);
}

TEST_F(SeProcess, FilesRoundTripAndStatHasTheMipsLayout) {
  auto p = start({kNop});
  const uint64_t path = str(*p, kData + 0x100, "/f.txt");
  const int64_t fd = sys(*p, 247, uint64_t(-100), path, 0x1 | 0x100, 0644);  // openat O_WRONLY|O_CREAT
  ASSERT_EQ(fd, 3);
  str(*p, kData + 0x200, "hello");
  EXPECT_EQ(sys(*p, 1, uint64_t(fd), kData + 0x200, 5), 5);
  EXPECT_EQ(sys(*p, 3, uint64_t(fd)), 0);
  EXPECT_EQ(sys(*p, 4, path, kData + 0x300), 0);  // stat
  uint64_t size = 0;
  uint32_t mode = 0;
  ASSERT_TRUE(p->get(kData + 0x300 + 56, size));
  ASSERT_TRUE(p->get(kData + 0x300 + 24, mode));
  EXPECT_EQ(size, 5u);
  EXPECT_TRUE(S_ISREG(mode));
  const int64_t rfd = sys(*p, 2, path, 0, 0);  // open O_RDONLY
  ASSERT_GE(rfd, 0);
  EXPECT_EQ(sys(*p, 0, uint64_t(rfd), kData + 0x400, 100), 5);
  EXPECT_EQ(cstr(*p, kData + 0x400).substr(0, 5), "hello");
  EXPECT_EQ(sys(*p, 5, uint64_t(rfd), kData + 0x500), 0);  // fstat
  ASSERT_TRUE(p->get(kData + 0x500 + 56, size));
  EXPECT_EQ(size, 5u);
  EXPECT_EQ(sys(*p, 2, str(*p, kData + 0x600, "/missing"), 0, 0), -2);  // ENOENT
  EXPECT_EQ(sys(*p, 2, str(*p, kData + 0x600, ""), 0, 0), -2);          // an empty path names nothing
  // newfstatat(AT_FDCWD, "", AT_EMPTY_PATH) is the guest's cwd: the root here.
  EXPECT_EQ(sys(*p, 252, uint64_t(-100), str(*p, kData + 0x600, ""), kData + 0x700, 0x1000), 0);
  struct stat rootStat;
  ASSERT_EQ(::stat(root.c_str(), &rootStat), 0);
  EXPECT_EQ(u64(*p, kData + 0x700 + 16), uint64_t(rootStat.st_ino));
  EXPECT_EQ(sys(*p, 252, uint64_t(-100), kData + 0x600, kData + 0x700, 0), -2);
  EXPECT_EQ(sys(*p, 1, 77, kData, 1), -9);                             // EBADF
  EXPECT_EQ(sys(*p, 1, uint64_t(rfd), 0x5000000, 4), -14);             // EFAULT: unmapped buffer
}

TEST_F(SeProcess, LargeReadsAndWritesGoThroughInChunks) {
  std::string big(3 << 20, 'q');
  big[(3 << 20) - 1] = 'z';
  std::ofstream(root / "big") << big;
  auto p = start({kNop});
  const uint64_t buf = uint64_t(sys(*p, 9, 0, 4 << 20, 3, 0x802, uint64_t(-1), 0));
  const int64_t fd = sys(*p, 2, str(*p, kData + 0x100, "/big"), 0, 0);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(sys(*p, 0, uint64_t(fd), buf, 4 << 20), 3 << 20);
  uint8_t last = 0;
  ASSERT_TRUE(p->get(buf + (3 << 20) - 1, last));
  EXPECT_EQ(last, 'z');
  const int64_t out = sys(*p, 247, uint64_t(-100), str(*p, kData + 0x100, "/copy"), 0x1 | 0x100, 0644);
  EXPECT_EQ(sys(*p, 1, uint64_t(out), buf, 3 << 20), 3 << 20);
  EXPECT_EQ(fs::file_size(root / "copy"), uint64_t(3) << 20);
}

TEST_F(SeProcess, PipesDupAndFcntl) {
  auto p = start({kNop});
  ASSERT_EQ(sys(*p, 287, kData + 0x100, 0x80000), 0);  // pipe2(O_CLOEXEC)
  int32_t r = -1, w = -1;
  ASSERT_TRUE(p->get(kData + 0x100, r));
  ASSERT_TRUE(p->get(kData + 0x104, w));
  EXPECT_EQ(r, 3);
  EXPECT_EQ(w, 4);
  EXPECT_EQ(sys(*p, 70, uint64_t(r), 1), 1);  // F_GETFD: FD_CLOEXEC
  EXPECT_EQ(sys(*p, 32, uint64_t(w), 10), 10);  // dup2
  str(*p, kData + 0x200, "xyz");
  EXPECT_EQ(sys(*p, 1, 10, kData + 0x200, 3), 3);
  EXPECT_EQ(sys(*p, 0, uint64_t(r), kData + 0x300, 3), 3);
  EXPECT_EQ(cstr(*p, kData + 0x300).substr(0, 3), "xyz");
  EXPECT_EQ(sys(*p, 21), 5);  // pipe: read end in v0, write end in v1
  EXPECT_EQ(p->cpu->gpr[V1], 6u);
}

TEST_F(SeProcess, WritingToAClosedPipeRaisesSigpipe) {
  auto p = start({kNop});
  ASSERT_EQ(sys(*p, 287, kData + 0x100, 0), 0);  // pipe2: 3 and 4
  EXPECT_EQ(sys(*p, 3, 3), 0);                   // close the read end
  EXPECT_EQ(sys(*p, 1, 4, kData, 1), -32);       // EPIPE
  p->deliverPending(kCode);
  EXPECT_EQ(p->result.end, Result::End::Signalled);
  EXPECT_EQ(p->result.exitStatus, 128 + 13);
}

TEST_F(SeProcess, PollReportsReadablePipesAndBadDescriptors) {
  auto p = start({kNop});
  ASSERT_EQ(sys(*p, 287, kData + 0x100, 0), 0);  // pipe2
  str(*p, kData + 0x200, "x");
  EXPECT_EQ(sys(*p, 1, 4, kData + 0x200, 1), 1);
  // struct pollfd {int fd; short events; short revents;} x 2: the read end, and fd 50
  EXPECT_TRUE(p->put<int32_t>(kData + 0x300, 3));
  EXPECT_TRUE(p->put<int16_t>(kData + 0x304, 1));  // POLLIN
  EXPECT_TRUE(p->put<int32_t>(kData + 0x308, 50));
  EXPECT_TRUE(p->put<int16_t>(kData + 0x30c, 1));
  EXPECT_EQ(sys(*p, 7, kData + 0x300, 2, 0), 2);
  int16_t revents = 0;
  ASSERT_TRUE(p->get(kData + 0x306, revents));
  EXPECT_EQ(revents, 1);  // POLLIN
  ASSERT_TRUE(p->get(kData + 0x30e, revents));
  EXPECT_EQ(revents, 0x20);  // POLLNVAL
}

TEST_F(SeProcess, PrctlKeepsTheThreadName) {
  auto p = start({kNop});
  ASSERT_EQ(sys(*p, 153, 16, kData + 0x100), 0);  // PR_GET_NAME
  EXPECT_EQ(cstr(*p, kData + 0x100), "prog");
  ASSERT_EQ(sys(*p, 153, 15, str(*p, kData + 0x200, "worker-thread-name")), 0);
  ASSERT_EQ(sys(*p, 153, 16, kData + 0x100), 0);
  EXPECT_EQ(cstr(*p, kData + 0x100), "worker-thread-n");
  EXPECT_EQ(sys(*p, 153, 1234), -22);
  EXPECT_EQ(p->result.unsupportedSyscalls["prctl option 1234"], 1u);
}

TEST_F(SeProcess, IdentityTimeAndLimits) {
  auto p = start({kNop});
  ASSERT_EQ(sys(*p, 61, kData + 0x100), 0);  // uname
  EXPECT_EQ(cstr(*p, kData + 0x100), "Linux");
  EXPECT_EQ(cstr(*p, kData + 0x100 + 4 * 65), "mips64");
  ASSERT_EQ(sys(*p, 77, kData + 0x400, 100), 2);  // getcwd: "/" and its NUL
  EXPECT_EQ(cstr(*p, kData + 0x400), "/");
  EXPECT_EQ(sys(*p, 77, kData + 0x400, 1), -34);  // ERANGE
  ASSERT_EQ(sys(*p, 222, 1, kData + 0x500), 0);    // clock_gettime(CLOCK_MONOTONIC)
  EXPECT_GT(u64(*p, kData + 0x500) + u64(*p, kData + 0x508), 0u);
  ASSERT_EQ(sys(*p, 297, 0, 3, 0, kData + 0x600), 0);  // prlimit64(RLIMIT_STACK)
  EXPECT_EQ(u64(*p, kData + 0x600), kStackSize);
  EXPECT_EQ(sys(*p, 242, 0x1234), 0);  // set_thread_area
  EXPECT_EQ(p->cpu->userLocal, 0x1234u);
  EXPECT_EQ(sys(*p, 93, 077), 022);  // umask returns the old mask
  EXPECT_EQ(sys(*p, 313, kData + 0x700, 16, 0), 16);  // getrandom
  EXPECT_EQ(sys(*p, 15, 0x99, 0x540d, kData), -9);    // ioctl on a bad fd
  // futex: WAKE wakes nobody; WAIT on a changed value returns EAGAIN at once.
  EXPECT_TRUE(p->put<uint32_t>(kData + 0x800, 7));
  EXPECT_EQ(sys(*p, 194, kData + 0x800, 128 | 1, 1), 0);
  EXPECT_EQ(sys(*p, 194, kData + 0x800, 128 | 0, 6), -11);
  EXPECT_EQ(sys(*p, 271, kData + 0x900, kData + 0x904), 0);  // getcpu
}

TEST_F(SeProcess, BrkAndMmapPlaceMemoryLikeQemu) {
  auto p = start({kNop});
  const uint64_t brk0 = uint64_t(sys(*p, 12, 0));
  EXPECT_EQ(brk0, kData + 0x1000);  // page after the data segment
  EXPECT_EQ(uint64_t(sys(*p, 12, brk0 + 0x1800)), brk0 + 0x1800);
  EXPECT_TRUE(p->memory.isMapped(brk0, 0x2000));
  EXPECT_TRUE(p->put<uint64_t>(brk0 + 0x1000, 7));
  EXPECT_EQ(uint64_t(sys(*p, 12, brk0)), brk0);  // shrink
  EXPECT_FALSE(p->memory.isMapped(brk0, 0x1000));

  // Anonymous mmap: the first goes right after the stack and the signal trampoline page.
  const uint64_t m1 = uint64_t(sys(*p, 9, 0, 8192, 3, 0x802, uint64_t(-1), 0));
  const uint64_t m2 = uint64_t(sys(*p, 9, 0, 4096, 3, 0x802, uint64_t(-1), 0));
  EXPECT_EQ(m1, 0x4000802000u);
  EXPECT_EQ(m2, m1 + 8192);
  EXPECT_TRUE(p->put<uint64_t>(m1, 1));
  EXPECT_EQ(sys(*p, 10, m1, 4096, 1), 0);  // mprotect read-only
  EXPECT_FALSE(p->put<uint64_t>(m1, 1));
  EXPECT_EQ(sys(*p, 11, m1, 8192), 0);  // munmap
  EXPECT_FALSE(p->memory.isMapped(m1, 4096));
  EXPECT_EQ(sys(*p, 9, 0, 0, 3, 0x802, uint64_t(-1), 0), -22);  // length 0
  EXPECT_EQ(sys(*p, 10, m1 + 1, 4096, 1), -22);
  // mremap without MAYMOVE grows in place if it can; with MAYMOVE it moves
  // to the next free range and keeps the contents (QEMU's behaviour).
  const uint64_t m3 = uint64_t(sys(*p, 9, 0, 4096, 3, 0x802, uint64_t(-1), 0));
  EXPECT_TRUE(p->put<uint64_t>(m3, 99));
  const uint64_t next = uint64_t(sys(*p, 9, 0, 4096, 3, 0x802, uint64_t(-1), 0));
  ASSERT_EQ(next, m3 + 4096);
  EXPECT_EQ(sys(*p, 24, m3, 4096, 2 * 4096, 0, 0), -12);  // cannot grow in place: ENOMEM
  const uint64_t moved = uint64_t(sys(*p, 24, m3, 4096, 3 * 4096, 1, 0));
  EXPECT_NE(moved, m3);
  EXPECT_TRUE(p->memory.isMapped(moved, 3 * 4096));
  EXPECT_FALSE(p->memory.isMapped(m3, 4096));
  EXPECT_EQ(u64(*p, moved), 99u);
  const uint64_t m4 = uint64_t(sys(*p, 9, 0, 4096, 3, 0x802, uint64_t(-1), 0));
  EXPECT_EQ(sys(*p, 11, m4 + 4096, 4096), 0);
  EXPECT_EQ(uint64_t(sys(*p, 24, m4, 4096, 2 * 4096, 0, 0)), m4);  // in place
}

TEST_F(SeProcess, HugeReservationsAreCheap) {
  auto p = start({kNop});
  // 512 GB of PROT_NONE, then made writable in part, then unmapped: no per-page work.
  const uint64_t size = uint64_t{1} << 39;
  const uint64_t m = uint64_t(sys(*p, 9, 0, size, 0, 0x802, uint64_t(-1), 0));
  ASSERT_LT(m, AddressSpace::kUserEnd);
  EXPECT_EQ(sys(*p, 10, m, 1 << 20, 3), 0);
  EXPECT_TRUE(p->put<uint64_t>(m + 8, 5));
  EXPECT_EQ(sys(*p, 11, m, size), 0);
  EXPECT_FALSE(p->memory.isMapped(m, 4096));
}

TEST_F(SeProcess, FileBackedMmapReadsTheFile) {
  std::ofstream(root / "data.bin") << "0123456789";
  auto p = start({kNop});
  const int64_t fd = sys(*p, 2, str(*p, kData + 0x100, "data.bin"), 0, 0);
  ASSERT_GE(fd, 0);
  const uint64_t m = uint64_t(sys(*p, 9, 0, 4096, 1, 2, uint64_t(fd), 0));  // PROT_READ, MAP_PRIVATE
  EXPECT_EQ(cstr(*p, m), "0123456789");
}

// Random system calls with hostile arguments: none may crash disco or throw.
TEST_F(SeProcess, RandomSystemCallsNeverCrashTheHost) {
  // A random write may legitimately send gigabytes from a huge mapping to a
  // file; cap file sizes for this test (the host then answers EFBIG).
  struct FileSizeCap {
    rlimit saved{};
    void (*savedHandler)(int) = nullptr;
    FileSizeCap() {
      ::getrlimit(RLIMIT_FSIZE, &saved);
      rlimit cap = saved;
      cap.rlim_cur = 64 << 20;
      ::setrlimit(RLIMIT_FSIZE, &cap);
      savedHandler = ::signal(SIGXFSZ, SIG_IGN);
    }
    ~FileSizeCap() {
      ::setrlimit(RLIMIT_FSIZE, &saved);
      ::signal(SIGXFSZ, savedHandler);
    }
  } fileSizeCap;
  auto p = start({kNop});
  for (int fd = 0; fd < 3; ++fd) EXPECT_EQ(sys(*p, 3, uint64_t(fd)), 0);  // no output to the test's streams
  const uint64_t values[] = {0, 1, 2, 3, 16, 4096, uint64_t(-1), uint64_t(-100), kData, kData + 0x800,
                             kData + 0xff8, kCode, uint64_t{1} << 40, uint64_t{1} << 63, 0x7fffffff,
                             AddressSpace::kMmapBase};
  // Calls that sleep or wait (nanosleep, pause, alarm, itimers, sigsuspend, futex, poll; pipes, whose
  // reads block) or sync the host are left out.
  const std::set<unsigned> skip = {7, 21, 33, 34, 35, 36, 37, 58, 128, 157, 194, 205, 224, 261, 287};
  std::mt19937 rng(2024);
  for (int k = 0; k < 20000; ++k) {
    unsigned n = rng() % 330;
    if (skip.count(n)) continue;
    std::array<uint64_t, 6> a;
    for (auto& v : a) v = rng() % 4 == 0 ? rng() : values[rng() % std::size(values)];
    ASSERT_NO_THROW(p->syscall(5000 + n, a)) << "syscall " << n;
    p->finished = false;  // a signal's default action may have ended the run; keep going
    p->pending.clear();
  }
  EXPECT_FALSE(fs::exists(top / "escaped"));
}

// ---------------------------------------------------------------------------
// The root confines every path.

TEST_F(SeProcess, PathsCannotLeaveTheRoot) {
  std::ofstream(top / "secret.txt") << "outside";
  std::ofstream(root / "inside.txt") << "inside";
  fs::create_symlink("../secret.txt", root / "up");
  fs::create_symlink((top / "secret.txt").string(), root / "hostabs");
  fs::create_symlink("/inside.txt", root / "abs");
  fs::create_directory(root / "d");
  auto p = start({kNop});
  auto open = [&](const std::string& path) { return sys(*p, 2, str(*p, kData + 0x100, path), 0, 0); };
  EXPECT_EQ(open("/../secret.txt"), -2);
  EXPECT_EQ(open("../secret.txt"), -2);
  EXPECT_EQ(open("d/../../secret.txt"), -2);
  EXPECT_EQ(open("up"), -2);       // relative symlink out of the root
  EXPECT_EQ(open("hostabs"), -2);  // absolute host path is read inside the root
  EXPECT_GE(open("abs"), 0);       // an absolute link resolves inside the root
  EXPECT_GE(open("/d/../inside.txt"), 0);
  // chdir("..") at the root stays at the root.
  EXPECT_EQ(sys(*p, 78, str(*p, kData + 0x100, "/d/../..")), 0);
  ASSERT_EQ(sys(*p, 77, kData + 0x200, 100), 2);
  EXPECT_EQ(cstr(*p, kData + 0x200), "/");
  // lstat of "/.." is the root itself, not its host parent.
  ASSERT_EQ(sys(*p, 6, str(*p, kData + 0x100, "/.."), kData + 0x300), 0);
  struct stat rootStat;
  ASSERT_EQ(::stat(root.c_str(), &rootStat), 0);
  EXPECT_EQ(u64(*p, kData + 0x300 + 16), uint64_t(rootStat.st_ino));
  // The link itself is visible; readlink returns its text.
  const int64_t n = sys(*p, 87, str(*p, kData + 0x100, "/up"), kData + 0x400, 100);
  ASSERT_EQ(n, 13);
  EXPECT_EQ(cstr(*p, kData + 0x400).substr(0, 13), "../secret.txt");
  // Paths relative to a directory descriptor, and fchdir.
  const int64_t dir = sys(*p, 2, str(*p, kData + 0x100, "/d"), 0x10000, 0);  // O_DIRECTORY
  ASSERT_GE(dir, 0);
  EXPECT_GE(sys(*p, 247, uint64_t(dir), str(*p, kData + 0x100, "../inside.txt"), 0, 0), 0);
  EXPECT_EQ(sys(*p, 247, uint64_t(dir), str(*p, kData + 0x100, "../../secret.txt"), 0, 0), -2);
  EXPECT_EQ(sys(*p, 79, uint64_t(dir)), 0);
  ASSERT_EQ(sys(*p, 77, kData + 0x200, 100), 3);
  EXPECT_EQ(cstr(*p, kData + 0x200), "/d");
  EXPECT_GE(open("../inside.txt"), 0);
  // Creating and removing things works inside, and cannot reach outside.
  EXPECT_EQ(sys(*p, 81, str(*p, kData + 0x100, "/newdir"), 0755), 0);
  EXPECT_TRUE(fs::is_directory(root / "newdir"));
  EXPECT_EQ(sys(*p, 85, str(*p, kData + 0x100, "/../secret.txt")), -2);
  EXPECT_TRUE(fs::exists(top / "secret.txt"));
}

TEST_F(SeProcess, LinksModesTimesAndFileSystemStatistics) {
  std::ofstream(root / "a.txt") << "abc";
  auto p = start({kNop});
  const uint64_t a = str(*p, kData + 0x100, "/a.txt");
  EXPECT_EQ(sys(*p, 86, str(*p, kData + 0x200, "a.txt"), str(*p, kData + 0x300, "/sym")), 0);  // symlink
  EXPECT_EQ(fs::read_symlink(root / "sym").string(), "a.txt");
  EXPECT_EQ(sys(*p, 84, a, str(*p, kData + 0x400, "/hard")), 0);  // link
  EXPECT_EQ(fs::hard_link_count(root / "a.txt"), 2u);
  EXPECT_EQ(sys(*p, 88, str(*p, kData + 0x300, "/sym"), 0600), 0);  // chmod follows the link
  EXPECT_EQ(fs::status(root / "a.txt").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  // utimensat(AT_FDCWD, "/a.txt", {{1000, 0}, {2000, 0}}, 0)
  EXPECT_TRUE(p->put<int64_t>(kData + 0x500, 1000) && p->put<int64_t>(kData + 0x508, 0));
  EXPECT_TRUE(p->put<int64_t>(kData + 0x510, 2000) && p->put<int64_t>(kData + 0x518, 0));
  EXPECT_EQ(sys(*p, 275, uint64_t(-100), a, kData + 0x500, 0), 0);
  struct stat st;
  ASSERT_EQ(::stat((root / "a.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtime, 2000);
  EXPECT_EQ(sys(*p, 134, a, kData + 0x600), 0);  // statfs: f_bsize at 8, f_namelen at 72
  EXPECT_GT(u64(*p, kData + 0x608), 0u);
  EXPECT_EQ(u64(*p, kData + 0x600 + 72), 255u);
  EXPECT_EQ(sys(*p, 86, str(*p, kData + 0x200, "x"), str(*p, kData + 0x300, "/../outside")), 0);
  EXPECT_FALSE(fs::exists(fs::symlink_status(top / "outside")));  // created inside the root instead
  EXPECT_TRUE(fs::is_symlink(root / "outside"));
}

// ---------------------------------------------------------------------------
// Signals

TEST_F(SeProcess, SignalFrameHoldsSiginfoAndContextAndSigreturnRestoresIt) {
  auto p = start({kNop});
  Cpu& c = *p->cpu;
  p->actions[16].handler = kCode + 0x100;
  c.gpr[16] = 0x5555;
  c.hi = 7;
  const uint64_t oldSp = c.gpr[29];
  SigInfo info;
  info.signo = 16;
  info.pid = 1234;
  p->queueSignal(info);
  p->deliverPending(kCode + 0x40);
  const uint64_t frame = c.gpr[29];
  EXPECT_EQ(frame % 16, 0u);
  EXPECT_LE(frame + frame::kSize + 32, oldSp);
  EXPECT_EQ(c.gpr[A0], 16u);
  EXPECT_EQ(c.gpr[A1], frame + 24);
  EXPECT_EQ(c.gpr[A2], frame + 152);
  EXPECT_EQ(c.gpr[RA], p->trampoline);
  EXPECT_EQ(c.gpr[25], kCode + 0x100);
  EXPECT_EQ(c.npc, kCode + 0x100);
  int32_t signo = 0, pid = 0;
  ASSERT_TRUE(p->get(frame + 24, signo));
  ASSERT_TRUE(p->get(frame + 24 + 16, pid));
  EXPECT_EQ(signo, 16);
  EXPECT_EQ(pid, 1234);
  const uint64_t mc = frame + 152 + 40;
  EXPECT_EQ(u64(*p, mc + 8 * 16), 0x5555u);  // sc_regs[16]
  EXPECT_EQ(u64(*p, mc + 512), 7u);          // sc_mdhi
  EXPECT_EQ(u64(*p, mc + 576), kCode + 0x40);  // sc_pc
  EXPECT_TRUE(p->blocked.has(16));            // blocked while the handler runs
  EXPECT_EQ(p->result.signalsDelivered[16], 1u);
  // The handler clobbers registers, then returns through rt_sigreturn.
  c.gpr[16] = 0;
  c.hi = 0;
  ASSERT_TRUE(p->sigreturn());
  EXPECT_EQ(c.gpr[16], 0x5555u);
  EXPECT_EQ(c.hi, 7u);
  EXPECT_EQ(c.gpr[29], oldSp);
  EXPECT_EQ(c.npc, kCode + 0x40);
  EXPECT_FALSE(p->blocked.has(16));
}

TEST_F(SeProcess, SigsuspendDeliversWithTheTemporaryMaskAndRestoresTheOldOne) {
  auto p = start({kNop});
  Cpu& c = *p->cpu;
  p->actions[16].handler = kCode + 0x100;
  p->blocked.add(16);
  EXPECT_EQ(sys(*p, 192, uint64_t(::getpid()), 16), 0);  // pending, blocked
  EXPECT_TRUE(p->put<uint64_t>(kData + 0x100, 0) && p->put<uint64_t>(kData + 0x108, 0));  // wait with nothing blocked
  c.gpr[V0] = 5000 + 128;
  c.gpr[A0] = kData + 0x100;
  c.gpr[A1] = 16;
  ASSERT_TRUE(p->onSyscall(c));
  EXPECT_EQ(c.gpr[A3], 1u);
  EXPECT_EQ(c.gpr[V0], 4u);  // EINTR
  EXPECT_EQ(p->result.signalsDelivered[16], 1u);
  EXPECT_EQ(c.npc, kCode + 0x100);
  uint64_t savedMask = 0;
  ASSERT_TRUE(p->get(c.gpr[29] + 152 + 640, savedMask));
  EXPECT_EQ(savedMask, uint64_t{1} << 15);  // the caller's mask comes back at sigreturn
  // With nothing pending, sigsuspend would wait forever: the run ends with a message.
  c.gpr[V0] = 5000 + 128;
  c.gpr[A0] = kData + 0x100;
  c.gpr[A1] = 16;
  ASSERT_TRUE(p->onSyscall(c));
  EXPECT_EQ(p->result.end, Result::End::Error);
  EXPECT_NE(p->result.message.find("would wait forever"), std::string::npos);
}

TEST_F(SeProcess, DefaultActionsTerminateOrIgnore) {
  auto p = start({kNop});
  EXPECT_EQ(sys(*p, 60, uint64_t(::getpid()), 18), 0);  // SIGCHLD: ignored by default
  p->deliverPending(kCode);
  EXPECT_FALSE(p->finished);
  EXPECT_EQ(sys(*p, 60, 999999, 15), -1);  // kill of another process: EPERM
  EXPECT_EQ(sys(*p, 60, uint64_t(::getpid()), 15), 0);  // SIGTERM
  p->deliverPending(kCode);
  EXPECT_TRUE(p->finished);
  EXPECT_EQ(p->result.end, Result::End::Signalled);
  EXPECT_EQ(p->result.exitStatus, 128 + 15);
  EXPECT_NE(p->result.message.find("guest terminated by signal 15 (SIGTERM) at pc 0x10000"), std::string::npos)
      << p->result.message;
}

TEST_F(SeProcess, BlockedSignalsWaitUntilUnblocked) {
  auto p = start({kNop});
  p->actions[16].handler = kCode + 0x100;
  EXPECT_TRUE(p->put<uint64_t>(kData + 0x100, uint64_t{1} << 15));  // {SIGUSR1}
  EXPECT_TRUE(p->put<uint64_t>(kData + 0x108, 0));
  EXPECT_EQ(sys(*p, 14, 1, kData + 0x100, 0, 16), 0);  // SIG_BLOCK
  EXPECT_EQ(sys(*p, 192, uint64_t(::getpid()), 16), 0);  // tkill
  p->deliverPending(kCode);
  EXPECT_EQ(p->result.signalsDelivered.count(16), 0u);
  EXPECT_EQ(sys(*p, 125, kData + 0x200, 16), 0);  // rt_sigpending
  EXPECT_EQ(u64(*p, kData + 0x200), uint64_t{1} << 15);
  EXPECT_EQ(sys(*p, 14, 2, kData + 0x100, 0, 16), 0);  // SIG_UNBLOCK
  p->deliverPending(kCode);
  EXPECT_EQ(p->result.signalsDelivered[16], 1u);
  EXPECT_EQ(sys(*p, 13, 9, kData + 0x300, 0, 16), -22);  // SIGKILL cannot be caught
  // Ignoring a pending signal discards it.
  EXPECT_EQ(sys(*p, 14, 1, kData + 0x100, 0, 16), 0);
  EXPECT_EQ(sys(*p, 192, uint64_t(::getpid()), 16), 0);
  EXPECT_EQ(p->pending.size(), 1u);
  EXPECT_TRUE(p->put<uint64_t>(kData + 0x400, 0) && p->put<uint64_t>(kData + 0x408, 1));  // flags 0, SIG_IGN
  EXPECT_EQ(sys(*p, 13, 16, kData + 0x400, 0, 16), 0);
  EXPECT_TRUE(p->pending.empty());
}

// ---------------------------------------------------------------------------
// Whole programs.

TEST_F(SeProcess, HelloWorldWritesAndExitsInBothByteOrders) {
  for (bool big : {false, true}) {
    std::vector<uint32_t> prog = la(A1, kData);
    prog.insert(prog.end(), {li(A0, 1), li(A2, 6), li(V0, 5001), kSyscall, li(A0, 7), li(V0, 5058), kSyscall});
    const std::string msg = "hello\n";
    ::testing::internal::CaptureStdout();
    auto p = start(prog, big, std::vector<uint8_t>(msg.begin(), msg.end()));
    const Result r = p->run();
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "hello\n");
    EXPECT_EQ(r.end, Result::End::Exited);
    EXPECT_EQ(r.exitStatus, 7);
    EXPECT_EQ(r.instructions, prog.size());
    EXPECT_EQ(r.syscalls.at("write"), 1u);
    EXPECT_EQ(r.syscalls.at("exit"), 1u);
  }
}

TEST_F(SeProcess, HandlerRunsAndReturnsThroughTheTrampoline) {
  // data: struct sigaction {flags 0; handler kCode+0x100; mask 0}
  std::vector<uint8_t> act(32, 0);
  const uint64_t handler = kCode + 0x100;
  std::memcpy(&act[8], &handler, 8);
  std::vector<uint32_t> prog = la(A1, kData);
  prog.insert(prog.end(), {li(V0, 5013), li(A0, 16), li(A2, 0), li(A3, 16), kSyscall,  // rt_sigaction
                           li(V0, 5038), kSyscall,                                       // getpid
                           0x00402021 /* addu a0,v0,zero */, li(A1, 16), li(V0, 5060), kSyscall});  // kill
  const auto marker = la(T0, kData + 0x100);
  prog.insert(prog.end(), marker.begin(), marker.end());
  prog.insert(prog.end(), {lw(A0, 0, T0), li(V0, 5058), kSyscall});
  prog.resize(0x40, kNop);
  prog.insert(prog.end(), marker.begin(), marker.end());  // the handler: *marker = 42
  prog.insert(prog.end(), {li(T1, 42), sw(T1, 0, T0), jr(RA), kNop});
  auto p = start(prog, false, act);
  const Result r = p->run();
  EXPECT_EQ(r.end, Result::End::Exited) << r.message;
  EXPECT_EQ(r.exitStatus, 42);
  EXPECT_EQ(r.signalsDelivered.at(16), 1u);
  EXPECT_EQ(r.syscalls.at("rt_sigreturn"), 1u);
}

TEST_F(SeProcess, TimerSignalInterruptsALoopWithoutSystemCalls) {
  // data: struct sigaction at 0 {flags 0; handler kCode+0x100}, struct itimerval at 0x40 = {{0,0},{0,10000}}
  std::vector<uint8_t> data(0x60, 0);
  const uint64_t handler = kCode + 0x100, usec = 10000;
  std::memcpy(&data[8], &handler, 8);
  std::memcpy(&data[0x40 + 24], &usec, 8);
  std::vector<uint32_t> prog = la(A1, kData);
  prog.insert(prog.end(), {li(V0, 5013), li(A0, 14), li(A2, 0), li(A3, 16), kSyscall});  // rt_sigaction(SIGALRM)
  const auto itv = la(A1, kData + 0x40);
  prog.insert(prog.end(), itv.begin(), itv.end());
  prog.insert(prog.end(), {li(V0, 5036), li(A0, 0), li(A2, 0), kSyscall});  // setitimer(ITIMER_REAL)
  const auto marker = la(T0, kData + 0x100);
  prog.insert(prog.end(), marker.begin(), marker.end());
  prog.insert(prog.end(), {lw(T1, 0, T0), 0x11a0fffe /* beqz t1, back to the lw */, kNop,
                           0x01a02021 /* move a0, t1 */, li(V0, 5058), kSyscall});
  prog.resize(0x40, kNop);
  prog.insert(prog.end(), marker.begin(), marker.end());  // the handler: *marker = 42
  prog.insert(prog.end(), {li(T1, 42), sw(T1, 0, T0), jr(RA), kNop});
  auto p = start(prog, false, data, 2'000'000'000);
  const Result r = p->run();
  EXPECT_EQ(r.end, Result::End::Exited) << r.message;
  EXPECT_EQ(r.exitStatus, 42);
  EXPECT_EQ(r.signalsDelivered.at(14), 1u);
  EXPECT_EQ(r.syscalls.at("setitimer"), 1u);
}

TEST_F(SeProcess, FaultHandlerCanSkipTheFaultingInstruction) {
  std::vector<uint8_t> act(32, 0);
  const uint64_t handler = kCode + 0x100;
  std::memcpy(&act[8], &handler, 8);
  std::vector<uint32_t> prog = la(A1, kData);
  prog.insert(prog.end(), {li(V0, 5013), li(A0, 11), li(A2, 0), li(A3, 16), kSyscall,  // SIGSEGV handler
                           lw(T1, 0, 0),                                                 // fault at address 0
                           li(A0, 5), li(V0, 5058), kSyscall});
  prog.resize(0x40, kNop);
  // handler: uc->uc_mcontext.sc_pc += 4
  prog.insert(prog.end(), {ld(T0, 616, A2), daddiu(T0, T0, 4), sd(T0, 616, A2), jr(RA), kNop});
  auto p = start(prog, false, act);
  const Result r = p->run();
  EXPECT_EQ(r.end, Result::End::Exited) << r.message;
  EXPECT_EQ(r.exitStatus, 5);
  EXPECT_EQ(r.signalsDelivered.at(11), 1u);
  EXPECT_EQ(r.exceptions.at(excCodeName(ExcCode::TLBL)), 1u);
}

TEST_F(SeProcess, UnhandledFaultKillsWithTheSignalAndNamesTheInstruction) {
  auto p = start({lw(T1, 0, 0)});
  const Result r = p->run();
  EXPECT_EQ(r.end, Result::End::Signalled);
  EXPECT_EQ(r.signal, 11);
  EXPECT_EQ(r.exitStatus, 139);
  EXPECT_NE(r.message.find("signal 11 (SIGSEGV) at pc 0x10000: 0x8c0d0000 lw"), std::string::npos) << r.message;
}

// Trap and break codes 6 and 7 (overflow, divide by zero) mean SIGFPE on Linux;
// other codes SIGTRAP. (QEMU 7.2's user mode sends SIGTRAP for all of them,
// which is why the corpus program sig_trap cannot pin this down.)
TEST_F(SeProcess, TrapAndBreakCodesChooseTheSignalAsLinuxDoes) {
  struct Case {
    uint32_t word;
    int signal;
    const char* what;
  };
  const Case cases[] = {
      {0x000001f4, 8, "teq $0,$0,7"},     {0x000001b4, 8, "teq $0,$0,6"},
      {0x00000034, 5, "teq $0,$0"},       {0x0007000d, 8, "break 7 (code at bit 16)"},
      {0x000001cd, 8, "break 0,7"},       {0x0000000d, 5, "break"},
      {0x0007004d, 5, "break 7,1 (code 1031)"}, {0x040c0000, 5, "teqi $0,0"},
  };
  for (const Case& c : cases) {
    auto p = start({c.word});
    const Result r = p->run();
    EXPECT_EQ(r.end, Result::End::Signalled) << c.what;
    EXPECT_EQ(r.signal, c.signal) << c.what << ": " << r.message;
  }
}

TEST_F(SeProcess, InstructionLimitStopsAnEndlessLoop) {
  auto p = start({0x1000ffff /* b . */, kNop}, false, {}, 1000);
  const Result r = p->run();
  EXPECT_EQ(r.end, Result::End::InstructionLimit);
  EXPECT_EQ(r.exitStatus, 124);
  EXPECT_EQ(r.instructions, 1000u);
  EXPECT_NE(r.message.find("instruction limit of 1000 reached"), std::string::npos) << r.message;
}

TEST_F(SeProcess, TraceDisassemblesEachInstruction) {
  std::ostringstream trace;
  auto p = start({li(A0, 3), li(V0, 5058), kSyscall});
  p->options.trace = &trace;
  const Result r = p->run();
  EXPECT_EQ(r.exitStatus, 3);
  const std::string t = trace.str();
  EXPECT_EQ(std::count(t.begin(), t.end(), '\n'), 3);
  EXPECT_NE(t.find("syscall"), std::string::npos) << t;
  EXPECT_NE(t.find("0000000000010000"), std::string::npos) << t;
}

TEST(SeLoad, BadProgramsThrowLoadErrorNamingTheFile) {
  Options o;
  o.program = "/nonexistent/prog";
  o.argv = {"prog"};
  try {
    run(o);
    FAIL() << "no error";
  } catch (const LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/prog: cannot open"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mips::se
