/// A terminal size in columns and rows.
public struct Size: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)×\(height)" }

    public func fits(_ minimum: Size) -> Bool {
        width >= minimum.width && height >= minimum.height
    }
}

/// A rectangle of cells on the screen (named apart from the venue map's `Rect`, which is in
/// hall coordinates, so the two are never mixed up).
public struct Area: Sendable, Equatable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var minX: Int { x }
    public var minY: Int { y }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    public func intersection(_ other: Area) -> Area {
        let left = max(minX, other.minX)
        let top = max(minY, other.minY)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Area(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The area shrunk by `dx` columns on each side and `dy` rows on top and bottom.
    public func inset(dx: Int, dy: Int) -> Area {
        Area(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// A `width` × `height` area centred in this one.
    public func centered(width w: Int, height h: Int) -> Area {
        let cw = min(w, width)
        let ch = min(h, height)
        return Area(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// Splits off the top `rows` rows: (top, rest).
    public func splitTop(_ rows: Int) -> (Area, Area) {
        let r = min(max(0, rows), height)
        return (Area(x: x, y: y, width: width, height: r), Area(x: x, y: y + r, width: width, height: height - r))
    }

    /// Splits off the bottom `rows` rows: (rest, bottom).
    public func splitBottom(_ rows: Int) -> (Area, Area) {
        let r = min(max(0, rows), height)
        return (Area(x: x, y: y, width: width, height: height - r),
                Area(x: x, y: maxY - r, width: width, height: r))
    }

    /// Splits off the right `columns` columns: (rest, right).
    public func splitRight(_ columns: Int) -> (Area, Area) {
        let c = min(max(0, columns), width)
        return (Area(x: x, y: y, width: width - c, height: height),
                Area(x: maxX - c, y: y, width: c, height: height))
    }

    public func row(_ offset: Int) -> Area {
        Area(x: x, y: y + offset, width: width, height: offset >= 0 && offset < height ? 1 : 0)
    }
}

/// A cell position, on the screen or on a hall map.
public struct Point: Sendable, Equatable, Hashable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public static let zero = Point(x: 0, y: 0)
}
