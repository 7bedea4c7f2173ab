# Sourced by bench/compare.sh, hash_set_compare.sh and zset_compare.sh: checks the binaries,
# starts cairn-server ($cairn) and Debian's redis-server on free loopback ports with the same
# settings, and stops both (by pid) when the script exits. Sets $tmp, $cport and $rport, and
# gives csv_rps and compare_header / compare_row (the rounds, means and ratio of one test).
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

# csv_rps: the requests per second from redis-benchmark --csv -q output on stdin.
csv_rps() {
  awk -F, 'NR>1 || $1 !~ /test/ {gsub(/"/,"",$2); print $2; exit}'
}

status=0  # 1 once a compare_row ratio is below the target

# compare_row WIDTH TEST PIPELINE: runs the caller's `rps PORT TEST PIPELINE` $rounds times on
# each server, alternating which goes first (so a load change on the machine favours neither),
# prints the mean requests per second and the ratio, and sets status=1 below 0.90.
compare_row() {
  local width=$1 test=$2 pipe=$3 c r c_total=0 r_total=0 ratio round
  for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then
      c=$(rps "$cport" "$test" "$pipe"); r=$(rps "$rport" "$test" "$pipe")
    else
      r=$(rps "$rport" "$test" "$pipe"); c=$(rps "$cport" "$test" "$pipe")
    fi
    c_total=$(awk -v a="$c_total" -v b="$c" 'BEGIN{print a+b}')
    r_total=$(awk -v a="$r_total" -v b="$r" 'BEGIN{print a+b}')
  done
  ratio=$(awk -v a="$c_total" -v b="$r_total" 'BEGIN{printf "%.2f", a/b}')
  printf "%-${width}s %-3s %12.0f %12.0f %7s\n" "$test" "$pipe" \
    "$(awk -v a="$c_total" -v n="$rounds" 'BEGIN{print a/n}')" \
    "$(awk -v a="$r_total" -v n="$rounds" 'BEGIN{print a/n}')" "$ratio"
  if awk -v r="$ratio" 'BEGIN{exit !(r < 0.9)}'; then status=1; fi
}

# compare_header WIDTH: the column titles for compare_row.
compare_header() {
  printf "%-${1}s %-3s %12s %12s %7s\n" test P cairn redis ratio
}
