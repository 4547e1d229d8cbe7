import TicketingProtocol

/// The key to the map (grade glyphs with prices, seat states) and the picked seats.
enum HallLegend {
    /// Two rows under the map on an 80-column terminal.
    static func drawRows(_ hall: HallState, palette: GradePalette, language lang: Language = .en, area: Area,
                         into canvas: inout Canvas) {
        var spans: [Span] = []
        for entry in palette.entries {
            if !spans.isEmpty { spans.append(Span("  ")) }
            spans.append(Span(String(entry.glyph), Style(foreground: entry.color, bold: true)))
            spans.append(Span(" \(entry.grade) \(Money.krw(entry.price))"))
        }
        canvas.spans(spans, x: area.x, y: area.y, clip: area)
        let states = stateSpans(lang)
        let end = canvas.spans(states, x: area.x, y: area.y + 1, clip: area)
        let picked = hall.selectedSeats.map(\.label).joined(separator: ", ")
        if !picked.isEmpty {
            canvas.text(lang.text("Your seats: {0}", picked), in: Area(x: end + 3, y: area.y + 1, width: area.maxX - end - 3,
                                                     height: 1))
        }
    }

    /// The side panel of a wide terminal: legend with seats left per grade, then the picked seats.
    static func drawPanel(_ hall: HallState, palette: GradePalette, language lang: Language = .en, area: Area,
                          into canvas: inout Canvas) {
        let legendHeight = palette.entries.count + 4
        let (legendBox, rest) = area.splitTop(legendHeight)
        canvas.box(legendBox, title: lang.text("Legend"), style: Theme.frame)
        let inner = legendBox.inset(dx: 2, dy: 1)
        var left: [String: Int] = [:]
        for seat in hall.map.seats where seat.state == .available { left[seat.grade, default: 0] += 1 }
        for (i, entry) in palette.entries.enumerated() {
            let row = inner.row(i)
            canvas.text(String(entry.glyph), x: row.x, y: row.y, style: Style(foreground: entry.color, bold: true))
            canvas.text(entry.grade, in: Area(x: row.x + 2, y: row.y, width: 6, height: 1))
            canvas.text(Money.krw(entry.price), in: Area(x: row.x + 8, y: row.y, width: 9, height: 1),
                        alignment: .right)
            canvas.text(lang.text("{0} left", Money.grouped(left[entry.grade] ?? 0)),
                        in: Area(x: row.x + 18, y: row.y, width: row.width - 18, height: 1),
                        alignment: .right, style: Theme.muted)
        }
        canvas.spans(stateSpans(lang), x: inner.x, y: inner.y + palette.entries.count + 1, clip: inner)

        let title = lang.text("Your seats {0}/{1}", "\(hall.selected.count)", "\(hall.maxSeats)")
        canvas.box(rest, title: title, style: Theme.frame)
        let list = rest.inset(dx: 2, dy: 1)
        let seats = hall.selectedSeats
        if seats.isEmpty {
            canvas.paragraph(lang.text("Move with the arrow keys or hjkl, pick with Space or a click."), in: list,
                             style: Theme.muted)
            return
        }
        for (i, seat) in seats.prefix(max(0, list.height - 2)).enumerated() {
            let row = list.row(i)
            canvas.text(seat.label, in: Area(x: row.x, y: row.y, width: row.width - 16, height: 1))
            canvas.text("\(seat.grade) \(Money.krw(seat.price))",
                        in: Area(x: row.maxX - 16, y: row.y, width: 16, height: 1), alignment: .right)
        }
        let totalRow = list.row(min(seats.count, list.height - 2) + 1)
        canvas.text(lang.text("Total"), x: totalRow.x, y: totalRow.y, style: Theme.title)
        canvas.text(Money.krw(hall.selectedTotal), in: totalRow, alignment: .right, style: Theme.title)
    }

    private static func stateSpans(_ lang: Language) -> [Span] {
        [Span(String(GradePalette.selectedGlyph), Style(bold: true, reverse: true)), Span(" \(lang.text("selected"))  "),
         Span(String(GradePalette.heldGlyph), Style(foreground: .yellow, dim: true)), Span(" \(lang.text("held"))  "),
         Span(String(GradePalette.soldGlyph), Style(dim: true)), Span(" \(lang.text("sold"))")]
    }
}
