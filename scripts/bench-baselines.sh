#!/usr/bin/env bash
# Baselines measured in the same run as our figures, printed as ratios (Markdown on stdout):
# nginx `return 200` under wrk next to the bare FlyingFox route and our queue routes, and
# redis-benchmark ZADD/ZRANK/INCR next to our joins and ranks. nginx and redis-server are
# started on loopback ports with configs in a temp dir and stopped at the end (by qticket-bench).
# Bench only: the test suite never needs nginx, redis or wrk.
#   scripts/bench-baselines.sh [qticket-bench baselines options, e.g. --wrk-seconds 5]
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in nginx wrk redis-server redis-benchmark redis-cli; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]} (apt-get install -y nginx wrk redis-server)" >&2
    exit 2
fi
nice swift build -c release --product qticket-bench >&2
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
exec .build/release/qticket-bench baselines "$@"
