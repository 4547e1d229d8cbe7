import Foundation
import TicketingDomain

/// The body of `POST /v1/performances`; optional knobs fall back to house defaults.
public struct CreatePerformanceRequest: Codable, Sendable {
    public var venueId: String
    public var title: String
    public var startsAt: Date
    public var saleOpensAt: Date
    public var grades: [GradeSpec]
    public var holdSeconds: Int?
    public var maxSeatsPerOrder: Int?
    public var admission: AdmissionSpec?
    public var refundCutoffHours: Int?

    public init(venueId: String, title: String, startsAt: Date, saleOpensAt: Date, grades: [GradeSpec],
                holdSeconds: Int? = nil, maxSeatsPerOrder: Int? = nil, admission: AdmissionSpec? = nil,
                refundCutoffHours: Int? = nil) {
        self.refundCutoffHours = refundCutoffHours
        self.venueId = venueId
        self.title = title
        self.startsAt = startsAt
        self.saleOpensAt = saleOpensAt
        self.grades = grades
        self.holdSeconds = holdSeconds
        self.maxSeatsPerOrder = maxSeatsPerOrder
        self.admission = admission
    }

    public func spec() -> PerformanceSpec {
        let defaults = PerformanceSpec(venueId: venueId, title: title, startsAt: startsAt,
                                       saleOpensAt: saleOpensAt, grades: grades)
        var spec = defaults
        spec.holdSeconds = holdSeconds ?? defaults.holdSeconds
        spec.maxSeatsPerOrder = maxSeatsPerOrder ?? defaults.maxSeatsPerOrder
        spec.admission = admission ?? defaults.admission
        spec.refundCutoffHours = refundCutoffHours
        return spec
    }
}

public struct PerformanceDTO: Codable, Sendable, Equatable {
    public var id: String
    public var venueId: String
    public var venueName: String
    public var sellerId: String
    public var title: String
    public var startsAt: Date
    public var saleOpensAt: Date
    public var grades: [GradeSpec]
    public var holdSeconds: Int
    public var maxSeatsPerOrder: Int
    public var admission: AdmissionSpec
    public var refundCutoffHours: Int?
    public var seatCount: Int

    public init(id: String, venueId: String, venueName: String, sellerId: String, spec: PerformanceSpec,
                seatCount: Int) {
        self.id = id
        self.venueId = venueId
        self.venueName = venueName
        self.sellerId = sellerId
        self.title = spec.title
        self.startsAt = spec.startsAt
        self.saleOpensAt = spec.saleOpensAt
        self.grades = spec.grades
        self.holdSeconds = spec.holdSeconds
        self.maxSeatsPerOrder = spec.maxSeatsPerOrder
        self.admission = spec.admission
        self.refundCutoffHours = spec.refundCutoffHours
        self.seatCount = seatCount
    }
}

public struct PerformanceList: Codable, Sendable {
    public var performances: [PerformanceDTO]
    public init(performances: [PerformanceDTO]) { self.performances = performances }
}

public enum SeatState: String, Codable, Sendable {
    case available
    case held
    case sold
}

public struct SeatDTO: Codable, Sendable, Equatable {
    public var id: String
    public var section: String
    public var row: String
    public var number: Int
    public var x: Int
    public var y: Int
    public var grade: String
    public var price: Int
    public var state: SeatState

    public init(seat: LayoutSeat, grade: String, price: Int, state: SeatState) {
        self.id = seat.id
        self.section = seat.section
        self.row = seat.row
        self.number = seat.number
        self.x = seat.x
        self.y = seat.y
        self.grade = grade
        self.price = price
        self.state = state
    }
}

public struct SeatsResponse: Codable, Sendable {
    public var version: Int
    public var seats: [SeatDTO]

    public init(version: Int, seats: [SeatDTO]) {
        self.version = version
        self.seats = seats
    }
}
