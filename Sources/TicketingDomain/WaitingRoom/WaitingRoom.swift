import Foundation

/// The waiting room of one performance: a pure state machine owned by the performance actor.
/// Join order is a sequence number; `ahead` is the count of still-waiting buyers with a smaller
/// sequence, kept exact by a bitmap of waiting sequences with a Fenwick tree over its words.
/// Every method takes `now`; none reads a clock.
public struct WaitingRoom: Sendable {
    public private(set) var policy: QueuePolicy
    private let shuffleKey: @Sendable (String) -> String
    private var line = RankBitmap()
    private var userAtSeq: [UserKey] = []
    private var places: Set<Place> = []
    private var admitted: [String: Date] = [:]
    private var preQueue: [String] = []
    private var preQueued: Set<String> = []
    private var disconnectedAt: [String: Date] = [:]
    private var nextSeqToAdmit = 0
    private var credit: Double = 0
    private var lastTick: Date?
    private var rate: AdmissionRateMeter
    public private(set) var isOpen = false

    /// `shuffleKey` orders the pre-queue at opening (the server passes SHA-256 of seed + user id).
    public init(policy: QueuePolicy, shuffleKey: @escaping @Sendable (String) -> String) {
        self.policy = policy
        self.shuffleKey = shuffleKey
        self.rate = AdmissionRateMeter(window: 30)
    }

    public var waitingCount: Int { places.count + preQueue.count }
    public var activeCount: Int { admitted.count }
    /// Admissions per second actually made over the last 30 s (nil before two admissions).
    public func measuredRate(now: Date) -> Double? { rate.perSecond(now: now) }

    public func isAdmitted(_ userId: String, now: Date) -> Bool { (admitted[userId] ?? .distantPast) > now }

    /// Idempotent: joining again keeps the place (or the live admission).
    public mutating func join(_ userId: String, now: Date) -> [QueueEvent] {
        disconnectedAt[userId] = nil
        if isAdmitted(userId, now: now) || seq(of: userId) != nil || preQueued.contains(userId) { return [] }
        if !isOpen && now < policy.saleOpensAt {
            preQueue.append(userId)
            preQueued.insert(userId)
            return [.preQueued(userId: userId, joinedAt: now)]
        }
        var events = openIfDue(now)
        let seq = append(userId)
        events.append(.joined(userId: userId, seq: seq, joinedAt: now))
        return events
    }

    /// Leaving (or being dropped after the disconnect grace) moves everyone behind up by one.
    public mutating func leave(_ userId: String) -> [QueueEvent] {
        disconnectedAt[userId] = nil
        if let place = places.remove(.probe(UserKey(userId))) {
            line.clear(Int(place.seq))
            return [.left(userId: userId)]
        }
        if admitted.removeValue(forKey: userId) != nil { return [.admissionEnded(userId: userId)] }
        if preQueued.remove(userId) != nil {
            preQueue.removeAll { $0 == userId }
            return [.left(userId: userId)]
        }
        return []
    }

    /// A paid order frees the buyer's admission slot for the next in line.
    public mutating func complete(_ userId: String) -> [QueueEvent] {
        admitted.removeValue(forKey: userId) != nil ? [.admissionEnded(userId: userId)] : []
    }

    public mutating func disconnected(_ userId: String, now: Date) {
        if seq(of: userId) != nil || preQueued.contains(userId) { disconnectedAt[userId] = now }
    }

    public mutating func reconnected(_ userId: String) { disconnectedAt[userId] = nil }

    public func status(of userId: String, now: Date, inventory: InventoryLevel) -> QueueStatus? {
        if !admitted.isEmpty, let expiry = admitted[userId], expiry > now {
            return QueueStatus(state: .admitted, position: 0, ahead: 0, etaSeconds: 0, mayMissOut: false,
                               admissionExpiresAt: expiry)
        }
        if !preQueued.isEmpty, preQueued.contains(userId) {
            return QueueStatus(state: inventory.soldOut ? .soldOut : .waiting, position: nil, ahead: nil,
                               etaSeconds: nil, mayMissOut: false, preQueue: true)
        }
        guard let seq = seq(of: userId) else { return nil }
        let ahead = line.rank(seq)
        let perSecond = rate.perSecond(now: now) ?? policy.ratePerSecond
        let eta = perSecond > 0 ? Int((Double(ahead) / perSecond).rounded(.up)) : nil
        return QueueStatus(state: inventory.soldOut ? .soldOut : .waiting, position: ahead + 1, ahead: ahead,
                           etaSeconds: eta,
                           mayMissOut: ahead * policy.maxSeatsPerOrder >= inventory.available)
    }

