# Sourced by bench/compare.sh, hash_set_compare.sh and zset_compare.sh: checks the binaries,
# starts cairn-server ($cairn) and Debian's redis-server on free loopback ports with the same
# settings, and stops both (by pid) when the script exits. Sets $tmp, $cport and $rport.
[ -x "$cairn" ] || { echo "no cairn-server at $cairn (build the release preset first)" >&2; exit 2; }
command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null ||
  { echo "redis-server and redis-benchmark are needed (apt-get install redis-server redis-tools)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
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
