/// The held seats with their countdown and the price after coupons.
public enum CheckoutScreen {
    public static func draw(_ view: CheckoutView, in body: Area, into canvas: inout Canvas) {
        let content = body.inset(dx: 2, dy: 0)
        canvas.text("\(view.title) · \(view.venueName) · \(view.lines.count) seats", in: content.row(0),
                    style: Theme.title)
        drawCountdown(view, area: content.row(2), into: &canvas)

        let width = min(content.width, 72)
        let box = Area(x: content.x, y: content.y + 4, width: width,
                       height: min(content.height - 5, view.lines.count + max(1, view.applied.count) + 6))
        canvas.box(box, title: "Your order", style: Theme.frame)
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
        row("Subtotal", Money.krw(view.subtotal))
        for coupon in view.applied {
            let target = coupon.seat.map { " (\($0))" } ?? " (whole order)"
            row("Coupon: \(coupon.name)\(target)", Money.krw(-coupon.amount), Theme.good)
        }
        if view.applied.isEmpty {
            row("No coupon applies to these seats", Money.krw(0), Theme.muted)
        }
        row("Discount", Money.krw(-view.discount))
        row("Total", Money.krw(view.total), Theme.title)
    }

    private static func drawCountdown(_ view: CheckoutView, area: Area, into canvas: inout Canvas) {
        if view.expired {
            canvas.text("Your hold expired — these seats are back on sale.", in: area, style: Theme.error)
            return
        }
        let label = "Held for you: \(TimeText.minutes(seconds: view.secondsLeft)) left "
        let end = canvas.text(label, x: area.x, y: area.y, style: view.secondsLeft <= 60 ? Theme.warning : Theme.title)
        let fraction = view.holdSeconds > 0 ? Double(view.secondsLeft) / Double(view.holdSeconds) : 0
        canvas.progressBar(Area(x: end, y: area.y, width: min(40, area.maxX - end), height: 1), fraction: fraction,
                           filled: Style(foreground: view.secondsLeft <= 60 ? .yellow : .green), empty: Theme.muted)
    }
}

/// The order while the gateway confirms it, and its outcome.
public enum PaymentScreen {
    static let spinner: [Character] = ["|", "/", "-", "\\"]

    public static func draw(_ view: PaymentView, in body: Area, into canvas: inout Canvas) {
        let panel = body.centered(width: min(body.width - 4, 70), height: min(body.height, 12))
        canvas.box(panel, title: "Payment · order \(view.orderId)", style: Theme.frame)
        let inner = panel.inset(dx: 3, dy: 1)
        canvas.text(view.title, in: inner.row(1), style: Theme.title)
        canvas.text(view.seats.joined(separator: ", "), in: inner.row(2))
        canvas.text("Total \(Money.krw(view.total))", in: inner.row(3), style: Theme.title)
        let elapsed = max(0, Int(view.now.timeIntervalSince(view.startedAt)))
        switch view.status {
        case .processing:
            let frame = spinner[elapsed % spinner.count]
            canvas.text("\(frame) Confirming the payment with the card company… \(elapsed)s", in: inner.row(5),
                        style: Theme.warning)
            canvas.paragraph("You can leave this screen: the result arrives by itself, and paying again "
                + "never charges your card twice.", in: Area(x: inner.x, y: inner.y + 7, width: inner.width,
                                                              height: 2), style: Theme.muted)
        case .paid:
            canvas.text("Paid — your tickets are booked.", in: inner.row(5), style: Theme.good)
            canvas.text("Enjoy the show!", in: inner.row(7), style: Theme.muted)
        case .failed(let code):
            canvas.text("Payment failed: \(reason(code))", in: inner.row(5), style: Theme.error)
            let keep = view.holdExpiresAt.map {
                "Your seats stay held for \(TimeText.minutes(seconds: TimeText.secondsUntil($0, from: view.now))); "
            } ?? ""
            canvas.paragraph(keep + "no money was taken. Try again with another card.",
                             in: Area(x: inner.x, y: inner.y + 7, width: inner.width, height: 2), style: Theme.muted)
        }
    }

    /// The API's failure codes in words a buyer can act on.
    static func reason(_ code: String) -> String {
        switch code {
        case "payment_declined": "the card was declined (payment_declined)"
        case "hold_expired": "the hold expired before payment (hold_expired)"
        case "payment_failed": "the card company did not confirm it (payment_failed)"
        default: code
        }
    }
}