    /// Admission scheduler step: expire admissions, drop long-disconnected buyers, open the sale
    /// when due, then admit at `ratePerSecond` (fractional rates accumulate credit) while fewer
    /// than `maxActive` are admitted and some seat is free.
    public mutating func tick(now: Date, inventory: InventoryLevel) -> [QueueEvent] {
        var events: [QueueEvent] = []
        for (userId, expiry) in admitted where expiry <= now {
            admitted[userId] = nil
            events.append(.admissionEnded(userId: userId))
        }
        for (userId, since) in disconnectedAt where now.timeIntervalSince(since) >= policy.disconnectGrace {
            events += leave(userId)
        }
        events += openIfDue(now)
        let elapsed = lastTick.map { max(0, now.timeIntervalSince($0)) } ?? 0
        lastTick = now
        guard isOpen else { return events }
        // At most one second of admissions may be banked, so a stall never releases a flood.
        credit = min(credit + elapsed * policy.ratePerSecond, max(1, policy.ratePerSecond))
        // Each admission needs a free seat: admitting past them only sends buyers to refusals
        // (the end of a sale thrashed so). A seat coming back (an expired or released hold)
        // resumes the line where it stopped.
        var admittedNow = 0
        while credit >= 1, admitted.count < policy.maxActive, admittedNow < inventory.available,
              let (seq, user) = nextWaiting() {
            admittedNow += 1
            places.remove(.probe(user))
            line.clear(seq)
            let userId = user.id
            // The grace period guards a place in line; an admission lasts until its own expiry.
            disconnectedAt[userId] = nil
            let expiry = now.addingTimeInterval(policy.admissionTTL)
            admitted[userId] = expiry
            credit -= 1
            rate.record(now)
            events.append(.admitted(userId: userId, expiresAt: expiry))
        }
        if admitted.count >= policy.maxActive { credit = min(credit, 1) }
        return events
    }

    /// Rebuilds state after a restart from the persisted journal (waiting in join order).
    public mutating func restore(waiting: [String], admitted restored: [String: Date], preQueue pending: [String],
                                 opened: Bool) {
        isOpen = opened
        for userId in waiting where seq(of: userId) == nil { _ = append(userId) }
        for (userId, expiry) in restored { admitted[userId] = expiry }
        for userId in pending where !preQueued.contains(userId) {
            preQueue.append(userId)
            preQueued.insert(userId)
        }
    }

    private func seq(of userId: String) -> Int? {
        places.firstIndex(of: .probe(UserKey(userId))).map { Int(places[$0].seq) }
    }

    private mutating func append(_ userId: String) -> Int {
        let seq = line.append(true)
        precondition(seq < Int(Int32.max), "a waiting room's join sequence fits in Int32")
        let user = UserKey(userId)
        userAtSeq.append(user)
        places.insert(Place(user: user, seq: Int32(seq)))
        return seq
    }

    /// The waiting buyer with the smallest sequence (a set bit of `line`), nil when none waits.
    private mutating func nextWaiting() -> (Int, UserKey)? {
        guard let seq = line.firstSet(from: nextSeqToAdmit) else {
            nextSeqToAdmit = line.count
            return nil
        }
        nextSeqToAdmit = seq
        return (seq, userAtSeq[seq])
    }

    private mutating func openIfDue(_ now: Date) -> [QueueEvent] {
        guard !isOpen, now >= policy.saleOpensAt else { return [] }
        isOpen = true
        let order = Self.shuffled(preQueue, key: shuffleKey)
        preQueue = []
        preQueued = []
        for userId in order { _ = append(userId) }
        return [.opened(order: order)]
    }

    /// The published pre-queue order: ascending by `key(userId)`, ties by user id. Anyone with the
    /// revealed seed and the list of pre-queue ids can recompute it.
    public static func shuffled(_ users: [String], key: (String) -> String) -> [String] {
        users.map { (key($0), $0) }.sorted { $0 < $1 }.map(\.1)
    }
}
