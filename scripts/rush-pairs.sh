#!/usr/bin/env bash
# Server CPU per paid order of two qticketd builds, in interleaved pairs: the order inside a pair
# alternates, because on this kind of machine whichever runs second tends to be cheaper by about
# as much as most single changes save (BENCHMARKS.md, "tenth session"). Prints each run, then each
# build's runs and the per-pair ratios B/A with their median: the figure BENCHMARKS.md quotes.
#   scripts/rush-pairs.sh N A/qticketd B/qticketd [qticket-bench rush options]
# Default load is the burst (2,000 buyers at 1,000 arrivals/s); options after the two binaries
# replace it, e.g. `--buyers 3264 --arrivals-per-second 272` for 80 % of capacity. A run whose
# invariants do not all hold stops the script. Bench only; needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 3 ]; then
    echo "usage: $0 N path/to/A/qticketd path/to/B/qticketd [qticket-bench rush options]" >&2
    exit 2
fi
pairs=$1 a=$(realpath "$2") b=$(realpath "$3")
shift 3
load=("$@")
[ ${#load[@]} -gt 0 ] || load=(--buyers 2000 --arrivals-per-second 1000)
for server in "$a" "$b"; do [ -x "$server" ] || { echo "not an executable: $server" >&2; exit 2; }; done
nice swift build -c release --product qticket-bench >&2
bench=.build/release/qticket-bench
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; ${load[*]}" >&2
for i in $(seq "$pairs"); do
    if [ $((i % 2)) = 1 ]; then order=(A B); else order=(B A); fi
    for which in "${order[@]}"; do
        server=$a; [ "$which" = B ] && server=$b
        out=$("$bench" rush "${load[@]}" --baseline-seconds 1 --gateway-process --server "$server" 2>&1) || true
        cpu=$(grep -m1 "server CPU per paid order" <<<"$out" | grep -oE "[0-9.]+ ms" | cut -d' ' -f1 || true)
        failed=$(grep -c "VIOLATED" <<<"$out" || true)
        held=$(grep -cE "\| ok \|$" <<<"$out" || true)
        if [ -z "$cpu" ] || [ "$failed" != 0 ] || [ "$held" = 0 ]; then
            echo "pair $i, $which: no figure or an invariant failed; the run said:" >&2
            tail -40 <<<"$out" >&2
            exit 1
        fi
        echo "pair $i $which $cpu ms ($held invariants ok)" >&2
        echo "$i $which $cpu" >>"$log"
    done
done
python3 - "$log" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    pair, which, cpu = line.split()
    runs[(int(pair), which)] = float(cpu)
pairs = sorted({p for p, _ in runs})
a = [runs[(p, "A")] for p in pairs]
b = [runs[(p, "B")] for p in pairs]
ratios = [y / x for x, y in zip(a, b)]
print("| build | server CPU per paid order (ms), pair by pair | mean |")
print("| --- | --- | ---: |")
print(f"| A | {' · '.join(f'{x:.2f}' for x in a)} | {statistics.mean(a):.2f} |")
print(f"| B | {' · '.join(f'{x:.2f}' for x in b)} | {statistics.mean(b):.2f} |")
print(f"\nper-pair ratios B/A: {' · '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}")
PY
