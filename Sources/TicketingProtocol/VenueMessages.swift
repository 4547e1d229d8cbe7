import Foundation
import TicketingDomain

public struct CreateVenueRequest: Codable, Sendable {
    public var name: String
    public var layout: VenueLayout

    public init(name: String, layout: VenueLayout) {
        self.name = name
        self.layout = layout
    }
}

public struct VenueDTO: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var ownerId: String
    public var layout: VenueLayout
    public var seatCount: Int

    public init(id: String, name: String, ownerId: String, layout: VenueLayout, seatCount: Int) {
        self.id = id
        self.name = name
        self.ownerId = ownerId
        self.layout = layout
        self.seatCount = seatCount
    }
}

public struct VenueList: Codable, Sendable {
    public var venues: [VenueSummaryDTO]
    public init(venues: [VenueSummaryDTO]) { self.venues = venues }
}

public struct VenueSummaryDTO: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var ownerId: String
    public var seatCount: Int

    public init(id: String, name: String, ownerId: String, seatCount: Int) {
        self.id = id
        self.name = name
        self.ownerId = ownerId
        self.seatCount = seatCount
    }
}
