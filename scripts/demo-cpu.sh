#!/usr/bin/env bash
# The CPU one demo rush costs: runs `qticketd demo` headless (the rush opens at once), samples its
# descriptors until the crowd's summary lands in the log, then prints CPU time, peak descriptors
# and peak memory, and stops it. Usage: scripts/demo-cpu.sh [debug|release] [extra qticketd demo flags]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-debug}
shift || true
swift build -c "$config" --product qticketd >/dev/null
out=$(mktemp)
".build/$config/qticketd" demo "$@" >"$out" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q '^ready ' "$out" && break; sleep 0.2; done
data=$(sed -n 's/^ready .*"dataDirectory":"\([^"]*\)".*/\1/p' "$out" | head -1)
maxfd=0
start=$(date +%s)
until grep -q "rush crowd finished" "$data/qticketd.log" 2>/dev/null; do
    fds=$(ls "/proc/$pid/fd" | wc -l)
    [ "$fds" -gt "$maxfd" ] && maxfd=$fds
    sleep 2
    [ $(( $(date +%s) - start )) -gt 900 ] && { echo "the crowd did not finish in 15 minutes" >&2; exit 1; }
done
read -r utime stime <<<"$(awk '{print $14, $15}' "/proc/$pid/stat")"
ticks=$(getconf CLK_TCK)
echo "$config: rush over in $(( $(date +%s) - start )) s; qticketd demo used $(( (utime + stime) / ticks )) s of CPU" \
     "(user $(( utime / ticks )), system $(( stime / ticks ))); at most $maxfd descriptors;" \
     "peak memory $(awk '/VmHWM/{print $2, $3}' "/proc/$pid/status")"
grep '"qticketd.demo"' "$data/qticketd.log" | sed 's/.*"message":"\([^"]*\)".*/  \1/'
