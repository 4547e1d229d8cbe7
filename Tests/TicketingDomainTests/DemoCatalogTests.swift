import Foundation
import Testing
import TicketingDomain

@Suite struct DemoCatalogTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func bundledHalls() throws -> [String: Hall] {
        var halls: [String: Hall] = [:]
        for name in Assets.hallFileNames { halls[name] = try Hall.load(path: Assets.hallPath(name)) }
        return halls
    }

    @Test func loadsAndNamesEveryBundledHall() throws {
        let catalog = try DemoCatalog.load(from: Assets.catalogURL)
        #expect(Set(catalog.venues.map(\.hall)) == Set(Assets.hallFileNames))
        #expect(catalog.performances.contains { $0.title == "아이유 콘서트 2026" })
    }

    @Test func everyPerformanceValidatesAgainstItsHall() throws {
        let catalog = try DemoCatalog.load(from: Assets.catalogURL)
        let halls = try Self.bundledHalls()
        #expect(!catalog.performances.isEmpty)
        for entry in catalog.performances {
            let venue = try #require(catalog.venue(named: entry.venue), "venue of \(entry.title)")
            let hall = try #require(halls[venue.hall])
            let spec = DemoCatalog.performanceSpec(for: entry, venueId: "venue-\(venue.name)", hall: hall, now: Self.now)
            try spec.validate(against: hall.layout)
        }
        try catalog.validate(halls: halls, now: Self.now)
    }

    static let entry = DemoCatalog.Performance(
        title: "Test", venue: "Theatre", startsInDays: 2, saleOpensInSeconds: 5, prices: ["S": 99_000],
        holdSeconds: 240, maxSeatsPerOrder: 3,
        admission: AdmissionSpec(ratePerSecond: 0.5, maxActive: 7, tokenTTLSeconds: 120))

    @Test func specTakesTimesFromNowAndPricesFromOverridesOrTheHall() throws {
        let hall = try Hall.load(path: Assets.hallPath("theatre.hall"))
        let spec = DemoCatalog.performanceSpec(for: Self.entry, venueId: "v9", hall: hall, now: Self.now)
        #expect(spec.venueId == "v9" && spec.title == "Test")
        #expect(spec.startsAt == Self.now.addingTimeInterval(2 * 86_400))
        #expect(spec.saleOpensAt == Self.now.addingTimeInterval(5))
        #expect(spec.grades.map(\.price) == [180_000, 99_000, 120_000])
        #expect(spec.grades.map(\.seatIds) == hall.grades.map(\.seatIds))
        #expect(spec.holdSeconds == 240 && spec.maxSeatsPerOrder == 3)
        #expect(spec.admission == Self.entry.admission)
    }

    @Test func decodesWithoutOptionalPrices() throws {
        let json = """
            {"venues": [{"name": "Theatre", "hall": "theatre.hall"}],
             "performances": [{"title": "T", "venue": "Theatre", "startsInDays": 1, "saleOpensInSeconds": 5,
                               "holdSeconds": 300, "maxSeatsPerOrder": 4,
                               "admission": {"ratePerSecond": 1, "maxActive": 5, "tokenTTLSeconds": 60}}]}
            """
        let catalog = try JSONDecoder().decode(DemoCatalog.self, from: Data(json.utf8))
        #expect(catalog.performances.first?.prices == nil)
    }

    @Test func validateReportsWhatDecodingCannot() throws {
        let halls = ["theatre.hall": try Hall.load(path: Assets.hallPath("theatre.hall"))]
        var stray = Self.entry
        stray.venue = "Nowhere"
        var badPrice = Self.entry
        badPrice.prices = ["VIP": 1]
        badPrice.holdSeconds = 5
        let catalog = DemoCatalog(
            venues: [.init(name: "Theatre", hall: "theatre.hall"), .init(name: "Theatre", hall: "theatre.hall"),
                     .init(name: "Arena", hall: "arena.hall"), .init(name: "Up", hall: "../secret.hall")],
            performances: [Self.entry, stray, badPrice])
        let found = problems { () throws(ValidationError) in try catalog.validate(halls: halls, now: Self.now) }
        #expect(found == [
            "venue 'Theatre' appears more than once",
            "venue 'Arena': hall file 'arena.hall' was not loaded",
            "venue 'Up': hall '../secret.hall' must be a plain file name",
            "performance 'Test': no venue named 'Nowhere'",
            "performance 'Test': price for grade 'VIP', which hall 'theatre.hall' does not have",
            "performance 'Test': holdSeconds is 5; it must be between 30 and 3,600",
        ])
    }
}
