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
        /// The catalog's rush show, held back by `holdingBackRush` until `openRush` puts it on sale.
        public var rush: HeldBackRush?
    }

    /// A rush show not yet in the store: what `openRush` needs to create it later.
    public struct HeldBackRush: Sendable {
        public var entry: DemoCatalog.Performance
        public var sellerId: String
        public var venueId: String
        public var hall: Hall
    }

    /// - Parameter holdingBackRush: leave the catalog's `rush` show out; the summary carries it
    ///   so the demo can open its sale when someone is there to watch.
    public static func load(into storage: any DurableRecords, assets: URL, now: Date,
                            hasher: PasswordHasher = PasswordHasher(),
                            holdingBackRush: Bool = false) async throws -> Summary {
        let catalog = try DemoCatalog.load(from: assets.appendingPathComponent("catalog/demo.json"))
        var halls: [String: Hall] = [:]
        for venue in catalog.venues where halls[venue.hall] == nil {
            halls[venue.hall] = try Hall.load(path: assets.appendingPathComponent("halls/\(venue.hall)").path)
        }
        try catalog.validate(halls: halls, now: now)

        if let seller = try await storage.user(email: sellerEmail),
           !(try await storage.venues(ownerId: seller.id)).isEmpty {
            let shows = try await storage.performances().filter { $0.sellerId == seller.id }
            let venues = try await storage.venues(ownerId: seller.id)
            // A reused data directory still gets a fresh rush (a new show, the old ones stay).
            let rush = catalog.performances.first { $0.rush == true && holdingBackRush }.flatMap { entry in
                catalog.venue(named: entry.venue).flatMap { venue in
                    venues.first { $0.name == venue.name }.flatMap { record in
                        halls[venue.hall].map { HeldBackRush(entry: entry, sellerId: seller.id, venueId: record.id, hall: $0) }
                    }
                }
            }
            return Summary(venues: venues.count,
                           performances: shows.map { ($0.id, $0.spec.title, $0.spec.saleOpensAt) },
                           alreadyLoaded: true, rush: rush)
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
        var rush: HeldBackRush?
        for entry in catalog.performances {
            guard let venue = catalog.venue(named: entry.venue), let venueId = venueIds[venue.name],
                  let hall = halls[venue.hall] else { continue }
            if holdingBackRush, entry.rush == true, rush == nil {
                rush = HeldBackRush(entry: entry, sellerId: seller.id, venueId: venueId, hall: hall)
                continue
            }
            let spec = DemoCatalog.performanceSpec(for: entry, venueId: venueId, hall: hall, now: now)
            let record = PerformanceRecord(id: IDs.make("prf"), sellerId: seller.id, spec: spec, createdAt: now)
            try await storage.createPerformance(record)
            created.append((record.id, spec.title, spec.saleOpensAt))
        }
        if let history = catalog.history, !history.isEmpty {
            created += try await DemoHistory.load(history, catalog: catalog, halls: halls, venueIds: venueIds, sellerId: seller.id,
                                       buyerId: buyer.id, storage: storage, now: now)
        }
        return Summary(venues: venueIds.count, performances: created, alreadyLoaded: false, rush: rush)
    }

    /// Creates the held-back rush show with its sale opening `countdown` after `now`.
    public static func openRush(_ rush: HeldBackRush, in storage: any DurableRecords, countdown: TimeInterval,
                                now: Date) async throws -> (id: String, title: String, saleOpensAt: Date) {
        var entry = rush.entry
        entry.saleOpensInSeconds = Int(countdown.rounded(.up))
        let spec = DemoCatalog.performanceSpec(for: entry, venueId: rush.venueId, hall: rush.hall, now: now)
        let record = PerformanceRecord(id: IDs.make("prf"), sellerId: rush.sellerId, spec: spec, createdAt: now)
        try await storage.createPerformance(record)
        return (record.id, spec.title, spec.saleOpensAt)
    }

    private static func ensureUser(_ storage: any DurableRecords, email: String, name: String, role: Role,
                                   hasher: PasswordHasher, now: Date) async throws -> UserRecord {
        if let existing = try await storage.user(email: email) { return existing }
        let user = UserRecord(id: IDs.make("usr"), email: email, name: name, role: role,
                              passwordHash: await hasher.hash(demoPassword), createdAt: now)
        try await storage.createUser(user)
        return user
    }
}
