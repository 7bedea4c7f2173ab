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
[ -x "$cairn" ] || { echo "no cairn-server at $cairn (build the release preset first)" >&2; exit 2; }
command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null ||
  { echo "redis-server and redis-benchmark are needed (apt-get install redis-server redis-tools)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

start() {  # start NAME BINARY PORT
  "$2" --port "$3" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" --logfile "$tmp/$1.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    redis-cli -p "$3" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "$1 did not start" >&2
  exit 1
}

cport=$(free_port); start cairn "$cairn" "$cport"
rport=$(free_port); start redis "$(command -v redis-server)" "$rport"

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
