/// A table whose columns line up by display width, so Korean titles (two columns a syllable)
/// and ASCII share one grid. One flexible column takes whatever width the fixed ones leave.
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        /// nil marks the flexible column.
        public var width: Int?
        public var alignment: Alignment

        public init(_ title: String, width: Int? = nil, alignment: Alignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    public struct Row: Sendable {
        public var cells: [String]
        public var style: Style

        public init(_ cells: [String], style: Style = .plain) {
            self.cells = cells
            self.style = style
        }
    }

    public var columns: [Column]
    public var rows: [Row]
    public var gap = 2

    public init(columns: [Column], rows: [Row]) {
        self.columns = columns
        self.rows = rows
    }

    /// Column widths for a table `total` columns wide; the flexible column gets the rest.
    public func widths(total: Int) -> [Int] {
        let fixed = columns.compactMap(\.width).reduce(0, +) + gap * max(0, columns.count - 1)
        let flexible = max(1, total - fixed)
        return columns.map { $0.width ?? flexible }
    }

    /// Rows that fit below the header in `height` rows.
    public static func visibleRows(height: Int) -> Int { max(0, height - 1) }

    /// Draws the header and rows `scroll..<scroll + visible` into `area`; the selected row is
    /// drawn in reverse video across the full width so it shows without colour.
    public func draw(into canvas: inout Canvas, area: Area, selected: Int?, scroll: Int,
                     headerStyle: Style = Style(bold: true, underline: true)) {
        guard !area.isEmpty else { return }
        let widths = widths(total: area.width)
        drawLine(columns.map(\.title), widths: widths, y: area.y, area: area, style: headerStyle,
                 into: &canvas)
        let visible = Self.visibleRows(height: area.height)
        for (offset, index) in (scroll..<min(rows.count, scroll + visible)).enumerated() {
            let y = area.y + 1 + offset
            var style = rows[index].style
            if index == selected {
                style.reverse = true
                canvas.fill(Area(x: area.x, y: y, width: area.width, height: 1), style: style)
            }
            drawLine(rows[index].cells, widths: widths, y: y, area: area, style: style, into: &canvas)
        }
    }

    private func drawLine(_ cells: [String], widths: [Int], y: Int, area: Area, style: Style,
                          into canvas: inout Canvas) {
        var x = area.x
        for (i, column) in columns.enumerated() {
            let text = i < cells.count ? cells[i] : ""
            canvas.text(DisplayWidth.pad(text, to: widths[i], alignment: column.alignment), x: x, y: y,
                        style: style, clip: area)
            x += widths[i] + gap
        }
    }

    /// The first row index to show so that `selected` stays visible in `visible` rows.
    public static func scroll(keeping selected: Int, visible: Int, current: Int) -> Int {
        guard visible > 0 else { return 0 }
        if selected < current { return selected }
        if selected >= current + visible { return selected - visible + 1 }
        return current
    }
}
