import Foundation
import TerminalUI
import TicketingDomain
import TicketingProtocol

/// A fixed world for screen tests: one instant, one time zone (KST), the bundled halls and a
/// catalog like the demo's, with seats in a repeatable mix of states.
enum Fixture {
    static let now = date("2026-11-25T08:00:00Z")
    static let zone = TimeZone(secondsFromGMT: 9 * 3600)!
    static let server = "http://127.0.0.1:8080"
    static let sellerId = "usr_seller"

    static let buyer = UserDTO(id: "usr_buyer", email: "buyer@demo.queueticket.dev", name: "Demo Buyer", role: "buyer")
    static let seller = UserDTO(id: sellerId, email: "seller@demo.queueticket.dev", name: "Demo Seller", role: "seller")

    static func date(_ text: String) -> Date {
        guard let date = RFC3339.parse(text) else { fatalError("bad fixture date \(text)") }
        return date
    }

    static let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Assets")

    static func hall(_ file: String) -> Hall {
        do {
            return try Hall.load(path: assets.appendingPathComponent("halls/\(file)").path)
        } catch {
            fatalError("cannot load \(file): \(error)")
        }
    }

    static let theatre = hall("theatre.hall")
    static let concertHall = hall("concert-hall.hall")
    static let arena = hall("arena.hall")

    static func venue(_ hall: Hall, id: String) -> VenueDTO {
        VenueDTO(id: id, name: hall.name, ownerId: sellerId, layout: hall.layout, seatCount: hall.layout.seats.count)
    }

    static func performance(id: String, title: String, hall: Hall, venueId: String, startsAt: Date, saleOpensAt: Date,
                            maxSeats: Int = 4, holdSeconds: Int = 300) -> PerformanceDTO {
        let spec = PerformanceSpec(venueId: venueId, title: title, startsAt: startsAt, saleOpensAt: saleOpensAt,
                                   grades: hall.grades, holdSeconds: holdSeconds, maxSeatsPerOrder: maxSeats)
        return PerformanceDTO(id: id, venueId: venueId, venueName: hall.name, sellerId: sellerId, spec: spec,
                              seatCount: hall.layout.seats.count)
    }

    static let iu = performance(id: "prf_iu", title: "아이유 콘서트 2026", hall: arena, venueId: "ven_arena",
                                startsAt: date("2026-12-24T10:00:00Z"), saleOpensAt: now.addingTimeInterval(299))
    static let mahler = performance(id: "prf_mahler", title: "서울시립교향악단 — 말러 교향곡 5번", hall: concertHall,
                                    venueId: "ven_concert", startsAt: date("2026-12-09T11:00:00Z"),
                                    saleOpensAt: now.addingTimeInterval(-600), maxSeats: 6, holdSeconds: 420)
    static let jazz = performance(id: "prf_jazz", title: "Jazz Night at Lotte", hall: concertHall, venueId: "ven_concert",
                                  startsAt: date("2026-11-28T11:30:00Z"), saleOpensAt: now.addingTimeInterval(-3600),
                                  maxSeats: 8)
    static let hamlet = performance(id: "prf_hamlet", title: "연극 〈햄릿〉", hall: theatre, venueId: "ven_theatre",
                                    startsAt: date("2026-12-02T10:00:00Z"),
                                    saleOpensAt: now.addingTimeInterval(2 * 86_400 + 3 * 3600), maxSeats: 2,
                                    holdSeconds: 180)
    static let gala = performance(id: "prf_gala", title: "Winter Ballet Gala", hall: theatre, venueId: "ven_theatre",
                                  startsAt: date("2026-11-24T10:00:00Z"), saleOpensAt: date("2026-11-01T01:00:00Z"))
    static let catalog = [iu, mahler, jazz, hamlet, gala]

    /// Seats of `hall` with a fixed scatter of sold and held ones, the way a sale in progress looks.
    static func seats(_ hall: Hall, soldEvery: Int = 7, heldEvery: Int = 13) -> [SeatDTO] {
        var grades: [String: GradeSpec] = [:]
        for grade in hall.grades {
            for id in grade.seatIds { grades[id] = grade }
        }
        return hall.layout.seats.enumerated().map { i, seat in
            let grade = grades[seat.id]
            let state: SeatState = i % soldEvery == 3 % soldEvery ? .sold
                : i % heldEvery == 5 % heldEvery ? .held : .available
            return SeatDTO(seat: seat, grade: grade?.grade ?? "?", price: grade?.price ?? 0, state: state)
        }
    }

    /// The language every fixture state starts in: a screen built under
    /// `Fixture.$language.withValue(.ko)` words its notices and problems in Korean from the first
    /// intent on, as the app does from launch.
    @TaskLocal static var language = Language.en

    static func state(_ size: Size) -> AppState {
        var state = AppState(size: size, now: now, timeZone: zone, server: server)
        state.language = language
        return state
    }

    /// Logged in as `user` with the catalog on screen, reached through the reducer.
    static func list(_ size: Size, as user: UserDTO = buyer) -> AppState {
        var state = state(size)
        state = reduce(state, .signedIn(user), .performancesLoaded(catalog))
        state.notice = nil
        return state
    }

    /// The hall map of `performance`, opened from the list and loaded, through the reducer; at
    /// seat level as loaded unless `overview`, where a large map opens on its section overview.
    static func hallMap(_ size: Size, _ performance: PerformanceDTO, hall: Hall, as user: UserDTO = buyer,
                        seats: [SeatDTO]? = nil, overview: Bool = false) -> AppState {
        var state = list(size, as: user)
        let row = state.list.items.firstIndex { $0.id == performance.id } ?? 0
        state = reduce(state, .rowStart)
        for _ in 0..<row { state = reduce(state, .move(.down)) }
        state = reduce(state, .activate,
                       .hallLoaded(performanceId: performance.id, venue: venue(hall, id: performance.venueId),
                                   version: 1, seats: seats ?? self.seats(hall)))
        if !overview { state.hall?.zoomed = true }
        return state
    }

    static func reduce(_ state: AppState, _ intents: Intent...) -> AppState {
        intents.reduce(state) { Reducer.reduce($0, $1).0 }
    }
}

extension Size {
    static let small = Size(width: 80, height: 24)
    static let large = Size(width: 120, height: 40)

    var name: String { "\(width)x\(height)" }
}
