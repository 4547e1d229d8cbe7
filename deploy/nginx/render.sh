#!/usr/bin/env bash
# Renders qticket.conf for N qticketd nodes.
#   deploy/nginx/render.sh [--listen ADDR:PORT] NODE [NODE...] > /etc/nginx/conf.d/qticket.conf
# NODE is HOST:PORT (or a bare PORT on 127.0.0.1). --listen defaults to 80.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
usage() { echo "usage: $0 [--listen ADDR:PORT] NODE [NODE...]   (NODE = HOST:PORT or PORT)" >&2; exit 2; }
listen=80
nodes=()
while (($#)); do
  case "$1" in
    --listen) [ $# -ge 2 ] || usage; listen="$2"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) nodes+=("$1"); shift ;;
  esac
done
((${#nodes[@]})) || usage
# Addresses and ports only: nothing that could end a directive (spaces, ';', braces).
listen_re='^([^[:space:];{}]+:)?[0-9]{1,5}$'
node_re='^[^[:space:];{}]+:[0-9]{1,5}$'
[[ "$listen" =~ $listen_re ]] || { echo "bad --listen: $listen" >&2; exit 2; }
servers=""
for node in "${nodes[@]}"; do
  if [[ "$node" =~ ^[0-9]{1,5}$ ]]; then node="127.0.0.1:$node"; fi
  [[ "$node" =~ $node_re ]] || { echo "bad node (want HOST:PORT): $node" >&2; exit 2; }
  # A node that fails twice in 5 s rests 5 s; the others carry its buyers meanwhile.
  servers+="    server $node max_fails=2 fail_timeout=5s;"$'\n'
done
while IFS= read -r line; do
  case "$line" in
    @SERVERS@) printf '%s' "$servers" ;;
    *) printf '%s\n' "${line//@LISTEN@/$listen}" ;;
  esac
done < "$here/qticket.conf"
