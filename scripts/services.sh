#!/usr/bin/env bash
# Private Redis and PostgreSQL for the scale-out tests and benchmarks, on free loopback ports.
#
#   scripts/services.sh start DIR   # starts both under DIR, writes DIR/env (export lines)
#   scripts/services.sh stop DIR    # stops both (safe to call twice, or after a failed start)
#
# Redis runs with AOF on and `appendfsync always`, the setting under which an acknowledged coupon
# claim survives a crash (docs/SCALE_OUT.md). PostgreSQL is initdb'd into DIR and, when this runs
# as root (CI does), runs as the `postgres` user, since postgres refuses to run as root.
set -euo pipefail

free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        # A refused connection means nothing listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
}

pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    dirname "$(command -v initdb)"
}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() {
    local what=$1; shift
    for _ in $(seq 1 100); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "services: $what did not come up" >&2
    return 1
}

start() {
    local dir=$1
    mkdir -p "$dir/redis" "$dir/pg"
    chmod 755 "$dir"  # mktemp -d makes it 0700; the postgres user must reach pg/ inside
    dir=$(cd "$dir" && pwd)
    local redis_port pg_port bin
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes \
        --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" \
        --appendonly yes --appendfsync always --save "" >/dev/null
    wait_for "redis on $redis_port" redis-cli -p "$redis_port" ping

    bin=$(pg_bin)
    pg_port=$(free_port)
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir/pg"; fi
    as_pg "$bin/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/pg/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w -t 30 start \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $dir/pg -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres qticket_test

    cat >"$dir/env" <<ENV
export QT_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/0
export QT_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$pg_port/qticket_test
ENV
    echo "redis: 127.0.0.1:$redis_port  postgres: 127.0.0.1:$pg_port  (env in $dir/env)"
}

stop() {
    local dir=$1
    [ -d "$dir" ] || return 0
    if [ -f "$dir/redis/redis.pid" ]; then
        local pid
        pid=$(cat "$dir/redis/redis.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    if [ -f "$dir/pg/data/postmaster.pid" ]; then
        as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

case "${1:-}" in
    start) start "${2:?usage: $0 start DIR}" ;;
    stop) stop "${2:?usage: $0 stop DIR}" ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
