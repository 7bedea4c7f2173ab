#!/usr/bin/env bash
# PING latency while many idle connections are held: cairn-server against Debian's
# redis-server, in one run, as a ratio. Both servers run with --maxclients 20000; client
# processes (bench/hold_connections.py, at most 10,000 connections each) open N connections to
# each server, PING each once and hold them. While they are held, bench/ping_latency.py
# measures PING round trips from one more connection per server: ROUNDS rounds of COUNT
# PINGs, interleaved ping by ping between the two servers so that background load hits both
# alike (redis-benchmark's CSV percentiles come in 8 us steps, too coarse for a 10% comparison
# at ~50-100 us). The median over rounds of p50 and p99 is reported, with a baseline round
# taken before the idle connections are opened.
#
# Placement: on this kind of VM a wake-up on another CPU costs ~50 us more than on the same
# CPU, so whichever server the scheduler happens to put next to the probe looks 3x faster.
# With 2+ CPUs both servers are therefore pinned to the last CPU and the probe to CPU 0
# (PIN=0 turns this off). RT=1 also runs both servers and the probe SCHED_FIFO 1 (chrt),
# which takes compiler jobs of a busy machine out of the tail.
#
#   bench/many_connections.sh [cairn-server binary] [connections=19000]
#   env: ROUNDS (5), COUNT (4000), PIN (1), RT (0)
#
# Targets: both servers report connected_clients >= N; cairn p99 <= 1.1 x redis p99.
# Exit status: 0 targets met, 1 a target missed, 2 setup problem. Loopback only; the whole
# run is bounded (about 3 minutes at most, typically well under one).
set -euo pipefail
cd "$(dirname "$0")/.."

