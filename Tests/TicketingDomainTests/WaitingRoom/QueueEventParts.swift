import Foundation
import TicketingDomain

/// The parts of a tick's events, so tests can compare them with what they expect.
extension Array where Element == QueueEvent {
    var admittedUsers: [String] {
        compactMap { if case .admitted(let userId, _) = $0 { userId } else { nil } }
    }

    var admissionExpiries: [Date] {
        compactMap { if case .admitted(_, let expiresAt) = $0 { expiresAt } else { nil } }
    }

    var endedUsers: [String] {
        compactMap { if case .admissionEnded(let userId) = $0 { userId } else { nil } }
    }

    var leftUsers: [String] {
        compactMap { if case .left(let userId) = $0 { userId } else { nil } }
    }

    var openedOrders: [[String]] {
        compactMap { if case .opened(let order) = $0 { order } else { nil } }
    }

    var joinedSeqs: [Int] {
        compactMap { if case .joined(_, let seq, _) = $0 { seq } else { nil } }
    }
}
