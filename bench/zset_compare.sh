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
    awk -F, 'NR>1 || $1 !~ /test/ {gsub(/"/,"",$2); print $2; exit}'
}

printf '%-12s %-3s %12s %12s %7s\n' test P cairn redis ratio
status=0
for test in zadd zrange10 zrange100ws; do
  for pipe in 1 16; do
    c_total=0; r_total=0
    for round in $(seq 1 "$rounds"); do
      # Alternate which server goes first, so a load change on the machine favours neither.
      if [ $((round % 2)) -eq 1 ]; then
        c=$(rps "$cport" "$test" "$pipe"); r=$(rps "$rport" "$test" "$pipe")
      else
        r=$(rps "$rport" "$test" "$pipe"); c=$(rps "$cport" "$test" "$pipe")
      fi
      c_total=$(awk -v a="$c_total" -v b="$c" 'BEGIN{print a+b}')
      r_total=$(awk -v a="$r_total" -v b="$r" 'BEGIN{print a+b}')
    done
    ratio=$(awk -v a="$c_total" -v b="$r_total" 'BEGIN{printf "%.2f", a/b}')
    printf '%-12s %-3s %12.0f %12.0f %7s\n' "$test" "$pipe" "$(awk -v a="$c_total" -v n="$rounds" 'BEGIN{print a/n}')" \
      "$(awk -v a="$r_total" -v n="$rounds" 'BEGIN{print a/n}')" "$ratio"
    awk -v r="$ratio" 'BEGIN{exit !(r < 0.9)}' && status=1
  done
done
echo "zset sizes after the run: cairn $(redis-cli -p "$cport" zcard myzset), redis $(redis-cli -p "$rport" zcard myzset)"
[ $status -eq 0 ] && echo "all ratios >= 0.90" || echo "some ratios below the 0.90 target"
exit $status
