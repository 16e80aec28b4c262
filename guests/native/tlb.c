/* tlb: the R10000 TLB and its refill exceptions, driven by the kernel.
 *
 * Part 1, 32-bit refills (Status.UX clear): the classic R4000-style handler
 * of start.S at 0xffffffff80000000 reads the faulting page pair's two
 * EntryLo values from a linear page table at Context (PTEBase | BadVPN2 << 4)
 * and writes them with tlbwr. PTEBase is the kseg0 base, so the table entry
 * of a useg address VA is at machine address (VA >> 13) << 4: the addresses
 * used here (1 GB and up) have theirs at 2 MB and up, in free memory.
 * Checked: a refill maps a page (and only one refill per pair), TLB Invalid
 * after refilling a V = 0 entry, TLB Modified on a store to a D = 0 page,
 * both fixed by the general handler with tlbp + tlbwi and retried, Context
 * and EntryHi after the fault.
 *
 * Part 2, 64-bit refills (UX, KX set as at boot): the XTLB vector at
 * +0x080 goes to a C refill handler that looks the address up in a small
 * software page table (per mapping: address, ASID or global, page size) and
 * writes the entry with tlbwr. Checked: xuseg above 4 GB, ksseg (kseg2) and
 * xkseg pages, XContext, a 16 KB page pair, ASID matching, the global bit.
 *
 * Part 3: tlbwi into wired entries, tlbp hit and miss, tlbr read-back, Random
 * staying within Wired..63, and a wired 1 MB page.
 *
 * Physical frames: the pool from 4 MB (below 8 MB, tiny2's memory per node),
 * filled through kseg0 with a pattern that names the frame, so a load through
 * a mapping tells which frame it reached. */
#include "runtime.h"

#define CACHED 3                    /* EntryLo.C: cacheable noncoherent, as kseg0 */
#define TABLE_VA_BASE 0x40000000ull /* 32-bit test addresses: page table entries at 2 MB.. */
#define POOL_BASE 0x400000ull       /* 4 KB and 16 KB frames: 4 MB .. 6 MB */
#define POOL_END 0x600000ull
#define BIG_PAGE_EVEN 0x600000ull   /* the 1 MB pages of part 3 */
#define BIG_PAGE_ODD 0x700000ull

static uint64_t pool_next = POOL_BASE;

/* The word a frame holds at `offset`: names the frame and the offset. */
static uint64_t frame_word(uint64_t frame, uint64_t offset) { return 0x5a00000000000000ull | frame << 8 | offset >> 3; }
/* A fresh frame of `bytes` from the pool (aligned to its size), filled with frame_word. */
static uint64_t new_frame(uint64_t bytes) {
  pool_next = (pool_next + bytes - 1) & ~(bytes - 1);
  const uint64_t frame = pool_next;
  pool_next += bytes;
  if (pool_next > POOL_END) panic("tlb: the frame pool is exhausted");
  uint64_t* words = machine_to_kseg0(frame);
  for (uint64_t offset = 0; offset < bytes; offset += 8) words[offset / 8] = frame_word(frame, offset);
  return frame;
}

/* The value the word at `offset` of `frame` holds (read through kseg0). */
static uint64_t frame_read(uint64_t frame, uint64_t offset) {
  return *(volatile uint64_t*)machine_to_kseg0(frame + offset);
}

/* EntryLo of a frame, valid, writable or not. */
static uint64_t entrylo(uint64_t frame, int dirty) {
  return ENTRYLO_PFN(frame) | ENTRYLO_C(CACHED) | ENTRYLO_V | (dirty ? ENTRYLO_D : 0);
}

/* ---- TLB instructions ---- */

static void tlb_write_indexed(unsigned index, uint64_t entryhi, uint64_t lo0, uint64_t lo1, uint64_t pagemask) {
  write_c0(CP0_INDEX, index);
  write_c0(CP0_PAGEMASK, pagemask);
  write_c0(CP0_ENTRYHI, entryhi);
  write_c0(CP0_ENTRYLO0, lo0);
  write_c0(CP0_ENTRYLO1, lo1);
  __asm__ volatile("tlbwi" ::: "memory");
  write_c0(CP0_PAGEMASK, 0);
}
/* tlbp for an EntryHi value: the Index register afterwards. */
static uint64_t tlb_probe(uint64_t entryhi) {
  write_c0(CP0_ENTRYHI, entryhi);
  __asm__ volatile("tlbp" ::: "memory");
  return read_c0(CP0_INDEX);
}
struct tlb_entry {
  uint64_t entryhi, lo0, lo1, pagemask;
};
/* tlbr of one entry. */
static struct tlb_entry tlb_read(unsigned index) {
  write_c0(CP0_INDEX, index);
  __asm__ volatile("tlbr" ::: "memory");
  struct tlb_entry e = {read_c0(CP0_ENTRYHI), read_c0(CP0_ENTRYLO0), read_c0(CP0_ENTRYLO1), read_c0(CP0_PAGEMASK)};
  write_c0(CP0_PAGEMASK, 0);
  return e;
}
/* The ASID TLB lookups use (EntryHi.ASID). */
static unsigned current_asid;
/* Sets EntryHi.ASID (the VPN2 part is irrelevant between TLB operations). */
static void set_asid(unsigned asid) {
  current_asid = asid;
  write_c0(CP0_ENTRYHI, asid);
}

