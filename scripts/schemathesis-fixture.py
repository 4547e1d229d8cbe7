#!/usr/bin/env python3
"""Sets up real objects on a fresh qticketd for scripts/schemathesis.sh and writes the
schemathesis config that binds every path id and header to them.

As the demo seller: a venue whose seats sit two cells apart, a performance on sale now with a
generous admission, a coupon. As the demo buyer: a place in line, an admission token, a hold
and an order awaiting payment. Each operation's `id` means something else (a performance, an
order, a coupon...), so ids are pinned per operation; the stateful phase follows the spec's
OpenAPI links from there.

    schemathesis-fixture.py URL BUYER_TOKEN SELLER_TOKEN CONFIG_OUT BASE_CONFIG

CONFIG_OUT is BASE_CONFIG (scripts/schemathesis.toml) followed by the pinned ids.
"""
import datetime
import json
import sys
import time
import urllib.request

url, buyer, seller, out, base_config = sys.argv[1:6]


def call(method, path, token, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.load(response)


def rfc3339(delta):
    moment = datetime.datetime.now(datetime.timezone.utc) + delta
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


seats = [{"id": f"F-{r}-{n}", "section": "F", "row": str(r), "number": n, "x": 2 + 2 * n, "y": 6 + 2 * r}
         for r in range(1, 6) for n in range(1, 21)]
venue = call("POST", "/v1/venues", seller, {"name": "Schemathesis Hall", "layout": {
    "width": 48, "height": 20, "stage": {"x": 10, "y": 0, "width": 28, "height": 3}, "seats": seats}})
performance = call("POST", "/v1/performances", seller, {
    "venueId": venue["id"], "title": "Schemathesis Night",
    "startsAt": rfc3339(datetime.timedelta(days=30)), "saleOpensAt": rfc3339(datetime.timedelta(minutes=-1)),
    "grades": [{"grade": "R", "price": 50000, "seatIds": [seat["id"] for seat in seats]}],
    "holdSeconds": 3600, "maxSeatsPerOrder": 4,
    "admission": {"ratePerSecond": 1000, "maxActive": 10000, "tokenTTLSeconds": 86400}})
coupon = call("POST", "/v1/coupons", seller, {
    "name": "Schemathesis 10%", "kind": "percentage", "percent": 10, "performanceId": performance["id"],
    "totalQuantity": 1000, "expiresAt": rfc3339(datetime.timedelta(days=29))})
seller_id = call("GET", "/v1/me", seller)["user"]["id"]

place = call("POST", f"/v1/performances/{performance['id']}/queue", buyer, {})
for _ in range(100):
    if place.get("admissionToken"):
        break
    time.sleep(0.1)
    place = call("GET", f"/v1/performances/{performance['id']}/queue/me", buyer)
token = place["admissionToken"]
hold = call("POST", f"/v1/performances/{performance['id']}/holds", buyer, {"grade": "R", "count": 3},
            {"X-Admission-Token": token})
order = call("POST", "/v1/orders", buyer, {"holdId": hold["holdId"]})
settlement = call("GET", "/v1/seller/settlements", seller)["settlements"][0]["id"]


def pin(operation_ids, parameters):
    names = ", ".join(json.dumps(operation) for operation in operation_ids)
    lines = [f"[[operations]]", f"include-operation-id = [{names}]", "[operations.parameters]"]
    lines += [f"{json.dumps(name)} = {json.dumps(value)}" for name, value in parameters.items()]
    return "\n".join(lines) + "\n"


performance_ops = ["getPerformance", "getPerformanceSeats", "joinQueue", "queueStats", "myQueueStatus",
                   "leaveQueue", "performanceSales"]
with open(out, "w") as config, open(base_config) as base:
    config.write(base.read() + "\n")
    config.write(pin(performance_ops, {"id": performance["id"]}))
    config.write(pin(["createHold"], {"id": performance["id"], "X-Admission-Token": token}))
    config.write(pin(["getVenue"], {"id": venue["id"]}))
    config.write(pin(["claimCoupon"], {"id": coupon["id"]}))
    config.write(pin(["releaseHold"], {"holdId": hold["holdId"]}))
    config.write(pin(["getOrder", "payOrder", "cancelOrder"], {"id": order["orderId"]}))
    config.write(pin(["getSettlement", "paySettlement"], {"id": settlement}))
    config.write(pin(["setSellerFeeRate"], {"id": seller_id}))
print(f"fixture: venue {venue['id']}, performance {performance['id']}, coupon {coupon['id']}, "
      f"hold {hold['holdId']}, order {order['orderId']}")
