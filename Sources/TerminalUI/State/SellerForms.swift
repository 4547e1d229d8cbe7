import Foundation
import TicketingDomain
import TicketingProtocol

/// A hall file found in the assets directory, parsed, or the reason it could not be.
public struct HallFileEntry: Sendable, Equatable {
    public var fileName: String
    public var hall: Hall?
    public var problem: String?

    public init(fileName: String, hall: Hall?, problem: String? = nil) {
        self.fileName = fileName
        self.hall = hall
        self.problem = problem
    }
}

/// The venue picker: hall files with a preview of the highlighted one.
public struct VenueDraftState: Sendable, Equatable {
    public var files: [HallFileEntry] = []
    public var selected = 0
    public var loaded = false

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

/// The new-performance form: a venue picked from the seller's, then title, times and a price
/// per grade of that venue.
public struct PerformanceFormState: Sendable, Equatable {
    public static let dateFormat = "YYYY-MM-DD HH:MM"

    public var venues: [VenueChoice] = []
    public var loaded = false
    /// The venue to pick once the list arrives (the one just created).
    public var preferredVenueId: String?
    public var form: EntryForm

    public init(now: Date, timeZone: TimeZone, preferredVenueId: String? = nil) {
        self.preferredVenueId = preferredVenueId
        // A month out at 19:00, on sale from tomorrow 10:00: a plausible start to edit.
        let startsAt = Self.atHour(19, daysAfter: 30, now, timeZone)
        let opensAt = Self.atHour(10, daysAfter: 1, now, timeZone)
        form = EntryForm(fields: [], submitLabel: "Create performance")
        form.reshape(Self.fields(venues: [], chosen: nil, startsAt: TimeText.dateTime(startsAt, in: timeZone),
                                 opensAt: TimeText.dateTime(opensAt, in: timeZone)))
        form.focus = 0
    }

    public var venue: VenueChoice? {
        Self.labels(venues).firstIndex(of: form.value("venue")).map { venues[$0] }
    }

    /// Venue names as the picker shows them; a name the seller used twice gets "#2", "#3".
    static func labels(_ venues: [VenueChoice]) -> [String] {
        var seen: [String: Int] = [:]
        let repeated = Set(Dictionary(grouping: venues, by: \.name).filter { $0.value.count > 1 }.keys)
        return venues.map { venue in
            seen[venue.name, default: 0] += 1
            return repeated.contains(venue.name) ? "\(venue.name) #\(seen[venue.name] ?? 1)" : venue.name
        }
    }

    /// The rows for the chosen venue: its grades each get a price, prefilled with the hall's.
    mutating func reshape() {
        form.reshape(Self.fields(venues: venues, chosen: venue ?? venues.first, startsAt: form.value("startsAt"),
                                 opensAt: form.value("saleOpensAt"), title: form.value("title"),
                                 maxSeats: form.value("maxSeats")))
    }

    mutating func setVenues(_ choices: [VenueChoice]) {
        venues = choices
        loaded = true
        let chosen = preferredVenueId.flatMap { id in choices.first { $0.id == id } } ?? venue ?? choices.first
        form.reshape(Self.fields(venues: choices, chosen: chosen, startsAt: form.value("startsAt"),
                                 opensAt: form.value("saleOpensAt"), title: form.value("title"),
                                 maxSeats: form.value("maxSeats")))
    }

    private static func fields(venues: [VenueChoice], chosen: VenueChoice?, startsAt: String, opensAt: String,
                               title: String = "", maxSeats: String = "4") -> [FormField] {
        let labels = Self.labels(venues)
        let chosenLabel = chosen.flatMap { venue in venues.firstIndex(of: venue).map { labels[$0] } } ?? ""
        var fields = [
            FormField("venue", "Venue", .choice(labels), value: chosenLabel,
                      note: chosen.map { "\(Money.grouped($0.seatCount)) seats · ←→ other venue" }),
            FormField("title", "Title", .text(maxLength: 200), value: title),
            FormField("startsAt", "Starts", .text(maxLength: 16), value: startsAt, note: dateFormat),
            FormField("saleOpensAt", "Sale opens", .text(maxLength: 16), value: opensAt, note: dateFormat),
        ]
        for grade in chosen?.grades ?? [] {
            fields.append(FormField("price:\(grade.grade)", "\(grade.grade) price", .digits(maxLength: 9),
                                    value: grade.price > 0 ? "\(grade.price)" : "",
                                    note: "KRW · \(Money.grouped(grade.seatIds.count)) seats"))
        }
        fields.append(FormField("maxSeats", "Max / order", .digits(maxLength: 2), value: maxSeats,
                                note: "seats one buyer may hold"))
        return fields
    }

