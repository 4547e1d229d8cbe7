"""What real HTTP/1.1 clients see of a running qticketd (docs/RELIABILITY.md, "Hostile input"):
Python's http.client and requests uploading 2 MiB without Expect, HEAD, Date, Host, absolute-form
targets, X-Request-Id on transport refusals, and h11 as a strict client. Run by
scripts/http-clients.sh, or: python3 scripts/http_clients.py PORT (needs `pip install h11 requests`)."""
import http.client, json, socket, sys, h11

port = int(sys.argv[1])
fails = []

def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f"  ({detail})"))
    if not ok:
        fails.append(name)

# 1. http.client: 2 MiB POST with Content-Length, no Expect -> 413 JSON, no broken pipe.
for attempt in range(5):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("POST", "/v1/venues", body=b" " * (2 << 20), headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        body = resp.read()
        check(f"http.client 2 MiB POST -> 413 (try {attempt})", resp.status == 413 and json.loads(body)["error"]["code"] == "payload_too_large"
              and resp.getheader("X-Request-Id") and resp.getheader("Date"), f"{resp.status} {body[:100]}")
    except Exception as error:
        check(f"http.client 2 MiB POST -> 413 (try {attempt})", False, repr(error))
    conn.close()

# 1b. requests (urllib3) does the same.
import requests
try:
    r = requests.post(f"http://127.0.0.1:{port}/v1/venues", data=b" " * (2 << 20), headers={"Content-Type": "application/json"}, timeout=20)
    check("requests 2 MiB POST -> 413", r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large", f"{r.status_code}")
    r = requests.head(f"http://127.0.0.1:{port}/health", timeout=10)
    check("requests HEAD /health -> 200 no body", r.status_code == 200 and r.content == b"" and r.headers["Content-Length"] == "15", f"{r.status_code} {r.headers}")
except Exception as error:
    check("requests", False, repr(error))

# 2. HEAD on GET routes: same status and headers, no body.
for path in ["/health", "/v1/performances", "/v1/me", "/v1/venues/ven_missing", "/v1/coupons"]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path); get = conn.getresponse(); get_body = get.read()
    conn.request("HEAD", path); head = conn.getresponse(); head_body = head.read()
    same = get.status == head.status and get.getheader("Content-Length") == head.getheader("Content-Length") \
        and get.getheader("Content-Type") == head.getheader("Content-Type") and head_body == b""
    check(f"HEAD {path} == GET {path} ({head.status}, CL {head.getheader('Content-Length')})", same,
          f"GET {get.status} {get.getheaders()} HEAD {head.status} {head.getheaders()}")
    conn.close()

# 3. Date on responses.
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
conn.request("GET", "/nope"); r = conn.getresponse(); r.read()
check("Date on 404", r.getheader("Date") is not None and r.getheader("Date").endswith(" GMT"), str(r.getheaders()))
conn.close()

# 4. Absolute-form target through http.client (what a proxy-aware client sends).
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
conn.request("GET", f"http://127.0.0.1:{port}/health"); r = conn.getresponse(); b = r.read()
check("absolute-form GET -> 200", r.status == 200 and b"ok" in b, f"{r.status} {b[:100]}")
conn.close()

# 5. Raw: missing Host / two Hosts -> 400 with X-Request-Id.
def raw(request):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(request)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk: break
        data += chunk
    s.close()
    return data
for name, req in [("no Host", b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"),
                  ("two Hosts", b"GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n")]:
    data = raw(req)
    check(f"{name} -> 400 with X-Request-Id", data.startswith(b"HTTP/1.1 400") and b"\r\nX-Request-Id: " in data, data[:200])
for name, req, status in [("414", b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
                          ("431", b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"b" * 100000 + b"\r\n\r\n", b"431"),
                          ("501", b"POST /v1/venues HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", b"501")]:
    data = raw(req)
    check(f"{name} with Date and X-Request-Id", data.startswith(b"HTTP/1.1 " + status) and b"\r\nX-Request-Id: " in data
          and b"\r\nDate: " in data, data[:200])

# 6. h11 as a strict client: GET, HEAD, 404, the 413 after a full 2 MiB body, keep-alive reuse.
def h11_exchange(requests):
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    conn = h11.Connection(our_role=h11.CLIENT)
    results = []
    for method, target, body in requests:
        headers = [("Host", f"127.0.0.1:{port}")]
        if body is not None: headers.append(("Content-Length", str(len(body))))
        s.sendall(conn.send(h11.Request(method=method, target=target, headers=headers)))
        if body is not None:
            s.sendall(conn.send(h11.Data(data=body)))
        s.sendall(conn.send(h11.EndOfMessage()))
        response, data = None, b""
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(s.recv(65536)); continue
            if isinstance(event, h11.Response): response = event
            elif isinstance(event, h11.Data): data += event.data
            elif isinstance(event, h11.EndOfMessage): break
        headers = {k.decode().lower(): v.decode() for k, v in response.headers}
        results.append((response.status_code, headers, data))
        if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
            break
        conn.start_next_cycle()
    s.close()
    return results
try:
    results = h11_exchange([("GET", "/health", None), ("HEAD", "/health", None), ("GET", "/nope", None),
                            ("GET", f"http://127.0.0.1:{port}/health", None), ("POST", "/v1/venues", b" " * (2 << 20))])
    statuses = [r[0] for r in results]
    check(f"h11: statuses {statuses}", statuses == [200, 200, 404, 200, 413])
    check("h11: every response has Date and X-Request-Id", all("date" in r[1] and "x-request-id" in r[1] for r in results))
    check("h11: HEAD has no body, same Content-Length", results[1][2] == b"" and results[1][1]["content-length"] == results[0][1]["content-length"])
except Exception as error:
    check("h11 exchange", False, repr(error))

print("FAILED: " + ", ".join(fails) if fails else "all checks passed")
sys.exit(1 if fails else 0)
