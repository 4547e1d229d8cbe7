import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

/// A failed order keeps the card gateway's code (Toss's `REJECT_CARD_PAYMENT`…, what the sandbox
/// answers for its declining cards); the payment screen and the orders list word it, in Korean
/// too, instead of showing the bare code.
@Suite struct FailureReasonTests {
    static let gatewayCodes = ["REJECT_CARD_PAYMENT", "INVALID_CARD_NUMBER", "INVALID_CARD_EXPIRATION",
                               "BELOW_MINIMUM_AMOUNT", "FAILED_INTERNAL_SYSTEM_PROCESSING", "SOMETHING_NEW"]

    @Test(arguments: gatewayCodes)
    func everyGatewayCodeReadsAsASentence(code: String) {
        for lang in Language.allCases {
            let reason = PaymentScreen.reason(code, language: lang)
            #expect(reason != code && reason.hasSuffix("(\(code))"), "\(lang): \(reason)")
            #expect(ProblemCatalogTests.hasHangul(reason) == (lang == .ko), "\(lang): \(reason)")
        }
    }

    @Test func theSandboxDeclineReadsInKoreanOnThePaymentScreenAndInTheOrders() {
        let (checkout, hold) = PurchaseFlowTests.checkout(.small)
        let failed = PurchaseFlowTests.order(hold, status: "failed", failureCode: "REJECT_CARD_PAYMENT")
        var state = Fixture.reduce(checkout, .orderPlaced(PurchaseFlowTests.order(hold, status: "payment_processing")),
                                   .orderLoaded(failed))
        state.language = .ko
        #expect(Renderer.render(state).text().contains("결제 실패: 카드사가 결제를 거절했습니다 (REJECT_CARD_PAYMENT)"))
        let (line, _) = ListScreens.orderLine(failed, language: .ko)
        #expect(line == "결제 실패: 카드사가 결제를 거절했습니다 (REJECT_CARD_PAYMENT) · 청구된 금액 없음")
    }
}

/// Korean help and hints name the arrow keys by their arrows, not by the English words.
@Suite struct KoreanKeyLabelTests {
    @Test func arrowsReadAsArrowsInKorean() {
        let moves = Keymaps.hall.bindings.filter { $0.keys.contains(.right) || $0.keys.contains(.down) }
        #expect(!moves.isEmpty)
        for binding in moves {
            let korean = binding.keyLabel(in: .ko)
            #expect(!korean.contains("Right") && !korean.contains("Down"), "\(korean)")
            #expect(binding.keyLabel(in: .en) == binding.keyLabel)
        }
        #expect(Keymaps.tickets.hints(in: .ko).hasPrefix("↓ "))
        #expect(Keymaps.tickets.hints(in: .en).hasPrefix("Down "))
    }
}

/// The seller's list hints `n` and `v` as making something new ("show" is the noun there).
@Suite struct KoreanSellerHintTests {
    @Test func newShowAndVenueReadAsNew() {
        let hints = Keymaps.sellerPerformances.hints(in: .ko)
        #expect(hints.contains("n 새 공연 ") && hints.contains("v 새 공연장 "), "\(hints)")
    }
}

/// Every label of the seller's forms fits the form's label column in both languages, whatever the
/// coupon kind (a Korean label cut to "최소 주문 …" hid what the field was for).
@Suite struct FormLabelWidthTests {
    static func forms() -> [EntryForm] {
        let coupon = Fixture.reduce(CatalogFixture.sellerCoupons(.small), .newCoupon)
        let fixed = coupon.couponList?.form?.form
        let percentage = Fixture.reduce(coupon, .nextField, .move(.right)).couponList?.form?.form
        return [CatalogFixture.performanceForm(.small).performanceForm?.form, fixed, percentage].compactMap { $0 }
    }

    @Test(arguments: Language.allCases)
    func labelsFitTheirColumn(language: Language) {
        let forms = Self.forms()
        #expect(forms.count == 3)
        #expect(forms[2].fields.contains { $0.key == "percent" }, "the kind did not flip")
        for field in forms.flatMap(\.fields) where field.labelArguments.isEmpty {
            let label = language.text(field.label)
            #expect(DisplayWidth.of(label) <= FormView.labelWidth - 1, "\(language): \(label)")
        }
    }
}
