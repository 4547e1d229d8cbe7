/// The drawn map of a hall: cells on a grid, the stage rectangle and every seat.
/// This is the venue's single source of truth; the wire format uses it as is.
public struct VenueLayout: Codable, Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var stage: Rect
    public var seats: [LayoutSeat]

    public init(width: Int, height: Int, stage: Rect, seats: [LayoutSeat]) {
        self.width = width
        self.height = height
        self.stage = stage
        self.seats = seats
    }
}

public struct Rect: Codable, Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}

public struct LayoutSeat: Codable, Sendable, Equatable {
    public var id: String
    public var section: String
    public var row: String
    public var number: Int
    public var x: Int
    public var y: Int

    public init(id: String, section: String, row: String, number: Int, x: Int, y: Int) {
        self.id = id
        self.section = section
        self.row = row
        self.number = number
        self.x = x
        self.y = y
    }
}