/* ---- the 32-bit page table (part 1) ---- */

/* The page-table pair of a useg address (what Context points at). */
static volatile uint64_t* context_pair(uint64_t va) {
  return (volatile uint64_t*)(KSEG0_BASE + (((va >> 13) & 0x7ffff) << 4));
}

/* ---- the software page table of the C refill handler (part 2) ---- */

struct mapping {
  uint64_t va;        /* start of the pair (aligned to twice the page size) */
  uint64_t pagemask;  /* PAGEMASK_* */
  unsigned asid;
  int global;
  uint64_t lo0, lo1;
};
static struct mapping mappings[16];
static unsigned mapping_count;
static volatile uint64_t c_refills;

/* The size of one page of a pair with this PageMask. */
static uint64_t page_bytes(uint64_t pagemask) { return ((pagemask | 0x1fff) + 1) >> 1; }

/* Adds a pair to the software page table. */
static void map_pair(uint64_t va, uint64_t pagemask, unsigned asid, int global, uint64_t lo0, uint64_t lo1) {
  if (mapping_count == sizeof mappings / sizeof mappings[0]) panic("tlb: mapping table full");
  const uint64_t g = global ? ENTRYLO_G : 0;
  mappings[mapping_count++] = (struct mapping){va, pagemask, asid, global, lo0 | g, lo1 | g};
}

/* What the last refill and the last TLB exception saw. */
struct fault_record {
  uint64_t count, kind, exccode, badvaddr, epc, context, xcontext, entryhi;
};
static volatile struct fault_record last_refill, last_fault;

/* Copies the CP0 state of a TLB exception into a record. */
static void record(volatile struct fault_record* r, const struct trap_frame* frame) {
  r->count = r->count + 1;
  r->kind = frame->regs[0];
  r->exccode = CAUSE_EXCCODE(frame->cause);
  r->badvaddr = frame->badvaddr;
  r->epc = frame->epc;
  r->context = read_c0(CP0_CONTEXT);
  r->xcontext = read_c0(CP0_XCONTEXT);
  r->entryhi = read_c0(CP0_ENTRYHI);
}

/* The C refill handler: writes the matching mapping with tlbwr, or an invalid
 * entry when none matches (the retry then takes TLB Invalid). */
static void refill(struct trap_frame* frame) {
  record(&last_refill, frame);
  c_refills = c_refills + 1;
  const uint64_t va = frame->badvaddr;
  const unsigned asid = (unsigned)(read_c0(CP0_ENTRYHI) & 0xff);
  uint64_t lo0 = 0, lo1 = 0, pagemask = 0;
  for (unsigned i = 0; i < mapping_count; i++) {
    const struct mapping* m = &mappings[i];
    if (va - m->va < 2 * page_bytes(m->pagemask) && (m->global || m->asid == asid)) {
      lo0 = m->lo0, lo1 = m->lo1, pagemask = m->pagemask;
      break;
    }
  }
  const uint64_t saved_pagemask = read_c0(CP0_PAGEMASK);
  write_c0(CP0_PAGEMASK, pagemask);
  write_c0(CP0_ENTRYLO0, lo0);
  write_c0(CP0_ENTRYLO1, lo1);
  __asm__ volatile("tlbwr" ::: "memory");
  write_c0(CP0_PAGEMASK, saved_pagemask);
}

/* When set, TLB Invalid and Modified faults on the 32-bit page table are
 * repaired (V or D set in the table, entry rewritten) and the access retried. */
static int repair_faults;

/* General-vector TLB exceptions (Mod, TLBL, TLBS): record, then repair or
 * resume the probe. */
