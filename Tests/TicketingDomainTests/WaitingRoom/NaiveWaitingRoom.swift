import Foundation
import TicketingDomain

/// The waiting room the obvious way, O(n) everywhere: an ordered list of waiting buyers, a list
/// for the pre-queue and a dictionary of admissions. The property test runs it beside the real
/// one. It decides everything except how many a tick admits (the rate credit); the test checks
/// that number against bounds instead.
struct NaiveWaitingRoom {
    let policy: QueuePolicy
    let key: (String) -> String
    var waiting: [String] = []
    var preQueue: [String] = []
    var admitted: [String: Date] = [:]
    var disconnectedAt: [String: Date] = [:]
    var isOpen = false

    /// Returns the pre-queue order when this join opened the sale.
    mutating func join(_ userId: String, now: Date) -> [String]? {
        disconnectedAt[userId] = nil
        if let expiry = admitted[userId], expiry > now { return nil }
        if waiting.contains(userId) || preQueue.contains(userId) { return nil }
        if !isOpen && now < policy.saleOpensAt {
            preQueue.append(userId)
            return nil
        }
        let opened = openIfDue(now)
        waiting.append(userId)
        return opened
    }

    enum Left { case waiting, admitted, preQueue, none }

    @discardableResult
    mutating func leave(_ userId: String) -> Left {
        disconnectedAt[userId] = nil
        if let index = waiting.firstIndex(of: userId) {
            waiting.remove(at: index)
            return .waiting
        }
        if admitted.removeValue(forKey: userId) != nil { return .admitted }
        if let index = preQueue.firstIndex(of: userId) {
            preQueue.remove(at: index)
            return .preQueue
        }
        return .none
    }

    mutating func complete(_ userId: String) -> Bool { admitted.removeValue(forKey: userId) != nil }

    mutating func disconnected(_ userId: String, now: Date) {
        if waiting.contains(userId) || preQueue.contains(userId) { disconnectedAt[userId] = now }
    }

    /// The part of a tick before admissions: ended admissions, dropped buyers, the opening.
    mutating func tickBeforeAdmission(now: Date) -> (ended: Set<String>, left: Set<String>, opened: [String]?) {
        var ended = Set(admitted.filter { $0.value <= now }.keys)
        for userId in ended { admitted[userId] = nil }
        var left: Set<String> = []
        for (userId, since) in disconnectedAt where now.timeIntervalSince(since) >= policy.disconnectGrace {
            switch leave(userId) {
            case .waiting, .preQueue: left.insert(userId)
            case .admitted: ended.insert(userId)
            case .none: break
            }
        }
        return (ended, left, openIfDue(now))
    }

    /// Admits the first `count` waiting buyers; an admitted buyer has no place left to keep.
    mutating func admit(_ count: Int, now: Date) -> [String] {
        let chosen = Array(waiting.prefix(count))
        waiting.removeFirst(chosen.count)
        for userId in chosen {
            admitted[userId] = now.addingTimeInterval(policy.admissionTTL)
            disconnectedAt[userId] = nil
        }
        return chosen
    }

    /// What `status(of:)` must say, except `etaSeconds` (checked on its own).
    func expectedStatus(of userId: String, now: Date, inventory: InventoryLevel) -> QueueStatus? {
        if let expiry = admitted[userId], expiry > now {
            return QueueStatus(state: .admitted, position: 0, ahead: 0, etaSeconds: nil, mayMissOut: false,
                               admissionExpiresAt: expiry)
        }
        let state: QueueState = inventory.soldOut ? .soldOut : .waiting
        if preQueue.contains(userId) {
            return QueueStatus(state: state, position: nil, ahead: nil, etaSeconds: nil, mayMissOut: false,
                               preQueue: true)
        }
        guard let ahead = waiting.firstIndex(of: userId) else { return nil }
        return QueueStatus(state: state, position: ahead + 1, ahead: ahead, etaSeconds: nil,
                           mayMissOut: ahead * policy.maxSeatsPerOrder >= inventory.available)
    }

    /// The published order, written out independently of `WaitingRoom.shuffled`.
    static func publishedOrder(_ users: [String], key: (String) -> String) -> [String] {
        users.sorted { a, b in
            let (ka, kb) = (key(a), key(b))
            return ka != kb ? ka < kb : a < b
        }
    }

    private mutating func openIfDue(_ now: Date) -> [String]? {
        guard !isOpen, now >= policy.saleOpensAt else { return nil }
        isOpen = true
        let order = Self.publishedOrder(preQueue, key: key)
        preQueue = []
        waiting += order
        return order
    }
}
