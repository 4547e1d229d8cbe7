import TicketingProtocol

/// A performance's hall map with the legend, the seat under the cursor and the picked seats.
public enum HallScreen {
    public static func draw(_ state: AppState, into canvas: inout Canvas) {
        guard let hall = state.hall else { return }
        let show = hall.performance
        let lang = state.language
        Chrome(state: state, title: show.title).draw(into: &canvas)
        let layout = HallLayout(size: canvas.size)
        drawDetails(hall, state: state, area: layout.details, into: &canvas)

        guard let venue = hall.venue else {
            canvas.box(layout.mapBox, title: lang.text("Hall map"), style: Theme.frame)
            let text = state.pending.contains(.hall) ? lang.text("Loading the hall map…")
                : lang.text("The hall map has not loaded — press r to try again.")
            canvas.text(text, in: layout.viewport.centered(width: layout.viewport.width, height: 1),
                        alignment: .center, style: Theme.muted)
            return
        }
        let palette = GradePalette(grades: show.grades)
        if !hall.zoomed {
            HallOverviewScreen.draw(hall, state: state, venue: venue, palette: palette, layout: layout, into: &canvas)
            return
        }
        canvas.box(layout.mapBox, title: lang.text("{0} · hall map", venue.name), style: Theme.frame)
        if let extent = HallMapView.extentText(hall, layout: venue.layout, viewport: layout.viewport, language: lang) {
            let w = DisplayWidth.of(extent) + 2
            canvas.text(" \(extent) ", x: layout.mapBox.maxX - w - 2, y: layout.mapBox.maxY - 1, style: Theme.muted)
        }
        HallMapView.draw(hall, layout: venue.layout, palette: palette, viewport: layout.viewport, language: lang,
                         into: &canvas)
        if Reducer.hallNeedsOverview(hall, size: canvas.size) {
            let cursor = hall.cursorSeat.map {
                Point(x: layout.viewport.x - hall.scroll.x + $0.x, y: layout.viewport.y - hall.scroll.y + $0.y)
            }
            HallOverviewView.drawCornerMap(hall, layout: venue.layout, viewport: layout.viewport, cursor: cursor,
                                           into: &canvas)
        }
        if let side = layout.side {
            HallLegend.drawPanel(hall, palette: palette, language: lang, area: side, into: &canvas)
        } else if let legend = layout.legend {
            HallLegend.drawRows(hall, palette: palette, language: lang, area: legend, into: &canvas)
        }
        drawInfo(hall, state: state, area: layout.info, into: &canvas)
    }

    /// Start and sale phase on the left, seats left on the right (the venue is in the map's
    /// title); the per-order limit only when it fits, since the selection counter shows it too.
    static func drawDetails(_ hall: HallState, state: AppState, area: Area, into canvas: inout Canvas) {
        let show = hall.performance
        let lang = state.language
        var right = 0
        if hall.venue != nil {
            let left = hall.map.seats.count { $0.state == .available }
            let text = lang.text("{0} of {1} available", Money.grouped(left), Money.grouped(hall.map.seats.count))
            right = DisplayWidth.of(text)
            canvas.text(text, in: Area(x: area.maxX - right, y: area.y, width: right, height: 1), style: Theme.muted)
        }
        let room = Area(x: area.x, y: area.y, width: area.width - right - 2, height: 1)
        let phase = SalePhase(show, now: state.now)
        let phaseText = switch phase {
        case .opensIn(let seconds): lang.text("sale opens in {0}", TimeText.clock(seconds: seconds, language: lang))
        case .onSale: lang.text("on sale")
        case .closed: lang.text("sale closed")
        }
        var spans = [Span(lang.text("Starts {0} · ", TimeText.dateTime(show.startsAt, in: state.timeZone))),
                     Span(phaseText, phase == .onSale ? Theme.good : Theme.warning)]
        let limit = Span(lang.text(" · max {0} per order", "\(show.maxSeatsPerOrder)"))
        if DisplayWidth.of((spans + [limit]).map(\.text).joined()) <= room.width { spans.append(limit) }
        canvas.spans(spans, x: room.x, y: room.y, clip: room)
    }

    /// The seat under the cursor on the left, the selection count and total on the right.
    private static func drawInfo(_ hall: HallState, state: AppState, area: Area, into canvas: inout Canvas) {
        // Sellers look without picking, so there is no selection to sum up.
        let lang = state.language
        let summary = state.isSeller ? ""
            : lang.text("Selected {0}/{1} · {2}", "\(hall.selected.count)", "\(hall.maxSeats)", Money.krw(hall.selectedTotal))
        let w = DisplayWidth.of(summary)
        canvas.text(summary, in: Area(x: area.maxX - w, y: area.y, width: w, height: 1),
                    style: hall.selected.isEmpty ? Theme.muted : Theme.title)
        let left = Area(x: area.x, y: area.y, width: area.width - w - 2, height: 1)
        guard let seat = hall.cursorSeat else {
            canvas.text(lang.text("This hall has no seats."), in: left, style: Theme.muted)
            return
        }
        let selected = hall.selected.contains(seat.id)
        let status = selected ? lang.text("selected") : lang.text(seat.state.rawValue)
        let statusStyle: Style = switch (selected, seat.state) {
        case (true, _): Theme.title
        case (_, .available): Theme.good
        case (_, .held): Theme.warning
        case (_, .sold): Theme.muted
        }
        canvas.spans([Span(seat.label, Theme.title), Span(" · \(seat.grade) \(Money.krw(seat.price)) · "),
                      Span(status, statusStyle)], x: left.x, y: left.y, clip: left)
    }
}
