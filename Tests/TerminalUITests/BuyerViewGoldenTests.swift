import Foundation
import Testing
@testable import TerminalUI

/// Waiting room, checkout and payment, drawn from view models until their APIs are wired.
@Suite struct BuyerViewGoldenTests {
    static func screen(_ size: Size, title: String, hints: String, connection: ConnectionState = .online,
                       draw: (Area, inout Canvas) -> Void) -> Canvas {
        var canvas = Canvas(size: size)
        let chrome = Chrome(title: title, account: "Demo Buyer · buyer", server: Fixture.server,
                            connection: connection, now: Fixture.now, hints: hints)
        let body = chrome.draw(into: &canvas)
        draw(body, &canvas)
        return canvas
    }

    static let crowd = QueueView.Crowd(waiting: 48_213, admittedActive: 1_000, ratePerSecond: 100, seatsLeft: 2_140)

    static func waiting(mayMissOut: Bool = false, reconnecting: Bool = false) -> QueueView {
        QueueView(title: Fixture.iu.title, venueName: "Olympic Arena", saleOpensAt: Fixture.iu.saleOpensAt,
                  phase: .waiting, position: 12_345, ahead: 12_344, joinedPosition: 20_000, etaSeconds: 185,
                  mayMissOut: mayMissOut, crowd: crowd, reconnecting: reconnecting, now: Fixture.now)
    }

    @Test(arguments: [Size.small, Size.large])
    func waitingRoom(size: Size) {
        let view = Self.waiting(mayMissOut: size == .large, reconnecting: size == .large)
        let canvas = Self.screen(size, title: "Waiting room", hints: "Esc leave the line · ? help",
                                 connection: size == .large ? .reconnecting(attempt: 2, retryAt: Fixture.now.addingTimeInterval(2)) : .online) {
            QueueScreen.draw(view, in: $0, into: &$1)
        }
        Golden.check(canvas, "queue-waiting-\(size.name)")
    }

    @Test func likelySoldOutWarning() {
        let canvas = Self.screen(.small, title: "Waiting room", hints: "Esc leave the line · ? help") {
            QueueScreen.draw(Self.waiting(mayMissOut: true), in: $0, into: &$1)
        }
        Golden.check(canvas, "queue-may-miss-out-80x24")
        #expect(canvas.text().contains("Likely sold out"))
    }

    @Test func preQueueAdmittedSoldOutAndClosed() {
        var view = Self.waiting()
        view.preQueue = true
        view.position = nil
        view.ahead = nil
        view.saleOpensAt = Fixture.now.addingTimeInterval(299)
        Golden.check(Self.screen(.small, title: "Waiting room", hints: "? help") {
            QueueScreen.draw(view, in: $0, into: &$1)
        }, "queue-prequeue-80x24")

        view = Self.waiting()
        view.phase = .admitted
        view.position = 0
        view.ahead = 0
        view.tokenExpiresAt = Fixture.now.addingTimeInterval(599)
        Golden.check(Self.screen(.small, title: "Waiting room", hints: "Enter pick seats · ? help") {
            QueueScreen.draw(view, in: $0, into: &$1)
        }, "queue-admitted-80x24")

        view = Self.waiting()
        view.phase = .soldOut
        Golden.check(Self.screen(.small, title: "Waiting room", hints: "Esc leave the line · ? help") {
            QueueScreen.draw(view, in: $0, into: &$1)
        }, "queue-sold-out-80x24")
    }

    static func checkout(secondsLeft: Int) -> CheckoutView {
        CheckoutView(
            title: Fixture.iu.title, venueName: "Olympic Arena", startsAt: Fixture.iu.startsAt,
            lines: [CheckoutView.Line(seat: "FLOOR_B 1-12", grade: "VIP", price: 198_000),
                    CheckoutView.Line(seat: "FLOOR_B 1-13", grade: "VIP", price: 198_000),
                    CheckoutView.Line(seat: "101 A-7", grade: "R", price: 165_000)],
            holdExpiresAt: Fixture.now.addingTimeInterval(Double(secondsLeft)), holdSeconds: 300, subtotal: 561_000,
            applied: [CheckoutView.AppliedCoupon(name: "선착순 10% 할인", amount: 20_000),
                      CheckoutView.AppliedCoupon(name: "VIP ₩15,000 off", seat: "FLOOR_B 1-12", amount: 15_000)],
            discount: 35_000, total: 526_000, now: Fixture.now)
    }

    @Test(arguments: [Size.small, Size.large])
    func checkoutWithCoupons(size: Size) {
        let canvas = Self.screen(size, title: "Checkout", hints: "Enter pay · Esc release seats · ? help") {
            CheckoutScreen.draw(Self.checkout(secondsLeft: size == .small ? 252 : 45), in: $0, into: &$1)
        }
        Golden.check(canvas, "checkout-\(size.name)")
    }

    @Test func expiredHold() {
        let canvas = Self.screen(.small, title: "Checkout", hints: "Esc back to the map · ? help") {
            CheckoutScreen.draw(Self.checkout(secondsLeft: 0), in: $0, into: &$1)
        }
        Golden.check(canvas, "checkout-expired-80x24")
    }

    @Test(arguments: [
        ("processing", PaymentView.Status.processing),
        ("paid", PaymentView.Status.paid),
        ("failed", PaymentView.Status.failed(code: "payment_declined")),
    ])
    func payment(name: String, status: PaymentView.Status) {
        let view = PaymentView(orderId: "ord_7Q2K9", title: Fixture.iu.title,
                               seats: ["FLOOR_B 1-12", "FLOOR_B 1-13", "101 A-7"], total: 526_000, status: status,
                               startedAt: Fixture.now.addingTimeInterval(-6),
                               holdExpiresAt: Fixture.now.addingTimeInterval(200), now: Fixture.now)
        let size: Size = name == "failed" ? .large : .small
        let canvas = Self.screen(size, title: "Payment", hints: "? help") {
            PaymentScreen.draw(view, in: $0, into: &$1)
        }
        Golden.check(canvas, "payment-\(name)-\(size.name)")
    }
}
