#!/usr/bin/env bash
# Runs schemathesis against docs/openapi.yaml on a fresh qticketd (payment sandbox on, demo
# catalog loaded) listening on 127.0.0.1, with every check and every phase (examples, coverage,
# fuzzing, stateful), once as the demo buyer and once as the demo seller.
# scripts/schemathesis-fixture.py first makes real objects (a venue, a performance on sale, a
# coupon, an admitted buyer's hold and order) and pins each operation's path ids and
# X-Admission-Token to them; the stateful phase follows the spec's OpenAPI links from there.
# scripts/schemathesis.toml says which statuses a schema-valid request may still get, and why.
# /v1/ws is left out: an HTTP fuzzer cannot judge a protocol switch (the WebSocket side has a
# fuzzer of its own).
#
#   scripts/schemathesis.sh                 # 25 examples per operation and pass
#   EXAMPLES=100 SEED=7 scripts/schemathesis.sh
#   QTICKETD=/path/to/qticketd SPEC=/path/to/openapi.yaml scripts/schemathesis.sh   # another build or spec
#
# Needs `pip install 'schemathesis>=4,<5'` (tested with 4.32). Reports land in .build/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES="${EXAMPLES:-25}"
SEED="${SEED:-20261201}"
SPEC="$(realpath "${SPEC:-docs/openapi.yaml}")"
REPORTS="$PWD/.build/schemathesis"
command -v schemathesis >/dev/null || { echo "schemathesis not found: pip install schemathesis" >&2; exit 2; }

if [ -z "${QTICKETD:-}" ]; then
    nice swift build --product qticketd >/dev/null
    QTICKETD=.build/debug/qticketd
fi
DATA="$(mktemp -d "${TMPDIR:-/tmp}/qticket-schemathesis.XXXXXX")"
LOG="$DATA/qticketd.out"
"$QTICKETD" admin load-demo --data "$DATA" --assets Assets >/dev/null

# Fast password hashing only because every login and sign-up the fuzzer sends is hashed.
QTICKET_PASSWORD_ITERATIONS=1000 QTICKET_LOG_LEVEL=critical \
    "$QTICKETD" --host 127.0.0.1 --port 0 --data "$DATA" --payment-sandbox >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$DATA"' EXIT

for _ in $(seq 1 200); do
    grep -q "listening on" "$LOG" 2>/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.1
done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$LOG" | head -1)"
[ -n "$URL" ] || { echo "qticketd printed no listening line" >&2; exit 1; }

token() {
    curl -sf -X POST "$URL/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"queueticket-demo\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
BUYER="$(token buyer@demo.queueticket.dev)"
SELLER="$(token seller@demo.queueticket.dev)"
CONFIG="$DATA/schemathesis.toml"
python3 scripts/schemathesis-fixture.py "$URL" "$BUYER" "$SELLER" "$CONFIG" scripts/schemathesis.toml

mkdir -p "$REPORTS"
status=0
for who in buyer seller; do
    if [ "$who" = buyer ]; then TOKEN="$BUYER"; else TOKEN="$SELLER"; fi
    echo "== schemathesis as the demo $who against $URL ($EXAMPLES examples per operation, seed $SEED)"
    # Run from the scratch directory: schemathesis keeps a crash cache in ./.schemathesis that
    # would otherwise replay old findings into the next run and litter the checkout.
    (cd "$DATA" && schemathesis --config-file "$CONFIG" run "$SPEC" --url "$URL" \
        -H "Authorization: Bearer $TOKEN" \
        --exclude-path /v1/ws \
        --checks all --phases examples,coverage,fuzzing,stateful \
        --max-examples "$EXAMPLES" --seed "$SEED" \
        --request-timeout 20 --workers 2 --no-color \
        --report junit --report-junit-path "$REPORTS/$who.xml") || status=$?
done
kill -0 "$SERVER" 2>/dev/null || { echo "qticketd died during the run" >&2; status=1; }
exit "$status"
