// malloc: a random allocation workload (malloc/calloc/realloc/free of sizes
// from bytes to megabytes, so both brk and mmap paths run) whose contents
// are verified and summed into a checksum. Argument: number of operations.
#include "guest.h"

#define SLOTS 256

struct block {
  unsigned char* data;
  size_t size;
  unsigned char seed;
};

// The bytes of a block that carry its pattern: all of the first 256, then
// every 509th, so that large blocks touch every page without filling it.
static size_t next_index(size_t i) { return i < 256 ? i + 1 : i + 509; }

// Fills a block with bytes derived from its seed; checks it later.
static void fill_block(struct block* b) {
  for (size_t i = 0; i < b->size; i = next_index(i)) b->data[i] = (unsigned char)(b->seed + i * 31);
}
static int block_intact(const struct block* b, size_t size) {
  for (size_t i = 0; i < size; i = next_index(i))
    if (b->data[i] != (unsigned char)(b->seed + i * 31)) return 0;
  return 1;
}

// Mostly small sizes, some medium, rarely large (mmap-backed) ones.
static size_t random_size(uint64_t* state) {
  uint64_t r = lcg_next(state);
  switch (r % 32) {
    case 0: return (size_t)(r >> 8) % (512 * 1024) + 128 * 1024;
    case 1: case 2: case 3: case 4: case 5: return (size_t)(r >> 8) % 8192;
    default: return (size_t)(r >> 8) % 200;
  }
}

int main(int argc, char** argv) {
  long operations = guest_size_arg(argc, argv, 10000);
  static struct block blocks[SLOTS];
  uint64_t state = 2024, checksum = FNV_OFFSET;
  long corrupt = 0, allocations = 0;
  for (long op = 0; op < operations; op++) {
    struct block* b = &blocks[lcg_next(&state) % SLOTS];
    uint64_t action = lcg_next(&state) % 4;
    if (b->data == NULL) {
      b->size = random_size(&state);
      b->seed = (unsigned char)op;
      b->data = action == 0 ? calloc(1, b->size + 1) : malloc(b->size + 1);
      if (action == 0)
        for (size_t i = 0; i <= b->size; i = next_index(i)) corrupt += b->data[i] != 0;
      fill_block(b);
      allocations++;
    } else if (action == 0) {
      size_t new_size = random_size(&state);
      size_t kept = new_size < b->size ? new_size : b->size;
      b->data = realloc(b->data, new_size + 1);
      corrupt += !block_intact(b, kept);
      b->size = new_size;
      fill_block(b);
    } else {
      corrupt += !block_intact(b, b->size);
      checksum = fnv1a(checksum, b->data, b->size < 64 ? b->size : 64);
      free(b->data);
      b->data = NULL;
    }
  }
  for (int i = 0; i < SLOTS; i++) {
    if (blocks[i].data) {
      corrupt += !block_intact(&blocks[i], blocks[i].size);
      checksum = fnv1a(checksum, &blocks[i].size, sizeof blocks[i].size);
      free(blocks[i].data);
    }
  }
  printf("malloc: %ld operations, %ld allocations, checksum %016llx, corrupt %ld\n", operations,
         allocations, (unsigned long long)checksum, corrupt);
  CHECK(corrupt == 0);
  return guest_finish("malloc");
}
