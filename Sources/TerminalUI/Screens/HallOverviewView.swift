import TicketingDomain
import TicketingProtocol

/// Map cells scaled down into a screen area: whole map, each axis shrunk to fit, never grown.
struct OverviewProjection {
    let map: Size
    let area: Area

    init(map: Size, into space: Area) {
        self.map = map
        area = space.centered(width: min(space.width, map.width), height: min(space.height, map.height))
    }

    func x(_ mx: Int) -> Int { area.x + (map.width > 0 ? mx * area.width / map.width : 0) }
    func y(_ my: Int) -> Int { area.y + (map.height > 0 ? my * area.height / map.height : 0) }

    /// The screen cells a map rectangle covers: at least one, never past the area.
    func area(of rect: Rect) -> Area {
        let x0 = x(rect.x), y0 = y(rect.y)
        let x1 = max(x0 + 1, min(area.maxX, x(rect.x + rect.width)))
        let y1 = max(y0 + 1, min(area.maxY, y(rect.y + rect.height)))
        return Area(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}

/// The hall overview: every section to scale, shaded by how much of it is still free, in the
/// colour of its grade, with its name and free seats; the picked section stands out.
enum HallOverviewView {
    /// From most to least free; a sold-out cell is a dot so the section's shape stays visible.
    static let shades: [Character] = ["█", "▓", "▒", "░"]
    static let soldOutShade: Character = "·"

    static func shade(available: Int, total: Int) -> Character {
        guard total > 0, available > 0 else { return soldOutShade }
        let free = Double(available) / Double(total)
        return free >= 0.75 ? shades[0] : free >= 0.5 ? shades[1] : free >= 0.25 ? shades[2] : shades[3]
    }

    static func projection(_ layout: VenueLayout, viewport: Area) -> OverviewProjection {
        OverviewProjection(map: Size(width: layout.width, height: layout.height), into: viewport)
    }

    static func draw(_ hall: HallState, sections: [HallSection], layout: VenueLayout, palette: GradePalette,
                     viewport: Area, language: Language = .en, into canvas: inout Canvas) {
        let projection = projection(layout, viewport: viewport)
        drawStage(projection.area(of: layout.stage), language: language, into: &canvas)
        // Per screen cell: seats free and in total, per grade, so a cell takes its main grade's colour.
        struct Cell { var free = 0, total = 0, grades: [String: Int] = [:] }
        var cells: [Point: Cell] = [:]
        for seat in hall.map.seats {
            let p = Point(x: projection.x(seat.x), y: projection.y(seat.y))
            var cell = cells[p, default: Cell()]
            cell.total += 1
            cell.grades[seat.grade, default: 0] += 1
            if seat.state == .available { cell.free += 1 }
            cells[p] = cell
        }
        let picked = sections.first { $0.name == hall.section }.map { projection.area(of: $0.bounds) }
        for (p, cell) in cells {
            let grade = cell.grades.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
            let color = palette.entry(for: grade)?.color ?? .default
            let inPicked = picked?.contains(x: p.x, y: p.y) == true
            canvas.put(shade(available: cell.free, total: cell.total), x: p.x, y: p.y,
                       style: Style(foreground: color, bold: inPicked, reverse: inPicked,
                                    dim: !inPicked && cell.free == 0), clip: viewport)
        }
        for section in sections {
            drawLabel(section, at: projection.area(of: section.bounds), picked: section.name == hall.section,
                      viewport: viewport, into: &canvas)
        }
    }

    private static func drawStage(_ area: Area, language lang: Language, into canvas: inout Canvas) {
        if area.height >= 2 { canvas.box(area, style: Theme.stage) } else {
            canvas.horizontalLine(x: area.x, y: area.y, width: area.width, style: Theme.stage)
        }
        let label = area.width >= 9 ? " \(lang.text("STAGE")) " : lang.text("STAGE")
        let row = area.height >= 3 ? area.y + area.height / 2 : area.y
        canvas.text(label, in: Area(x: area.x, y: row, width: area.width, height: 1), alignment: .center,
                    style: Theme.stage)
    }

    /// Name and free seats in the middle of the block, on two rows when it is tall enough,
    /// left out when the block is too narrow to hold the name.
    private static func drawLabel(_ section: HallSection, at area: Area, picked: Bool, viewport: Area,
                                  into canvas: inout Canvas) {
        let style = picked ? HallMapView.cursorStyle : Style(bold: true)
        let count = Money.grouped(section.available)
        let name = section.name
        var lines: [String]
        if area.height >= 2 && DisplayWidth.of(name) <= area.width && DisplayWidth.of(count) <= area.width {
            lines = [name, count]
        } else if DisplayWidth.of("\(name) \(count)") <= area.width {
            lines = ["\(name) \(count)"]
        } else if DisplayWidth.of(name) <= area.width {
            lines = [name]
        } else {
            lines = picked ? [DisplayWidth.truncate(name, to: max(1, area.width))] : []
        }
        let top = area.y + max(0, (area.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let w = DisplayWidth.of(line)
            canvas.text(line, x: area.x + (area.width - w) / 2, y: top + i, style: style, clip: viewport)
        }
    }

    /// The corner map while zoomed in: the hall in small with the part on screen highlighted,
    /// in the top-right corner, or bottom-left when the cursor is under that corner.
    static func drawCornerMap(_ hall: HallState, layout: VenueLayout, viewport: Area, cursor: Point?,
                              into canvas: inout Canvas) {
        // A quarter of the width at most, a third of the height at most, the hall's proportions kept.
        var width = min(30, viewport.width / 4)
        var height = max(2, width * layout.height / max(1, layout.width))
        if height > viewport.height / 3 {
            height = max(2, viewport.height / 3)
            width = height * layout.width / max(1, layout.height)
        }
        guard width >= 8, height >= 2 else { return }
        var box = Area(x: viewport.maxX - width - 2, y: viewport.y, width: width + 2, height: height + 2)
        if let cursor, box.contains(x: cursor.x, y: cursor.y) {
            box = Area(x: viewport.x, y: viewport.maxY - height - 2, width: width + 2, height: height + 2)
        }
        canvas.fill(box, style: .plain)
        canvas.box(box, style: Theme.frame)
        let inner = box.inset(dx: 1, dy: 1)
        let projection = OverviewProjection(map: Size(width: layout.width, height: layout.height), into: inner)
        let shown = projection.area(of: Rect(x: max(0, hall.scroll.x), y: max(0, hall.scroll.y),
                                             width: viewport.width, height: viewport.height))
        var seatCells = Set<Point>()
        for seat in hall.map.seats { seatCells.insert(Point(x: projection.x(seat.x), y: projection.y(seat.y))) }
        for y in inner.y..<inner.maxY {
            for x in inner.x..<inner.maxX {
                let inView = shown.contains(x: x, y: y)
                let glyph: Character = seatCells.contains(Point(x: x, y: y)) ? (inView ? "█" : "░") : " "
                canvas.put(glyph, x: x, y: y, style: inView ? Theme.title : Theme.muted)
            }
        }
    }
}
