import Foundation
import TicketingProtocol

/// The purchase's screens on the app state: the waiting room, checkout with coupons and the
/// card, and the payment; the view models come from `PurchaseState`.
enum PurchaseScreens {
    static func drawQueue(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "Waiting room").draw(into: &canvas)
        guard let view = Reducer.queueView(state) else { return }
        if state.purchase?.queue == nil {
            canvas.text(state.language.text("Joining the line…"), in: body.row(2).inset(dx: 2, dy: 0), style: Theme.muted)
            return
        }
        QueueScreen.draw(view, language: state.language, in: body, into: &canvas)
    }

    static func checkoutView(_ state: AppState) -> CheckoutView? {
        guard let purchase = state.purchase, let hold = purchase.hold else { return nil }
        let show = purchase.performance
        let map = state.hall?.performance.id == show.id ? state.hall?.map : nil
        let lines = hold.seatIds.map { id in
            map?.seat(id: id).map { CheckoutView.Line(seat: $0.label, grade: $0.grade, price: $0.price) }
                ?? CheckoutView.Line(seat: id, grade: "", price: 0)
        }
        let names = Dictionary(purchase.coupons.map { ($0.userCouponId, $0.name) }) { first, _ in first }
        let applied = (purchase.quote?.applied ?? []).map { entry in
            CheckoutView.AppliedCoupon(name: names[entry.userCouponId] ?? entry.userCouponId,
                                       seat: entry.seatId.flatMap { map?.seat(id: $0)?.label ?? $0 },
                                       amount: entry.amount)
        }
        let quote = purchase.quote
        return CheckoutView(title: show.title, venueName: show.venueName, startsAt: show.startsAt, lines: lines,
                            holdExpiresAt: hold.expiresAt, holdSeconds: show.holdSeconds,
                            subtotal: quote?.subtotal ?? hold.amount, applied: applied,
                            discount: quote?.discount ?? 0, total: quote?.total ?? hold.amount, now: state.now)
    }

    static func drawCheckout(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "Checkout").draw(into: &canvas)
        guard let view = checkoutView(state), let purchase = state.purchase else { return }
        let lang = state.language
        CheckoutScreen.draw(view, language: lang, in: body, into: &canvas)
        let content = body.inset(dx: 2, dy: 0)
        let boxHeight = min(content.height - 5, view.lines.count + max(1, view.applied.count) + 6)
        let top = content.y + 4 + boxHeight + 1
        let area = Area(x: content.x, y: top, width: min(content.width, 72), height: max(0, body.maxY - top))
        guard area.height >= 2 else { return }
        if purchase.card.editing {
            drawCard(purchase.card, total: view.total, area: area, pending: state.pending.contains(.order), language: lang,
                     into: &canvas)
        } else {
            drawCoupons(purchase, area: area, language: lang, into: &canvas)
        }
    }

    private static func drawCoupons(_ purchase: PurchaseState, area: Area, language lang: Language,
                                    into canvas: inout Canvas) {
        let coupons = purchase.usableCoupons
        guard !coupons.isEmpty else {
            canvas.text(lang.text("You hold no coupons; claim some from the map with C."), in: area.row(0), style: Theme.muted)
            return
        }
        let chosen = purchase.effectiveCoupons
        let heading = purchase.chosenCoupons == nil
            ? lang.text("Your coupons (best combination picked for you) — c uses or drops one")
            : lang.text("Your coupons (your choice) — c uses or drops one")
        canvas.text(heading, in: area.row(0), style: Theme.label)
        let visible = area.height - 1
        let scroll = Table.scroll(keeping: purchase.couponCursor, visible: visible, current: 0)
        for (row, index) in (scroll..<min(coupons.count, scroll + visible)).enumerated() {
            let coupon = coupons[index]
            let mark = chosen.contains(coupon.userCouponId) ? "[x]" : "[ ]"
            let scope = coupon.perTicket ? lang.text("per ticket") : lang.text("per order")
            var style: Style = chosen.contains(coupon.userCouponId) ? Theme.good : .plain
            if index == purchase.couponCursor { style.reverse = true }
            canvas.text("\(mark) \(coupon.name) · \(describe(coupon, language: lang)) · \(scope)", in: area.row(row + 1), style: style)
        }
    }

    static func describe(_ coupon: UserCouponDTO, language lang: Language = .en) -> String {
        let off = coupon.percent.map { lang.text("{0}% off", "\($0)") } ?? lang.text("{0} off", Money.krw(coupon.amount ?? 0))
        return off + (coupon.grade.map { " \($0)" } ?? "")
    }

    private static func drawCard(_ card: CardForm, total: Int, area: Area, pending: Bool, language lang: Language,
                                 into canvas: inout Canvas) {
        canvas.text(lang.text("Pay {0} by card (sandbox: 4000 0000 0000 0002 is declined)", Money.krw(total)),
                    in: area.row(0), style: Theme.title)
        func field(_ label: String, _ value: String, focused: Bool, row: Int) {
            guard row < area.height else { return }
            let end = canvas.text(label, x: area.x, y: area.y + row, style: Theme.label)
            let width = 25
            canvas.text(DisplayWidth.pad(value + (focused ? "_" : ""), to: width), x: end + 1, y: area.y + row,
                        style: focused ? Theme.focus : .plain)
        }
        field(lang.text("Card number"), card.number, focused: card.focus == .number, row: 1)
        field(lang.text("Expiry  MM/YY"), card.expiry, focused: card.focus == .expiry, row: 2)
        if pending, area.height > 3 {
            canvas.text(lang.text("Paying…"), in: area.row(3), style: Theme.warning)
        }
    }

    static func paymentView(_ state: AppState) -> PaymentView? {
        guard let purchase = state.purchase, let order = purchase.order else { return nil }
        let map = state.hall?.performance.id == purchase.performance.id ? state.hall?.map : nil
        let status: PaymentView.Status = switch order.status {
        case "paid": .paid
        case "failed", "cancelled": .failed(code: order.failureCode ?? order.status)
        default: .processing
        }
        return PaymentView(orderId: order.orderId, title: purchase.performance.title,
                           seats: order.seatIds.map { map?.seat(id: $0)?.label ?? $0 }, total: order.total,
                           status: status, startedAt: purchase.paymentStartedAt ?? state.now,
                           holdExpiresAt: purchase.hold?.expiresAt, now: state.now)
    }

    static func drawPayment(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "Payment").draw(into: &canvas)
        guard let view = paymentView(state) else { return }
        PaymentScreen.draw(view, language: state.language, in: body, into: &canvas)
    }
}
