import Foundation
import TicketingDomain

public struct UserRecord: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var createdAt: Date

    public init(id: String, email: String, name: String, role: Role, passwordHash: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

public struct VenueRecord: Sendable, Equatable {
    public var id: String
    public var ownerId: String
    public var name: String
    public var layout: VenueLayout
    public var createdAt: Date

    public init(id: String, ownerId: String, name: String, layout: VenueLayout, createdAt: Date) {
        self.id = id
        self.ownerId = ownerId
        self.name = name
        self.layout = layout
        self.createdAt = createdAt
    }

    public var seatCount: Int { layout.seats.count }
}

public struct PerformanceRecord: Sendable, Equatable {
    public var id: String
    public var sellerId: String
    public var spec: PerformanceSpec
    public var createdAt: Date

    public init(id: String, sellerId: String, spec: PerformanceSpec, createdAt: Date) {
        self.id = id
        self.sellerId = sellerId
        self.spec = spec
        self.createdAt = createdAt
    }
}

/// Layouts and specs are stored as JSON blobs: they are read whole, never queried inside.
public enum BlobCoding {
    /// Made once (their options never change): orders, events and holds code blobs on every step
    /// of a purchase.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        if let strings = value as? [String], let plain = plainList(strings) { return plain }
        if let list = value as? any BlobList, list.isEmpty { return Data("[]".utf8) }
        return try encoder.encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder.decode(type, from: data)
    }
}

/// Any array, for `BlobCoding.encode`'s empty-list shortcut (an order without coupons).
protocol BlobList {
    var isEmpty: Bool { get }
}

extension Array: BlobList {}
