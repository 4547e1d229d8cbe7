import Foundation
import TicketingDomain
import TicketingProtocol

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
                      note: chosen.map { _ in "{0} seats · ←→ other venue" },
                      noteArguments: chosen.map { [Money.grouped($0.seatCount)] } ?? []),
            FormField("title", "Title", .text(maxLength: 200), value: title),
            FormField("startsAt", "Starts", .text(maxLength: 16), value: startsAt, note: dateFormat),
            FormField("saleOpensAt", "Sale opens", .text(maxLength: 16), value: opensAt, note: dateFormat),
        ]
        for grade in chosen?.grades ?? [] {
            fields.append(FormField("price:\(grade.grade)", "{0} price", .digits(maxLength: 9),
                                    value: grade.price > 0 ? "\(grade.price)" : "",
                                    note: "KRW · {0} seats", labelArguments: [grade.grade],
                                    noteArguments: [Money.grouped(grade.seatIds.count)]))
        }
        fields.append(FormField("maxSeats", "Max / order", .digits(maxLength: 2), value: maxSeats,
                                note: "seats one buyer may hold"))
        return fields
    }

    /// The request, or the first thing to fix with the field it concerns.
    public func draft(timeZone: TimeZone) -> Result<PerformanceDraft, FormProblem> {
        guard let venue else { return .failure(FormProblem("venue", "Create a venue first: v on your performances.")) }
        guard let startsAt = TimeText.parseDateTime(form.value("startsAt"), in: timeZone) else {
            return .failure(FormProblem("startsAt", "Starts: write the time as YYYY-MM-DD HH:MM."))
        }
        guard let opensAt = TimeText.parseDateTime(form.value("saleOpensAt"), in: timeZone) else {
            return .failure(FormProblem("saleOpensAt", "Sale opens: write the time as YYYY-MM-DD HH:MM."))
        }
        var grades: [GradeSpec] = []
        for grade in venue.grades {
            guard let price = form.number("price:\(grade.grade)") else {
                return .failure(FormProblem("price:\(grade.grade)", "Enter a price for grade {0}.", grade.grade))
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
