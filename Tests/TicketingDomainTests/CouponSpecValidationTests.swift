import Foundation
import Testing
import TicketingDomain

/// A baseline spec of each kind passes; each case breaks exactly one rule and must name it.
@Suite struct CouponSpecValidationTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func fixed() -> CouponSpec {
        CouponSpec(name: "선착순 5,000원 할인", kind: "fixed", parameters: CouponKindParameters(amount: 5_000),
                   minSpend: 50_000, performanceId: "prf_1", grade: "R", perTicket: false, totalQuantity: 1_000,
                   claimOpensAt: now.addingTimeInterval(3_600), expiresAt: now.addingTimeInterval(86_400))
    }

    static func percentage() -> CouponSpec {
        CouponSpec(name: "10% off", kind: "percentage",
                   parameters: CouponKindParameters(percent: 10, maxDiscount: 20_000), perTicket: true,
                   totalQuantity: 100)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let expected: String
        let base: @Sendable () -> CouponSpec
        let breakRule: @Sendable (inout CouponSpec) -> Void
    }

    static let cases: [Case] = [
        Case(testDescription: "unknown kind", expected: "kind \"bogo\" is not a coupon kind; use one of \"fixed\", \"percentage\"",
             base: fixed) { $0.kind = "bogo" },
        Case(testDescription: "fixed without amount", expected: "a fixed coupon needs amount (KRW off)",
             base: fixed) { $0.parameters.amount = nil },
        Case(testDescription: "fixed zero amount", expected: "amount is 0 KRW; a fixed coupon must take off more than 0",
             base: fixed) { $0.parameters.amount = 0 },
        Case(testDescription: "fixed huge amount", expected: "amount is 1,000,000,001 KRW; the limit is 1,000,000,000",
             base: fixed) { $0.parameters.amount = 1_000_000_001 },
        Case(testDescription: "fixed with percent", expected: "percent is for percentage coupons; a fixed coupon takes amount",
             base: fixed) { $0.parameters.percent = 10 },
        Case(testDescription: "fixed with cap",
             expected: "maxDiscount is for percentage coupons; a fixed coupon never takes off more than its amount",
             base: fixed) { $0.parameters.maxDiscount = 10 },
        Case(testDescription: "percentage without percent", expected: "a percentage coupon needs percent (1 to 100)",
             base: percentage) { $0.parameters.percent = nil },
        Case(testDescription: "percent 0", expected: "percent is 0; it must be between 1 and 100",
             base: percentage) { $0.parameters.percent = 0 },
        Case(testDescription: "percent 101", expected: "percent is 101; it must be between 1 and 100",
             base: percentage) { $0.parameters.percent = 101 },
        Case(testDescription: "negative cap", expected: "maxDiscount is -1 KRW; it must be between 0 and 1,000,000,000",
             base: percentage) { $0.parameters.maxDiscount = -1 },
        Case(testDescription: "percentage with amount",
             expected: "amount is for fixed coupons; a percentage coupon takes percent (and maxDiscount to cap it)",
             base: percentage) { $0.parameters.amount = 1_000 },
        Case(testDescription: "blank name", expected: "the name must not be empty", base: fixed) { $0.name = " \n" },
        Case(testDescription: "long name", expected: "the name is 101 characters long; the limit is 100",
             base: fixed) { $0.name = String(repeating: "쿠", count: 101) },
        // Code points as sent, as the wire's maxLength counts: 50 accented letters are 100 + 1.
        Case(testDescription: "long name in code points", expected: "the name is 101 characters long; the limit is 100",
             base: fixed) { $0.name = String(repeating: "e\u{301}", count: 50) + "x" },
        Case(testDescription: "padded long name", expected: "the name is 101 characters long; the limit is 100",
             base: fixed) { $0.name = " " + String(repeating: "a", count: 100) },
        Case(testDescription: "grade without performance",
             expected: "grade \"R\" needs performanceId: grade names belong to a performance",
             base: fixed) { $0.performanceId = nil },
        Case(testDescription: "unknown grade", expected: "the performance has no grade \"VIP\"; it has \"R\", \"S\"",
             base: fixed) { $0.grade = "VIP" },
        Case(testDescription: "zero quantity", expected: "totalQuantity is 0; it must be between 1 and 10,000,000",
             base: percentage) { $0.totalQuantity = 0 },
        Case(testDescription: "huge quantity", expected: "totalQuantity is 10,000,001; it must be between 1 and 10,000,000",
             base: percentage) { $0.totalQuantity = 10_000_001 },
        Case(testDescription: "negative min spend", expected: "minSpend is -1 KRW; it must be between 0 and 1,000,000,000",
             base: fixed) { $0.minSpend = -1 },
        Case(testDescription: "already expired", expected: "expiresAt is in the past; a coupon must expire after it is created",
             base: percentage) { $0.expiresAt = now },
        Case(testDescription: "opens after expiry", expected: "claimOpensAt must be before expiresAt",
             base: fixed) { $0.claimOpensAt = $0.expiresAt },
    ]

    @Test func baselinesAreValid() throws {
        let fixed = try Self.fixed().validate(grades: ["R", "S"], now: Self.now)
        #expect(fixed.name == "fixed" && fixed.parameters == CouponKindParameters(amount: 5_000))
        let percentage = try #require(try Self.percentage().validate(now: Self.now) as? PercentageCoupon)
        #expect(percentage.basisPoints == 1_000 && percentage.maxDiscount == 20_000)
        #expect(percentage.parameters == CouponKindParameters(percent: 10, maxDiscount: 20_000))
    }

    @Test(arguments: cases)
    func eachBrokenRuleIsReported(_ testCase: Case) {
        var spec = testCase.base()
        testCase.breakRule(&spec)
        let found = problems { () throws(ValidationError) in _ = try spec.validate(grades: ["R", "S"], now: Self.now) }
        #expect(found == [testCase.expected])
    }

    @Test func everyBrokenRuleIsReportedAtOnce() {
        var spec = Self.fixed()
        spec.parameters = CouponKindParameters(amount: -5, percent: 3)
        spec.name = ""
        spec.totalQuantity = 0
        spec.expiresAt = Self.now.addingTimeInterval(-1)
        let found = problems { () throws(ValidationError) in _ = try spec.validate(grades: ["R"], now: Self.now) }
        #expect(found?.count == 6)
    }

    @Test func aCapOfZeroAndAMinSpendOfZeroAreAllowed() throws {
        var spec = Self.percentage()
        spec.parameters.maxDiscount = 0
        spec.minSpend = 0
        _ = try spec.validate(now: Self.now)
    }
}
