/* The machine's memory-mapped device registers: one table for both sides.
 *
 * This header is plain C so that bare-metal guest code (guests/native/) and
 * the simulator (numa/devices*.cc) include the very same numbers. The prose
 * description of every register is docs/devices.md; the boot protocol is
 * docs/boot.md.
 *
 * Every node has a 16 MB device window at node_base + DEV_WINDOW_OFFSET,
 * where node_base = node << 32. Node 0's window is reachable from kseg1 at
 * DEV_KSEG1_BASE; any node's from xkphys uncached at
 * DEV_XKPHYS_UNCACHED | (node << 32) | DEV_WINDOW_OFFSET.
 * Each device occupies one 4 KB page of the window; all registers are 64 bits
 * wide, 8-byte aligned, and accessed with ld/sd (lw/sw also work: 32-bit
 * reads return the low half, 32-bit writes zero-extend).
 *
 * Interrupts are level-triggered Cause.IP lines; a device asserts its line on
 * the first CPU of its node (IPIs: on the target CPU) until acknowledged.
 */
#ifndef NUMA_DEVICE_MAP_H
#define NUMA_DEVICE_MAP_H

#define DEV_WINDOW_OFFSET 0x1f000000ull
#define DEV_KSEG1_BASE 0xffffffffbf000000ull   /* node 0's window through kseg1 */
#define DEV_XKPHYS_UNCACHED 0x9000000000000000ull

/* Interrupt lines (Cause.IP bit numbers). IP7 is the CP0 Count/Compare timer. */
#define IRQ_UART 2
#define IRQ_DISK 3
#define IRQ_NIC 4
#define IRQ_IPI 5
#define IRQ_HOTPAGE 6
#define IRQ_TIMER 7

/* ---- system controller (page 0): identity, time, CPU release, power-off ---- */
#define SYS_BASE 0x0000
#define SYS_CPU_ID 0x00        /* R: the id of the CPU that reads */
#define SYS_NUM_CPUS 0x08      /* R: CPUs in the machine */
#define SYS_NODE_ID 0x10       /* R: the node this window belongs to */
#define SYS_NUM_NODES 0x18     /* R */
#define SYS_TIME_NS 0x20       /* R: simulated time since power-on, in ns */
#define SYS_RTC_SECONDS 0x28   /* R: real-time clock: devices.rtc_epoch + simulated seconds */
#define SYS_START_PC 0x40      /* RW: entry point for the next CPU release (latched per writing CPU) */
#define SYS_START_SP 0x48      /* RW: its stack pointer ($sp) */
#define SYS_START_ARG 0x50     /* RW: its $a0 */
#define SYS_START_CPU 0x58     /* W: CPU id: releases that CPU (see docs/boot.md) */
#define SYS_RUNNING_MASK 0x60  /* R: bit i set when CPU i has been started (CPUs 0-63) */
#define SYS_POWER_OFF 0x78     /* W: ends the run; the value's low 8 bits are the exit status */

/* ---- console UART (page 1), one per node ---- */
#define UART_BASE 0x1000
#define UART_TX 0x00       /* W: the low byte is written to the console */
#define UART_RX 0x08       /* R: next input byte, or all ones when none */
#define UART_STATUS 0x10   /* R: bit 0 input ready, bit 1 transmitter ready (always 1) */
#define UART_CONTROL 0x18  /* RW: bit 0 raises IRQ_UART while input is ready */
#define UART_STATUS_RX_READY 1ull
#define UART_STATUS_TX_READY 2ull

/* ---- inter-processor interrupts (page 2); any node's window reaches every CPU ---- */
#define IPI_BASE 0x2000
#define IPI_SEND 0x00     /* W: CPU id: sets the sender's bit in that CPU's pending mask */
#define IPI_PENDING 0x08  /* R: the reading CPU's pending mask (bit i: from CPU i) */
#define IPI_CLEAR 0x10    /* W: clears these bits of the reading CPU's mask; IRQ_IPI drops at 0 */

/* ---- FLASH-style cache-miss counters (page 3), one per node ----
 * Counters count misses to each machine page from each node. When the count
 * of one (page, node) reaches the threshold, the page is queued on that
 * node's controller and IRQ_HOTPAGE is raised on that node's first CPU. */
#define MC_BASE 0x3000
#define MC_THRESHOLD 0x00  /* RW: hot-page threshold (0 disables the interrupt) */
#define MC_HOT_COUNT 0x08  /* R: hot pages queued on this node */
#define MC_HOT_POP 0x10    /* R: dequeues the oldest: machine page number, all ones when empty;
                              IRQ_HOTPAGE drops when the queue empties */
#define MC_SELECT 0x18     /* RW: machine page number that MC_COUNT reads refer to */
#define MC_RESET 0x20      /* W: 1 clears every counter of the machine; 2 clears the selected page's */
#define MC_NODES 0x28      /* R: number of nodes (= number of MC_COUNT slots) */
#define MC_COUNT 0x100     /* R: + 8*n: misses to the selected page from node n */

