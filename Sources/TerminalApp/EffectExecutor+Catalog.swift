import Foundation
import TerminalUI
import TicketingClient
import TicketingDomain
import TicketingProtocol

/// The seller's catalog calls and the buyer's ways out (leave the line, release a hold, cancel
/// an order), each answered with the intent that carries its result.
extension EffectExecutor {
    func runCatalog(_ effect: Effect, api: APIClient, hallsDirectory: URL) async throws -> [Intent] {
        switch effect {
        case .loadHallFiles:
            return [.hallFilesLoaded(Self.hallFiles(in: hallsDirectory))]
        case .createVenue(let name, let layout):
            return [.venueCreated(try await api.createVenue(CreateVenueRequest(name: name, layout: layout)))]
        case .loadVenueChoices(let ownerId):
            let list = try await api.get("/v1/venues?ownerId=\(pathSegment(ownerId))", as: VenueList.self)
            let halls = Self.hallFiles(in: hallsDirectory).compactMap(\.hall)
            var choices: [VenueChoice] = []
            for summary in list.venues where summary.ownerId == ownerId {
                choices.append(VenueChoice.make(try await api.venue(summary.id), halls: halls))
            }
            return [.venueChoicesLoaded(choices)]
        case .createPerformance(let draft):
            let request = CreatePerformanceRequest(venueId: draft.venueId, title: draft.title, startsAt: draft.startsAt,
                                                   saleOpensAt: draft.saleOpensAt, grades: draft.grades,
                                                   maxSeatsPerOrder: draft.maxSeatsPerOrder)
            return [.performanceCreated(try await api.createPerformance(request))]
        case .createCoupon(let draft):
            let request = CreateCouponRequest(name: draft.name, kind: draft.kind, amount: draft.amount,
                                              percent: draft.percent, maxDiscount: draft.maxDiscount,
                                              minSpend: draft.minSpend, performanceId: draft.performanceId,
                                              grade: draft.grade, perTicket: draft.perTicket,
                                              totalQuantity: draft.totalQuantity)
            return [.couponCreated(try await api.createCoupon(request))]
        case .leaveQueue(let id):
            try await api.delete("/v1/performances/\(pathSegment(id))/queue/me")
            return [.queueLeft(performanceId: id)]
        case .releaseHold(let id):
            try await api.delete("/v1/holds/\(pathSegment(id))")
            return [.holdReleased(holdId: id)]
        case .cancelOrder(let id):
            let status = try await api.post("/v1/orders/\(pathSegment(id))/cancel", as: OrderStatusDTO.self)
            return [.orderCancelled(orderId: id, status: status.status)]
        default:
            return []
        }
    }

    /// Every `.hall` file of the directory in name order, parsed; a broken file is listed with
    /// its problems rather than hidden.
    static func hallFiles(in directory: URL) -> [HallFileEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".hall") }.sorted().map { name in
            do throws(ValidationError) {
                return HallFileEntry(fileName: name, hall: try Hall.load(path: directory.appendingPathComponent(name).path))
            } catch {
                return HallFileEntry(fileName: name, hall: nil, problems: error.details)
            }
        }
    }
}
