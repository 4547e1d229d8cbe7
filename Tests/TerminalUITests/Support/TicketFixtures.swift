import Foundation
import TerminalUI
import TicketingProtocol

/// Two tickets of one order with real codes: signed by Python's `cryptography` with the seed
/// 00 01 … 1f, so the strings are what the server would produce (209 characters each).
enum TicketFixtures {
    static let codes = [
        "QT1.eyJ0IjoidGt0XzRmMWMyYTllMGI3ZDNjNWE4ZTIxIiwicCI6InByZl83ZTNiOWMxZDVhMmY0ZTZiOGMwZCIsInMiOiJGTE9PUi1BLTMtMTIiLCJ2IjoxfQ.RVgn5pyPuNM8w8NhUTP15tIN2M5e34jFQ2pFUrSFjHH_0B2XCkDuY1FtFZw5C7HJ_upCAN34WRMFsnRHpip6CA",
        "QT1.eyJ0IjoidGt0XzlhMGIxYzJkM2U0ZjVhNmI3YzhkIiwicCI6InByZl83ZTNiOWMxZDVhMmY0ZTZiOGMwZCIsInMiOiJGTE9PUi1BLTMtMTMiLCJ2IjoxfQ.fd_7g4W93ujl6k2VXQJICEieoOkG-3cSiaD6DhnnfeQ1URieCoEfaGBibAeuvtHXXmuOYH6O2og_kjpb6YtUAQ",
    ]

    static let tickets = [
        TicketDTO(id: "tkt_4f1c2a9e0b7d3c5a8e21", orderId: "ord_1", performanceId: "prf_7e3b9c1d5a2f4e6b8c0d",
                  seatId: "FLOOR-A-3-12", section: "FLOOR-A", row: "3", number: 12, code: codes[0], status: .valid,
                  performanceTitle: "아이유 콘서트 2026", startsAt: Fixture.date("2026-12-24T10:00:00Z")),
        TicketDTO(id: "tkt_9a0b1c2d3e4f5a6b7c8d", orderId: "ord_1", performanceId: "prf_7e3b9c1d5a2f4e6b8c0d",
                  seatId: "FLOOR-A-3-13", section: "FLOOR-A", row: "3", number: 13, code: codes[1],
                  status: .checkedIn, performanceTitle: "아이유 콘서트 2026", startsAt: Fixture.date("2026-12-24T10:00:00Z"),
                  checkedInAt: Fixture.date("2026-12-24T09:12:30Z")),
    ]

    /// The buyer on "My tickets" with both loaded.
    static func state(_ size: Size, selected: Int = 0) -> AppState {
        var state = Fixture.list(size)
        state = Fixture.reduce(state, .showTickets, .ticketsLoaded(tickets))
        state.tickets.selected = selected
        return state
    }
}
