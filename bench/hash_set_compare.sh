#!/usr/bin/env bash
# Hash and set throughput of cairn-server against Debian's redis-server, in one run, as ratios.
# Both servers run on loopback with the same settings; redis-benchmark runs HSET and SADD (one
# big hash / set, random fields), then HGET and SISMEMBER on them, with 50 clients, pipelining
# 1 and 16, alternating the two servers (and which goes first) each round.
#
#   bench/hash_set_compare.sh [cairn-server binary] [rounds]
# Needs redis-server and redis-benchmark (scripts/deps test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

cairn=${1:-build/release/src/cairn-server}
rounds=${2:-3}
requests=${REQUESTS:-200000}

source bench/servers.sh  # starts both servers: $cport, $rport

# The command each test name runs (__rand_int__ is replaced by redis-benchmark, -r 100000).
command_of() {
  case "$1" in
    hset) echo "HSET myhash element:__rand_int__ value" ;;
    hget) echo "HGET myhash element:__rand_int__" ;;
    sadd) echo "SADD myset element:__rand_int__" ;;
    sismember) echo "SISMEMBER myset element:__rand_int__" ;;
  esac
}

rps() {  # rps PORT TEST PIPELINE -> requests per second
  # shellcheck disable=SC2046  # the command is split into words on purpose
  redis-benchmark -p "$1" -c 50 -P "$3" -n "$requests" -r 100000 --csv -q $(command_of "$2") 2>/dev/null |
    csv_rps
}

compare_header 10
for test in hset hget sadd sismember; do
  for pipe in 1 16; do compare_row 10 "$test" "$pipe"; done
done
for port in "$cport" "$rport"; do
  printf 'port %s: HLEN %s SCARD %s\n' "$port" "$(redis-cli -p "$port" hlen myhash)" "$(redis-cli -p "$port" scard myset)"
done
[ $status -eq 0 ] && echo "all ratios >= 0.90" || echo "some ratios below the 0.90 target"
exit $status
