/// The held seats with their countdown and the price after coupons.
public enum CheckoutScreen {
    public static func draw(_ view: CheckoutView, language lang: Language = .en, in body: Area, into canvas: inout Canvas) {
        let content = body.inset(dx: 2, dy: 0)
        canvas.text(lang.text("{0} · {1} · {2} seats", view.title, view.venueName, "\(view.lines.count)"), in: content.row(0),
                    style: Theme.title)
        drawCountdown(view, language: lang, area: content.row(2), into: &canvas)

        let width = min(content.width, 72)
        let box = Area(x: content.x, y: content.y + 4, width: width,
                       height: min(content.height - 5, view.lines.count + max(1, view.applied.count) + 6))
        canvas.box(box, title: lang.text("Your order"), style: Theme.frame)
        let inner = box.inset(dx: 2, dy: 1)
        var y = inner.y
        let amountWidth = 12
        func row(_ left: String, _ amount: String, _ style: Style = .plain, grade: String = "") {
            guard y < inner.maxY else { return }
            canvas.text(left, in: Area(x: inner.x, y: y, width: inner.width - amountWidth - 8, height: 1),
                        style: style)
            if !grade.isEmpty {
                canvas.text(grade, in: Area(x: inner.maxX - amountWidth - 7, y: y, width: 6, height: 1), style: style)
            }
            canvas.text(amount, in: Area(x: inner.maxX - amountWidth, y: y, width: amountWidth, height: 1),
                        alignment: .right, style: style)
            y += 1
        }
        for line in view.lines {
            row(line.seat, Money.krw(line.price), grade: line.grade)
        }
        canvas.horizontalLine(x: inner.x, y: y, width: inner.width, style: Theme.muted, clip: inner)
        y += 1
        row(lang.text("Subtotal"), Money.krw(view.subtotal))
        for coupon in view.applied {
            let target = coupon.seat ?? lang.text("whole order")
            row(lang.text("Coupon: {0} ({1})", coupon.name, target), Money.krw(-coupon.amount), Theme.good)
        }
        if view.applied.isEmpty {
            row(lang.text("No coupon applies to these seats"), Money.krw(0), Theme.muted)
        }
        row(lang.text("Discount"), Money.krw(-view.discount))
        row(lang.text("Total"), Money.krw(view.total), Theme.title)
    }

    private static func drawCountdown(_ view: CheckoutView, language lang: Language, area: Area, into canvas: inout Canvas) {
        if view.expired {
            canvas.text(lang.text("Your hold expired — these seats are back on sale."), in: area, style: Theme.error)
            return
        }
        let label = lang.text("Held for you: {0} left", TimeText.minutes(seconds: view.secondsLeft, language: lang)) + " "
        let end = canvas.text(label, x: area.x, y: area.y, style: view.secondsLeft <= 60 ? Theme.warning : Theme.title)
        let fraction = view.holdSeconds > 0 ? Double(view.secondsLeft) / Double(view.holdSeconds) : 0
        canvas.progressBar(Area(x: end, y: area.y, width: min(40, area.maxX - end), height: 1), fraction: fraction,
                           filled: Style(foreground: view.secondsLeft <= 60 ? .yellow : .green), empty: Theme.muted)
    }
}

/// The order while the gateway confirms it, and its outcome.
public enum PaymentScreen {
    static let spinner: [Character] = ["|", "/", "-", "\\"]

    public static func draw(_ view: PaymentView, language lang: Language = .en, in body: Area, into canvas: inout Canvas) {
        let panel = body.centered(width: min(body.width - 4, 70), height: min(body.height, 12))
        canvas.box(panel, title: lang.text("Payment · order {0}", view.orderId), style: Theme.frame)
        let inner = panel.inset(dx: 3, dy: 1)
        canvas.text(view.title, in: inner.row(1), style: Theme.title)
        canvas.text(view.seats.joined(separator: ", "), in: inner.row(2))
        canvas.text(lang.text("Total {0}", Money.krw(view.total)), in: inner.row(3), style: Theme.title)
        let elapsed = max(0, Int(view.now.timeIntervalSince(view.startedAt)))
        switch view.status {
        case .processing:
            let frame = spinner[elapsed % spinner.count]
            canvas.text("\(frame) " + lang.text("Confirming the payment with the card company… {0}s", "\(elapsed)"),
                        in: inner.row(5), style: Theme.warning)
            canvas.paragraph(lang.text("You can leave this screen: the result arrives by itself, and paying again "
                + "never charges your card twice."), in: Area(x: inner.x, y: inner.y + 7, width: inner.width,
                                                              height: 2), style: Theme.muted)
        case .paid:
            canvas.text(lang.text("Paid — your tickets are booked."), in: inner.row(5), style: Theme.good)
            canvas.text(lang.text("Enjoy the show!"), in: inner.row(7), style: Theme.muted)
        case .failed(let code):
            canvas.text(lang.text("Payment failed: {0}", reason(code, language: lang)), in: inner.row(5), style: Theme.error)
            let advice = view.holdExpiresAt.map {
                lang.text("Your seats stay held for {0}; no money was taken. Try again with another card.",
                          TimeText.minutes(seconds: TimeText.secondsUntil($0, from: view.now), language: lang))
            } ?? lang.text("No money was taken. Try again with another card.")
            canvas.paragraph(advice,
                             in: Area(x: inner.x, y: inner.y + 7, width: inner.width, height: 2), style: Theme.muted)
        }
    }

    /// An order's failure code in words a buyer can act on: the API's own, or the card
    /// gateway's (Toss codes, docs/PAYMENT_SANDBOX.md) the order keeps; a code not listed here
    /// still reads as a sentence, with the code for the help desk.
    public static func reason(_ code: String, language lang: Language = .en) -> String {
        switch code {
        case "payment_declined": lang.text("the card was declined (payment_declined)")
        case "hold_expired": lang.text("the hold expired before payment (hold_expired)")
        case "payment_failed": lang.text("the card company did not confirm it (payment_failed)")
        case "REJECT_CARD_PAYMENT": lang.text("the card company declined it ({0})", code)
        case "INVALID_CARD_NUMBER": lang.text("the card number is not valid ({0})", code)
        case "INVALID_CARD_EXPIRATION": lang.text("the expiry date is not valid ({0})", code)
        case "BELOW_MINIMUM_AMOUNT": lang.text("card payments start at 100 won ({0})", code)
        case "FAILED_INTERNAL_SYSTEM_PROCESSING": lang.text("the card company's system failed ({0})", code)
        case "cancelled": lang.text("the order was cancelled")
        case "expired": lang.text("the order expired before it was paid")
        default: lang.text("the payment did not go through ({0})", code)
        }
    }
}
