# A busybox sh script using builtins only (no pipes, no command
# substitution, no external commands: nothing forks or execs).
square() {
  local n=$1
  echo $((n * n))
}
total=0
i=1
while [ $i -le 10 ]; do
  total=$((total + i * i))
  i=$((i + 1))
done
echo "sum of squares 1..10: $total"
square 12
set -- alpha beta "gamma delta"
echo "$# arguments, second is $2"
shift
for word in "$@"; do printf '<%s>' "$word"; done
echo
path=/usr/local/lib/libfoo.so.1
echo "${path##*/} ${path%/*} ${path#/usr} ${#path}"
case "$path" in
  *.so.*) echo "a versioned shared object" ;;
  *) echo "something else" ;;
esac
count=0
while read -r node cpu rest; do
  count=$((count + 1))
done < data.csv
echo "data.csv has $count lines"
IFS=,
while read -r node cpu misses latency; do
  [ "$node" = node ] && continue
  [ "$misses" -gt 1000 ] && echo "node $node: $misses misses at ${latency}ns"
done < data.csv
unset IFS
printf '%5d|%-6s|%x|%o|%c\n' 42 left 255 8 zebra
test -e numbers.txt && echo "numbers.txt exists"
test -e missing.txt || echo "missing.txt does not"
echo $((0x7fffffff + 1)) $((-7 / 2)) $((-7 % 2)) $((1 << 40)) $((~5))
exit 3
