import TestSupport
import Foundation
import Testing
import TicketingDomain

/// Random joins, leaves, ticks, disconnects and completions against `NaiveWaitingRoom`; after
/// every step every buyer's status must match the plain list exactly.
@Suite struct WaitingRoomModelTests {
    @Test(arguments: DomainSeeds.list(8, salt: 3))
    func unlimitedRateMatchesTheModel(seed: UInt64) throws { try run(seed: seed, fast: true) }

    @Test(arguments: DomainSeeds.list(8, salt: 4))
    func slowRateMatchesTheModel(seed: UInt64) throws { try run(seed: seed, fast: false) }

    private struct Tick { var time: Date; var admitted: Int }

    private func run(seed: UInt64, fast: Bool) throws {
        var rng = SplitMix64(seed: seed)
        let opensIn = rng.chance(0.6) ? Double(Int.random(in: 1...40, using: &rng)) : -10
        let policy = QueuePolicy(
            ratePerSecond: fast ? 1_000_000 : [0.5, 1, 2, 3].randomElement(using: &rng)!,
            maxActive: Int.random(in: 1...4, using: &rng),
            admissionTTL: Double(Int.random(in: 3...15, using: &rng)),
            maxSeatsPerOrder: Int.random(in: 1...4, using: &rng),
            saleOpensAt: epoch.addingTimeInterval(opensIn),
            disconnectGrace: Double(Int.random(in: 2...8, using: &rng)))
        let key = fnvHexKey(seed: "seed-\(seed)")
        var room = WaitingRoom(policy: policy, shuffleKey: key)
        var model = NaiveWaitingRoom(policy: policy, key: key)
        let users = (0..<14).map { "u\($0)" }
        var now = epoch
        var inventory = InventoryLevel(available: 12, held: 0)
        var ticks: [Tick] = []
        var nextSeq = 0
        var admittedSoFar = 0

        for step in 0..<600 {
            now = now.addingTimeInterval(0.05 * Double(Int.random(in: 1...24, using: &rng)))
            let user = users.randomElement(using: &rng)!
            let roll = Int.random(in: 0..<100, using: &rng)
            let at = "seed \(seed) step \(step) t+\(now.timeIntervalSince(epoch)) \(policy)"
            switch roll {
            case 0..<35:
                let present = room.isAdmitted(user, now: now) || model.waiting.contains(user)
                    || model.preQueue.contains(user)
                let preQueued = !present && !model.isOpen && now < policy.saleOpensAt
                let opened = model.join(user, now: now)
                let events = room.join(user, now: now)
                var expected: [QueueEvent] = []
                if preQueued { expected = [.preQueued(userId: user, joinedAt: now)] }
                if !present && !preQueued {
                    if let opened { expected.append(.opened(order: opened)) }
                    nextSeq += opened?.count ?? 0
                    expected.append(.joined(userId: user, seq: nextSeq, joinedAt: now))
                    nextSeq += 1
                }
                try #require(events == expected, "join \(user): \(at)")
            case 35..<45:
                let expected: [QueueEvent] = switch model.leave(user) {
                case .waiting, .preQueue: [.left(userId: user)]
                case .admitted: [.admissionEnded(userId: user)]
                case .none: []
                }
                try #require(room.leave(user) == expected, "leave \(user): \(at)")
            case 45..<50:
                let expected: [QueueEvent] = model.complete(user) ? [.admissionEnded(userId: user)] : []
                try #require(room.complete(user) == expected, "complete \(user): \(at)")
            case 50..<58:
                model.disconnected(user, now: now)
                room.disconnected(user, now: now)
            case 58..<61:
                model.disconnectedAt[user] = nil
                room.reconnected(user)
            case 61..<67:
                inventory = rng.chance(0.3) ? InventoryLevel(available: 0, held: 0)
                    : InventoryLevel(available: Int.random(in: 0...20, using: &rng),
                                     held: Int.random(in: 0...4, using: &rng))
            default:
                let (ended, left, opened) = model.tickBeforeAdmission(now: now)
                let waitingBefore = model.waiting
                let free = policy.maxActive - model.admitted.count
                let events = room.tick(now: now, inventory: inventory)
                let admitted = events.admittedUsers
                try #require(Set(events.endedUsers) == ended, "ended: \(at)")
                try #require(Set(events.leftUsers) == left, "dropped after grace: \(at)")
                try #require(events.openedOrders == (opened.map { [$0] } ?? []), "opening: \(at)")
                try #require(events.count == ended.count + left.count + (opened == nil ? 0 : 1) + admitted.count,
                             "no duplicate events: \(at)")
                nextSeq += opened?.count ?? 0
                try #require(admitted == Array(waitingBefore.prefix(admitted.count)), "admission order: \(at)")
                try #require(admitted.count <= max(0, free), "maxActive \(policy.maxActive): \(at)")
                try #require(events.admissionExpiries.allSatisfy { $0 == now.addingTimeInterval(policy.admissionTTL) },
                             "admission expiry: \(at)")
                try #require(admitted.count <= inventory.available, "one admission per free seat: \(at)")
                let canAdmit = model.isOpen && inventory.available > 0 && free > 0 && !waitingBefore.isEmpty
                if fast, canAdmit, !ticks.isEmpty {
                    try #require(admitted.count == min(waitingBefore.count, free, inventory.available),
                                 "admits all it may: \(at)")
                }
                if !fast {
                    let rate = policy.ratePerSecond
                    try #require(Double(admitted.count) <= max(1, rate), "at most a second of credit: \(at)")
                    if canAdmit, let last = ticks.last, now.timeIntervalSince(last.time) * rate >= 1 {
                        try #require(admitted.count >= 1, "a second's credit admits someone: \(at)")
                    }
                    var inWindow = admitted.count
                    for earlier in ticks.reversed() {
                        let bound = max(1, rate) + rate * now.timeIntervalSince(earlier.time) + 1e-9
                        try #require(Double(inWindow) <= bound, "rate since t+\(earlier.time.timeIntervalSince(epoch)): \(at)")
                        inWindow += earlier.admitted
                    }
                    if let first = ticks.first {
                        let bound = rate * now.timeIntervalSince(first.time) + 1e-9
                        try #require(Double(admittedSoFar + admitted.count) <= bound, "total rate: \(at)")
                    } else {
                        try #require(admitted.isEmpty, "the first tick has no credit yet: \(at)")
                    }
                }
                _ = model.admit(admitted.count, now: now)
                admittedSoFar += admitted.count
                ticks.append(Tick(time: now, admitted: admitted.count))
            }
            try verify(room, model, users: users, now: now, inventory: inventory, at: at)
        }
        #expect(admittedSoFar > 0, "the run admitted someone (seed \(seed))")
    }

    private func verify(_ room: WaitingRoom, _ model: NaiveWaitingRoom, users: [String], now: Date,
                        inventory: InventoryLevel, at: String) throws {
        try #require(room.isOpen == model.isOpen, "open: \(at)")
        try #require(room.waitingCount == model.waiting.count + model.preQueue.count, "waitingCount: \(at)")
        try #require(room.activeCount == model.admitted.count, "activeCount: \(at)")
        try #require(model.admitted.values.filter { $0 > now }.count <= room.policy.maxActive, "maxActive: \(at)")
        var etaByAhead: [(ahead: Int, eta: Int)] = []
        for user in users {
            let actual = room.status(of: user, now: now, inventory: inventory)
            let expected = model.expectedStatus(of: user, now: now, inventory: inventory)
            try #require((actual == nil) == (expected == nil), "\(user) present: \(at)")
            guard var actual, let expected else { continue }
            let eta = actual.etaSeconds
            actual.etaSeconds = nil
            try #require(actual == expected, "\(user) status: \(at)")
            try #require(room.isAdmitted(user, now: now) == (expected.state == .admitted), "\(user) admitted: \(at)")
            if expected.state == .admitted {
                try #require(eta == 0, "\(user) eta when admitted: \(at)")
            } else if let ahead = expected.ahead {
                let eta = try #require(eta, "\(user) has an eta: \(at)")
                try #require(ahead == 0 ? eta == 0 : eta >= 1, "\(user) eta \(eta) for ahead \(ahead): \(at)")
                etaByAhead.append((ahead, eta))
            }
        }
        let etas = etaByAhead.sorted { $0.ahead < $1.ahead }.map(\.eta)
        try #require(etas == etas.sorted(), "eta grows with ahead \(etaByAhead): \(at)")
    }
}
