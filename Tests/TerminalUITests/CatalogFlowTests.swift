import Foundation
import Testing
@testable import TerminalUI
import TicketingDomain
import TicketingProtocol

/// The seller's catalog through the reducer: a venue from a hall file, a performance in it, and
/// coupons with live counts; every server answer fed in by hand, errors included.
@Suite struct CatalogFlowTests {
    @Test func venueFromAHallFileThenItsFirstPerformance() throws {
        var state = Fixture.list(.small, as: Fixture.seller)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .newVenue)
        #expect(state.route == .newVenue && effects == [.loadHallFiles])
        state = Fixture.reduce(state, .hallFilesLoaded(CatalogFixture.files), .move(.down))
        // A broken file cannot become a venue.
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects.isEmpty && state.notice?.isError == true)
        state = Fixture.reduce(state, .move(.down), .move(.down))
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects == [.createVenue(name: "Seoul Arts Theatre", layout: Fixture.theatre.layout)])
        // Refused (say, the server's limits differ): the reason shows in the preview; try again.
        state = Fixture.reduce(state, .rejected(.createVenue, problems: ["at most 100 seats here"]))
        #expect(state.route == .newVenue && state.venueDraft?.problems == ["at most 100 seats here"])
        #expect(Renderer.render(state).text().contains("! at most 100 seats here"))
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects.count == 1 && state.venueDraft?.problems.isEmpty == true)

        (state, effects) = Reducer.reduce(state, .venueCreated(CatalogFixture.theatreVenue))
        #expect(state.route == .newPerformance)
        #expect(effects == [.loadVenueChoices(ownerId: Fixture.sellerId)])
        state = Fixture.reduce(state, .venueChoicesLoaded(CatalogFixture.venues))
        let sheet = try #require(state.performanceForm)
        #expect(sheet.venue?.id == CatalogFixture.theatreVenue.id)
        #expect(sheet.form.fields.map(\.key) == ["venue", "title", "startsAt", "saleOpensAt", "price:R", "price:S",
                                                 "price:A", "maxSeats"])
        #expect(sheet.form.value("price:R") == "180000")
    }

    @Test func aPerformanceWithAKoreanTitleAndTheServersProblemsInline() throws {
        var state = CatalogFixture.performanceForm(.small)
        var effects: [Effect]
        // A start time that is not a time: the client says so and sends nothing.
        state = Fixture.reduce(state, .nextField, .deleteBackward)
        state = CatalogFixture.type("x", into: state)
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects.isEmpty && state.performanceForm?.form.focusedField?.key == "startsAt")
        #expect(state.performanceForm?.form.problems == ["Starts: write the time as YYYY-MM-DD HH:MM."])
        state = CatalogFixture.erase(16, in: state)
        state = CatalogFixture.type("2026-12-24 19:30", into: state)
        (state, effects) = Reducer.reduce(state, .activate)
        let draft = PerformanceDraft(venueId: CatalogFixture.theatreVenue.id, title: "연극 〈햄릿〉 앙코르",
                                     startsAt: Fixture.date("2026-12-24T10:30:00Z"),
                                     saleOpensAt: Fixture.date("2026-11-26T01:00:00Z"),
                                     grades: Fixture.theatre.grades, maxSeatsPerOrder: 4)
        #expect(effects == [.createPerformance(draft)])

        // The server refuses: every problem under the form, every value as typed.
        let typed = try #require(state.performanceForm?.form.fields)
        state = Fixture.reduce(state, .rejected(.createPerformance, problems: ["the sale must open before the show starts",
                                                                               "grade 'R' has price 0 KRW"]))
        #expect(state.performanceForm?.form.problems.count == 2 && state.performanceForm?.form.fields == typed)
        #expect(state.notice?.text == "the sale must open before the show starts (+1 more)")
        #expect(!state.pending.contains(.createPerformance))
        // A transport failure is shown the same way.
        state = Fixture.reduce(state, .activate, .failed(.createPerformance, message: "Cannot reach the server — reconnecting…"))
        #expect(state.performanceForm?.form.problems == ["Cannot reach the server — reconnecting…"])

        let created = Fixture.performance(id: "prf_new", title: draft.title, hall: Fixture.theatre,
                                          venueId: draft.venueId, startsAt: draft.startsAt, saleOpensAt: draft.saleOpensAt)
        (state, effects) = Reducer.reduce(state, .activate)
        (state, effects) = Reducer.reduce(state, .performanceCreated(created))
        #expect(state.route == .performances && state.performanceForm == nil && effects == [.loadPerformances])
        #expect(state.notice?.text == "연극 〈햄릿〉 앙코르 created: sale opens 2026-11-26 10:00.")
    }

    @Test func anotherVenueKeepsThePricesOfGradesItShares() {
        var state = CatalogFixture.performanceForm(.small)
        // Price R on the theatre: 150000; the concert hall has an R too, and a VIP.
        for _ in 0..<3 { state = Fixture.reduce(state, .nextField) }
        #expect(state.performanceForm?.form.focusedField?.key == "price:R")
        state = CatalogFixture.erase(6, in: state)
        state = CatalogFixture.type("150,000", into: state)
        #expect(state.performanceForm?.form.value("price:R") == "150000")
        state = Fixture.reduce(state, .previousField, .previousField, .previousField, .previousField, .move(.left))
        let sheet = state.performanceForm
        #expect(sheet?.venue?.id == CatalogFixture.concertVenue.id)
        #expect(sheet?.form.value("price:R") == "150000" && sheet?.form.value("price:VIP") == "220000")
        #expect(sheet?.form.value("title") == "연극 〈햄릿〉 앙코르")
    }

    @Test func aVenueFromNoKnownHallHasOneGradeToPrice() {
        var odd = CatalogFixture.theatreVenue
        odd.layout.seats.removeLast()
        let choice = VenueChoice.make(odd, halls: CatalogFixture.halls)
        #expect(choice.grades.map(\.grade) == ["GENERAL"] && choice.grades[0].seatIds.count == 199)
        var state = Fixture.reduce(Fixture.list(.small, as: Fixture.seller), .newPerformance,
                                   .venueChoicesLoaded([choice]), .activate)
        #expect(state.performanceForm?.form.problems == ["Enter a price for grade GENERAL."])
        #expect(state.performanceForm?.form.focusedField?.key == "price:GENERAL")
        state = Fixture.reduce(state, .newPerformance)
        #expect(state.route == .newPerformance)
    }

    @Test func noVenuesYet() {
        let state = Fixture.reduce(Fixture.list(.small, as: Fixture.seller), .newPerformance, .venueChoicesLoaded([]),
                                   .activate)
        #expect(state.performanceForm?.form.problems == ["Create a venue first: v on your performances."])
        #expect(Renderer.render(state).text().contains("You have no venues yet"))
    }

    @Test func couponsRefreshWhileOpenAndANewOneIsCreated() throws {
        var state = CatalogFixture.sellerCoupons(.small)
        var effects: [Effect]
        #expect(state.route == .coupons && Keymaps.screen(for: state) == Keymaps.sellerCoupons)
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(1)))
        #expect(effects.isEmpty)
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(2)))
        #expect(effects == [.loadCoupons(performanceId: Fixture.hamlet.id)])
        state = Fixture.reduce(state, .couponsLoaded(performanceId: Fixture.hamlet.id,
                                                     CatalogFixture.coupons(Fixture.hamlet.id, remaining: [30, 0, 180])))
        #expect(state.couponList?.coupons[0].remaining == 30)

        (state, effects) = Reducer.reduce(state, .newCoupon)
        #expect(Keymaps.screen(for: state) == Keymaps.form)
        state = CatalogFixture.type("Matinee", into: state)
        state = Fixture.reduce(state, .nextField, .nextField, .type("5"), .type("0"), .type("0"), .type("0"))
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects.isEmpty && state.couponList?.form?.form.focusedField?.key == "quantity")
        state = CatalogFixture.type("100", into: state)
        state = Fixture.reduce(state, .previousField, .move(.right))
        #expect(state.couponList?.form?.form.value("scope") == "per ticket")
        state = Fixture.reduce(state, .previousField, .type(" "))
        #expect(state.couponList?.form?.form.value("grade") == "R")
        (state, effects) = Reducer.reduce(state, .activate)
        let draft = CouponDraft(name: "Matinee", kind: "fixed", amount: 5000, percent: nil, maxDiscount: nil,
                                minSpend: nil, performanceId: Fixture.hamlet.id, grade: "R", perTicket: true,
                                totalQuantity: 100)
        #expect(effects == [.createCoupon(draft)])

        state = Fixture.reduce(state, .rejected(.createCoupon, problems: ["totalQuantity is 100; it must be between 1 and 50"]))
        #expect(state.couponList?.form?.form.problems == ["totalQuantity is 100; it must be between 1 and 50"])
        #expect(state.couponList?.form?.form.value("name") == "Matinee")

        let json = """
        {"id":"cpn_9","name":"Matinee","kind":"fixed","amount":5000,"perTicket":true,"grade":"R",
        "performanceId":"\(Fixture.hamlet.id)","totalQuantity":100,"fundedBy":"seller","remaining":100}
        """
        let coupon = try WireJSON.decode(CouponDTO.self, from: Data(json.utf8))
        state = Fixture.reduce(state, .activate, .couponCreated(coupon))
        #expect(state.couponList?.form == nil && state.couponList?.coupons.last == coupon)
        #expect(state.couponList?.selected == 3)
        // Leaving stops the refresh.
        (state, effects) = Reducer.reduce(state, .back)
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(4)))
        #expect(state.route == .performances && effects.isEmpty)
    }

    @Test func buyersCannotCreateCoupons() {
        let state = Fixture.reduce(PurchaseFlowTests.mahlerMap(), .showCoupons,
                                   .couponsLoaded(performanceId: Fixture.mahler.id, []), .newCoupon)
        #expect(state.couponList?.form == nil && Keymaps.screen(for: state) == Keymaps.coupons)
    }

    @Test func theSellersMapOffersNoJoiningOrPicking() {
        let state = Fixture.hallMap(.small, Fixture.mahler, hall: Fixture.concertHall, as: Fixture.seller)
        let keymap = Keymaps.screen(for: state)
        #expect(keymap == Keymaps.sellerHall)
        #expect(keymap.intent(for: .enter) == nil && keymap.intent(for: .character(" ")) == nil)
        #expect(!keymap.hints.contains("join") && keymap.hints.contains("back"))
        let buyer = Fixture.hallMap(.small, Fixture.mahler, hall: Fixture.concertHall)
        #expect(Keymaps.screen(for: buyer).hints.contains("Enter join"))
    }

    @Test func datesReadAsTheyAreWritten() {
        let zone = Fixture.zone
        let date = Fixture.date("2026-12-24T10:30:00Z")
        #expect(TimeText.parseDateTime(TimeText.dateTime(date, in: zone), in: zone) == date)
        #expect(TimeText.parseDateTime("2026-02-30 10:00", in: zone) == nil)
        #expect(TimeText.parseDateTime("2026-12-24", in: zone) == nil)
        #expect(TimeText.parseDateTime("２０２６-12-24 10:00", in: zone) == nil)
    }
}
