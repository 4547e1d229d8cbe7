/// The waiting room: your place in line, how fast it moves, and an honest warning when the
/// seats left may not reach you.
public enum QueueScreen {
    public static func draw(_ view: QueueView, in body: Area, into canvas: inout Canvas) {
        let reconnecting = "reconnecting… your place is kept"
        var titleRow = body.row(0).inset(dx: 2, dy: 0)
        if view.reconnecting {
            canvas.text(reconnecting, in: titleRow, alignment: .right, style: Theme.warning)
            titleRow.width -= DisplayWidth.of(reconnecting) + 2
        }
        canvas.text("\(view.title) · \(view.venueName)", in: titleRow, style: Theme.title)
        let panelWidth = min(body.width - 4, 76)
        let panel = Area(x: body.x + (body.width - panelWidth) / 2, y: body.y + 2, width: panelWidth,
                         height: min(body.height - 3, 14))
        canvas.box(panel, title: "Waiting room", style: Theme.frame)
        let inner = panel.inset(dx: 3, dy: 1)
        var y = inner.y + 1
        func line(_ text: String, _ style: Style = .plain, alignment: Alignment = .center) {
            canvas.text(text, in: Area(x: inner.x, y: y, width: inner.width, height: 1), alignment: alignment,
                        style: style)
            y += 1
        }
        switch view.phase {
        case .waiting where view.preQueue:
            let wait = TimeText.clock(seconds: TimeText.secondsUntil(view.saleOpensAt, from: view.now))
            line("You are in line before the sale opens.", Theme.title)
            line("Sale opens in \(wait)")
            y += 1
            y += canvas.paragraph("Everyone who joins before opening gets a place by a random draw "
                + "whose seed is published in advance, so joining early gives no edge and no one can jump the line.",
                in: Area(x: inner.x, y: y, width: inner.width, height: 3), style: Theme.muted)
        case .waiting:
            line("You are number \(view.position.map(Money.grouped) ?? "…") in line", Theme.title)
            let ahead = view.ahead ?? 0
            line(ahead == 1 ? "1 person ahead of you" : "\(Money.grouped(ahead)) people ahead of you")
            y += 1
            drawProgress(view.progress, x: inner.x, y: y, width: inner.width, into: &canvas)
            y += 2
            line(view.etaSeconds.map { "Estimated wait: \(TimeText.estimate(seconds: $0))" }
                ?? "Estimated wait: measuring…")
            if view.mayMissOut {
                y += 1
                let seats = view.crowd.map { " the \(Money.grouped($0.seatsLeft)) seats left" } ?? " every seat left"
                canvas.paragraph("! Likely sold out before your turn: the buyers ahead of you could take"
                    + seats + ". You keep your place in case seats come back.",
                    in: Area(x: inner.x, y: y, width: inner.width, height: 2), style: Theme.warning)
                y += 2
            }
        case .admitted:
            line("It is your turn!", Theme.good)
            let left = view.tokenExpiresAt.map { TimeText.secondsUntil($0, from: view.now) } ?? 0
            line("Pick your seats within \(TimeText.minutes(seconds: left)).")
            y += 1
            drawProgress(1, x: inner.x, y: y, width: inner.width, into: &canvas)
            y += 2
        case .soldOut:
            line("Sold out", Theme.error)
            y += 1
            canvas.paragraph("Every seat is sold or held. Held seats return when a hold expires, so you keep "
                + "your place\(view.position.map { " (number \(Money.grouped($0)))" } ?? "") until you leave.",
                in: Area(x: inner.x, y: y, width: inner.width, height: 3))
            y += 3
        case .closed:
            line("This sale is closed.", Theme.muted)
        }
        if let crowd = view.crowd {
            canvas.text(crowdText(crowd), in: inner.row(inner.height - 1), alignment: .center, style: Theme.muted)
        }
    }

    /// "48,213 waiting · 1,000 choosing · 100 admitted/s · 2,140 seats left".
    static func crowdText(_ crowd: QueueView.Crowd) -> String {
        let rate = crowd.ratePerSecond >= 1 || crowd.ratePerSecond <= 0
            ? "\(Money.grouped(Int(crowd.ratePerSecond.rounded()))) admitted/s"
            : "1 admitted every \(Int((1 / crowd.ratePerSecond).rounded())) s"
        return "\(Money.grouped(crowd.waiting)) waiting · \(Money.grouped(crowd.admittedActive)) choosing · \(rate)"
            + " · \(Money.grouped(crowd.seatsLeft)) seats left"
    }

    private static func drawProgress(_ fraction: Double, x: Int, y: Int, width: Int, into canvas: inout Canvas) {
        let percent = "\(Int((fraction * 100).rounded(.down)))%"
        let barWidth = width - DisplayWidth.of(percent) - 1
        canvas.progressBar(Area(x: x, y: y, width: barWidth, height: 1), fraction: fraction,
                           filled: Style(foreground: .green), empty: Theme.muted)
        canvas.text(percent, x: x + barWidth + 1, y: y, style: Theme.title)
    }
}
