#!/usr/bin/env bash
# Sorted-set throughput of cairn-server against Debian's redis-server, in one run, as ratios.
# Both servers run on loopback with the same settings; redis-benchmark runs, with 50 clients,
# pipelining 1 and 16, alternating the two servers (and which goes first) each round:
#   zadd        ZADD myzset <random score> element:<random>  (grows one skiplist zset)
#   zrange10    ZRANGE z100 0 9             on a 100-member zset
#   zrange100ws ZRANGE z100 0 -1 WITHSCORES on the same zset
#
#   bench/zset_compare.sh [cairn-server binary] [rounds]
# Needs redis-server and redis-benchmark (scripts/deps test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

cairn=${1:-build/release/src/cairn-server}
rounds=${2:-4}
requests=${REQUESTS:-200000}

fill() {  # fill PORT: the 100-member zset the ZRANGE tests read
  local args=()
  for i in $(seq 1 100); do args+=("$i" "member:$i"); done
  redis-cli -p "$1" del z100 >/dev/null
  redis-cli -p "$1" zadd z100 "${args[@]}" >/dev/null
}

source bench/servers.sh  # starts both servers: $cport, $rport
fill "$cport"; fill "$rport"

rps() {  # rps PORT TEST PIPELINE -> requests per second
  local cmd
  case "$2" in
    zadd) cmd=(-t zadd) ;;
    zrange10) cmd=(ZRANGE z100 0 9) ;;
    zrange100ws) cmd=(ZRANGE z100 0 -1 WITHSCORES) ;;
  esac
  redis-benchmark -p "$1" -c 50 -P "$3" -n "$requests" -r 100000 --csv -q "${cmd[@]}" 2>/dev/null |
    csv_rps
}

compare_header 12
for test in zadd zrange10 zrange100ws; do
  for pipe in 1 16; do compare_row 12 "$test" "$pipe"; done
done
echo "zset sizes after the run: cairn $(redis-cli -p "$cport" zcard myzset), redis $(redis-cli -p "$rport" zcard myzset)"
[ $status -eq 0 ] && echo "all ratios >= 0.90" || echo "some ratios below the 0.90 target"
exit $status
