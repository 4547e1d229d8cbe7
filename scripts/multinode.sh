#!/usr/bin/env bash
# Several qticketd nodes behind nginx on loopback, with the parts a seller runs around them:
# private Redis + PostgreSQL (scripts/services.sh), one payment gateway (`qticketd sandbox`),
# nginx rendered by deploy/nginx/render.sh and Prometheus with deploy/prometheus — every one on a
# free loopback port, with its own directory, pid and log under DIR. docs/MULTINODE.md.
#
#   scripts/multinode.sh up DIR [--nodes N] [--backend distributed|embedded]
#   scripts/multinode.sh down DIR                      # stops everything `up` started (idempotent)
#   scripts/multinode.sh rush DIR [qticket-bench rush options…]   # through nginx, invariants checked
#   scripts/multinode.sh kill-node DIR I | start-node DIR I
#   scripts/multinode.sh restart-redis DIR | restart-postgres DIR
#   scripts/multinode.sh test SCENARIO [--buyers N] [--keep DIR]  # up, the scenario, down on any exit
#   scripts/multinode.sh test rush --nodes N [--backend embedded] [--buyers N]   # BENCHMARKS.md
#
# Scenarios: rush (no fault), node-kill (#19: 3 nodes, one SIGKILLed two seconds into the rush), two-nodes,
# redis-restart, postgres-restart (#16), smoke (one embedded node killed and restarted: the
# plumbing without Redis/PostgreSQL). A scenario that needs the distributed backend exits 77
# with the reason when this build's qticketd has no --redis.
#
# Binaries come from $QT_BIN (default .build/debug). Every wait is bounded; `test` also bounds
# the whole run ($QT_MULTINODE_SECONDS, default 230) and stops everything when it ends,
# passes, fails or is interrupted.
set -Eeuo pipefail
# A parent that blocks signals (the swift test runner blocks nearly all in its threads) passes the
# mask on: TERM would then never reach the watchdog, the nodes or nginx. Start again unmasked.
if grep -q '^SigBlk:.*[1-9a-f]' /proc/$$/status && [ -z "${QT_MULTINODE_UNMASKED:-}" ]; then
    export QT_MULTINODE_UNMASKED=1
    exec python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_SETMASK, [])
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # Python ignores it; the shell must not
os.execv("/bin/bash", ["bash"] + sys.argv[1:])' "$0" "$@"
fi
trap 'log "failed (status $?) at line $LINENO: $BASH_COMMAND"' ERR
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${QT_BIN:-$root/.build/debug}"
admin_email=ops@multinode.example.com
admin_password='multinode admin password'
secret=test_sk_queueticket_sandbox

log() { echo "multinode: $*" >&2; }
die() { log "$*"; exit 1; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# HTTP GET on loopback: the status code on the first line, then the body.
http_get() {
    python3 - "$1" "$2" <<'PY' 2>/dev/null
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}{sys.argv[2]}", timeout=5) as answer:
        status, body = answer.status, answer.read()
except urllib.error.HTTPError as error:
    status, body = error.code, error.read()
print(status)
sys.stdout.write(body.decode("utf-8", "replace"))
PY
}
http_status() { http_get "$1" "$2" | head -1; }
answers() { [ -n "$(http_status "$1" "$2")" ]; }
status_is() { [ "$(http_status "$1" "$2")" = "$3" ]; }

