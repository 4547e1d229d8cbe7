import Foundation
import Testing
import TestSupport
import TicketingProtocol

/// Each hand-written response body is exactly what `WireJSON.encode` writes, for every shape
/// (optional fields present or not, empty and long lists) and strings that need escaping.
@Suite("Response wire bytes")
struct ResponseWireTests {
    static let strings = ["ord_0a1b2c3d4e5f6a7b8c9d", "", "a/b \"q\" \\ \n\t\r\u{08}\u{0C}\u{01}\u{1F}\u{7F}",
                          "좌석 ✓ e\u{301} \u{2028}"]
    static let dates = [Date(timeIntervalSince1970: 1_796_000_000), Date(timeIntervalSince1970: 1_796_000_000.999),
                        Date(timeIntervalSince1970: -1.5), Date(timeIntervalSince1970: 951_782_400)]

    private func expectSame<T: WireWritable>(_ value: T) throws {
        let expected = try WireJSON.encode(value)
        let text = { (data: Data) in String(decoding: data, as: UTF8.self) }
        #expect(value.wireJSON == expected, "\(text(value.wireJSON)) vs \(text(expected))")
    }

    @Test func queueStatus() throws {
        for text in Self.strings {
            for date in Self.dates + [nil] {
                try expectSame(QueueStatusDTO(state: text, position: 1_234, ahead: 1_233, etaSeconds: 61,
                                              mayMissOut: false, preQueue: true, admissionToken: text,
                                              tokenExpiresAt: date))
            }
            try expectSame(QueueStatusDTO(state: text, position: nil, ahead: nil, etaSeconds: nil, mayMissOut: true))
            try expectSame(QueueStatusDTO(state: text, position: Int.max, ahead: Int.min, etaSeconds: -3,
                                          mayMissOut: false, preQueue: false))
        }
    }

