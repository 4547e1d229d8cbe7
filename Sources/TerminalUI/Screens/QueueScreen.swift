/// The waiting room: your place in line, how fast it moves, and an honest warning when the
/// seats left may not reach you.
public enum QueueScreen {
    public static func draw(_ view: QueueView, language lang: Language = .en, in body: Area, into canvas: inout Canvas) {
        let reconnecting = lang.text("reconnecting… your place is kept")
        var titleRow = body.row(0).inset(dx: 2, dy: 0)
        if view.reconnecting {
            canvas.text(reconnecting, in: titleRow, alignment: .right, style: Theme.warning)
            titleRow.width -= DisplayWidth.of(reconnecting) + 2
        }
        canvas.text("\(view.title) · \(view.venueName)", in: titleRow, style: Theme.title)
        let panelWidth = min(body.width - 4, 76)
        let panel = Area(x: body.x + (body.width - panelWidth) / 2, y: body.y + 2, width: panelWidth,
                         height: min(body.height - 3, 14))
        canvas.box(panel, title: lang.text("Waiting room"), style: Theme.frame)
        let inner = panel.inset(dx: 3, dy: 1)
        var y = inner.y + 1
        func line(_ text: String, _ style: Style = .plain, alignment: Alignment = .center) {
            canvas.text(text, in: Area(x: inner.x, y: y, width: inner.width, height: 1), alignment: alignment,
                        style: style)
            y += 1
        }
        switch view.phase {
        case .waiting where view.preQueue:
            let wait = TimeText.clock(seconds: TimeText.secondsUntil(view.saleOpensAt, from: view.now), language: lang)
            line(lang.text("You are in line before the sale opens."), Theme.title)
            line(lang.text("Sale opens in {0}", wait))
            y += 1
            y += canvas.paragraph(lang.text("Everyone who joins before opening gets a place by a random draw "
                + "whose seed is published in advance, so joining early gives no edge and no one can jump the line."),
                in: Area(x: inner.x, y: y, width: inner.width, height: 3), style: Theme.muted)
        case .waiting:
            line(lang.text("You are number {0} in line", view.position.map(Money.grouped) ?? "…"), Theme.title)
            let ahead = view.ahead ?? 0
            line(ahead == 1 ? lang.text("1 person ahead of you") : lang.text("{0} people ahead of you", Money.grouped(ahead)))
            y += 1
            drawProgress(view.progress, x: inner.x, y: y, width: inner.width, into: &canvas)
            y += 2
            line(view.etaSeconds.map { lang.text("Estimated wait: {0}", TimeText.estimate(seconds: $0, language: lang)) }
                ?? lang.text("Estimated wait: measuring…"))
            if let section = view.bestSection {
                line(lang.text("Your turn holds the best seats in {0} at once.", section), Theme.good)
            }
            if view.mayMissOut {
                y += 1
                let warning = view.crowd.map {
                    lang.text("! Likely sold out before your turn: the buyers ahead of you could take the {0} seats left. "
                        + "You keep your place in case seats come back.", Money.grouped($0.seatsLeft))
                } ?? lang.text("! Likely sold out before your turn: the buyers ahead of you could take every seat left. "
                    + "You keep your place in case seats come back.")
                canvas.paragraph(warning,
                    in: Area(x: inner.x, y: y, width: inner.width, height: 2), style: Theme.warning)
                y += 2
            }
        case .admitted:
            line(lang.text("It is your turn!"), Theme.good)
            let left = view.tokenExpiresAt.map { TimeText.secondsUntil($0, from: view.now) } ?? 0
            line(lang.text("Pick your seats within {0}.", TimeText.minutes(seconds: left, language: lang)))
            y += 1
            drawProgress(1, x: inner.x, y: y, width: inner.width, into: &canvas)
            y += 2
        case .soldOut:
            line(lang.text("Sold out"), Theme.error)
            y += 1
            let place = view.position.map { lang.text(" (number {0})", Money.grouped($0)) } ?? ""
            canvas.paragraph(lang.text("Every seat is sold or held. Held seats return when a hold expires, so you keep "
                + "your place{0} until you leave.", place),
                in: Area(x: inner.x, y: y, width: inner.width, height: 3))
            y += 3
        case .closed:
            line(lang.text("This sale is closed."), Theme.muted)
        }
        if let crowd = view.crowd {
            canvas.text(crowdText(crowd, language: lang), in: inner.row(inner.height - 1), alignment: .center, style: Theme.muted)
        }
    }

    /// "48,213 waiting · 1,000 choosing · 100 admitted/s · 2,140 seats left".
    static func crowdText(_ crowd: QueueView.Crowd, language lang: Language = .en) -> String {
        let rate = crowd.ratePerSecond >= 1 || crowd.ratePerSecond <= 0
            ? lang.text("{0} admitted/s", Money.grouped(Int(crowd.ratePerSecond.rounded())))
            : lang.text("1 admitted every {0} s", "\(Int((1 / crowd.ratePerSecond).rounded()))")
        return lang.text("{0} waiting · {1} choosing · {2} · {3} seats left", Money.grouped(crowd.waiting),
                         Money.grouped(crowd.admittedActive), rate, Money.grouped(crowd.seatsLeft))
    }

    private static func drawProgress(_ fraction: Double, x: Int, y: Int, width: Int, into canvas: inout Canvas) {
        let percent = "\(Int((fraction * 100).rounded(.down)))%"
        let barWidth = width - DisplayWidth.of(percent) - 1
        canvas.progressBar(Area(x: x, y: y, width: barWidth, height: 1), fraction: fraction,
                           filled: Style(foreground: .green), empty: Theme.muted)
        canvas.text(percent, x: x + barWidth + 1, y: y, style: Theme.title)
    }
}
