// sieve: the sieve of Eratosthenes over a byte array and over a bit array,
// counting primes and twin primes. Argument: the limit.
#include "guest.h"

int main(int argc, char** argv) {
  long limit = guest_size_arg(argc, argv, 300000);
  unsigned char* composite = calloc((size_t)limit + 1, 1);
  uint64_t* bits = calloc((size_t)limit / 64 + 1, sizeof(uint64_t));
  for (long i = 2; i * i <= limit; i++)
    if (!composite[i])
      for (long j = i * i; j <= limit; j += i) composite[j] = 1;
  for (long i = 2; i * i <= limit; i++)
    if (!(bits[i >> 6] >> (i & 63) & 1))
      for (long j = i * i; j <= limit; j += i) bits[j >> 6] |= 1ULL << (j & 63);
  long primes = 0, twins = 0, disagreements = 0, last = 0;
  uint64_t sum = 0;
  for (long i = 2; i <= limit; i++) {
    int is_prime = !composite[i];
    disagreements += is_prime != !(bits[i >> 6] >> (i & 63) & 1);
    if (is_prime) {
      primes++;
      sum += (uint64_t)i;
      if (i - last == 2) twins++;
      last = i;
    }
  }
  printf("primes up to %ld: %ld (twin pairs %ld, sum %llu, largest %ld)\n", limit, primes, twins,
         (unsigned long long)sum, last);
  CHECK(disagreements == 0);
  if (limit == 300000) CHECK(primes == 25997);
  if (limit == 1000000) CHECK(primes == 78498);
  free(composite);
  free(bits);
  return guest_finish("sieve");
}
