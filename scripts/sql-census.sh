#!/usr/bin/env bash
# The SQL statements one rush makes the server run, by text, per buyer: a count that, unlike CPU
# time, is nearly the same run after run, so a change that removes statements shows at once. Runs
# `qticket-bench rush` against the given qticketd with scripts/sql-census.c preloaded, marks the
# rush's start and end with SIGUSR2, and prints the rush's statements, most frequent first.
#   scripts/sql-census.sh path/to/qticketd [qticket-bench rush options]
# Default load is the burst (2,000 buyers at 1,000 arrivals/s). Embedded (SQLite) servers only.
# Bench only; needs cc and libsqlite3-dev (the README's packages).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 path/to/qticketd [qticket-bench rush options]" >&2
    exit 2
fi
server=$(realpath "$1")
shift
load=("$@")
[ ${#load[@]} -gt 0 ] || load=(--buyers 2000 --arrivals-per-second 1000)
buyers=2000
for ((i = 0; i < ${#load[@]}; i++)); do [ "${load[$i]}" = --buyers ] && buyers=${load[$((i + 1))]}; done
work=$(mktemp -d)
bench_pid=
trap '[ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null; rm -rf "$work"' EXIT
cc -O2 -shared -fPIC -o "$work/census.so" scripts/sql-census.c -lsqlite3 -lpthread -ldl
printf '#!/bin/sh\nSQL_CENSUS_OUT=%s/census LD_PRELOAD=%s/census.so exec %s "$@"\n' "$work" "$work" "$server" >"$work/qticketd"
chmod +x "$work/qticketd"
nice swift build -c release --product qticket-bench >&2
.build/release/qticket-bench rush "${load[@]}" --baseline-seconds 1 --gateway-process --server "$work/qticketd" \
    >"$work/bench.txt" 2>&1 &
bench_pid=$!
wait_for() {
    until grep -q "$1" "$work/bench.txt"; do
        kill -0 "$bench_pid" 2>/dev/null || { cat "$work/bench.txt" >&2; echo "the bench ended before: $1" >&2; exit 1; }
        sleep 0.02
    done
}
wait_for "· rush:"
pid=$(pgrep -f -- "^$server --port" | head -1)
kill -USR2 "$pid"
wait_for "· baseline after"
kill -USR2 "$pid"
sleep 0.5
cp "$work/census.$pid" "$work/rush.txt"
wait "$bench_pid" || true
bench_pid=
grep -E "buyers paid|server CPU per paid order" "$work/bench.txt" >&2
echo "invariants: $(grep -c "| ok |$" "$work/bench.txt" || true) ok, $(grep -c VIOLATED "$work/bench.txt" || true) violated" >&2
python3 - "$work/rush.txt" "$buyers" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    phase, count, sql = line.rstrip("\n").split("\t", 2)
    if phase == "1":
        rows.append((int(count), " ".join(sql.split())))
buyers = int(sys.argv[2])
total = sum(count for count, _ in rows)
print(f"{total} statements in the rush, {total / buyers:.2f} per buyer ({buyers} buyers)\n")
print("| per buyer | count | statement |")
print("| ---: | ---: | --- |")
for count, sql in sorted(rows, reverse=True):
    # Long statements keep their head and their tail (which names the rows they touch).
    shown = sql if len(sql) <= 120 else sql[:55] + " … " + sql[-60:]
    print(f"| {count / buyers:.2f} | {count} | `{shown}` |")
PY