    /// The request, or the first thing to fix with the field it concerns.
    public func draft(timeZone: TimeZone) -> Result<PerformanceDraft, FormProblem> {
        guard let venue else { return .failure(FormProblem("venue", "Create a venue first: v on your performances.")) }
        guard let startsAt = TimeText.parseDateTime(form.value("startsAt"), in: timeZone) else {
            return .failure(FormProblem("startsAt", "Starts: write the time as \(Self.dateFormat)."))
        }
        guard let opensAt = TimeText.parseDateTime(form.value("saleOpensAt"), in: timeZone) else {
            return .failure(FormProblem("saleOpensAt", "Sale opens: write the time as \(Self.dateFormat)."))
        }
        var grades: [GradeSpec] = []
        for grade in venue.grades {
            guard let price = form.number("price:\(grade.grade)") else {
                return .failure(FormProblem("price:\(grade.grade)", "Enter a price for grade \(grade.grade)."))
            }
            grades.append(GradeSpec(grade: grade.grade, price: price, seatIds: grade.seatIds))
        }
        return .success(PerformanceDraft(venueId: venue.id, title: form.value("title"), startsAt: startsAt,
                                         saleOpensAt: opensAt, grades: grades,
                                         maxSeatsPerOrder: form.number("maxSeats")))
    }

    private static func atHour(_ hour: Int, daysAfter days: Int, _ now: Date, _ zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: now)) ?? now
        return calendar.date(bySettingHour: hour, minute: 0, second: 0, of: day) ?? day
    }
}

/// A problem the client finds before sending, tied to the field to fix.
public struct FormProblem: Error, Sendable, Equatable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// The seller's new-coupon form for one performance.
public struct CouponFormState: Sendable, Equatable {
    public static let kinds = ["fixed", "percentage"]
    public static let scopes = ["per order", "per ticket"]
    public static let allGrades = "all grades"

    public var performance: PerformanceDTO
    public var form: EntryForm

    public init(performance: PerformanceDTO) {
        self.performance = performance
        form = EntryForm(fields: [], submitLabel: "Create coupon")
        form.reshape(Self.fields(kind: "fixed", performance: performance))
    }

    /// Fixed coupons take an amount; percentage ones a percent and an optional cap.
    mutating func reshape() {
        form.reshape(Self.fields(kind: form.value("kind"), performance: performance, keeping: form))
    }

    private static func fields(kind: String, performance: PerformanceDTO, keeping old: EntryForm? = nil) -> [FormField] {
        var fields = [
            FormField("name", "Name", .text(maxLength: 100)),
            FormField("kind", "Kind", .choice(kinds), value: kind, note: "←→ fixed / percentage"),
        ]
        if kind == "percentage" {
            fields.append(FormField("percent", "Percent off", .digits(maxLength: 3), note: "1–100"))
            fields.append(FormField("maxDiscount", "Cap", .digits(maxLength: 9), note: "KRW, optional"))
        } else {
            fields.append(FormField("amount", "Amount off", .digits(maxLength: 9), note: "KRW"))
        }
        fields += [
            FormField("minSpend", "Min spend", .digits(maxLength: 9), note: "KRW, optional"),
            FormField("grade", "Grade", .choice([allGrades] + performance.grades.map(\.grade)),
                      value: old?.value("grade") ?? allGrades),
            FormField("scope", "Applies", .choice(scopes), value: old?.value("scope") ?? scopes[0]),
            FormField("quantity", "Quantity", .digits(maxLength: 7), note: "coupons in all"),
        ]
        return fields
    }

    public func draft() -> Result<CouponDraft, FormProblem> {
        let name = form.value("name").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return .failure(FormProblem("name", "Give the coupon a name buyers will see.")) }
        let percentage = form.value("kind") == "percentage"
        if percentage, form.number("percent") == nil {
            return .failure(FormProblem("percent", "Enter the percent off."))
        }
        if !percentage, form.number("amount") == nil {
            return .failure(FormProblem("amount", "Enter the amount off in KRW."))
        }
        guard let quantity = form.number("quantity") else {
            return .failure(FormProblem("quantity", "Enter how many coupons there are."))
        }
        let grade = form.value("grade")
        return .success(CouponDraft(
            name: name, kind: form.value("kind"), amount: percentage ? nil : form.number("amount"),
            percent: percentage ? form.number("percent") : nil, maxDiscount: percentage ? form.number("maxDiscount") : nil,
            minSpend: form.number("minSpend"), performanceId: performance.id,
            grade: grade == Self.allGrades ? nil : grade, perTicket: form.value("scope") == Self.scopes[1],
            totalQuantity: quantity))
    }
}
