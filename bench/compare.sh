#!/usr/bin/env bash
# Throughput of cairn-server against Debian's redis-server, in one run, as ratios.
# Both servers run on loopback with the same settings; redis-benchmark runs SET and GET with
# 50 clients, pipelining 1 and 16, random keys, alternating the two servers (and which goes
# first) each round.
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
    csv_rps
}

compare_header 6
for test in set get; do
  for pipe in 1 16; do compare_row 6 "$test" "$pipe"; done
done
[ $status -eq 0 ] && echo "all ratios >= 0.90" || echo "some ratios below the 0.90 target"
exit $status
