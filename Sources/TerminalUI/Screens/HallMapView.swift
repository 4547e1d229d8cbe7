import TicketingDomain
import TicketingProtocol

/// The drawn hall: the stage and one cell per seat, scrolled so the cursor stays in view.
enum HallMapView {
    /// The cursor cell: a bright background in colour, reverse video in monochrome.
    static let cursorStyle = Style(foreground: .black, background: .yellow, bold: true)

    static func draw(_ hall: HallState, layout: VenueLayout, palette: GradePalette, viewport: Area,
                     language: Language = .en, into canvas: inout Canvas) {
        let origin = Point(x: viewport.x - hall.scroll.x, y: viewport.y - hall.scroll.y)
        drawStage(layout.stage, origin: origin, viewport: viewport, language: language, into: &canvas)
        let selected = Set(hall.selected)
        let firstRow = max(0, hall.scroll.y)
        let lastRow = min(layout.height, hall.scroll.y + viewport.height)
        let firstColumn = max(0, hall.scroll.x)
        let lastColumn = min(layout.width, hall.scroll.x + viewport.width)
        guard firstRow < lastRow, firstColumn < lastColumn else { return }
        for my in firstRow..<lastRow {
            for mx in firstColumn..<lastColumn {
                guard let index = hall.map.index(at: Point(x: mx, y: my)) else { continue }
                let seat = hall.map.seats[index]
                var (glyph, style) = palette.look(of: seat, selected: selected.contains(seat.id))
                if index == hall.cursor { style = cursorStyle }
                canvas.put(glyph, x: origin.x + mx, y: origin.y + my, style: style, clip: viewport)
            }
        }
    }

    private static func drawStage(_ stage: Rect, origin: Point, viewport: Area, language lang: Language,
                                  into canvas: inout Canvas) {
        let area = Area(x: origin.x + stage.x, y: origin.y + stage.y, width: stage.width, height: stage.height)
        if area.height >= 2 {
            canvas.box(area, style: Theme.stage, clip: viewport)
        } else {
            canvas.horizontalLine(x: area.x, y: area.y, width: area.width, style: Theme.stage, clip: viewport)
        }
        let labelRow = area.height >= 3 ? area.y + area.height / 2 : area.y
        let label = area.width >= 9 ? " \(lang.text("STAGE")) " : lang.text("STAGE")
        let w = DisplayWidth.of(label)
        canvas.text(label, x: area.x + (area.width - w) / 2, y: labelRow, style: Theme.stage,
                    clip: viewport.intersection(area))
    }

    /// The map cell under a screen position, if the position is inside the viewport.
    static func mapPoint(screen x: Int, _ y: Int, hall: HallState, viewport: Area) -> Point? {
        guard viewport.contains(x: x, y: y) else { return nil }
        return Point(x: x - viewport.x + hall.scroll.x, y: y - viewport.y + hall.scroll.y)
    }

    /// "cols 83-158 of 240 · rows 1-16 of 70" when part of the map is out of view.
    static func extentText(_ hall: HallState, layout: VenueLayout, viewport: Area, language: Language = .en) -> String? {
        var parts: [String] = []
        if layout.width > viewport.width {
            parts.append(language.text("cols {0}-{1} of {2}", "\(hall.scroll.x + 1)", "\(hall.scroll.x + viewport.width)",
                                       "\(layout.width)"))
        }
        if layout.height > viewport.height {
            parts.append(language.text("rows {0}-{1} of {2}", "\(hall.scroll.y + 1)", "\(hall.scroll.y + viewport.height)",
                                       "\(layout.height)"))
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