    /// Rates are the one place a `Double` reaches the wire: integral, fractional, tiny and huge
    /// values, and random bit patterns, are written with `JSONEncoder`'s digits.
    @Test func queueStats() throws {
        var random = SplitMix64(seed: 28)
        var rates: [Double] = [0, -0.0, 1, 50, 2.5, 47.333333333333336, 1e-5, 1e15, 1e16, 1e17, -3,
                               .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        for _ in 0..<2_000 {
            let rate = Double(bitPattern: random.next())
            if rate.isFinite { rates.append(rate) }
            rates.append(Double(random.next() % 200_000) / Double(random.next() % 999 + 1))
        }
        for (index, rate) in rates.enumerated() {
            let text = Self.strings[index % Self.strings.count]
            let odd = index % 2 == 1
            try expectSame(QueueStatsDTO(waiting: index, admittedActive: -index, ratePerSecond: rate,
                                         measuredRatePerSecond: odd ? nil : rate / 3, seatsLeft: Int.max,
                                         seatsHeld: 0, soldOut: odd, saleOpensAt: Self.dates[index % Self.dates.count],
                                         opened: !odd, seedCommitment: text, seed: odd ? text : nil,
                                         preQueueOrder: odd ? nil : (index % 4 == 0 ? [] : ["usr_1", text])))
        }
    }

    /// `JSONEncoder` refuses a non-finite number; the hand-written body writes that field as
    /// `null` and keeps the rest.
    @Test func aNonFiniteRateIsNull() throws {
        for rate in [Double.nan, .infinity, -.infinity] {
            let stats = QueueStatsDTO(waiting: 3, admittedActive: 1, ratePerSecond: rate, measuredRatePerSecond: rate,
                                      seatsLeft: 10, seatsHeld: 2, soldOut: false, saleOpensAt: Self.dates[0],
                                      opened: true, seedCommitment: "c", seed: nil, preQueueOrder: nil)
            let object = try #require(try JSONSerialization.jsonObject(with: stats.wireJSON) as? [String: Any])
            #expect(object["ratePerSecond"] is NSNull)
            #expect(object["measuredRatePerSecond"] is NSNull)
            #expect(object["waiting"] as? Int == 3)
            #expect(object.count == 10)
        }
    }

    @Test func hold() throws {
        for text in Self.strings {
            for date in Self.dates {
                try expectSame(HoldDTO(holdId: text, performanceId: "prf_1", seatIds: [], amount: 0, expiresAt: date))
                try expectSame(HoldDTO(holdId: "hld_1", performanceId: text, seatIds: ["A-1-1", text, "B-12-3"],
                                       amount: 1_320_000, expiresAt: date))
            }
        }
    }

    @Test func order() throws {
        let payment = PaymentInfoDTO(gatewayUrl: "http://127.0.0.1:8080/v1/sandbox", clientKey: "ck_test",
                                     orderId: "ord_1", amount: 99_000)
        let applied = [AppliedCouponDTO(userCouponId: "uc_1", seatId: nil, amount: 5_000),
                       AppliedCouponDTO(userCouponId: "uc_2", seatId: "A-1-2", amount: -1)]
        for text in Self.strings {
            for (index, date) in Self.dates.enumerated() {
                let odd = index % 2 == 1
                let order = OrderDTO(
                    orderId: text, status: "pending_payment", performanceId: "prf_1", holdId: text,
                    seatIds: odd ? [] : ["A-1-1", text], subtotal: 240_000, discount: odd ? 0 : 5_000,
                    total: Int.max, applied: odd ? [] : applied + [AppliedCouponDTO(userCouponId: text, seatId: text,
                                                                                    amount: 1)],
                    failureCode: odd ? nil : text, createdAt: date, expiresAt: date.addingTimeInterval(600),
                    paidAt: odd ? date : nil,
                    payment: odd ? nil : PaymentInfoDTO(gatewayUrl: text, clientKey: text, orderId: text, amount: 0))
                try expectSame(order)
                var withPayment = order
                withPayment.payment = payment
                try expectSame(withPayment)
                try expectSame(OrderList(orders: [order, withPayment]))
            }
            try expectSame(OrderStatusDTO(orderId: text, status: text))
        }
        try expectSame(OrderList(orders: []))
    }

    @Test func pushes() throws {
        for text in Self.strings {
            for date in Self.dates {
                try expectSame(QueueAdmittedPush(performanceId: text, admissionToken: text, tokenExpiresAt: date))
            }
            try expectSame(OrderUpdatedPush(orderId: text, status: "paid", failureCode: nil))
            try expectSame(OrderUpdatedPush(orderId: "ord_1", status: text, failureCode: text))
        }
    }

    /// Seconds of the years written by hand, sampled, and their edges: the hand-written times
    /// are the format style's.
    @Test func timesMatchTheFormatStyle() {
        var random = SplitMix64(seed: 18)
        // 1900-01-01, 10000-01-01, the epoch, 2000-02-29 and 2100-03-01, and years the style keeps.
        var dates = [-2_208_988_800.0, -2_208_988_799.5, -2_208_988_800.5, 253_402_300_799.999, 253_402_300_800,
                     -86_400, -1, -0.25, 0, 0.75, 951_782_399, 951_782_400, 951_868_800, 4_107_542_400,
                     1_796_000_000.9999, -30_610_224_000, -40_000_000_000]
            .map(Date.init(timeIntervalSince1970:))
        for _ in 0..<20_000 {
            let seconds = Double(random.next() % 255_611_289_600) - 2_208_988_800
            dates.append(Date(timeIntervalSince1970: seconds + Double(random.next() % 1_000) / 1_000))
        }
        for date in dates {
            let styled = date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)
                .timeZone(separator: .omitted).dateSeparator(.dash).timeSeparator(.colon))
            #expect(RFC3339.format(date) == styled, "\(date.timeIntervalSince1970)")
        }
    }
}