static void tlb_exception(struct trap_frame* frame) {
  record(&last_fault, frame);
  const uint64_t va = frame->badvaddr;
  if (repair_faults && va >= TABLE_VA_BASE && va < 0x80000000ull) {
    volatile uint64_t* pair = context_pair(va);
    const int odd = (va >> 12) & 1;
    if (CAUSE_EXCCODE(frame->cause) == EXC_MOD)
      pair[odd] |= ENTRYLO_D;
    else
      pair[odd] = entrylo(new_frame(4096), 1);
    const uint64_t index = tlb_probe((va & ~0x1fffull) | current_asid);
    if (index & INDEX_P) panic("tlb: no entry to repair for %lx", (unsigned long)va);
    tlb_write_indexed((unsigned)index, (va & ~0x1fffull) | current_asid, pair[0], pair[1], 0);
    return;  /* eret retries the access */
  }
  if (!probe_recover(frame)) panic("tlb: unexpected %s at %lx", exception_name((unsigned)CAUSE_EXCCODE(frame->cause)),
                                   (unsigned long)va);
}

/* Loads a word through a mapping; *ok tells whether it faulted. */
static uint64_t load(uint64_t va, int* ok) {
  uint64_t value = 0;
  *ok = probe_load64(va, &value);
  return value;
}

/* ---- part 1 ---- */

static void part1_context_refill(void) {
  printf("part 1: 32-bit refills through Context (UX clear)\n");
  status_clear(ST_UX);
  set_asid(0);
  tlb_context_table = KSEG0_BASE;
  write_c0(CP0_CONTEXT, KSEG0_BASE);  /* PTEBase: the kseg0 base */

  const uint64_t va = TABLE_VA_BASE;  /* pair: va (D set) and va + 4 KB (D clear) */
  const uint64_t even = new_frame(4096), odd = new_frame(4096);
  volatile uint64_t* pair = context_pair(va);
  pair[0] = entrylo(even, 1);
  pair[1] = entrylo(odd, 0);
  CHECK(kseg_to_machine((void*)pair) == 0x200000, "the page-table pair of %lx is at machine address 0x200000",
        (unsigned long)va);

  int ok;
  uint64_t refills = tlb_context_refills;
  uint64_t value = load(va + 8, &ok);
  CHECK(ok && value == frame_word(even, 8), "a load from useg %lx is refilled from the page table",
        (unsigned long)(va + 8));
  CHECK(tlb_context_refills == refills + 1, "exactly one refill through the 0x000 vector");
  value = load(va + 0x1000 + 16, &ok);
  CHECK(ok && value == frame_word(odd, 16), "the odd page of the same pair is mapped by the same entry");
  CHECK(tlb_context_refills == refills + 1, "no second refill for the odd page");
  const struct tlb_entry written = tlb_read((unsigned)(tlb_probe(va) & 63));
  set_asid(0);
  CHECK(written.lo0 == pair[0] && written.lo1 == pair[1], "the refilled entry holds the page table's EntryLo pair");

  /* TLB Modified: store to the odd page (D clear). */
  repair_faults = 1;
  uint64_t faults = last_fault.count;
  CHECK(probe_store64(va + 0x1000 + 24, 0x1234), "a store to a D = 0 page completes after the Mod handler");
  CHECK(last_fault.count == faults + 1 && last_fault.exccode == EXC_MOD, "the store raised TLB Modified (ExcCode 1)");
  CHECK(last_fault.badvaddr == va + 0x1000 + 24, "BadVAddr is the store's address");
  CHECK((last_fault.entryhi & ~0xffull) == va, "EntryHi.VPN2 is the store's page pair");
  CHECK(frame_read(odd, 24) == 0x1234, "the store reached the odd frame");

  /* TLB Invalid: a pair whose page-table entries are still zero. */
  const uint64_t invalid_va = va + 0x2000;
  refills = tlb_context_refills;
  faults = last_fault.count;
  value = load(invalid_va + 32, &ok);
  CHECK(tlb_context_refills == refills + 1, "an unmapped pair is refilled (with V = 0)");
  CHECK(last_fault.count == faults + 1 && last_fault.exccode == EXC_TLBL && last_fault.kind == TRAP_KIND_GENERAL,
        "the retried load raises TLB Invalid (TLBL) at the general vector");
  CHECK(last_fault.badvaddr == invalid_va + 32, "BadVAddr is the load's address");
  CHECK(((last_fault.context >> 4) & 0x7ffff) == ((invalid_va >> 13) & 0x7ffff) &&
            (last_fault.context & ~0x7fffffull) == KSEG0_BASE,
        "Context holds PTEBase and BadVPN2 of the address");
  const uint64_t repaired = (context_pair(invalid_va)[0] >> 6) << 12;
  CHECK(ok && value == frame_word(repaired, 32), "after the handler set V the load returns the new frame's data");

  /* A store to an invalid page, not repaired: TLBS. */
  repair_faults = 0;
  const uint64_t store_va = va + 0x4000;
  CHECK(!probe_store64(store_va, 1), "a store to an unmapped useg pair faults");
  CHECK(probe_last_fault()->exccode == EXC_TLBS && probe_last_fault()->badvaddr == store_va,
        "it is TLB Invalid for a store (TLBS) with BadVAddr = the address");

  tlb_context_table = 0;
  status_set(ST_UX);
}