wait_until() {  # SECONDS WHAT COMMAND…
    local seconds=$1 what=$2; shift 2
    local deadline=$((SECONDS + seconds))
    while ((SECONDS < deadline)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    die "$what not ready within $seconds s"
}

healthy() { status_is "$1" /health 200; }

distributed_built() {
    "$bin/qticketd" serve --help 2>/dev/null | grep -q -- '--redis' \
        || "$bin/qticketd" --help 2>/dev/null | grep -q -- '--redis'
}

# The node's backend options, the same for every node and for `admin create`.
backend_options() {
    local dir=$1
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    if [ "$QT_BACKEND" = distributed ]; then
        echo "--redis $QT_TEST_REDIS_URL --postgres $QT_TEST_POSTGRES_URL"
    fi
}

node_environment=(
    "QTICKET_PAYMENT_SECRET_KEY=$secret" QTICKET_PAYMENT_CLIENT_KEY=test_ck_queueticket_sandbox
    # 2,000 sign-ups through nginx come from one address, and debug-build hashing is slow.
    QTICKET_SIGNUP_BURST=100000 QTICKET_SIGNUP_PER_SECOND=1000 QTICKET_PASSWORD_ITERATIONS=1000
    QTICKET_LOG_LEVEL=warning QTICKET_MAX_CONNECTIONS=16000
    # A node may be SIGKILLed here: a claim answered `pending` dies with it (docs/COUPONS.md), and
    # the bench holds every won claim to account. Answer once the claim is durable, as in production.
    QTICKET_COUPONS_CLAIM_ACK_WAIT_MS=1000
)

start_node() {
    local dir=$1 i=$2
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    local port_var="QT_NODE_${i}_PORT" options
    local port=${!port_var}
    options=$(backend_options "$dir")
    mkdir -p "$dir/node-$i"
    # shellcheck disable=SC2086
    env "${node_environment[@]}" "$bin/qticketd" --host 127.0.0.1 --port "$port" --data "$dir/node-$i" \
        --payment-gateway "http://127.0.0.1:$QT_SANDBOX_PORT" $options >>"$dir/node-$i.log" 2>&1 &
    echo $! >"$dir/pids/node-$i"
    disown  # a SIGKILLed node is expected: no "Killed" notice from bash
    wait_until 60 "node $i on $port" healthy "$port"
    log "node $i up on 127.0.0.1:$port (pid $(cat "$dir/pids/node-$i"))"
}

stop_pid() {  # FILE [SIGNAL]: the signal (TERM), SIGKILL after 10 s
    local file=$1 signal=${2:-TERM} pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$file"
}

nginx_config() {
    local dir=$1
    local user=""
    # As root nginx would run its worker as nobody, which cannot write the temp paths under DIR.
    [ "$(id -u)" = 0 ] && user="user root;"
    cat <<CONF
$user
worker_processes 1;
worker_rlimit_nofile 40000;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 16000; }
http {
    access_log off;
    client_body_temp_path $dir/nginx/tmp/body;
    proxy_temp_path $dir/nginx/tmp/proxy;
    fastcgi_temp_path $dir/nginx/tmp/fastcgi;
    uwsgi_temp_path $dir/nginx/tmp/uwsgi;
    scgi_temp_path $dir/nginx/tmp/scgi;
    include $dir/nginx/qticket.conf;
}
CONF
}

prometheus_config() {
    local dir=$1 targets=$2 prometheus=$3 alertmanager=$4
    local source="$root/deploy/prometheus/prometheus.yml"
    grep -q '"127.0.0.1:8080", "127.0.0.1:8082", "127.0.0.1:8083"' "$source" \
        || die "deploy/prometheus/prometheus.yml no longer lists the nodes this script replaces"
    sed -e "s/\"127.0.0.1:8080\", \"127.0.0.1:8082\", \"127.0.0.1:8083\"/$targets/" \
        -e "s/\"127.0.0.1:9090\"/\"127.0.0.1:$prometheus\"/" \
        -e "s/\"127.0.0.1:9093\"/\"127.0.0.1:$alertmanager\"/" "$source"
}

