/// Every Redis key of one performance. All share the hash tag `{p:<id>}`, so they live in one
/// Redis Cluster slot and one script may touch any of them (docs/SCALE_OUT.md lists the layout).
public struct PerformanceKeys: Sendable, Equatable {
    public let performanceId: String

    public init(performanceId: String) {
        precondition(!performanceId.contains("{") && !performanceId.contains("}"),
                     "a performance id inside a hash tag cannot contain braces")
        self.performanceId = performanceId
    }

    public var tag: String { "{p:\(performanceId)}" }

    /// `INCR` counter handing out join order.
    public var joinSequence: String { "\(tag):seq" }
    /// Sorted set of waiting buyers scored by join order: `ZRANK` is the number ahead.
    public var line: String { "\(tag):line" }
    /// Hash buyer → join order, kept after admission so a buyer never gets a second position.
    public var joined: String { "\(tag):joined" }
    /// Sorted set of admitted buyers scored by admission expiry (ms since the epoch).
    public var admitted: String { "\(tag):admitted" }
    /// Hash of admission policy and state: rate, maxActive, credit, refilledAt.
    public var admission: String { "\(tag):admission" }
    /// Hash of inventory counters: available, held, sold, maxPerOrder.
    public var inventory: String { "\(tag):inv" }
    /// Hash seat → `h:<holdId>` or `s:<orderId>`; a free seat has no field.
    public var seats: String { "\(tag):seats" }
    /// Hash hold → JSON `{"u":user,"s":[seats],"d":deadlineMs,"v":version,"o":orderId while paid}`.
    public var holds: String { "\(tag):holds" }
    /// Sorted set hold → deadline (ms), what the expiry sweep reads.
    public var holdDeadlines: String { "\(tag):deadlines" }
    /// Hash buyer → current hold (one hold per buyer per performance).
    public var buyerHolds: String { "\(tag):buyerhold" }
    /// The performance's state version; every change bumps it by exactly one.
    public var version: String { "\(tag):ver" }
    /// Stream of seat changes; entry id `<version>-0`, so a reader resumes after the version it saw.
    public var events: String { "\(tag):events" }
    /// Stream of messages for buyers wherever their sockets are (admitted, hold expired, order
    /// updated) and the sold-out signal; ids Redis picks, not versioned: a missed one is only a
    /// late push, the buyer's state is read from the other keys.
    public var notices: String { "\(tag):notices" }
    /// Sorted set of buyers who joined before the opening, scored as in the line: the published
    /// pre-queue order.
    public var preQueue: String { "\(tag):prequeue" }
    /// Sorted set of waiting buyers whose every socket closed, scored by when (ms): past the
    /// disconnect grace the admission step drops them from the line.
    public var disconnected: String { "\(tag):gone" }
    /// Sorted set `<nowMs>:<count>` → nowMs of recent admission steps, for the measured rate.
    public var admissionTimes: String { "\(tag):admits" }
    /// The line's version: every join, leave and admission step bumps it by exactly one.
    public var lineVersion: String { "\(tag):linever" }
    /// Stream of line changes, entry id `<lineVersion>-0`: what each node's copy of the line
    /// (`LineMirror`) follows to rank its own subscribers without asking per buyer.
    public var lineEvents: String { "\(tag):lineev" }
}

/// A coupon's keys. A coupon bound to one performance shares that performance's slot; a
/// platform-wide coupon has no performance and gets its own tag `{c:<couponId>}`.
public struct CouponKeys: Sendable, Equatable {
    public let couponId: String
    public let tag: String

    public init(couponId: String, performanceId: String?) {
        self.couponId = couponId
        self.tag = performanceId.map { "{p:\($0)}" } ?? "{c:\(couponId)}"
    }

    /// Remaining stock (an integer string); absent until the coupon is loaded.
    public var stock: String { "\(tag):coupon:\(couponId):stock" }
    /// Hash buyer → issued user-coupon id.
    public var claimants: String { "\(tag):coupon:\(couponId):claimants" }
}
