#!/usr/bin/env bash
# Short, bounded, loopback-only figures for the scale-out foundations (BENCHMARKS.md): Redis's
# own redis-benchmark for plain commands and for our Lua scripts (loaded from the Swift sources
# by scripts/lua-scripts.py, so the very scripts the server runs), the cost of acknowledging a
# coupon claim only once it is durable (AOF appendfsync always / everysec / off, and a
# PostgreSQL insert per claim via pgbench).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
CLIENTS=${CLIENTS:-50}
dir=$(mktemp -d /tmp/qt-bench.XXXXXX)
trap 'scripts/services.sh stop "$dir"; rm -rf "$dir"' EXIT
scripts/services.sh start "$dir" >/dev/null
# shellcheck disable=SC1090
source "$dir/env"
cli() { redis-cli -u "$QT_TEST_REDIS_URL" "$@"; }
REDIS_PORT=$(echo "$QT_TEST_REDIS_URL" | sed -E 's|redis://[^:]+:([0-9]+).*|\1|')
bench() { redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
load() { cli SCRIPT LOAD "$(scripts/lua-scripts.py "$1")"; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
rps() { tr '\r' '\n' | grep -E 'requests per second' | sed -E 's/^ +//'; }
echo "## redis-benchmark, plain commands, -c $CLIENTS -n $N: AOF appendfsync always"
bench -q -c "$CLIENTS" -n "$N" -t set,incr,zadd | rps
echo "## same, pipelined x16"
bench -q -c "$CLIENTS" -n $((N * 4)) -P 16 -t set,incr,zadd | rps
cli CONFIG SET appendfsync everysec >/dev/null
echo "## same, not pipelined, appendfsync everysec"
bench -q -c "$CLIENTS" -n "$N" -t set,incr,zadd | rps
cli CONFIG SET appendfsync always >/dev/null

P='{p:bench}'
join=$(load queue.join)
hold=$(load seats.hold)
claim=$(load coupon.claim)
# 100,000 seats named like redis-benchmark's __rand_int__ (12 digits) so random holds hit real seats.
cli EVAL "for i = 0, 99999 do redis.call('HSET', KEYS[1], string.format('S-%012d', i), 'f') end
          redis.call('HSET', KEYS[2], 'available', 100000, 'held', 0, 'sold', 0, 'maxPerOrder', 4)
          redis.call('SET', KEYS[3], 0) return 1" 3 "$P:seats" "$P:inv" "$P:ver" >/dev/null
cli SET '{c:bench}:coupon:c1:stock' 1000000000 >/dev/null

run_script() {
    local label=$1 range=$2; shift 2
    printf '%-40s ' "$label"
    bench -q -c "$CLIENTS" -n "$N" -r "$range" "$@" | rps | sed -E 's/^.*: ([0-9.]+ requests)/\1/'
}
echo "## Lua scripts (EVALSHA), -c $CLIENTS -n $N, appendfsync always"
run_script "queue.join (fresh buyers)" 100000000 EVALSHA "$join" 8 "$P:seq" "$P:line" "$P:joined" "$P:admitted" \
    "$P:admission" "$P:ver" "$P:events" "$P:inv" "b__rand_int__"
# Hold ids, buyers and seats all draw from 0..99,999: a mix of new holds, taken seats and retries.
run_script "seats.hold (1 random seat of 100k)" 100000 EVALSHA "$hold" 7 "$P:seats" "$P:holds" "$P:deadlines" \
    "$P:buyerhold" "$P:inv" "$P:ver" "$P:events" "h__rand_int__" "b__rand_int__" 9999999999999 "S-__rand_int__"
claim_bench() {
    run_script "coupon.claim ($1)" 100000000 EVALSHA "$claim" 2 '{c:bench}:coupon:c1:stock' '{c:bench}:coupon:c1:claimants' \
        "b__rand_int__" "uc__rand_int__"
}
claim_bench "appendfsync always"
cli CONFIG SET appendfsync everysec >/dev/null
claim_bench "appendfsync everysec"
cli CONFIG SET appendonly no >/dev/null
claim_bench "no AOF"
cli CONFIG SET appendonly yes >/dev/null
cli CONFIG SET appendfsync always >/dev/null
echo "held seats: $(cli HGET "$P:inv" held)  joined: $(cli HLEN "$P:joined")  claimants: $(cli HLEN '{c:bench}:coupon:c1:claimants')"

echo "## PostgreSQL: one durable insert per claim (fsync on, synchronous_commit on), pgbench -c 16 -T 5"
psql -q "$QT_TEST_POSTGRES_URL" -c "CREATE TABLE claim_log (coupon_id text, user_id text, id text PRIMARY KEY,
    claimed_at timestamptz NOT NULL, UNIQUE (coupon_id, user_id))"
cat >"$dir/claim.sql" <<'SQL'
\set u random(1, 1000000000)
INSERT INTO claim_log VALUES ('c1', 'u' || :u, gen_random_uuid()::text, now()) ON CONFLICT DO NOTHING;
SQL
pgbench -n -c 16 -j 2 -T 5 -f "$dir/claim.sql" "$QT_TEST_POSTGRES_URL" 2>&1 | grep -E '^tps|latency average'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
