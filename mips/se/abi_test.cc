// Tests of the MIPS n64 ABI tables: syscall names, errno and open-flag
// translation, signal names and default actions.
#include "mips/se/abi.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>

namespace mips::se::abi {
namespace {

TEST(Abi, SyscallNamesFollowTheN64Table) {
  EXPECT_EQ(syscallName(5000), "read");
  EXPECT_EQ(syscallName(5001), "write");
  EXPECT_EQ(syscallName(5058), "exit");
  EXPECT_EQ(syscallName(5205), "exit_group");
  EXPECT_EQ(syscallName(5211), "rt_sigreturn");
  EXPECT_EQ(syscallName(5247), "openat");
  EXPECT_EQ(syscallName(5308), "getdents64");
  EXPECT_EQ(syscallName(5326), "statx");
  EXPECT_EQ(syscallName(5327), "rseq");
  EXPECT_EQ(syscallName(5435), "clone3");
  EXPECT_EQ(syscallName(5238), "");  // unused slot
  EXPECT_EQ(syscallName(4001), "");  // o32 numbers are not n64
}

TEST(Abi, ErrnoIsTranslatedToMipsNumbers) {
  EXPECT_EQ(errnoToGuest(ENOENT), 2);
  EXPECT_EQ(errnoToGuest(EINVAL), 22);
  EXPECT_EQ(errnoToGuest(ENOSYS), 89);
  EXPECT_EQ(errnoToGuest(ELOOP), 90);
  EXPECT_EQ(errnoToGuest(ENOTEMPTY), 93);
  EXPECT_EQ(errnoToGuest(ENAMETOOLONG), 78);
  EXPECT_EQ(errnoToGuest(EOVERFLOW), 79);
  EXPECT_EQ(errnoToGuest(ETIMEDOUT), 145);
  EXPECT_EQ(errnoToGuest(EDQUOT), 1133);
  EXPECT_EQ(err::kENOSYS, 89);
}

TEST(Abi, OpenFlagsUseMipsBits) {
  EXPECT_EQ(openFlagsToHost(0x1 | 0x100 | 0x200), O_WRONLY | O_CREAT | O_TRUNC);
  EXPECT_EQ(openFlagsToHost(0x2 | 0x8 | 0x80), O_RDWR | O_APPEND | O_NONBLOCK);
  EXPECT_EQ(openFlagsToHost(0x10000 | 0x80000), O_DIRECTORY | O_CLOEXEC);
  EXPECT_EQ(openFlagsToGuest(O_RDWR | O_APPEND | O_NONBLOCK), 0x2u | 0x8 | 0x80);
}

TEST(Abi, SignalNamesAndDefaults) {
  EXPECT_EQ(signalName(sig::USR1), "SIGUSR1");
  EXPECT_EQ(sig::USR1, 16);
  EXPECT_EQ(signalName(sig::BUS), "SIGBUS");
  EXPECT_EQ(signalName(34), "SIGRT2");
  EXPECT_EQ(defaultAction(sig::CHLD), DefaultAction::Ignore);
  EXPECT_EQ(defaultAction(sig::SEGV), DefaultAction::Terminate);
  EXPECT_EQ(defaultAction(sig::PWR), DefaultAction::Terminate);
  EXPECT_EQ(defaultAction(sig::TSTP), DefaultAction::Stop);
}

}  // namespace
}  // namespace mips::se::abi