/* ---- part 2 ---- */

static void part2_xtlb_refill(void) {
  printf("part 2: 64-bit refills through the XTLB vector (UX, KX set)\n");
  set_refill_handler(refill);
  set_asid(0);
  int ok;

  struct {
    const char* segment;
    uint64_t va;
    uint64_t region;
  } cases[] = {
      {"xuseg above 4 GB", 0x0000000100000000ull, 0},
      {"ksseg (kseg2)", 0xffffffffc0000000ull, 3},
      {"xkseg", 0xc000000000100000ull, 3},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const uint64_t va = cases[i].va;
    const uint64_t even = new_frame(4096), odd = new_frame(4096);
    map_pair(va, PAGEMASK_4K, 0, 0, entrylo(even, 1), entrylo(odd, 1));
    const uint64_t refills = c_refills;
    const uint64_t value = load(va + 0x1000 + 40, &ok);
    CHECK(ok && value == frame_word(odd, 40), "%s %lx: the load reads the mapped frame", cases[i].segment,
          (unsigned long)(va + 0x1000 + 40));
    CHECK(c_refills == refills + 1 && last_refill.kind == TRAP_KIND_REFILL && last_refill.exccode == EXC_TLBL,
          "%s: one refill (TLBL) through the XTLB vector", cases[i].segment);
    CHECK(((last_refill.xcontext >> 35) & 3) == cases[i].region &&
              ((last_refill.xcontext >> 4) & 0x7fffffffull) == ((va >> 13) & 0x7fffffffull),
          "%s: XContext.R = %lu and BadVPN2 = VA 43:13", cases[i].segment, (unsigned long)cases[i].region);
    CHECK(last_refill.entryhi == ((va & 0xc0000fffffffe000ull) | current_asid),
          "%s: EntryHi = R | VPN2 | ASID of the address (got %016lx)", cases[i].segment,
          (unsigned long)last_refill.entryhi);
    CHECK(probe_store64(va + 8, 77) && frame_read(even, 8) == 77, "%s: a store through the mapping reaches the frame",
          cases[i].segment);
  }

  /* A 16 KB page pair: one entry covers 32 KB. */
  const uint64_t big_va = 0xc000000010000000ull;
  const uint64_t even16 = new_frame(16384), odd16 = new_frame(16384);
  map_pair(big_va, PAGEMASK_16K, 0, 0, entrylo(even16, 1), entrylo(odd16, 1));
  uint64_t refills = c_refills;
  const uint64_t offsets[] = {0x0, 0x3ff8, 0x4000, 0x7ff8};
  unsigned right = 0;
  for (unsigned i = 0; i < 4; i++) {
    const uint64_t offset = offsets[i];
    const uint64_t frame = offset < 0x4000 ? even16 : odd16;
    right += load(big_va + offset, &ok) == frame_word(frame, offset % 0x4000) && ok;
  }
  CHECK(right == 4, "16 KB pages: offsets 0, 0x3ff8, 0x4000, 0x7ff8 read the right frames");
  CHECK(c_refills == refills + 1, "16 KB pages: one refill for the whole 32 KB pair");
  const uint64_t index = tlb_probe(big_va + 0x6000);
  CHECK(!(index & INDEX_P) && tlb_read((unsigned)index).pagemask == PAGEMASK_16K,
        "tlbp finds the 16 KB entry from an address in its odd page; its PageMask is 16 KB");
  set_asid(0);

  /* ASIDs: a page of ASID 5 is invisible to ASID 6; a global page is seen by both. */
  const uint64_t private_va = 0x0000000200000000ull, global_va = 0x0000000300000000ull;
  const uint64_t private_frame = new_frame(4096), global_frame = new_frame(4096);
  map_pair(private_va, PAGEMASK_4K, 5, 0, entrylo(private_frame, 1), 0);
  map_pair(global_va, PAGEMASK_4K, 5, 1, entrylo(global_frame, 1), 0);
  set_asid(5);
  CHECK(load(private_va, &ok) == frame_word(private_frame, 0) && ok, "ASID 5 reads its page");
  CHECK(load(global_va, &ok) == frame_word(global_frame, 0) && ok, "ASID 5 reads the global page");
  set_asid(6);
  load(private_va, &ok);
  CHECK(!ok && probe_last_fault()->exccode == EXC_TLBL, "ASID 6 cannot read ASID 5's page (refill, then TLBL)");
  refills = c_refills;
  CHECK(load(global_va, &ok) == frame_word(global_frame, 0) && ok, "ASID 6 reads the global page");
  CHECK(c_refills == refills, "the global entry matched under ASID 6 without a refill");
  set_asid(5);
  CHECK(load(private_va + 8, &ok) == frame_word(private_frame, 8) && ok, "back in ASID 5 the page is readable again");

  /* An address no mapping covers: refill writes V = 0, the retry takes TLBS. */
  CHECK(!probe_store64(0xc000000050000000ull, 1) && probe_last_fault()->exccode == EXC_TLBS &&
            probe_last_fault()->kind == TRAP_KIND_GENERAL,
        "a store to an unmapped xkseg address ends in TLBS at the general vector");
  set_asid(0);
}

