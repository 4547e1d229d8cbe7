import Foundation
import TicketingDomain
import TicketingProtocol

/// A hall file found in the assets directory, parsed, or the reasons it could not be (worded in
/// the screen's language when drawn).
public struct HallFileEntry: Sendable, Equatable {
    public var fileName: String
    public var hall: Hall?
    public var problems: [Problem]

    public init(fileName: String, hall: Hall?, problems: [Problem] = []) {
        self.fileName = fileName
        self.hall = hall
        self.problems = problems
    }
}

/// The venue picker: hall files with a preview of the highlighted one.
public struct VenueDraftState: Sendable, Equatable {
    public var files: [HallFileEntry] = []
    public var selected = 0
    public var loaded = false
    /// Why the server refused the last venue, shown in the preview.
    public var problems: [String] = []

    public init() {}

    public var current: HallFileEntry? { files.indices.contains(selected) ? files[selected] : nil }
}

/// One of the seller's venues as the performance form offers it, with the grades a performance
/// there starts from.
public struct VenueChoice: Sendable, Equatable {
    public var id: String
    public var name: String
    public var seatCount: Int
    public var grades: [GradeSpec]

    public init(id: String, name: String, seatCount: Int, grades: [GradeSpec]) {
        self.id = id
        self.name = name
        self.seatCount = seatCount
        self.grades = grades
    }

    /// The grades of the hall file the venue was made from (same map), else one grade holding
    /// every seat for the seller to price: a venue says where seats are, not what they cost.
    public static func make(_ venue: VenueDTO, halls: [Hall]) -> VenueChoice {
        let grades = halls.first { $0.layout == venue.layout }?.grades
            ?? [GradeSpec(grade: "GENERAL", price: 0, seatIds: venue.layout.seats.map(\.id))]
        return VenueChoice(id: venue.id, name: venue.name, seatCount: venue.seatCount, grades: grades)
    }
}

/// `POST /v1/performances` as the form fills it.
public struct PerformanceDraft: Sendable, Equatable {
    public var venueId: String
    public var title: String
    public var startsAt: Date
    public var saleOpensAt: Date
    public var grades: [GradeSpec]
    public var maxSeatsPerOrder: Int?

    public init(venueId: String, title: String, startsAt: Date, saleOpensAt: Date, grades: [GradeSpec],
                maxSeatsPerOrder: Int?) {
        self.venueId = venueId
        self.title = title
        self.startsAt = startsAt
        self.saleOpensAt = saleOpensAt
        self.grades = grades
        self.maxSeatsPerOrder = maxSeatsPerOrder
    }
}

/// `POST /v1/coupons` as the form fills it.
public struct CouponDraft: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var amount: Int?
    public var percent: Int?
    public var maxDiscount: Int?
    public var minSpend: Int?
    public var performanceId: String
    public var grade: String?
    public var perTicket: Bool
    public var totalQuantity: Int

    public init(name: String, kind: String, amount: Int?, percent: Int?, maxDiscount: Int?, minSpend: Int?,
                performanceId: String, grade: String?, perTicket: Bool, totalQuantity: Int) {
        self.name = name
        self.kind = kind
        self.amount = amount
        self.percent = percent
        self.maxDiscount = maxDiscount
        self.minSpend = minSpend
        self.performanceId = performanceId
        self.grade = grade
        self.perTicket = perTicket
        self.totalQuantity = totalQuantity
    }
}

/// A problem the client finds before sending, tied to the field to fix.
public struct FormProblem: Error, Sendable, Equatable {
    public var field: String
    /// A catalog key; `{0}`… stand for `arguments`.
    public var message: String
    public var arguments: [String]

    public init(_ field: String, _ message: String, _ arguments: String...) {
        self.field = field
        self.message = message
        self.arguments = arguments
    }

    public func text(in language: Language) -> String {
        language.text(message, context: nil, arguments)
    }
}
