import Foundation
import TicketingDomain
import TicketingStorage

/// Loads `Assets/catalog/demo.json` and its halls into a data directory: a demo seller owns every
/// venue and performance, and a demo buyer is ready to log in. Loading twice adds nothing.
public enum DemoLoader {
    public static let sellerEmail = "seller@demo.queueticket.dev"
    public static let buyerEmail = "buyer@demo.queueticket.dev"
    /// Demo-only accounts on a local data directory; printed by the demo so a person can log in.
    public static let demoPassword = "queueticket-demo"

    public struct Summary: Sendable {
        public var venues: Int
        public var performances: [(id: String, title: String, saleOpensAt: Date)]
        public var alreadyLoaded: Bool
    }

    public static func load(into storage: Storage, assets: URL, now: Date,
                            hasher: PasswordHasher = PasswordHasher()) async throws -> Summary {
        let catalog = try DemoCatalog.load(from: assets.appendingPathComponent("catalog/demo.json"))
        var halls: [String: Hall] = [:]
        for venue in catalog.venues where halls[venue.hall] == nil {
            halls[venue.hall] = try Hall.load(path: assets.appendingPathComponent("halls/\(venue.hall)").path)
        }
        try catalog.validate(halls: halls, now: now)

        if let seller = try await storage.user(email: sellerEmail),
           !(try await storage.venues(ownerId: seller.id)).isEmpty {
            let shows = try await storage.performances().filter { $0.sellerId == seller.id }
            return Summary(venues: try await storage.venues(ownerId: seller.id).count,
                           performances: shows.map { ($0.id, $0.spec.title, $0.spec.saleOpensAt) },
                           alreadyLoaded: true)
        }
        let seller = try await ensureUser(storage, email: sellerEmail, name: "Demo Seller", role: .seller,
                                          hasher: hasher, now: now)
        let buyer = try await ensureUser(storage, email: buyerEmail, name: "Demo Buyer", role: .buyer,
                                         hasher: hasher, now: now)
        var venueIds: [String: String] = [:]
        for venue in catalog.venues {
            guard let hall = halls[venue.hall] else { continue }
            let record = VenueRecord(id: IDs.make("ven"), ownerId: seller.id, name: venue.name,
                                     layout: hall.layout, createdAt: now)
            try await storage.createVenue(record)
            venueIds[venue.name] = record.id
        }
        var created: [(id: String, title: String, saleOpensAt: Date)] = []
        for entry in catalog.performances {
            guard let venue = catalog.venue(named: entry.venue), let venueId = venueIds[venue.name],
                  let hall = halls[venue.hall] else { continue }
            let spec = DemoCatalog.performanceSpec(for: entry, venueId: venueId, hall: hall, now: now)
            let record = PerformanceRecord(id: IDs.make("prf"), sellerId: seller.id, spec: spec, createdAt: now)
            try await storage.createPerformance(record)
            created.append((record.id, spec.title, spec.saleOpensAt))
        }
        if let history = catalog.history, !history.isEmpty {
            try await DemoHistory.load(history, catalog: catalog, halls: halls, venueIds: venueIds, sellerId: seller.id,
                                       buyerId: buyer.id, storage: storage, now: now)
        }
        return Summary(venues: venueIds.count, performances: created, alreadyLoaded: false)
    }

    private static func ensureUser(_ storage: Storage, email: String, name: String, role: Role,
                                   hasher: PasswordHasher, now: Date) async throws -> UserRecord {
        if let existing = try await storage.user(email: email) { return existing }
        let user = UserRecord(id: IDs.make("usr"), email: email, name: name, role: role,
                              passwordHash: await hasher.hash(demoPassword), createdAt: now)
        try await storage.createUser(user)
        return user
    }
}
