import Foundation
@testable import TerminalUI
import TicketingDomain
import TicketingProtocol

/// The seller's catalog world: hall files as the executor lists them, the seller's venues, and
/// the forms reached through the reducer.
enum CatalogFixture {
    static let broken = HallFileEntry(fileName: "broken.hall", hall: nil, problems: [
        Problem(.hallUnknownMark, ["mark": "Q", "declared": "R, S, A"], line: 9, source: "broken.hall"),
    ])
    static let files = [
        HallFileEntry(fileName: "arena.hall", hall: Fixture.arena),
        broken,
        HallFileEntry(fileName: "concert-hall.hall", hall: Fixture.concertHall),
        HallFileEntry(fileName: "theatre.hall", hall: Fixture.theatre),
    ]

    static let theatreVenue = Fixture.venue(Fixture.theatre, id: "ven_theatre")
    static let concertVenue = Fixture.venue(Fixture.concertHall, id: "ven_concert")
    static let halls = [Fixture.arena, Fixture.concertHall, Fixture.theatre]
    static let venues = [VenueChoice.make(concertVenue, halls: halls), VenueChoice.make(theatreVenue, halls: halls)]

    /// The venue picker with the theatre highlighted.
    static func venuePicker(_ size: Size) -> AppState {
        var state = Fixture.reduce(Fixture.list(size, as: Fixture.seller), .newVenue, .hallFilesLoaded(files))
        for _ in 0..<3 { state = Fixture.reduce(state, .move(.down)) }
        state.notice = nil
        return state
    }

    /// The new-performance form with the seller's two venues loaded, the theatre picked.
    static func performanceForm(_ size: Size) -> AppState {
        var state = Fixture.reduce(Fixture.list(size, as: Fixture.seller), .newPerformance, .venueChoicesLoaded(venues),
                                   .move(.right), .nextField)
        state = type("연극 〈햄릿〉 앙코르", into: state)
        state.notice = nil
        return state
    }

    static func type(_ text: String, into state: AppState) -> AppState {
        text.reduce(state) { Reducer.reduce($0, .type($1)).0 }
    }

    static func erase(_ count: Int, in state: AppState) -> AppState {
        (0..<count).reduce(state) { state, _ in Reducer.reduce(state, .deleteBackward).0 }
    }

    /// Coupons as the API sends them: the DTO's only initializer takes a domain coupon.
    static func coupons(_ performanceId: String, remaining: [Int] = [37, 0, 180]) -> [CouponDTO] {
        let json = """
        {"coupons":[{"id":"cpn_1","name":"얼리버드 ₩10,000","kind":"fixed","amount":10000,"perTicket":false,
        "performanceId":"\(performanceId)","totalQuantity":50,"fundedBy":"seller","remaining":\(remaining[0])},
        {"id":"cpn_2","name":"R석 15%","kind":"percentage","percent":15,"maxDiscount":30000,"grade":"R",
        "performanceId":"\(performanceId)","perTicket":true,"totalQuantity":20,"fundedBy":"seller","remaining":\(remaining[1])},
        {"id":"cpn_3","name":"Students ₩5,000","kind":"fixed","amount":5000,"perTicket":true,
        "performanceId":"\(performanceId)","totalQuantity":200,"fundedBy":"seller","remaining":\(remaining[2])}]}
        """
        return try! WireJSON.decode(CouponList.self, from: Data(json.utf8)).coupons
    }

    /// The seller's coupon list of the Hamlet revival (a Korean title), loaded.
    static func sellerCoupons(_ size: Size) -> AppState {
        var state = Fixture.list(size, as: Fixture.seller)
        let row = state.list.items.firstIndex { $0.id == Fixture.hamlet.id }!
        state = Fixture.reduce(state, .rowStart)
        for _ in 0..<row { state = Fixture.reduce(state, .move(.down)) }
        state = Fixture.reduce(state, .showCoupons, .couponsLoaded(performanceId: Fixture.hamlet.id,
                                                                  coupons(Fixture.hamlet.id)))
        state.notice = nil
        return state
    }
}
