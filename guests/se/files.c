// files: the file-system and descriptor system calls a program makes through
// glibc, on relative paths in its working directory (the tests give it a
// root of its own): open/read/write/lseek/pread/pwrite, readv/writev,
// fstat/stat/lstat, ftruncate, rename, link/symlink/readlink, unlink,
// mkdir/rmdir, a sorted directory listing, dup/dup2/fcntl, a pipe within
// the process, access, mmap of a file, and the errno of failing calls.
// Everything it creates is removed again.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "guest.h"

// The symbolic name of the errno values this program expects.
static const char* errno_name(int e) {
  switch (e) {
    case 0: return "ok";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case EBADF: return "EBADF";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EACCES: return "EACCES";
    default: return "other";
  }
}

// Prints a call's result and errno name.
#define SHOW(label, call)                                                      \
  do {                                                                         \
    errno = 0;                                                                 \
    long result_ = (long)(call);                                               \
    printf("%-28s -> %ld %s\n", label, result_, errno_name(result_ < 0 ? errno : 0)); \
  } while (0)

// qsort order of directory entry names.
static int compare_names(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

// Prints the entries of a directory, sorted, without . and ...
static void list_directory(const char* path) {
  DIR* dir = opendir(path);
  if (!dir) {
    printf("opendir %s failed\n", path);
    return;
  }
  char* names[32];
  int count = 0;
  struct dirent* entry;
  while ((entry = readdir(dir)) != NULL && count < 32)
    if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) names[count++] = strdup(entry->d_name);
  closedir(dir);
  qsort(names, (size_t)count, sizeof names[0], compare_names);
  printf("%s:", path);
  for (int i = 0; i < count; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

// Reading, writing, seeking, truncating, vectored I/O and mmap of one file.
static void test_read_write(void) {
  int fd = open("work/data.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  char text[100];
  for (int i = 0; i < 100; i++) text[i] = (char)('A' + i % 26);
  SHOW("write 100", write(fd, text, 100));
  SHOW("lseek SEEK_SET 10", lseek(fd, 10, SEEK_SET));
  char buffer[64] = {0};
  SHOW("read 5", read(fd, buffer, 5));
  printf("  read: %.5s\n", buffer);
  SHOW("lseek SEEK_CUR -3", lseek(fd, -3, SEEK_CUR));
  SHOW("lseek SEEK_END -1", lseek(fd, -1, SEEK_END));
  SHOW("lseek SEEK_END 1000", lseek(fd, 1000, SEEK_END));
  SHOW("write past the end", write(fd, "!", 1));
  SHOW("pwrite at 2", pwrite(fd, "xyz", 3, 2));
  SHOW("pread at 0", pread(fd, buffer, 8, 0));
  printf("  pread: %.8s\n", buffer);
  struct stat st;
  SHOW("fstat", fstat(fd, &st));
  printf("  size %lld regular %d mode %o\n", (long long)st.st_size, S_ISREG(st.st_mode),
         (unsigned)(st.st_mode & 0777));
  SHOW("ftruncate 50", ftruncate(fd, 50));
  fstat(fd, &st);
  printf("  size after truncate %lld\n", (long long)st.st_size);
  struct iovec vectors[3] = {{"one ", 4}, {"two ", 4}, {"three", 5}};
  lseek(fd, 0, SEEK_SET);
  SHOW("writev", writev(fd, vectors, 3));
  char a[5] = {0}, b[9] = {0};
  struct iovec in[2] = {{a, 4}, {b, 8}};
  lseek(fd, 0, SEEK_SET);
  SHOW("readv", readv(fd, in, 2));
  printf("  readv: [%s][%s]\n", a, b);
  // The file mapped into memory sees what was written.
  char* mapped = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  CHECK(mapped != MAP_FAILED);
  printf("  mmap: %.13s\n", mapped);
  munmap(mapped, 4096);
  SHOW("close", close(fd));
  SHOW("close again", close(fd));
  SHOW("read closed", read(fd, buffer, 1));
}

// dup/dup2/fcntl and a pipe.
static void test_descriptors(void) {
  int fd = open("work/data.bin", O_RDONLY);
  int copy = dup(fd);
  SHOW("dup is a new descriptor", copy > fd);
  SHOW("dup2 to 50", dup2(fd, 50));
  char c;
  lseek(fd, 4, SEEK_SET);
  read(50, &c, 1);
  printf("  shared offset: read '%c' through the copy\n", c);
  SHOW("fcntl F_GETFD", fcntl(fd, F_GETFD));
  SHOW("fcntl F_SETFD CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
  SHOW("fcntl F_GETFD", fcntl(fd, F_GETFD));
  SHOW("fcntl F_GETFL & ACCMODE", fcntl(fd, F_GETFL) & O_ACCMODE);
  SHOW("write to read-only", write(fd, "x", 1));
  close(fd);
  close(copy);
  close(50);
  int ends[2];
  SHOW("pipe", pipe(ends));
  SHOW("write to pipe", write(ends[1], "through the pipe", 16));
  char buffer[32] = {0};
  SHOW("read from pipe", read(ends[0], buffer, sizeof buffer));
  printf("  pipe: %s\n", buffer);
  close(ends[1]);
  SHOW("read at end of pipe", read(ends[0], buffer, sizeof buffer));
  close(ends[0]);
}

// Directories, renames, links, permission checks and errors on names.
static void test_names(void) {
  struct stat st;
  SHOW("mkdir work/sub", mkdir("work/sub", 0755));
  SHOW("mkdir again", mkdir("work/sub", 0755));
  SHOW("rename", rename("work/data.bin", "work/sub/renamed.bin"));
  SHOW("stat old name", stat("work/data.bin", &st));
  SHOW("stat new name", stat("work/sub/renamed.bin", &st));
  SHOW("link", link("work/sub/renamed.bin", "work/hard"));
  stat("work/hard", &st);
  printf("  link count %lu\n", (unsigned long)st.st_nlink);
  SHOW("symlink", symlink("sub/renamed.bin", "work/soft"));
  char target[64] = {0};
  SHOW("readlink", readlink("work/soft", target, sizeof target - 1));
  printf("  readlink: %s\n", target);
  SHOW("lstat is link", lstat("work/soft", &st) == 0 && S_ISLNK(st.st_mode));
  SHOW("stat follows link", stat("work/soft", &st) == 0 && S_ISREG(st.st_mode));
  SHOW("access R_OK", access("work/hard", R_OK));
  SHOW("access missing", access("work/nothing", F_OK));
  SHOW("open missing", open("work/nothing", O_RDONLY));
  perror("perror after open missing");  // the message goes to stderr
  SHOW("open excl existing", open("work/hard", O_CREAT | O_EXCL | O_WRONLY, 0644));
  SHOW("open through a file", open("work/hard/x", O_RDONLY));
  SHOW("rmdir non-empty", rmdir("work/sub"));
  list_directory("work");
  list_directory("work/sub");
  SHOW("unlink soft", unlink("work/soft"));
  SHOW("unlink hard", unlink("work/hard"));
  SHOW("unlink renamed", unlink("work/sub/renamed.bin"));
  SHOW("unlink missing", unlink("work/sub/renamed.bin"));
  SHOW("rmdir sub", rmdir("work/sub"));
  SHOW("chdir work", chdir("work"));
  SHOW("open relative to new cwd", open("../work", O_RDONLY | O_DIRECTORY) >= 0);
  SHOW("chdir ..", chdir(".."));
  SHOW("rmdir work", rmdir("work"));
  SHOW("rmdir work again", rmdir("work"));
}

int main(void) {
  rmdir("work");  // a leftover of an interrupted run would be empty
  SHOW("mkdir work", mkdir("work", 0755));
  test_read_write();
  test_descriptors();
  test_names();
  return guest_finish("files");
}