/* ---- disk controllers (pages 16..23 of node 0's window), raw images ---- */
#define DISK_BASE(k) (0x10000 + (k) * 0x1000)
#define DISK_MAX 8
#define DISK_SECTOR 0x00    /* RW: first 512-byte sector */
#define DISK_COUNT 0x08     /* RW: sectors to transfer */
#define DISK_DMA_ADDR 0x10  /* RW: machine address of the buffer */
#define DISK_COMMAND 0x18   /* W: DISK_CMD_READ / DISK_CMD_WRITE starts a request */
#define DISK_STATUS 0x20    /* R: DISK_ST_* */
#define DISK_SECTORS 0x28   /* R: capacity in sectors; 0 when no image is attached */
#define DISK_ACK 0x30       /* W: any value: status back to idle, IRQ_DISK drops */
#define DISK_ERROR 0x38     /* R: DISK_ERR_* reason of the last DISK_ST_ERROR */
#define DISK_CMD_READ 1
#define DISK_CMD_WRITE 2
#define DISK_ST_IDLE 0
#define DISK_ST_BUSY 1
#define DISK_ST_DONE 2
#define DISK_ST_ERROR 3
#define DISK_ERR_NONE 0
#define DISK_ERR_RANGE 1     /* sectors beyond the image */
#define DISK_ERR_DMA 2       /* buffer outside machine memory */
#define DISK_ERR_NO_MEDIA 3  /* no image attached */
#define DISK_ERR_BUSY 4      /* a command while busy */
#define DISK_ERR_COMMAND 5   /* unknown command */
#define DISK_SECTOR_BYTES 512

/* ---- network interface (page 4), one per node, on the machine's switch ----
 * Frames are raw byte strings of 14..1514 bytes whose first 6 bytes are the
 * destination MAC and next 6 the source MAC (Ethernet layout). NIC n has MAC
 * 02:00:00:00:00:n; ff:ff:ff:ff:ff:ff is broadcast. */
#define NIC_BASE 0x4000
#define NIC_MAC 0x00        /* R: this NIC's MAC in the low 48 bits */
#define NIC_TX_ADDR 0x08    /* RW: machine address of the frame to send */
#define NIC_TX_LEN 0x10     /* RW: its length in bytes */
#define NIC_TX_GO 0x18      /* W: sends; NIC_STATUS_TX_BUSY until the frame left */
#define NIC_RX_ADDR 0x20    /* RW: machine address of the receive buffer (1514 bytes) */
#define NIC_RX_ARM 0x28     /* W: the buffer is free: the next frame may be written there */
#define NIC_RX_LEN 0x30     /* R: length of the received frame (valid with RX_READY) */
#define NIC_STATUS 0x38     /* R: NIC_STATUS_* bits */
#define NIC_ACK 0x40        /* W: clears these NIC_STATUS event bits; IRQ_NIC drops at 0 */
#define NIC_CONTROL 0x48    /* RW: bit 0 loopback (frames sent come back to this NIC) */
#define NIC_DROPPED 0x50    /* R: frames dropped because no buffer was armed */
#define NIC_STATUS_TX_BUSY 1ull
#define NIC_STATUS_TX_DONE 2ull  /* event: a frame was sent */
#define NIC_STATUS_RX_READY 4ull /* event: a frame is in the armed buffer */
#define NIC_STATUS_TX_ERROR 8ull /* event: bad length or buffer outside memory */
#define NIC_FRAME_MIN 14
#define NIC_FRAME_MAX 1514

/* ---- the boot information block (docs/boot.md) ----
 * The loader writes it at the first 4 KB boundary after the kernel image and
 * passes its kseg0 address to CPU 0 in $a0. 64-bit words in the machine's
 * byte order (that of the kernel ELF). */
#define BOOT_MAGIC_VALUE 0x0000d15c0b007001ull
#define BOOT_MAGIC 0x00           /* BOOT_MAGIC_VALUE */
#define BOOT_VERSION 0x08         /* 1 */
#define BOOT_NUM_CPUS 0x10
#define BOOT_NUM_NODES 0x18
#define BOOT_CPUS_PER_NODE 0x20
#define BOOT_MEMORY_PER_NODE 0x28 /* bytes of RAM at (node << BOOT_NODE_SHIFT) */
#define BOOT_NODE_SHIFT 0x30      /* 32 */
#define BOOT_CPU_HZ 0x38          /* CP0 Count runs at half this rate */
#define BOOT_FIRST_FREE 0x40      /* machine address of node 0's first byte not used by the boot image */
#define BOOT_KERNEL_START 0x48    /* machine address of the lowest loaded kernel byte */
#define BOOT_DEVICE_WINDOW 0x50   /* DEV_WINDOW_OFFSET */
#define BOOT_CMDLINE 0x100        /* NUL-terminated command line, at most 255 bytes */
#define BOOT_INFO_BYTES 0x200
#define BOOT_STACK_BYTES 0x4000   /* CPU 0's boot stack, right after the block's page */

#endif
