#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses in Fuzz/ against the transport's parser sources.
#   scripts/libfuzzer.sh [runs] [head|frame|all]      e.g. scripts/libfuzzer.sh 500000
# Needs swiftc with the fuzzer runtime (Linux toolchains ship libclang_rt.fuzzer).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100000}"
which="${2:-all}"
out=".build-fuzz"
mkdir -p "$out"
parsers=(Sources/TicketingServer/Transport/HeadParser.swift
         Sources/TicketingServer/Transport/RequestFraming.swift
         Sources/TicketingServer/Transport/WSFrameParser.swift)

build() { # name harness
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -use-ld=lld -module-name "${1//-/_}" \
        "${parsers[@]}" "$2" -o "$out/$1"
}

run() { # name seed-corpus-line...
    local name="$1"; shift
    local corpus="$out/corpus-$name"
    mkdir -p "$corpus"
    local i=0
    for seed in "$@"; do printf '%b' "$seed" > "$corpus/seed$i"; i=$((i + 1)); done
    echo "== $name: $runs runs"
    "$out/$name" -runs="$runs" -max_len=4096 -print_final_stats=1 "$corpus" 2>&1 \
        | grep -E "(DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Done)" || true
    # libFuzzer exits non-zero on a crash; PIPESTATUS keeps that.
    return "${PIPESTATUS[0]}"
}

if [[ "$which" == all || "$which" == head ]]; then
    build fuzz-head Fuzz/HeadFuzz.swift
    run fuzz-head '\x05GET / HTTP/1.1\r\nHost: a\r\n\r\n' \
        '\x09POST /v1/orders HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x\r\nhello\r\n0\r\nT: 1\r\n\r\n' \
        '\x01\r\nGET /?q=1 HTTP/1.0\r\nContent-Length: 3\r\nA:\tb \r\n\r\nabc'
fi
if [[ "$which" == all || "$which" == frame ]]; then
    build fuzz-frame Fuzz/FrameFuzz.swift
    run fuzz-frame '\x81\x82\x01\x02\x03\x04\x7a\x7b' '\x01\x81\x00\x00\x00\x00a\x89\x80\x00\x00\x00\x00\x80\x81\x00\x00\x00\x00b' \
        '\x88\x82\x00\x00\x00\x00\x03\xe8' '\x82\xfe\x01\x00\x00\x00\x00\x00'
fi
