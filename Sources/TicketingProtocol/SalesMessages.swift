import Foundation

/// `sales.snapshot`: what a seller's live dashboard draws, pushed once a second to a
/// `sales.subscribe`d socket of the performance's own seller.
public struct SalesSnapshotPush: Codable, Sendable, Equatable {
    public var type = "sales.snapshot"
    public var performanceId: String
    public var at: Date
    public var saleOpensAt: Date
    public var grades: [GradeSalesDTO]
    /// Buyers waiting in line, and admitted ones still shopping.
    public var waiting: Int
    public var admittedActive: Int
    /// Admissions per second over the last minute.
    public var admissionRatePerSecond: Double
    /// How long a buyer joining now would wait to be admitted; nil when nobody is admitted yet
    /// to measure by and the line is not empty.
    public var newArrivalWaitSeconds: Int?
    /// Tickets sold in each minute from `firstMinute` on (at most the last 120 minutes).
    public var ticketsPerMinute: [Int]
    public var firstMinute: Date
    public var couponsClaimed: Int
    public var couponsLeft: Int
    public var paymentsPaid: Int
    public var paymentsFailed: Int

    public init(performanceId: String, at: Date, saleOpensAt: Date, grades: [GradeSalesDTO], waiting: Int,
                admittedActive: Int, admissionRatePerSecond: Double, newArrivalWaitSeconds: Int?,
                ticketsPerMinute: [Int], firstMinute: Date, couponsClaimed: Int, couponsLeft: Int,
                paymentsPaid: Int, paymentsFailed: Int) {
        self.performanceId = performanceId
        self.at = at
        self.saleOpensAt = saleOpensAt
        self.grades = grades
        self.waiting = waiting
        self.admittedActive = admittedActive
        self.admissionRatePerSecond = admissionRatePerSecond
        self.newArrivalWaitSeconds = newArrivalWaitSeconds
        self.ticketsPerMinute = ticketsPerMinute
        self.firstMinute = firstMinute
        self.couponsClaimed = couponsClaimed
        self.couponsLeft = couponsLeft
        self.paymentsPaid = paymentsPaid
        self.paymentsFailed = paymentsFailed
    }
}

public struct GradeSalesDTO: Codable, Sendable, Equatable {
    public var grade: String
    public var price: Int
    public var sold: Int
    public var held: Int
    public var available: Int

    public init(grade: String, price: Int, sold: Int, held: Int, available: Int) {
        self.grade = grade
        self.price = price
        self.sold = sold
        self.held = held
        self.available = available
    }
}
