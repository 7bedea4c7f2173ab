#!/usr/bin/env bash
# Scripting and stream throughput of cairn-server against Debian's redis-server, in one run, as
# ratios. Both servers run on loopback with the same settings (bench/servers.sh); redis-benchmark
# runs each test with 50 clients, pipelining 1 and 16, $rounds rounds, alternating which server
# goes first each round; the table shows the median requests per second of each server and the
# median of the per-round ratios cairn/redis (min-max in brackets):
#   evalsha        EVALSHA <sha of "return redis.call('INCR', KEYS[1])"> 1 counter
#   xadd           XADD s * f v                     (a growing stream, deleted before each run)
#   xadd-maxlen    XADD s MAXLEN ~ 10000 * f v      (trimmed to about 10,000 entries)
#   xreadgroup     XREADGROUP GROUP g c__rand_int__ COUNT 10 STREAMS rs >
#                  1000 consumers of one group reading new entries from a pre-filled stream
#                  (10 x (requests + 1000) entries, refilled before each run: with -P 16 the 50
#                  clients may send up to 800 requests more than -n, and no read may be empty;
#                  checked afterwards: the group's PEL must hold at least 10 x requests entries)
#   xreadgroup-pel XREADGROUP GROUP g pelc COUNT 10 STREAMS rs 0   (re-reads a 100-entry PEL)
# A server that does not support a test (an error reply: no EVALSHA or no streams yet) gets
# "n/a" in that row; the script goes on with the other tests.
#
#   bench/scripting_streams.sh [cairn-server binary] [rounds]
# Defaults: build/release/src/cairn-server, 5 rounds, REQUESTS=100000 per run (XREAD_REQUESTS=30000
# for xreadgroup), TESTS="evalsha xadd xadd-maxlen xreadgroup xreadgroup-pel"; 2.5 minutes on 2
# quiet cores, 3.5 while a build runs. Every redis-benchmark / redis-cli call is bounded (timeout).
# Exits 1 when a median ratio is below 0.90 or a row is n/a, 2 on setup errors.
# Check it against itself: bench/scripting_streams.sh /usr/bin/redis-server (ratios about 1.00).
# Needs redis-server and redis-benchmark (scripts/deps test installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

cairn=${1:-build/release/src/cairn-server}
rounds=${2:-5}
requests=${REQUESTS:-100000}
xrequests=${XREAD_REQUESTS:-30000}
tests=${TESTS:-"evalsha xadd xadd-maxlen xreadgroup xreadgroup-pel"}

source bench/servers.sh  # starts both servers: $cport, $rport

cli() {  # cli PORT ARGS...: one redis-cli call, bounded
  local port=$1; shift
  timeout 60 redis-cli -p "$port" "$@"
}

script="return redis.call('INCR', KEYS[1])"
declare -A sha
for port in "$cport" "$rport"; do
  sha[$port]=$(cli "$port" SCRIPT LOAD "$script" 2>&1 || true)
  [[ ${sha[$port]} =~ ^[0-9a-f]{40}$ ]] || sha[$port]=none  # no scripting: EVALSHA rows are n/a
done

# prepare PORT TEST: the state a run starts from (not timed).
prepare() {
  local port=$1
  case "$2" in
    xadd | xadd-maxlen) cli "$port" DEL s >/dev/null ;;
    xreadgroup)
      cli "$port" DEL rs >/dev/null
      timeout 300 redis-benchmark -p "$port" -c 50 -P 64 -n $((10 * (xrequests + 1000))) -q XADD rs '*' f v \
        >/dev/null 2>&1 || true
      cli "$port" XGROUP CREATE rs g 0 >/dev/null 2>&1 || true ;;
    xreadgroup-pel)
      cli "$port" DEL rs >/dev/null
      timeout 60 redis-benchmark -p "$port" -c 10 -P 16 -n 1000 -q XADD rs '*' f v >/dev/null 2>&1 || true
      cli "$port" XGROUP CREATE rs g 0 >/dev/null 2>&1 || true
      cli "$port" XREADGROUP GROUP g pelc COUNT 100 STREAMS rs '>' >/dev/null 2>&1 || true ;;
  esac
}

