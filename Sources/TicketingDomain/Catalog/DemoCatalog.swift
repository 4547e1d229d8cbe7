import Foundation

/// Venues and performances a fresh install loads so there is something to sell at once.
/// Times are offsets from load time so the catalog never goes stale.
public struct DemoCatalog: Codable, Sendable, Equatable {
    public struct Venue: Codable, Sendable, Equatable {
        public var name: String
        /// File name of a hall under `Assets/halls`, like `arena.hall`.
        public var hall: String

        public init(name: String, hall: String) {
            self.name = name
            self.hall = hall
        }
    }

    public struct Performance: Codable, Sendable, Equatable {
        public var title: String
        /// The `name` of one of the catalog's venues.
        public var venue: String
        public var startsInDays: Int
        /// May be small (a sale that opens while the demo watches) or negative (already open).
        public var saleOpensInSeconds: Int
        /// Grade name → KRW, replacing the hall's default price for that grade.
        public var prices: [String: Int]?
        public var holdSeconds: Int
        public var maxSeatsPerOrder: Int
        public var admission: AdmissionSpec
        /// The show the demo's crowd rushes: `qticketd demo` holds it back and puts it on sale
        /// (a short countdown) when the first person logs in; every other loader loads it as is.
        public var rush: Bool?

        public init(title: String, venue: String, startsInDays: Int, saleOpensInSeconds: Int,
                    prices: [String: Int]? = nil, holdSeconds: Int, maxSeatsPerOrder: Int,
                    admission: AdmissionSpec, rush: Bool? = nil) {
            self.title = title
            self.venue = venue
            self.startsInDays = startsInDays
            self.saleOpensInSeconds = saleOpensInSeconds
            self.prices = prices
            self.holdSeconds = holdSeconds
            self.maxSeatsPerOrder = maxSeatsPerOrder
            self.admission = admission
            self.rush = rush
        }
    }

    /// A performance that already took place, with its sale day by day, so a seller's
    /// settlement has closed periods to show from the first start.
    public struct PastPerformance: Codable, Sendable, Equatable {
        public var title: String
        public var venue: String
        /// The show was this many days before load time.
        public var endedDaysAgo: Int
        /// Tickets sold on each day of the sale, the last entry being the show's own day.
        public var ticketsPerDay: [Int]
        public var seatsPerOrder: Int

        public init(title: String, venue: String, endedDaysAgo: Int, ticketsPerDay: [Int], seatsPerOrder: Int) {
            self.title = title
            self.venue = venue
            self.endedDaysAgo = endedDaysAgo
            self.ticketsPerDay = ticketsPerDay
            self.seatsPerOrder = seatsPerOrder
        }
    }

    public var venues: [Venue]
    public var performances: [Performance]
    public var history: [PastPerformance]?

    public init(venues: [Venue], performances: [Performance], history: [PastPerformance]? = nil) {
        self.venues = venues
        self.performances = performances
        self.history = history
    }

    public static func load(from url: URL) throws -> DemoCatalog {
        try JSONDecoder().decode(DemoCatalog.self, from: Data(contentsOf: url))
    }

    public func venue(named name: String) -> Venue? {
        venues.first { $0.name == name }
    }

    /// Every seat of the hall goes on sale at the hall's grade, priced by the entry's override
    /// where it has one.
    public static func performanceSpec(for entry: Performance, venueId: String, hall: Hall,
                                       now: Date) -> PerformanceSpec {
        let grades = hall.grades.map { grade in
            GradeSpec(grade: grade.grade, price: entry.prices?[grade.grade] ?? grade.price,
                      seatIds: grade.seatIds)
        }
        return PerformanceSpec(
            venueId: venueId,
            title: entry.title,
            startsAt: now.addingTimeInterval(TimeInterval(entry.startsInDays) * 86_400),
            saleOpensAt: now.addingTimeInterval(TimeInterval(entry.saleOpensInSeconds)),
            grades: grades,
            holdSeconds: entry.holdSeconds,
            maxSeatsPerOrder: entry.maxSeatsPerOrder,
            admission: entry.admission)
    }

    /// Checks what decoding cannot: that names match up and every performance is valid for its
    /// hall. `halls` maps a hall file name to the parsed hall.
    public func validate(halls: [String: Hall], now: Date) throws(ValidationError) {
        var problems: [Problem] = []
        var seenVenues: Set<String> = []
        for venue in venues {
            if !seenVenues.insert(venue.name).inserted {
                problems.append(Problem(.demoVenueRepeated, ["venue": venue.name]))
            }
            // The loader joins this to the halls directory, so it must not climb out of it.
            if venue.hall.contains("/") || venue.hall.contains("\\") || venue.hall.hasPrefix(".") {
                problems.append(Problem(.demoHallPath, ["venue": venue.name, "hall": venue.hall]))
            } else if halls[venue.hall] == nil {
                problems.append(Problem(.demoHallNotLoaded, ["venue": venue.name, "hall": venue.hall]))
            }
        }
        for entry in performances {
            let label = "performance '\(entry.title)'"
            guard let venue = venue(named: entry.venue) else {
                problems.append(Problem(.demoUnknownVenue, ["venue": entry.venue], source: label))
                continue
            }
            guard let hall = halls[venue.hall] else { continue }
            let known = Set(hall.grades.map(\.grade))
            for grade in (entry.prices ?? [:]).keys.sorted() where !known.contains(grade) {
                problems.append(Problem(.demoPriceUnknownGrade, ["grade": grade, "hall": venue.hall], source: label))
            }
            let spec = Self.performanceSpec(for: entry, venueId: venue.name, hall: hall, now: now)
            do throws(ValidationError) {
                try spec.validate(against: hall.layout)
            } catch {
                problems += error.details.map { $0.from(label) }
            }
        }
        for past in history ?? [] {
            let label = "past performance '\(past.title)'"
            guard let venue = venue(named: past.venue), let hall = halls[venue.hall] else {
                problems.append(Problem(.demoUnknownLoadedVenue, ["venue": past.venue], source: label))
                continue
            }
            if past.endedDaysAgo < 1 { problems.append(Problem(.demoEndedDaysAgo, source: label)) }
            if past.ticketsPerDay.isEmpty || past.ticketsPerDay.contains(where: { $0 < 0 }) {
                problems.append(Problem(.demoTicketsPerDay, source: label))
            }
            if past.seatsPerOrder < 1 { problems.append(Problem(.demoSeatsPerOrder, source: label)) }
            let seats = hall.grades.reduce(0) { $0 + $1.seatIds.count }
            if past.ticketsPerDay.reduce(0, +) > seats {
                problems.append(Problem(.demoOversold, ["seats": "\(seats)"], source: label))
            }
        }
        if !problems.isEmpty { throw ValidationError(problems) }
    }
}
