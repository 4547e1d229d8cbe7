#!/usr/bin/env bash
# The rush on ONE node, embedded (SQLite + actors) and distributed (Redis + PostgreSQL), in the
# same run, through the same bench (`qticket-bench rush --target`), with the Redis commands and
# PostgreSQL statements each ticket sold cost (BENCHMARKS.md "Scale-out backend").
#
#   scripts/scaleout-rush.sh            # BUYERS=1000 HALL=Assets/halls/theatre.hall BIN=.build/release
set -euo pipefail
cd "$(dirname "$0")/.."
BUYERS=${BUYERS:-1000}
HALL=${HALL:-Assets/halls/theatre.hall}
RAMP=${RAMP:-5}
BIN=${BIN:-.build/release}
dir=$(mktemp -d /tmp/scaleout-rush.XXXXXX)
chmod 755 "$dir"   # PostgreSQL runs as the postgres user under it
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    scripts/services.sh stop "$dir/svc" || true
    rm -rf "$dir"
}
trap cleanup EXIT

scripts/services.sh start "$dir/svc" >/dev/null
# shellcheck disable=SC1091
. "$dir/svc/env"
pg_port=$(echo "$QT_TEST_POSTGRES_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
redis_url=$(echo "$QT_TEST_REDIS_URL" | sed 's#/0$#/5#')
psql_() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -qAt "$@"; }
createdb -h 127.0.0.1 -p "$pg_port" -U postgres qt_rush
psql_ -d qt_rush -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
postgres_url="postgresql://postgres@127.0.0.1:$pg_port/qt_rush"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_health() { for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.1; done; return 1; }

export QTICKET_PAYMENT_SECRET_KEY=test_sk_queueticket_sandbox QTICKET_PAYMENT_CLIENT_KEY=test_ck_queueticket_sandbox
export QTICKET_SIGNUP_BURST=1000000 QTICKET_SIGNUP_PER_SECOND=1000000

run() { # name, extra node options...
    local name=$1; shift
    # A gateway per run: the bench matches every charge the gateway holds to an order of its run.
    local gw; gw=$(free_port)
    "$BIN/qticketd" sandbox --host 127.0.0.1 --port "$gw" --data "$dir/sandbox-$name" >"$dir/sandbox-$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$gw") 2>/dev/null && break; sleep 0.1; done
    local port; port=$(free_port)
    "$BIN/qticketd" --host 127.0.0.1 --port "$port" --data "$dir/$name" --payment-gateway "http://127.0.0.1:$gw" \
        "$@" >"$dir/$name.log" 2>&1 &
    local node=$!
    pids+=("$node")
    wait_health "$port"
    "$BIN/qticketd" admin create --email "admin@$name.test" --password 'a long secret' \
        $( [ $# -gt 0 ] && echo "$@" || echo "--data $dir/$name" ) >/dev/null
    redis-cli -u "$redis_url" CONFIG RESETSTAT >/dev/null
    psql_ -d qt_rush -c "SELECT pg_stat_statements_reset()" >/dev/null
    local cpu0; cpu0=$(awk '{print $14+$15}' "/proc/$node/stat")
    echo "## $name node"
    "$BIN/qticket-bench" rush --target "http://127.0.0.1:$port" --gateway "http://127.0.0.1:$gw" \
        --admin-email "admin@$name.test" --admin-password 'a long secret' --buyers "$BUYERS" --hall "$HALL" \
        --ramp "$RAMP" 2>&1 | grep -v 'not settled yet' | tee "$dir/$name.bench" | grep -E 'tickets per minute|orders paid per second|VIOLATED|invariant\(s\)|ok \|$' || true
    local cpu1; cpu1=$(awk '{print $14+$15}' "/proc/$node/stat")
    local sold; sold=$(grep -E '^\| no seat sold twice' "$dir/$name.bench" | sed -E 's/.*\| ([0-9]+) seats in ([0-9]+) paid.*/\1/')
    local paid; paid=$(grep -E '^\| no seat sold twice' "$dir/$name.bench" | sed -E 's/.*seats in ([0-9]+) paid.*/\1/')
    local hz; hz=$(getconf CLK_TCK)
    echo "server CPU: $(( (cpu1 - cpu0) * 1000 / hz )) ms for $paid paid orders, $sold tickets"
    if [ $# -gt 0 ]; then
        local rcmds; rcmds=$(redis-cli -u "$redis_url" INFO commandstats | awk -F'[=,:]' '/^cmdstat_/ {n += $3} END {print n}')
        local rusec; rusec=$(redis-cli -u "$redis_url" INFO commandstats | awk -F'[=,:]' '/^cmdstat_/ {n += $5} END {print n}')
        local pstm; pstm=$(psql_ -d qt_rush -c "SELECT coalesce(sum(calls),0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'qt_rush')")
        echo "redis commands: $rcmds ($(( rcmds / (sold > 0 ? sold : 1) )) per ticket), redis CPU in commands: $(( rusec / 1000 )) ms ($(( rusec / (sold > 0 ? sold : 1) )) µs per ticket)"
        echo "postgresql statements: $pstm ($(( pstm / (sold > 0 ? sold : 1) )) per ticket)"
        redis-cli -u "$redis_url" INFO commandstats | sort -t= -k2 -nr | head -8
    fi
    kill "$node"; wait "$node" 2>/dev/null || true
}

run embedded
run distributed --redis "$redis_url" --postgres "$postgres_url"
echo "## Redis's own ceiling on this machine (redis-benchmark, same run)"
redis_port=$(echo "$QT_TEST_REDIS_URL" | sed -E 's#.*:([0-9]+)/.*#\1#')
redis-benchmark -h 127.0.0.1 -p "$redis_port" --csv -n 100000 -c 50 -t set,incr,zadd,get 2>/dev/null
