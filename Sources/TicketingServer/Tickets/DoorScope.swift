import Foundation
import TicketingDomain
import TicketingStorage

/// Whose performances a caller may scan at: a seller its own, a door account its seller's, an
/// admin any. Buyers scan nothing.
enum DoorScope: Sendable, Equatable {
    case anySeller
    case seller(String)

    static func of(_ principal: Principal, storage: any DurableRecords) async throws -> DoorScope {
        switch principal.role {
        case .admin: return .anySeller
        case .seller: return .seller(principal.userId)
        case .door:
            guard let sellerId = try await storage.doorSeller(userId: principal.userId) else {
                throw APIFailure.forbidden("this door account belongs to no seller")
            }
            return .seller(sellerId)
        case .buyer:
            throw APIFailure.forbidden("only the performance's seller or its door accounts may check tickets in")
        }
    }

    func allows(_ performance: PerformanceRecord) -> Bool {
        switch self {
        case .anySeller: true
        case .seller(let id): performance.sellerId == id
        }
    }

    /// The performance, or 404 / 403 for a caller who may not work its door.
    func performance(_ id: String, storage: any DurableRecords) async throws -> PerformanceRecord {
        guard let show = try await storage.performance(id: id) else { throw APIFailure.notFound("performance") }
        guard allows(show) else {
            throw APIFailure.forbidden("only the performance's seller or its door accounts may work its door")
        }
        return show
    }
}