up() {
    local dir=$1; shift
    local nodes=3 backend=distributed
    while (($#)); do
        case "$1" in
            --nodes) nodes=$2; shift 2 ;;
            --backend) backend=$2; shift 2 ;;
            *) die "up: unknown option $1" ;;
        esac
    done
    case "$backend" in
        distributed) distributed_built || die "$bin/qticketd has no --redis: the distributed backend is not in this build" ;;
        # Embedded nodes each keep their own SQLite line and seats: more than one behind a balancer
        # would be several shows, not one.
        embedded) ((nodes == 1)) || die "the embedded backend runs one node only" ;;
        *) die "--backend distributed|embedded" ;;
    esac
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    [ ! -e "$dir/cluster.env" ] && [ ! -e "$dir/services" ] || die "$dir holds an earlier cluster: down it and remove it first"
    mkdir -p "$dir/pids" "$dir/nginx/tmp" "$dir/prometheus"
    dir=$(cd "$dir" && pwd)
    "$root/scripts/services.sh" start "$dir/services" >&2
    {
        cat "$dir/services/env"
        echo "export QT_BACKEND=$backend QT_NODES=$nodes"
        echo "export QT_SANDBOX_PORT=$(free_port) QT_NGINX_PORT=$(free_port) QT_PROMETHEUS_PORT=$(free_port)"
        for i in $(seq 1 "$nodes"); do echo "export QT_NODE_${i}_PORT=$(free_port)"; done
    } >"$dir/cluster.env"
    # shellcheck disable=SC1091
    source "$dir/cluster.env"

    "$bin/qticketd" sandbox --host 127.0.0.1 --port "$QT_SANDBOX_PORT" --data "$dir/sandbox" \
        >>"$dir/sandbox.log" 2>&1 &
    echo $! >"$dir/pids/sandbox"
    wait_until 30 "sandbox on $QT_SANDBOX_PORT" answers "$QT_SANDBOX_PORT" /

    # The first node migrates PostgreSQL and creates the token secret; the others find them.
    local options
    options=$(backend_options "$dir")
    if [ "$backend" = distributed ]; then
        start_node "$dir" 1
        # shellcheck disable=SC2086
        "$bin/qticketd" admin create --email "$admin_email" --password "$admin_password" $options >&2
    else
        env "${node_environment[@]}" "$bin/qticketd" admin create --data "$dir/node-1" \
            --email "$admin_email" --password "$admin_password" >&2
        start_node "$dir" 1
    fi
    local upstreams=() targets=""
    for i in $(seq 1 "$nodes"); do
        ((i == 1)) || start_node "$dir" "$i"
        local port_var="QT_NODE_${i}_PORT"
        upstreams+=("127.0.0.1:${!port_var}")
        targets+="${targets:+, }\"127.0.0.1:${!port_var}\""
    done

    "$root/deploy/nginx/render.sh" --listen "127.0.0.1:$QT_NGINX_PORT" "${upstreams[@]}" >"$dir/nginx/qticket.conf"
    nginx_config "$dir" >"$dir/nginx/nginx.conf"
    nginx -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" || die "nginx -t failed"
    nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' >>"$dir/nginx/stderr.log" 2>&1 &
    echo $! >"$dir/pids/nginx"
    wait_until 20 "nginx on $QT_NGINX_PORT" healthy "$QT_NGINX_PORT"

    prometheus_config "$dir" "$targets" "$QT_PROMETHEUS_PORT" "$(free_port)" >"$dir/prometheus/prometheus.yml"
    cp "$root/deploy/prometheus/alerts.yml" "$dir/prometheus/"
    promtool check config "$dir/prometheus/prometheus.yml" >/dev/null || die "promtool check config failed"
    prometheus --config.file="$dir/prometheus/prometheus.yml" --storage.tsdb.path="$dir/prometheus/data" \
        --web.listen-address="127.0.0.1:$QT_PROMETHEUS_PORT" >>"$dir/prometheus/prometheus.log" 2>&1 &
    echo $! >"$dir/pids/prometheus"
    wait_until 30 "prometheus on $QT_PROMETHEUS_PORT" status_is "$QT_PROMETHEUS_PORT" /-/ready 200
    log "up: $nodes $backend node(s) behind nginx 127.0.0.1:$QT_NGINX_PORT, sandbox :$QT_SANDBOX_PORT," \
        "prometheus :$QT_PROMETHEUS_PORT (env in $dir/cluster.env)"
}

