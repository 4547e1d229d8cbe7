import Foundation

/// What a seller asks for when creating a performance; validated against the venue layout.
public struct PerformanceSpec: Codable, Sendable, Equatable {
    public var venueId: String
    public var title: String
    public var startsAt: Date
    public var saleOpensAt: Date
    public var grades: [GradeSpec]
    public var holdSeconds: Int
    public var maxSeatsPerOrder: Int
    public var admission: AdmissionSpec
    /// Buyers may refund until this many hours before the show (nil: until it starts).
    public var refundCutoffHours: Int?

    /// The last moment a buyer may ask for a refund.
    public var refundDeadline: Date { startsAt.addingTimeInterval(-Double(refundCutoffHours ?? 0) * 3_600) }

    public init(venueId: String, title: String, startsAt: Date, saleOpensAt: Date, grades: [GradeSpec],
                holdSeconds: Int = 300, maxSeatsPerOrder: Int = 4,
                admission: AdmissionSpec = AdmissionSpec()) {
        self.venueId = venueId
        self.title = title
        self.startsAt = startsAt
        self.saleOpensAt = saleOpensAt
        self.grades = grades
        self.holdSeconds = holdSeconds
        self.maxSeatsPerOrder = maxSeatsPerOrder
        self.admission = admission
    }
}

/// A price class: every seat in `seatIds` costs `price` KRW.
public struct GradeSpec: Codable, Sendable, Equatable {
    public var grade: String
    public var price: Int
    public var seatIds: [String]

    public init(grade: String, price: Int, seatIds: [String]) {
        self.grade = grade
        self.price = price
        self.seatIds = seatIds
    }
}

public struct AdmissionSpec: Codable, Sendable, Equatable {
    /// Buyers admitted per second; fractional rates admit one buyer every 1/rate seconds.
    public var ratePerSecond: Double
    public var maxActive: Int
    public var tokenTTLSeconds: Int

    public init(ratePerSecond: Double = 50, maxActive: Int = 500, tokenTTLSeconds: Int = 600) {
        self.ratePerSecond = ratePerSecond
        self.maxActive = maxActive
        self.tokenTTLSeconds = tokenTTLSeconds
    }
}
