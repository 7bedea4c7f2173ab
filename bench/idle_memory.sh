#!/usr/bin/env bash
# Memory held per idle client connection: cairn-server against Debian's redis-server, in one
# run, as a ratio. For each server: RSS (VmRSS) after start, then one client process
# (bench/hold_connections.py) opens N connections, PINGs each once and holds them; RSS is read
# again 2 s after all are ready (the figure the targets apply to) and 5 s after ("steady").
#
#   bench/idle_memory.sh [cairn-server binary] [connections=5000]
#
# Targets: cairn <= 0.5 x redis bytes per idle connection, and cairn < 1024 bytes.
# Exit status: 0 targets met, 1 a target missed, 2 setup problem. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

cairn=${1:-build/release/src/cairn-server}
n=${2:-5000}
py=/usr/bin/python3
helper=bench/hold_connections.py
[ -x "$cairn" ] || { echo "no cairn-server at $cairn (build it first)" >&2; exit 2; }
redis=$(command -v redis-server) || { echo "redis-server is needed (apt-get install redis-server)" >&2; exit 2; }
command -v redis-cli >/dev/null || { echo "redis-cli is needed (apt-get install redis-tools)" >&2; exit 2; }
[ -x "$py" ] || { echo "$py is needed" >&2; exit 2; }
[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || { echo "connections must be a positive integer" >&2; exit 2; }

# Enough descriptors for the servers (maxclients + reserve) and the client (N + a few).
need=$((n + 1100))
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  echo "ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)); $need descriptors are needed for $n connections" >&2
  exit 2
fi
maxclients=$((n + 1000 > 10000 ? n + 1000 : 10000))

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

tmp=$(mktemp -d)
pids=()     # servers
holder=""   # the running hold_connections.py, if any
cleanup() {  # TERM what this script started (by pid), wait up to 5 s in all, then KILL
  local p alive
  for p in $holder "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0
    for p in $holder "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for p in $holder "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() {  # start NAME BINARY PORT -> server pid in $started
  "$2" --port "$3" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" \
    --logfile "$tmp/$1.log" --maxclients "$maxclients" &
  started=$!
  pids+=("$started")
  for _ in $(seq 1 100); do
    timeout 2 redis-cli -p "$3" ping >/dev/null 2>&1 && return 0
    kill -0 "$started" 2>/dev/null || break
    sleep 0.05
  done
  echo "$1 did not start (log: $(tail -n 5 "$tmp/$1.log" 2>/dev/null))" >&2
  exit 2
}

rss_bytes() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$1/status"; }
connected() { timeout 5 redis-cli -p "$1" info clients 2>/dev/null | tr -d '\r' | awk -F: '$1=="connected_clients"{print $2}'; }

# measure NAME PID PORT -> sets before, after2, after5, clients
measure() {
  local name=$1 pid=$2 port=$3 out=$tmp/$1.hold
  sleep 0.5  # let the server settle after the start-up PINGs
  before=$(rss_bytes "$pid")
  "$py" "$helper" "$port" "$n" 60 --timeout 60 >"$out" 2>"$tmp/$name.hold.err" &
  holder=$!
  local ok=0
  for _ in $(seq 1 700); do   # up to ~70 s (the helper itself gives up after 60 s)
    if grep -q '^READY' "$out" 2>/dev/null; then ok=1; break; fi
    if grep -q '^FAILED' "$out" 2>/dev/null || ! kill -0 "$holder" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ $ok -ne 1 ]; then
    echo "$name: the client could not open $n connections: $(cat "$tmp/$name.hold.err")" >&2
    exit 2
  fi
  sleep 2
  after2=$(rss_bytes "$pid")
  clients=$(connected "$port")
  sleep 3
  after5=$(rss_bytes "$pid")
  kill "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
  holder=""
}

cport=$(free_port); start cairn "$cairn" "$cport"; cpid=$started
rport=$(free_port); start redis "$redis" "$rport"; rpid=$started

measure cairn "$cpid" "$cport"; c_before=$before; c_after2=$after2; c_after5=$after5; c_clients=$clients
measure redis "$rpid" "$rport"; r_before=$before; r_after2=$after2; r_after5=$after5; r_clients=$clients

per() { awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN{printf "%.0f", (b - a) / n}'; }
c_per2=$(per "$c_before" "$c_after2"); c_per5=$(per "$c_before" "$c_after5")
r_per2=$(per "$r_before" "$r_after2"); r_per5=$(per "$r_before" "$r_after5")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }

echo "idle connections: $n (one client process), RSS from /proc/PID/status VmRSS"
printf '%-6s %12s %12s %12s %10s %12s %12s\n' server rss_start rss_+2s rss_+5s clients B/conn_2s B/conn_5s
printf '%-6s %12s %12s %12s %10s %12s %12s\n' cairn "$c_before" "$c_after2" "$c_after5" "$c_clients" "$c_per2" "$c_per5"
printf '%-6s %12s %12s %12s %10s %12s %12s\n' redis "$r_before" "$r_after2" "$r_after5" "$r_clients" "$r_per2" "$r_per5"
ratio2=$(ratio "$c_per2" "$r_per2"); ratio5=$(ratio "$c_per5" "$r_per5")
printf 'ratio cairn/redis per idle connection: %s after 2 s, %s steady (5 s)\n' "$ratio2" "$ratio5"

status=0
if awk -v c="$c_per2" -v r="$r_per2" 'BEGIN{exit !(c <= 0.5 * r)}'; then
  echo "PASS cairn <= 0.5 x redis per idle connection ($c_per2 <= $(awk -v r="$r_per2" 'BEGIN{printf "%.0f", 0.5*r}'))"
else
  echo "FAIL cairn <= 0.5 x redis per idle connection ($c_per2 > $(awk -v r="$r_per2" 'BEGIN{printf "%.0f", 0.5*r}'), ratio $ratio2)"
  status=1
fi
if [ "$c_per2" -lt 1024 ]; then
  echo "PASS cairn < 1024 bytes per idle connection ($c_per2)"
else
  echo "FAIL cairn < 1024 bytes per idle connection ($c_per2, $((c_per2 - 1023)) over)"
  status=1
fi
for who in cairn redis; do
  c=$([ $who = cairn ] && echo "$c_clients" || echo "$r_clients")
  if [ -z "$c" ] || [ "$c" -lt "$n" ]; then
    echo "FAIL $who reported connected_clients=${c:-?}, expected >= $n"
    status=1
  fi
done
exit $status
