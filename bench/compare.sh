#!/usr/bin/env bash
# Throughput of cairn-server against Debian's redis-server, in one run, as ratios.
# Both servers run on loopback with the same settings; redis-benchmark runs SET and GET with
# 50 clients, pipelining 1 and 16, random keys, alternating the two servers each round.
#
#   bench/compare.sh [cairn-server binary] [rounds]
# Needs redis-server and redis-benchmark (scripts/deps test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

cairn=${1:-build/release/src/cairn-server}
rounds=${2:-3}
requests=${REQUESTS:-200000}

source bench/servers.sh  # starts both servers: $cport, $rport

rps() {  # rps PORT TEST PIPELINE -> requests per second
  redis-benchmark -p "$1" -t "$2" -c 50 -P "$3" -n "$requests" -r 100000 -d 16 --csv -q 2>/dev/null |
    awk -F, 'NR>1 || $1 !~ /test/ {gsub(/"/,"",$2); print $2; exit}'
}

printf '%-6s %-3s %12s %12s %7s\n' test P cairn redis ratio
status=0
for test in set get; do
  for pipe in 1 16; do
    c_total=0; r_total=0
    for _ in $(seq 1 "$rounds"); do
      c=$(rps "$cport" "$test" "$pipe"); r=$(rps "$rport" "$test" "$pipe")
      c_total=$(awk -v a="$c_total" -v b="$c" 'BEGIN{print a+b}')
      r_total=$(awk -v a="$r_total" -v b="$r" 'BEGIN{print a+b}')
    done
    ratio=$(awk -v a="$c_total" -v b="$r_total" 'BEGIN{printf "%.2f", a/b}')
    printf '%-6s %-3s %12.0f %12.0f %7s\n' "$test" "$pipe" "$(awk -v a="$c_total" -v n="$rounds" 'BEGIN{print a/n}')" \
      "$(awk -v a="$r_total" -v n="$rounds" 'BEGIN{print a/n}')" "$ratio"
    awk -v r="$ratio" 'BEGIN{exit !(r < 0.9)}' && status=1
  done
done
[ $status -eq 0 ] && echo "all ratios >= 0.90" || echo "some ratios below the 0.90 target"
exit $status
