/// A width × height grid of cells that screens draw into; a terminal paints it, a test reads it
/// as text. Writes outside the grid are clipped silently so screens need no bounds checks.
public struct Canvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public init(size: Size) {
        self.init(width: size.width, height: size.height)
    }

    public var size: Size { Size(width: width, height: height) }
    public var bounds: Area { Area(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        guard contains(x: x, y: y) else { return .blank }
        return cells[y * width + x]
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// Puts one character at x, y and returns the columns it took (0 when nothing was drawn).
    /// Control characters become "?" so a stray byte from the network cannot move the cursor.
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: Style = .plain,
                             clip: Area? = nil) -> Int {
        var character = character
        var w = DisplayWidth.of(character)
        if w == 0 {
            guard Self.isControl(character) else { return 0 }
            character = "?"
            w = 1
        }
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        guard area.contains(x: x, y: y), area.contains(x: x + w - 1, y: y) else {
            // Half a wide character is never drawn; its visible column is left blank instead.
            if w == 2, area.contains(x: x, y: y) { set(x: x, y: y, Cell(character: " ", style: style)) }
            return 0
        }
        set(x: x, y: y, Cell(character: character, width: w, style: style))
        if w == 2 { set(x: x + 1, y: y, Cell(character: " ", width: 0, style: style)) }
        return w
    }

    static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.first.map { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) } == true
    }

    /// Writes a cell, repairing any wide character it cuts in half.
    private mutating func set(x: Int, y: Int, _ cell: Cell) {
        let index = y * width + x
        let old = cells[index]
        if old.width == 2, x + 1 < width, cell.width != 2 {
            cells[index + 1] = Cell(character: " ", style: cells[index + 1].style)
        }
        if old.isContinuation, !cell.isContinuation, x > 0, cells[index - 1].width == 2 {
            cells[index - 1] = Cell(character: " ", style: cells[index - 1].style)
        }
        cells[index] = cell
    }

    public mutating func fill(_ rect: Area, character: Character = " ", style: Style = .plain) {
        let area = rect.intersection(bounds)
        let step = max(1, DisplayWidth.of(character))
        for y in area.minY..<area.maxY {
            var x = area.minX
            while x < area.maxX {
                put(character, x: x, y: y, style: style, clip: area)
                x += step
            }
        }
    }

    /// The characters row by row, wide characters once, trailing blanks dropped: what a person
    /// would copy off the screen, and what golden files hold.
    /// Every cell's style through `transform` (the display options), characters unchanged.
    public mutating func restyle(_ transform: (Style) -> Style) {
        for i in cells.indices { cells[i].style = transform(cells[i].style) }
    }

    public func text() -> String {
        (0..<height).map(line).joined(separator: "\n")
    }

    public func line(_ y: Int) -> String {
        var out = ""
        for x in 0..<width {
            let cell = self[x, y]
            if !cell.isContinuation { out.append(cell.character) }
        }
        while out.last == " " { out.removeLast() }
        return out
    }
}
