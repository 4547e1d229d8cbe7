import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol

@Suite("Coupon claims across a crash")
struct CouponCrashTests {
    /// Records answers as they arrive and SIGKILLs the server at the `killAt`-th, mid-rush.
    actor Tally {
        private let killAt: Int
        private let server: ChildServer
        private(set) var answered = 0
        private(set) var issued: [String: String] = [:]
        private(set) var pending: [String: String] = [:]
        private(set) var failures = 0

        init(killAt: Int, server: ChildServer) {
            self.killAt = killAt
            self.server = server
        }

        func record(buyer: String, _ result: Result<ClaimCouponResponse, any Error>) {
            switch result {
            case .success(let claim) where claim.status == .issued: issued[buyer] = claim.userCouponId
            case .success(let claim): pending[buyer] = claim.userCouponId
            case .failure(let error as APIError): Issue.record("unexpected refusal before sell-out: \(error)")
            case .failure: failures += 1
            }
            if case .success = result { answered += 1 }
            if answered == killAt { server.kill() }
        }
    }

    /// Buyers claim a few at a time against `qticketd` running as a child process (acks wait for
    /// their batch, so most say `issued`); the process is SIGKILLed after 40 answers. A server on
    /// the same data directory must hold every claim acknowledged as issued, never more than the
    /// stock, and, as buyers carry on, end with exactly the stock issued.
    @Test(.timeLimit(.minutes(1)))
    func claimsAcknowledgedAsIssuedSurviveASIGKILLMidRush() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ChildServer.binary.path),
                     "build qticketd first (swift build --build-tests)")
        let setup = try await TestServer.start()
        let (seller, _) = try await setup.signedUp("seller")
        let coupon = try await seller.createCoupon(CreateCouponRequest(name: "Crash test", kind: "fixed", amount: 1_000,
                                                                       totalQuantity: 100))
        let buyers = try await setup.buyers(150)
        await setup.stop()

        let (launched, reader) = try ChildServer.launch(dataDirectory: setup.dataDirectory, environment: [
            "QTICKET_COUPONS_CLAIM_ACK_WAIT_MS": "500", "QTICKET_LOG_LEVEL": "critical",
        ])
        defer { launched.kill() }
        let line = try #require(await reader.firstLine(), "qticketd printed no listening line")
        let port = try #require(line.split(separator: ":").last.flatMap { UInt16($0) }, "bad line: \(line)")
        let child = launched.with(port: port)

        let tally = Tally(killAt: 40, server: child)
        let workers = 12
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for buyer in buyers.enumerated().filter({ $0.offset % workers == worker }).map(\.element) {
                        let api = APIClient(host: "127.0.0.1", port: child.port, token: buyer.auth.token, timeout: 30)
                        let result = await Result { try await api.claimCoupon(coupon.id) }
                        await tally.record(buyer: buyer.auth.user.id, result)
                    }
                }
            }
        }
        await child.waitForExit()
        let issued = await tally.issued
        let answered = await tally.answered
        #expect(answered < buyers.count, "the kill must land mid-rush")
        try #require(!issued.isEmpty, "no claim was acknowledged as issued before the kill; nothing was tested")

        let after = try await TestServer.start(dataDirectory: setup.dataDirectory)
        defer { Task { await after.stop() } }
        let log = try #require(try await after.server.storage.couponStock(couponId: coupon.id))
        for (buyer, id) in issued {
            #expect(log.claimants[buyer] == id, "claim \(id) was acknowledged as issued and then lost")
        }
        #expect(log.claimants.count <= 100)
        #expect(try await after.client().coupons().coupons.first?.remaining == 100 - log.claimants.count)

        // Everyone tries again: earlier winners keep theirs, the rest share what is left, exactly.
        let again = await withTaskGroup(of: CouponClaimAudit.Attempt.self) { group in
            for buyer in buyers {
                let api = APIClient(host: "127.0.0.1", port: after.port, token: buyer.auth.token)
                group.addTask { CouponClaimAudit.Attempt(buyer: buyer.auth.user.id, outcome: await claimOutcome(api, coupon.id)) }
            }
            return await group.reduce(into: [CouponClaimAudit.Attempt]()) { $0.append($1) }
        }
        for attempt in again where log.claimants[attempt.buyer] != nil {
            #expect(attempt.outcome == .alreadyClaimed)
        }
        await after.server.flushCoupons()
        let final = try #require(try await after.server.storage.couponStock(couponId: coupon.id))
        #expect(final.claimants.count == 100)
        #expect(again.filter { if case .won = $0.outcome { true } else { false } }.count == 100 - log.claimants.count)
        #expect(again.allSatisfy { if case .unexpected = $0.outcome { false } else { true } })
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
