# An interpretive workload for busybox sh, builtins only: primes by trial
# division, Fibonacci numbers, string building and reversal, Collatz steps.
limit=${1:-300}
count=0
n=2
while [ $n -le $limit ]; do
  d=2
  prime=1
  while [ $((d * d)) -le $n ]; do
    if [ $((n % d)) -eq 0 ]; then prime=0; break; fi
    d=$((d + 1))
  done
  [ $prime -eq 1 ] && count=$((count + 1))
  n=$((n + 1))
done
echo "primes up to $limit: $count"
a=0
b=1
i=0
while [ $i -lt 90 ]; do
  t=$((a + b)); a=$b; b=$t; i=$((i + 1))
done
echo "fib(90) = $a"
word=""
for letter in m i p s r 1 0 k; do word="$word$letter"; done
reversed=""
rest=$word
while [ -n "$rest" ]; do
  first=${rest%"${rest#?}"}
  reversed="$first$reversed"
  rest=${rest#?}
done
echo "$word reversed is $reversed"
steps=0
x=27
while [ $x -ne 1 ]; do
  if [ $((x % 2)) -eq 0 ]; then x=$((x / 2)); else x=$((3 * x + 1)); fi
  steps=$((steps + 1))
done
echo "collatz(27) takes $steps steps"