down() {
    local dir=$1
    [ -d "$dir/pids" ] || return 0
    local file
    for file in "$dir/pids/bench" "$dir/pids/nginx" "$dir/pids"/node-* "$dir/pids/sandbox" "$dir/pids/prometheus"; do
        stop_pid "$file"
    done
    "$root/scripts/services.sh" stop "$dir/services" >&2 || true
}

# After a failed scenario: which nodes still run, what a crashed one printed (anything on stderr
# that is not an ECS JSON line), the server errors each logged, and nginx's last complaints.
post_mortem() {
    local dir=$1 file i
    for file in "$dir/pids"/node-*; do
        [ -f "$file" ] || continue
        i=${file##*/node-}
        if kill -0 "$(cat "$file")" 2>/dev/null; then log "post-mortem: node $i running"; else log "post-mortem: node $i NOT running"; fi
        [ -f "$dir/node-$i.log" ] || continue
        grep -v '^{' "$dir/node-$i.log" | tail -n 15 | sed "s/^/  node $i stderr: /" >&2 || true
        grep -E '"log.level":"(error|critical)"' "$dir/node-$i.log" | grep -v '" 50[34]"' \
            | grep -v 'answered 503' | tail -n 5 | cut -c1-400 | sed "s/^/  node $i error: /" >&2 || true
        log "post-mortem: node $i answered $(grep -c '"http.response.status_code":5' "$dir/node-$i.log" || true) 5xx"
    done
    [ -f "$dir/nginx/error.log" ] && tail -n 5 "$dir/nginx/error.log" | cut -c1-300 | sed 's/^/  nginx: /' >&2 || true
}

kill_node() {
    local dir=$1 i=$2
    log "SIGKILL node $i (pid $(cat "$dir/pids/node-$i"))"
    stop_pid "$dir/pids/node-$i" KILL
}

restart_redis() {
    local dir=$1 pid port
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    port=${QT_TEST_REDIS_URL##*:}; port=${port%%/*}
    pid=$(cat "$dir/services/redis/redis.pid")
    log "SIGKILL redis (pid $pid), then the same port and AOF"
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    sleep 1
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
        --dir "$dir/services/redis" --pidfile "$dir/services/redis/redis.pid" --logfile "$dir/services/redis/redis.log" \
        --appendonly yes --appendfsync always --save "" >/dev/null
    wait_until 30 "redis back on $port" redis-cli -p "$port" ping
}

restart_postgres() {
    local dir=$1 bin_dir
    for bin_dir in /usr/lib/postgresql/*/bin; do [ -x "$bin_dir/pg_ctl" ] && break; done
    log "pg_ctl restart -m fast"
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$bin_dir/pg_ctl" -D "$dir/services/pg/data" -l "$dir/services/pg/postgres.log" \
            -m fast -w -t 30 restart >/dev/null
    else
        "$bin_dir/pg_ctl" -D "$dir/services/pg/data" -l "$dir/services/pg/postgres.log" -m fast -w -t 30 restart >/dev/null
    fi
}

# The rush through nginx in the background (pid in DIR/pids/bench, output in DIR/bench.log).
start_rush() {
    local dir=$1; shift
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    : >"$dir/bench.log"
    # A crash prints its backtrace into bench.log, which a failed run shows (finish_rush).
    (cd "$root" && SWIFT_BACKTRACE=enable=yes,interactive=no,color=no \
        exec timeout -k 5 "${QT_RUSH_SECONDS:-200}" "$bin/qticket-bench" rush \
        --target "http://127.0.0.1:$QT_NGINX_PORT" --gateway "http://127.0.0.1:$QT_SANDBOX_PORT" \
        --admin-email "$admin_email" --admin-password "$admin_password" "$@") >"$dir/bench.log" 2>&1 &
    echo $! >"$dir/pids/bench"
}

# Waits for the rush to end; fails unless the bench passed and printed every invariant as ok.
finish_rush() {
    local dir=$1 status=0 invariant row
    wait "$(cat "$dir/pids/bench")" || status=$?
    rm -f "$dir/pids/bench"
    # The rush's summary and the invariants (the errors table can hold a row per stuck order).
    awk '/^### / { on = /^### (Rush:|Rush latency|Rush errors|Invariants)/; rows = 0 }
         on && /^\|/ { rows++ } on && rows <= 20 { print } /^$/ && rows { on = 0 }' "$dir/bench.log" >&2
    if ((status != 0)); then
        # A crash's backtrace (the Swift runtime prints one on stderr) or the bench's last words.
        grep -v '^|' "$dir/bench.log" | tail -n 60 | sed 's/^/  bench: /' >&2 || true
        die "the bench exited $status$( ((status == 124)) && echo " (timed out)")"
    fi
    for invariant in "every order in a final state" "one order per hold" "no seat sold twice" "buyers' paid answers match the server" \
        "coupon count exact" "exactly one gateway charge per paid order" "ledger balanced" \
        "sales ticketsSold = sold seats" "seller statements balanced" "buyers ending paid, failed or sold out"; do
        row=$(grep -F "$invariant" "$dir/bench.log" | tail -1)
        [[ "$row" == *"| ok |" ]] || die "invariant not ok: $invariant: ${row:-missing}"
    done
    ! grep -q VIOLATED "$dir/bench.log" || die "an invariant was violated"
    ! grep -F "exactly one gateway charge" "$dir/bench.log" | grep -q '| 0 charges' || die "no charge reached the gateway"
    log "rush: every invariant ok"
}

# Seconds until the rush's timed part starts (the bench's "rush against" line), bounded.
wait_rush_started() {
    local dir=$1
    wait_until "${2:-150}" "the rush's start (setup done)" grep -q "rush against" "$dir/bench.log"
}

rush_timed_part_over() {
    grep -q "verifying invariants" "$1/bench.log" || ! kill -0 "$(cat "$1/pids/bench")" 2>/dev/null
}

alert_firing_for() {  # PROMETHEUS_PORT INSTANCE
    http_get "$1" /api/v1/alerts | tail -n +2 | python3 -c '
import json, sys
alerts = json.load(sys.stdin)["data"]["alerts"]
sys.exit(0 if any(a["labels"].get("alertname") == "QticketNodeDown" and a["labels"].get("instance") == sys.argv[1]
                  and a["state"] == "firing" for a in alerts) else 1)' "$2"
}

health_requests_on() {  # NODE_PORT: /health requests the node has counted (any status)
    http_get "$1" /metrics | awk '/^qticket_http_requests_total\{/ && /route="\/health"/ {s += $NF} END {print s + 0}'
}

# CPU seconds so far of each part (its process and live children: nginx's worker, PostgreSQL's
# backends), as NAME=SECONDS lines.
cpu_snapshot() {
    local dir=$1 parts=() file
    for file in "$dir/pids"/node-* "$dir/pids/nginx" "$dir/pids/sandbox"; do
        [ -f "$file" ] && parts+=("$(basename "$file")=$(cat "$file")")
    done
    parts+=("redis=$(cat "$dir/services/redis/redis.pid")" "postgres=$(head -1 "$dir/services/pg/data/postmaster.pid")")
    python3 - "${parts[@]}" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
procs = {}
for name in os.listdir("/proc"):
    if name.isdigit():
        try:
            with open(f"/proc/{name}/stat") as f:
                text = f.read()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        procs[int(name)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
def tree(root):
    return procs.get(root, (0, 0))[1] + sum(tree(pid) for pid, (ppid, _) in procs.items() if ppid == root)
for part in sys.argv[1:]:
    name, pid = part.split("=")
    print(f"{name}={tree(int(pid)) / tick:.2f}")
PY
}

# "NAME seconds" for each part between two snapshots, with the total.
cpu_between() {
    python3 - "$1" "$2" <<'PY'
import sys
def read(path):
    return dict(line.strip().split("=") for line in open(path) if "=" in line)
before, after = read(sys.argv[1]), read(sys.argv[2])
spent = {name: float(after[name]) - float(before.get(name, 0)) for name in after}
print("CPU during the rush: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in spent.items())
      + f"; total {sum(spent.values()):.1f} s")
PY
}

scenario() {
    local name=$1 dir=$2 buyers=$3 nodes=$4 backend=$5
    local common=(--hall Assets/halls/arena.hall --opens-in 1 --poll-seconds 3)
    case "$name" in
        node-kill)
            up "$dir" --nodes "${nodes:-3}" --backend distributed
            start_rush "$dir" "${common[@]}" --buyers "$buyers" --ramp 20 --seconds 150
            wait_rush_started "$dir"
            sleep 2
            kill_node "$dir" 2
            # shellcheck disable=SC1091
            source "$dir/cluster.env"
            # Scrapes every 5 s, `for: 15s`: firing about 25 s after the kill.
            wait_until 90 "QticketNodeDown firing for node 2" alert_firing_for "$QT_PROMETHEUS_PORT" "127.0.0.1:$QT_NODE_2_PORT"
            log "Prometheus: QticketNodeDown firing for 127.0.0.1:$QT_NODE_2_PORT"
            ! alert_firing_for "$QT_PROMETHEUS_PORT" "127.0.0.1:$QT_NODE_1_PORT" || die "node 1 reported down"
            start_node "$dir" 2
            rejoined "$dir" 2
            finish_rush "$dir"
            ;;
        two-nodes)
            up "$dir" --nodes "${nodes:-2}" --backend distributed
            start_rush "$dir" "${common[@]}" --buyers "$buyers" --ramp 10 --seconds 120
            finish_rush "$dir"
            ;;
        redis-restart | postgres-restart)
            up "$dir" --nodes "${nodes:-2}" --backend distributed
            start_rush "$dir" "${common[@]}" --buyers "$buyers" --ramp 10 --seconds 120
            wait_rush_started "$dir"
            sleep 3
            if [ "$name" = redis-restart ]; then restart_redis "$dir"; else restart_postgres "$dir"; fi
            finish_rush "$dir"
            ;;
        smoke)
            # One node has no one to carry its buyers: it comes back a second after the kill, so
            # their retries (8 tries, backoff ≤ 4 s) ride the outage out; the alert is checked on
            # a second kill once the rush is over.
            up "$dir" --nodes 1 --backend embedded
            start_rush "$dir" "${common[@]}" --buyers "$buyers" --ramp 5 --seconds 90
            wait_rush_started "$dir"
            sleep 2
            kill_node "$dir" 1
            sleep 1
            start_node "$dir" 1
            finish_rush "$dir"
            kill_node "$dir" 1
            # shellcheck disable=SC1091
            source "$dir/cluster.env"
            wait_until 90 "QticketNodeDown firing for node 1" alert_firing_for "$QT_PROMETHEUS_PORT" "127.0.0.1:$QT_NODE_1_PORT"
            log "Prometheus: QticketNodeDown firing for 127.0.0.1:$QT_NODE_1_PORT"
            start_node "$dir" 1
            rejoined "$dir" 1
            ;;
        rush)
            # The plain rush through nginx, for BENCHMARKS.md: --nodes N (--backend embedded: one node).
            up "$dir" --nodes "${nodes:-1}" --backend "$backend"
            start_rush "$dir" "${common[@]}" --buyers "$buyers" --ramp "${QT_RUSH_RAMP:-20}" --seconds 150
            wait_rush_started "$dir"
            cpu_snapshot "$dir" >"$dir/cpu.before"
            wait_until 200 "the rush's end" rush_timed_part_over "$dir"
            cpu_snapshot "$dir" >"$dir/cpu.after"
            finish_rush "$dir"
            cpu_between "$dir/cpu.before" "$dir/cpu.after" | tee "$dir/cpu.txt" >&2
            ;;
        *) die "unknown scenario $name (rush, node-kill, two-nodes, redis-restart, postgres-restart, smoke)" ;;
    esac
}

# A restarted node serves on its own port and takes requests through nginx again (nginx rests a
# failed node for fail_timeout, 5 s, then tries it).
rejoined() {
    local dir=$1 i=$2 before after port_var
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    port_var="QT_NODE_${i}_PORT"
    healthy "${!port_var}" || die "node $i does not answer /health on ${!port_var}"
    before=$(health_requests_on "${!port_var}")
    local deadline=$((SECONDS + 30))
    while ((SECONDS < deadline)); do
        for _ in 1 2 3 4 5 6; do http_status "$QT_NGINX_PORT" /health >/dev/null || true; done
        after=$(health_requests_on "${!port_var}")
        if ((after > before)); then
            log "node $i serves again: $((after - before)) /health request(s) through nginx landed on it"
            return 0
        fi
        sleep 1
    done
    die "no request through nginx reached the restarted node $i in 30 s"
}

run_test() {
    local name=$1; shift
    local buyers="" keep="" nodes="" backend=distributed
    while (($#)); do
        case "$1" in
            --buyers) buyers=$2; shift 2 ;;
            --nodes) nodes=$2; shift 2 ;;
            --backend) backend=$2; shift 2 ;;
            --keep) keep=$2; shift 2 ;;
            *) die "test: unknown option $1" ;;
        esac
    done
    [ "$name" = smoke ] && backend=embedded
    if [ "$backend" = distributed ] && ! distributed_built; then
        log "SKIP $name: $bin/qticketd has no --redis (the distributed backend of #16 is not in this build)"
        exit 77
    fi
    case "$name" in node-kill | rush) buyers=${buyers:-2000} ;; *) buyers=${buyers:-300} ;; esac
    local dir=${keep:-$(mktemp -d /tmp/qt-multinode.XXXXXX)}
    mkdir -p "$dir"
    chmod 755 "$dir"  # mktemp -d makes it 0700; the postgres user must reach services/pg inside
    local limit=${QT_MULTINODE_SECONDS:-230}
    # Everything stops however this ends: success, a failed check (set -e), the watchdog, a signal.
    (
        trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
        sleep "$limit" & sleeper=$!
        wait "$sleeper"
        log "watchdog: $limit s elapsed, stopping"
        kill -TERM $$
    ) &
    local watchdog=$!
    # shellcheck disable=SC2064
    trap "status=\$?; kill $watchdog 2>/dev/null; ((status == 0)) || post_mortem '$dir'; down '$dir'; [ -n '$keep' ] || rm -rf '$dir'" EXIT
    trap 'exit 143' TERM INT HUP
    local started=$SECONDS
    scenario "$name" "$dir" "$buyers" "$nodes" "$backend"
    log "PASS $name in $((SECONDS - started)) s"
}

case "${1:-}" in
    up) shift; up "${1:?DIR}" "${@:2}" ;;
    down) down "${2:?DIR}" ;;
    rush) dir=${2:?DIR}; shift 2; start_rush "$dir" "$@"; finish_rush "$dir" ;;
    kill-node) kill_node "${2:?DIR}" "${3:?I}" ;;
    start-node) start_node "${2:?DIR}" "${3:?I}" ;;
    restart-redis) restart_redis "${2:?DIR}" ;;
    restart-postgres) restart_postgres "${2:?DIR}" ;;
    test) shift; run_test "${1:?SCENARIO}" "${@:2}" ;;
    *) sed -n '2,22p' "$0" >&2; exit 2 ;;
esac