cairn=${1:-build/release/src/cairn-server}
n=${2:-19000}
rounds=${ROUNDS:-5}
count=${COUNT:-4000}
pin=${PIN:-1}
rt=${RT:-0}
py=/usr/bin/python3
helper=bench/hold_connections.py
probe=bench/ping_latency.py
budget=150  # seconds: give up (exit 2) rather than run past 3 minutes (cleanup and reporting take <15 s)
[ -x "$cairn" ] || { echo "no cairn-server at $cairn (build it first)" >&2; exit 2; }
redis=$(command -v redis-server) || { echo "redis-server is needed (apt-get install redis-server)" >&2; exit 2; }
command -v redis-cli >/dev/null || { echo "redis-cli is needed (apt-get install redis-tools)" >&2; exit 2; }
[ -x "$py" ] || { echo "$py is needed" >&2; exit 2; }
[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || { echo "connections must be a positive integer" >&2; exit 2; }
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -gt 0 ] && [ "$rounds" -le 50 ] || { echo "ROUNDS must be 1..50" >&2; exit 2; }
[[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge 100 ] && [ "$count" -le 100000 ] || { echo "COUNT must be 100..100000" >&2; exit 2; }

# Descriptors: each server needs maxclients + 32; each client process needs its share + a few.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile=$(ulimit -n); [ "$nofile" = unlimited ] && nofile=1048576
if [ "$nofile" -lt $((n + 64)) ]; then
  echo "ulimit -n is $nofile (hard $(ulimit -Hn)); servers need more than $n descriptors" >&2
  exit 2
fi
per_proc=$((nofile - 100 < 10000 ? nofile - 100 : 10000))
procs=$(((n + per_proc - 1) / per_proc))

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
check_budget() {
  if [ "$SECONDS" -ge "$budget" ]; then echo "giving up: over the ${budget}s time budget ($1)" >&2; exit 2; fi
}

tmp=$(mktemp -d)
pids=()     # servers
holders=()  # hold_connections.py processes
cleanup() {  # TERM what this script started (by pid), wait up to 5 s in all, then KILL
  local p alive
  for p in "${holders[@]}" "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0
    for p in "${holders[@]}" "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for p in "${holders[@]}" "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() {  # start NAME BINARY PORT
  "$2" --port "$3" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" \
    --logfile "$tmp/$1.log" --maxclients 20000 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do
    timeout 1 redis-cli -p "$3" ping >/dev/null 2>&1 && { place "$pid"; return 0; }
    check_budget "starting $1"
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "$1 did not start (log: $(tail -n 5 "$tmp/$1.log" 2>/dev/null))" >&2
  exit 2
}
info_field() {  # info_field PORT SECTION FIELD
  timeout 5 redis-cli -p "$1" info "$2" 2>/dev/null | tr -d '\r' | awk -F: -v f="$3" '$1==f{print $2}'
}
maxclients_of() { timeout 5 redis-cli -p "$1" config get maxclients 2>/dev/null | tail -n 1; }

# latency -> "c_p50 c_p99 r_p50 r_p99" in microseconds, one interleaved round
probe_cmd=("$py" "$probe")
cpus=$(nproc)
if [ "$pin" = 1 ] && [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  probe_cmd=(taskset -c 0 "${probe_cmd[@]}")
  placement="servers on CPU $((cpus - 1)), probe on CPU 0"
else
  pin=0; placement="not pinned"
fi
if [ "$rt" = 1 ]; then
  probe_cmd=(chrt -f 1 "${probe_cmd[@]}"); placement="$placement, SCHED_FIFO 1"
fi
place() {  # place PID: pin / prioritise a server as configured
  if [ "$pin" = 1 ]; then taskset -a -p -c "$((cpus - 1))" "$1" >/dev/null; fi
  if [ "$rt" = 1 ]; then chrt -a -f -p 1 "$1"; fi
}
latency() {
  local left=$((budget - SECONDS))
  [ "$left" -gt 60 ] && left=60
  [ "$left" -gt 0 ] || { echo "giving up: over the ${budget}s time budget (latency)" >&2; exit 2; }
  timeout "$left" "${probe_cmd[@]}" --count "$count" "$cport" "$rport" >"$tmp/probe.out" 2>"$tmp/probe.err" ||
    { echo "ping_latency.py failed: $(cat "$tmp/probe.err")" >&2; exit 2; }
  awk -v c="$cport" -v r="$rport" '$1==c{cp50=$2; cp99=$4} $1==r{rp50=$2; rp99=$4}
    END {if (cp99 == "" || rp99 == "") exit 1; print cp50, cp99, rp50, rp99}' "$tmp/probe.out"
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

cport=$(free_port); start cairn "$cairn" "$cport"
rport=$(free_port); start redis "$redis" "$rport"
c_max=$(maxclients_of "$cport"); r_max=$(maxclients_of "$rport")

base=$(latency)  # before any idle connection is held

# Open the connections: $procs helper processes per server, all at once.
hold_for=$((budget + 10))  # the helpers are killed when done; this only bounds them
i=0
for target in cairn:$cport redis:$rport; do
  name=${target%%:*}; port=${target#*:}
  left=$n
  for k in $(seq 1 "$procs"); do
    share=$((left / (procs - k + 1)))
    left=$((left - share))
    i=$((i + 1))
    "$py" "$helper" "$port" "$share" "$hold_for" --timeout 60 >"$tmp/hold.$i.out" 2>"$tmp/hold.$i.err" &
    holders+=("$!")
    echo "$name $share" >"$tmp/hold.$i.what"
  done
done
t0=$SECONDS
for _ in $(seq 1 800); do  # up to ~80 s (each helper gives up after 60 s)
  ready=0; failed=0
  for j in $(seq 1 "$i"); do
    if grep -q '^READY' "$tmp/hold.$j.out" 2>/dev/null; then ready=$((ready + 1))
    elif grep -q '^FAILED' "$tmp/hold.$j.out" 2>/dev/null || ! kill -0 "${holders[$((j - 1))]}" 2>/dev/null; then
      failed=$((failed + 1))
    fi
  done
  [ $((ready + failed)) -eq "$i" ] && break
  check_budget "opening connections"
  sleep 0.1
done
setup_s=$((SECONDS - t0))
if [ "$ready" -ne "$i" ]; then
  for j in $(seq 1 "$i"); do
    grep -q '^READY' "$tmp/hold.$j.out" 2>/dev/null ||
      echo "client $j ($(cat "$tmp/hold.$j.what")): $(cat "$tmp/hold.$j.err" "$tmp/hold.$j.out" 2>/dev/null | head -n 2)" >&2
  done
fi
sleep 1
c_clients=$(info_field "$cport" clients connected_clients)
r_clients=$(info_field "$rport" clients connected_clients)
check_budget "after opening connections"

: >"$tmp/lat"
for r in $(seq 1 "$rounds"); do
  check_budget "latency round $r"
  latency >>"$tmp/lat"
done
col() { awk -v k="$1" '{print $k}' "$tmp/lat" | median; }
c_p50=$(col 1); c_p99=$(col 2); r_p50=$(col 3); r_p99=$(col 4)
# Still all there after the measurement?
c_after=$(info_field "$cport" clients connected_clients)
r_after=$(info_field "$rport" clients connected_clients)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }
echo "idle connections per server: $n ($procs client process(es) each, opened in ${setup_s}s); ulimit -n $nofile"
echo "PING latency: bench/ping_latency.py, $count PINGs per server per round, interleaved; median of $rounds rounds; $placement"
printf '%-6s %10s %12s %12s %8s %8s\n' server maxclients clients clients_end p50_us p99_us
printf '%-6s %10s %12s %12s %8s %8s\n' cairn "$c_max" "${c_clients:-?}" "${c_after:-?}" "$c_p50" "$c_p99"
printf '%-6s %10s %12s %12s %8s %8s\n' redis "$r_max" "${r_clients:-?}" "${r_after:-?}" "$r_p50" "$r_p99"
echo "per round (cairn p50 p99 | redis p50 p99, us): $(awk '{printf "%s[%s %s | %s %s]", (NR > 1 ? " " : ""), $1, $2, $3, $4}' "$tmp/lat")"
echo "baseline before the idle connections (cairn p50 p99 | redis p50 p99, us): [$(echo "$base" | awk '{print $1, $2, "|", $3, $4}')]"
printf 'ratio cairn/redis: p50 %s, p99 %s\n' "$(ratio "$c_p50" "$r_p50")" "$(ratio "$c_p99" "$r_p99")"

status=0
for who in cairn redis; do
  if [ $who = cairn ]; then c=$c_clients; else c=$r_clients; fi
  if [ -n "$c" ] && [ "$c" -ge "$n" ]; then
    echo "PASS $who accepted all $n connections (connected_clients=$c)"
  else
    echo "FAIL $who connected_clients=${c:-?}, expected >= $n"
    status=1
  fi
done
if awk -v c="$c_p99" -v r="$r_p99" 'BEGIN{exit !(c <= 1.1 * r)}'; then
  echo "PASS cairn p99 <= 1.1 x redis p99 ($c_p99 <= $(awk -v r="$r_p99" 'BEGIN{printf "%.1f", 1.1*r}') us)"
else
  echo "FAIL cairn p99 <= 1.1 x redis p99 ($c_p99 > $(awk -v r="$r_p99" 'BEGIN{printf "%.1f", 1.1*r}') us)"
  status=1
fi
echo "total time ${SECONDS}s"
exit $status