/* ---- part 3 ---- */

static void part3_indexed(void) {
  printf("part 3: wired entries, tlbwi, tlbp, tlbr, Random\n");
  write_c0(CP0_WIRED, 8);
  int in_range = 1;
  for (int i = 0; i < 50; i++) {
    const uint64_t random = read_c0(CP0_RANDOM) & 63;
    in_range &= random >= 8 && random <= 63;
  }
  CHECK(in_range, "with Wired = 8, Random stays within 8..63");

  const uint64_t va = 0xc000000020000000ull;
  const uint64_t even = new_frame(4096), odd = new_frame(4096);
  const uint64_t hi = va | 7, lo0 = entrylo(even, 1), lo1 = entrylo(odd, 0);
  tlb_write_indexed(3, hi, lo0, lo1, PAGEMASK_4K);
  CHECK(tlb_probe(hi) == 3, "tlbp finds the entry written with tlbwi at index 3");
  CHECK(tlb_probe((va + 0x1000) | 7) == 3, "tlbp finds it from its odd page too");
  CHECK(tlb_probe(va | 8) & INDEX_P, "tlbp with another ASID sets Index.P");
  CHECK(tlb_probe(0xc000000030000000ull | 7) & INDEX_P, "tlbp of an unmapped address sets Index.P");
  const struct tlb_entry e = tlb_read(3);
  CHECK(e.entryhi == hi && e.lo0 == lo0 && e.lo1 == lo1 && e.pagemask == 0,
        "tlbr reads back EntryHi, EntryLo0, EntryLo1 and PageMask as written");
  set_asid(7);
  const uint64_t refills = c_refills;
  int ok;
  CHECK(load(va + 0x1000 + 8, &ok) == frame_word(odd, 8) && ok && c_refills == refills,
        "a wired entry translates without a refill");
  CHECK(!probe_store64(va + 0x1000, 1) && probe_last_fault()->exccode == EXC_MOD,
        "a store to its D = 0 odd page raises TLB Modified");

  /* A wired 1 MB page (even half only). */
  const uint64_t big_va = 0xc000000040000000ull;
  *(volatile uint64_t*)machine_to_kseg0(BIG_PAGE_EVEN + 0x80000) = 0x1111222233334444ull;
  tlb_write_indexed(4, big_va | 7, entrylo(BIG_PAGE_EVEN, 1), 0, PAGEMASK_1M);
  CHECK(load(big_va + 0x80000, &ok) == 0x1111222233334444ull && ok, "1 MB page: offset 512 KB reads its frame");
  load(big_va + 0x100000, &ok);
  CHECK(!ok && probe_last_fault()->exccode == EXC_TLBL && probe_last_fault()->kind == TRAP_KIND_GENERAL,
        "1 MB page: the odd half (V = 0) raises TLB Invalid, not a refill");
  (void)BIG_PAGE_ODD;
  set_asid(0);
  write_c0(CP0_WIRED, 0);
}

/* The program. */
void kmain(void) {
  printf("tlb: refill handlers, TLB exceptions and TLB instructions\n");
  const uint64_t memory = boot_get(BOOT_MEMORY_PER_NODE);
  if (boot_get(BOOT_FIRST_FREE) > 0x200000 || memory < 0x800000)
    panic("tlb needs the image below 2 MB and 8 MB of RAM on node 0");
  set_exception_handler(EXC_MOD, tlb_exception);
  set_exception_handler(EXC_TLBL, tlb_exception);
  set_exception_handler(EXC_TLBS, tlb_exception);
  part1_context_refill();
  part2_xtlb_refill();
  part3_indexed();
}
