# Entry point of the libc-free MIPS IV guest programs (n64 ABI, static,
# non-PIC). The kernel (or disco se) leaves argc at 0($sp) and the argv
# pointers after it; main's return value becomes the exit status.
# Also the two system calls these programs use.

        .text
        .globl  __start
        .ent    __start
__start:
        ld      $a0, 0($sp)             # argc
        daddiu  $a1, $sp, 8             # argv
        daddiu  $sp, $sp, -16           # keep 16-byte alignment, room for main
        jal     main
        move    $a0, $v0                # exit_group(main's result)
        li      $v0, 5205
        syscall
1:      b       1b                      # not reached
        .end    __start

# long sys_write(int fd, const void* buffer, unsigned long size)
        .globl  sys_write
        .ent    sys_write
sys_write:
        li      $v0, 5001
        syscall
        beqz    $a3, 1f                 # a3 != 0: v0 holds errno
        dsubu   $v0, $zero, $v0
1:      jr      $ra
        .end    sys_write
