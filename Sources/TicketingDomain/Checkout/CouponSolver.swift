/// Picks the buyer's coupons for a basket with the largest total discount, exactly:
/// at most one per-order coupon, at most one per-ticket coupon per seat, each coupon once.
/// Per-order and per-ticket choices are independent (a per-order coupon is valued on the
/// subtotal), so the optimum is the best per-order coupon plus a maximum-weight matching of
/// per-ticket coupons to seats (Hungarian algorithm), capped at the subtotal.
public enum CouponSolver {
    public struct TicketCoupon: Sendable, Equatable {
        public var id: String
        /// Discount on each seat of the basket (0 where it does not apply).
        public var discounts: [Int]
        public init(id: String, discounts: [Int]) {
            self.id = id
            self.discounts = discounts
        }
    }

    public struct OrderCoupon: Sendable, Equatable {
        public var id: String
        public var discount: Int
        public init(id: String, discount: Int) {
            self.id = id
            self.discount = discount
        }
    }

    public struct Applied: Sendable, Equatable {
        public var couponId: String
        /// nil for a per-order coupon.
        public var seatIndex: Int?
        public var amount: Int
    }

    public struct Result: Sendable, Equatable {
        public var applied: [Applied]
        public var discount: Int { applied.reduce(0) { $0 + $1.amount } }
    }

    public static func solve(seatPrices: [Int], perTicket: [TicketCoupon], perOrder: [OrderCoupon]) -> Result {
        let subtotal = seatPrices.reduce(0, +)
        let matching = bestMatching(seatPrices: seatPrices, coupons: perTicket)
        let ticketTotal = matching.reduce(0) { $0 + $1.amount }
        var best = Result(applied: matching)
        var bestTotal = min(subtotal, ticketTotal)
        // Ties keep fewer coupons, so the buyer keeps the rest for later.
        for coupon in perOrder.sorted(by: { ($0.discount, $1.id) > ($1.discount, $0.id) }) where coupon.discount > 0 {
            let total = min(subtotal, ticketTotal + coupon.discount)
            if total > bestTotal {
                let amount = total - ticketTotal
                best = Result(applied: matching + [Applied(couponId: coupon.id, seatIndex: nil, amount: amount)])
                bestTotal = total
            }
        }
        return best
    }

    /// Maximum-weight assignment of coupons to seats; each discount is capped at the seat price.
    static func bestMatching(seatPrices: [Int], coupons: [TicketCoupon]) -> [Applied] {
        let useful = coupons.filter { $0.discounts.contains { $0 > 0 } }
        guard !useful.isEmpty, !seatPrices.isEmpty else { return [] }
        let n = max(useful.count, seatPrices.count)
        var weight = Array(repeating: Array(repeating: 0, count: n), count: n)
        for (row, coupon) in useful.enumerated() {
            for (col, price) in seatPrices.enumerated() where col < coupon.discounts.count {
                weight[row][col] = max(0, min(coupon.discounts[col], price))
            }
        }
        let columnOf = Hungarian.maximize(weight)
        var applied: [Applied] = []
        for (row, coupon) in useful.enumerated() {
            let col = columnOf[row]
            if col < seatPrices.count, weight[row][col] > 0 {
                applied.append(Applied(couponId: coupon.id, seatIndex: col, amount: weight[row][col]))
            }
        }
        return applied.sorted { ($0.seatIndex ?? -1, $0.couponId) < ($1.seatIndex ?? -1, $1.couponId) }
    }
}

/// The O(n³) Hungarian algorithm (Kuhn–Munkres with potentials) on a square matrix.
enum Hungarian {
    /// For each row, the column it is assigned to, maximising the total weight.
    static func maximize(_ weight: [[Int]]) -> [Int] {
        let n = weight.count
        let top = weight.joined().max() ?? 0
        // Minimise cost = top − weight; 1-based arrays as in the classic formulation.
        var u = Array(repeating: 0, count: n + 1), v = Array(repeating: 0, count: n + 1)
        var match = Array(repeating: 0, count: n + 1), way = Array(repeating: 0, count: n + 1)
        for row in 1...n {
            match[0] = row
            var col0 = 0
            var minv = Array(repeating: Int.max, count: n + 1)
            var used = Array(repeating: false, count: n + 1)
            repeat {
                used[col0] = true
                let row0 = match[col0]
                var delta = Int.max, col1 = 0
                for col in 1...n where !used[col] {
                    let cost = top - weight[row0 - 1][col - 1] - u[row0] - v[col]
                    if cost < minv[col] { minv[col] = cost; way[col] = col0 }
                    if minv[col] < delta { delta = minv[col]; col1 = col }
                }
                for col in 0...n {
                    if used[col] { u[match[col]] += delta; v[col] -= delta } else { minv[col] -= delta }
                }
                col0 = col1
            } while match[col0] != 0
            repeat {
                let col1 = way[col0]
                match[col0] = match[col1]
                col0 = col1
            } while col0 != 0
        }
        var columnOf = Array(repeating: 0, count: n)
        for col in 1...n where match[col] > 0 { columnOf[match[col] - 1] = col - 1 }
        return columnOf
    }
}
