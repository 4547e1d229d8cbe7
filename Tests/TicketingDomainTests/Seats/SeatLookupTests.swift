import Testing
import TicketingDomain

/// `SeatInventory.seat(_:)`: checkout looks up a hold's seats by id instead of indexing the venue.
@Suite struct SeatLookupTests {
    @Test func findsEverySeatByIdAndNothingElse() {
        let seats = (1...5).map { SeatInfo(id: "A-\($0)", section: "A", row: "A", number: $0, x: $0, y: 2,
                                            grade: $0 < 3 ? "R" : "S", price: 1_000 * $0) }
        let inventory = SeatInventory(seats: seats, stageCentre: (x: 3, y: 0))
        for seat in seats { #expect(inventory.seat(seat.id) == seat) }
        #expect(inventory.seat("A-6") == nil)
        #expect(inventory.seat("") == nil)
    }
}
