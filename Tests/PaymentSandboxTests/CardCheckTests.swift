import Foundation
import Testing
@testable import PaymentSandbox

@Suite("Sandbox card checks")
struct CardCheckTests {
    /// 2026-05-15 12:00 KST.
    let now = Date(timeIntervalSince1970: 1_778_814_000)

    @Test func magicNumbersMapToTheirBehaviourWithSpacesOrDashes() throws {
        #expect(try CardCheck.behaviour(forNumber: "4242 4242 4242 4242").behaviour == .approve)
        #expect(try CardCheck.behaviour(forNumber: "4000-0000-0000-0002").behaviour == .decline)
        #expect(try CardCheck.behaviour(forNumber: "4000000000000444").behaviour == .lostResponse)
        #expect(CardBehaviour.magicNumbers.count == CardBehaviour.allCases.count)
    }

    @Test func magicNumbersSkipLuhnButOtherNumbersMustPassIt() throws {
        #expect(!CardCheck.luhnValid("4000000000000444"))
        #expect(try CardCheck.behaviour(forNumber: "4000000000000444").behaviour == .lostResponse)
        #expect(try CardCheck.behaviour(forNumber: "5555 5555 5555 4444").behaviour == .approve)
        #expect(throws: CardCheck.Failure.number) { try CardCheck.behaviour(forNumber: "5555 5555 5555 4445") }
    }

    @Test(arguments: ["4242 4242 4242 424", "4242 4242 4242 42424", "4242x4242x4242x4242", "", "４２４２４２４２４２４２４２４２"])
    func malformedNumbersAreRefused(_ number: String) {
        #expect(throws: CardCheck.Failure.number) { try CardCheck.behaviour(forNumber: number) }
    }

    @Test func expiryIsValidThroughItsMonthInKoreanTime() throws {
        try CardCheck.checkExpiry("05/26", now: now)
        try CardCheck.checkExpiry("12/30", now: now)
        #expect(throws: CardCheck.Failure.expiry) { try CardCheck.checkExpiry("04/26", now: now) }
        // 2026-05-31 15:30 UTC is already June 1st in Korea.
        let juneInSeoul = Date(timeIntervalSince1970: 1_780_241_400)
        #expect(throws: CardCheck.Failure.expiry) { try CardCheck.checkExpiry("05/26", now: juneInSeoul) }
    }

    @Test(arguments: ["13/27", "00/27", "5/27", "05-27", "05/2027", "ab/cd"])
    func malformedExpiriesAreRefused(_ expiry: String) {
        #expect(throws: CardCheck.Failure.expiry) { try CardCheck.checkExpiry(expiry, now: now) }
    }

    @Test func cardsAreMaskedLikeToss() {
        #expect(CardCheck.masked("4242424242424242") == "42424242****424*")
        #expect(CardCheck.masked("4000000000009995") == "40000000****999*")
    }
}