command_of() {  # command_of PORT TEST: the command redis-benchmark sends, one word per line
  case "$2" in
    evalsha) printf '%s\n' EVALSHA "${sha[$1]}" 1 counter ;;
    xadd) printf '%s\n' XADD s '*' f v ;;
    xadd-maxlen) printf '%s\n' XADD s MAXLEN '~' 10000 '*' f v ;;
    xreadgroup) printf '%s\n' XREADGROUP GROUP g c__rand_int__ COUNT 10 STREAMS rs '>' ;;
    xreadgroup-pel) printf '%s\n' XREADGROUP GROUP g pelc COUNT 10 STREAMS rs 0 ;;
  esac
}

# rps PORT TEST PIPELINE -> requests per second, or nothing when the server answered an error
# (redis-benchmark stops at the first error reply) or the run did not finish in time.
rps() {
  local port=$1 test=$2 pipe=$3 n=$requests cmd result pending
  [ "$test" = evalsha ] && [ "${sha[$port]}" = none ] && return 0
  [ "$test" = xreadgroup ] && n=$xrequests
  prepare "$port" "$test"
  mapfile -t cmd < <(command_of "$port" "$test")
  result=$(timeout 300 redis-benchmark -p "$port" -c 50 -P "$pipe" -n "$n" -r 1000 --csv -q "${cmd[@]}" \
    2>/dev/null | csv_rps || true)
  if [ "$test" = xreadgroup ] && [ -n "$result" ]; then
    pending=$(cli "$port" XPENDING rs g | head -1)
    if [ "${pending:-0}" -lt $((10 * n)) ]; then
      echo "warning: port $port xreadgroup -P $pipe delivered $pending entries, fewer than $((10 * n))" >&2
    fi
  fi
  echo "$result"
}

median() {  # median NUMBERS...
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'
}

status=0
row() {  # row TEST PIPELINE: $rounds rounds, alternating which server goes first
  local test=$1 pipe=$2 round c r cs=() rs=() ratios=() c_na= r_na=
  for round in $(seq 1 "$rounds"); do
    # A server that failed once (error reply, timeout) is not run again for this row.
    if [ $((round % 2)) -eq 1 ]; then
      c=; [ -z "$c_na" ] && c=$(rps "$cport" "$test" "$pipe")
      r=; [ -z "$r_na" ] && r=$(rps "$rport" "$test" "$pipe")
    else
      r=; [ -z "$r_na" ] && r=$(rps "$rport" "$test" "$pipe")
      c=; [ -z "$c_na" ] && c=$(rps "$cport" "$test" "$pipe")
    fi
    if [ -n "$c" ]; then cs+=("$c"); else c_na=1; fi
    if [ -n "$r" ]; then rs+=("$r"); else r_na=1; fi
    if [ -n "$c" ] && [ -n "$r" ]; then
      ratios+=("$(awk -v a="$c" -v b="$r" 'BEGIN{printf "%.3f", a/b}')")
    fi
  done
  local cm=n/a rm=n/a
  [ -z "$c_na" ] && cm=$(median "${cs[@]}" | awk '{printf "%.0f", $1}')
  [ -z "$r_na" ] && rm=$(median "${rs[@]}" | awk '{printf "%.0f", $1}')
  if [ -n "$c_na" ] || [ -n "$r_na" ]; then
    printf "%-15s %-3s %12s %12s %7s  (%s: error reply or timeout)\n" "$test" "$pipe" "$cm" "$rm" n/a \
      "$([ -n "$c_na" ] && echo cairn)$([ -n "$c_na" ] && [ -n "$r_na" ] && echo ', ')$([ -n "$r_na" ] && echo redis)"
    status=1
    return 0
  fi
  local ratio lo hi
  ratio=$(median "${ratios[@]}")
  lo=$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)
  hi=$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)
  printf "%-15s %-3s %12s %12s %7.2f  [%.2f-%.2f]\n" "$test" "$pipe" "$cm" "$rm" "$ratio" "$lo" "$hi"
  if awk -v r="$ratio" 'BEGIN{exit !(r < 0.9)}'; then status=1; fi
  return 0
}

echo "cairn: $cairn (port $cport), redis: $(command -v redis-server) (port $rport), $rounds rounds, medians"
printf "%-15s %-3s %12s %12s %7s  %s\n" test P cairn redis ratio "[min-max]"
for test in $tests; do
  for pipe in 1 16; do row "$test" "$pipe"; done
done
[ $status -eq 0 ] && echo "all ratios >= 0.90" || echo "some ratios below the 0.90 target (or n/a)"
exit $status
