#!/usr/bin/env bash
# Real HTTP/1.1 clients against a fresh qticketd on 127.0.0.1: scripts/http_clients.py (Python's
# http.client and requests, h11 as a strict client, raw sockets) and curl. Exits non-zero on any
# finding. Needs `pip install h11 requests` (tested with h11 0.16, requests 2.34).
#
#   scripts/http-clients.sh
#   QTICKETD=/path/to/qticketd scripts/http-clients.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import h11, requests' 2>/dev/null || { echo "pip install h11 requests" >&2; exit 2; }
if [ -z "${QTICKETD:-}" ]; then
    nice swift build --product qticketd >/dev/null
    QTICKETD=.build/debug/qticketd
fi
DATA="$(mktemp -d "${TMPDIR:-/tmp}/qticket-http-clients.XXXXXX")"
LOG="$DATA/qticketd.out"
QTICKET_LOG_LEVEL=critical "$QTICKETD" --host 127.0.0.1 --port 0 --data "$DATA" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$DATA"' EXIT

for _ in $(seq 1 200); do
    grep -q "listening on" "$LOG" 2>/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.1
done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$LOG" | head -1)"
[ -n "$URL" ] || { echo "qticketd printed no listening line" >&2; exit 1; }

status=0
python3 scripts/http_clients.py "${URL##*:}" || status=$?

expect() {  # name, wanted status, curl arguments...
    local name="$1" want="$2"
    shift 2
    local got
    got="$(curl -sS -o /dev/null -w '%{http_code}' "$@" 2>&1)" || true
    if [ "$got" = "$want" ]; then echo "ok   curl: $name -> $got"; else echo "FAIL curl: $name -> $got, wanted $want"; status=1; fi
}
head -c 2097152 /dev/zero | tr '\0' ' ' >"$DATA/big.json"
expect "2 MiB POST without Expect" 413 -H 'Expect:' -H 'Content-Type: application/json' --data-binary @"$DATA/big.json" "$URL/v1/venues"
expect "2 MiB POST with Expect: 100-continue" 413 -H 'Expect: 100-continue' --data-binary @"$DATA/big.json" "$URL/v1/venues"
expect "HEAD /health" 200 -I "$URL/health"
expect "through a proxy (absolute-form)" 200 --proxy "$URL" "$URL/health"
expect "no Host" 400 -H 'Host:' "$URL/health"
kill -0 "$SERVER" 2>/dev/null || { echo "qticketd died during the run" >&2; status=1; }
exit "$status"
