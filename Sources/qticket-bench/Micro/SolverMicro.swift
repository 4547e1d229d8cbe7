import Foundation
import TicketingDomain

/// The optimal-coupon solver on the largest basket the API allows (20 seats, the upper bound of
/// `maxSeatsPerOrder`) against a buyer holding many coupons of both kinds.
struct SolverMicro {
    struct Figure {
        var seats: Int
        var ticketCoupons: Int
        var orderCoupons: Int
        var micros: Double
    }

    func measure(seats: Int = 20, ticketCoupons: Int, orderCoupons: Int, repeats: Int = 5,
                 solvesPerBatch: Int = 200) -> Figure {
        var rng = SplitMix64(state: 7)
        let prices = (0..<seats).map { _ in [99_000, 132_000, 165_000, 198_000][Int(rng.next() % 4)] }
        let perTicket = (0..<ticketCoupons).map { i in
            CouponSolver.TicketCoupon(id: "t\(i)", discounts: prices.map { _ in
                rng.next() % 3 == 0 ? 0 : Int(rng.next() % 60_000)
            })
        }
        let perOrder = (0..<orderCoupons).map { i in
            CouponSolver.OrderCoupon(id: "o\(i)", discount: Int(rng.next() % 300_000))
        }
        var best = Double.infinity
        var sink = 0
        for _ in 0..<repeats {
            let started = ContinuousClock.now
            for _ in 0..<solvesPerBatch {
                sink &+= CouponSolver.solve(seatPrices: prices, perTicket: perTicket, perOrder: perOrder).discount
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds / Double(solvesPerBatch) * 1e6)
        }
        // Keeps the optimiser from dropping the solves.
        if sink == .min { print(sink) }
        return Figure(seats: seats, ticketCoupons: ticketCoupons, orderCoupons: orderCoupons, micros: best)
    }
}
