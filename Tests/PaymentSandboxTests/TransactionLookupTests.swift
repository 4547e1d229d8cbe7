import Foundation
import PaymentSandbox
import Synchronization
import Testing
import TicketingServer

/// `GET /v1/transactions`, the lookup Toss offers for reconciling its records with ours.
@Suite("Sandbox transactions lookup")
struct TransactionLookupTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let current = Mutex(SandboxHarness.now)
        func now() -> Date { current.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
    }

    private static func start(clock: ManualClock) async throws -> SandboxHarness {
        let sandbox = try PaymentSandbox(directory: nil, options: SandboxHarness.options, clock: { clock.now() })
        let server = try PaymentSandboxServer(sandbox: sandbox)
        try await server.start()
        return SandboxHarness(server: server, sandbox: sandbox, port: try await server.port(), prefix: "", directory: nil)
    }

    private func list(_ sandbox: SandboxHarness, _ query: String, expect status: Int = 200,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> [StrictTransaction] {
        let response = try await sandbox.raw("GET", "/v1/transactions?" + query,
                                             headers: ["Authorization": TossConformanceTests.basic])
        #expect(response.status == status, "\(String(decoding: response.body, as: UTF8.self))", sourceLocation: sourceLocation)
        guard status == 200 else { return [] }
        return try JSONDecoder().decode([StrictTransaction].self, from: response.body)
    }

    @Test func approvalsAndCancelsAreListedByTimeWithPaging() async throws {
        let clock = ManualClock()
        let sandbox = try await Self.start(clock: clock)
        defer { Task { await sandbox.stop() } }
        let gateway = try sandbox.gateway()
        func charge(_ amount: Int) async throws -> (orderId: String, key: String) {
            let orderId = newOrderId()
            let key = try await sandbox.checkout(orderId: orderId, amount: amount, card: Card.approve)
            _ = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: amount, idempotencyKey: "c-\(orderId)")
            return (orderId, key)
        }
        // 12:00 KST A is charged; 13:00 B; 14:00 part of B refunded; 15:00 C charged and refunded.
        let a = try await charge(10_000)
        clock.advance(3600)
        let b = try await charge(20_000)
        clock.advance(3600)
        _ = try await gateway.cancel(paymentKey: b.key, amount: 5_000, reason: "part", idempotencyKey: "rb")
        clock.advance(3600)
        let c = try await charge(30_000)
        _ = try await gateway.cancel(paymentKey: c.key, reason: "all", idempotencyKey: "rc")
        _ = try await sandbox.checkout(orderId: newOrderId(), amount: 1_000, card: Card.approve)  // never charged

        let window = "startDate=2026-05-15T11:59:00&endDate=2026-05-15T14:30:00.000"
        let listed = try await list(sandbox, window)
        #expect(listed.map(\.paymentKey) == [a.key, b.key, b.key])
        #expect(listed.map(\.status) == [.DONE, .DONE, .PARTIAL_CANCELED])
        #expect(listed.map(\.amount) == [10_000, 20_000, 5_000])
        #expect(listed.map(\.transactionAt.date) == [SandboxHarness.now, SandboxHarness.now + 3600, SandboxHarness.now + 7200])
        #expect(Set(listed.map(\.transactionKey)).count == 3)
        #expect(listed.allSatisfy { $0.mId == "qticket" && $0.currency == "KRW" && $0.customerKey == nil })

        let all = try await list(sandbox, "startDate=2026-05-15T00:00:00&endDate=2026-05-15T23:59:59.999")
        #expect(all.map(\.status) == [.DONE, .DONE, .PARTIAL_CANCELED, .DONE, .CANCELED])
        #expect(all.last?.orderId == c.orderId && all.last?.amount == 30_000)

        let first = try await list(sandbox, window + "&limit=2")
        #expect(first.map(\.transactionKey) == Array(listed.prefix(2)).map(\.transactionKey))
        let next = try await list(sandbox, window + "&limit=2&startingAfter=\(first[1].transactionKey)")
        #expect(next.map(\.transactionKey) == [listed[2].transactionKey])
        #expect(try await list(sandbox, window + "&startingAfter=\(listed[2].transactionKey)").isEmpty)

        // The client reads the same records with Korean-time dates it formats itself.
        let viaClient = try await gateway.transactions(from: SandboxHarness.now - 60, through: SandboxHarness.now + 9000,
                                                       startingAfter: nil, limit: 100)
        #expect(viaClient.map(\.transactionKey) == listed.map(\.transactionKey))
        #expect(viaClient.map(\.status) == [.done, .done, .partialCanceled])
    }

    /// The query carries milliseconds; a charge made within the millisecond the window ends in
    /// must still be in it (CI: the stray-charge sweep missed a charge made just before it ran,
    /// its end time truncated to before the charge).
    @Test func aWindowEndingTheInstantOfAChargeListsIt() async throws {
        let clock = ManualClock()
        clock.advance(0.000_456_7)
        let sandbox = try await Self.start(clock: clock)
        defer { Task { await sandbox.stop() } }
        let gateway = try sandbox.gateway()
        let orderId = newOrderId()
        let key = try await sandbox.checkout(orderId: orderId, amount: 10_000, card: Card.approve)
        _ = try await gateway.confirm(paymentKey: key, orderId: orderId, amount: 10_000, idempotencyKey: "c-\(orderId)")
        let listed = try await gateway.transactions(from: clock.now().addingTimeInterval(-60), through: clock.now(),
                                                    startingAfter: nil, limit: 10)
        #expect(listed.map(\.paymentKey) == [key])
    }

    @Test func badQueriesAreRefusedLikeToss() async throws {
        let sandbox = try await Self.start(clock: ManualClock())
        defer { Task { await sandbox.stop() } }
        _ = try await list(sandbox, "startDate=2026-05-15T00:00:00", expect: 400)
        _ = try await list(sandbox, "startDate=yesterday&endDate=2026-05-15T00:00:00", expect: 400)
        _ = try await list(sandbox, "startDate=2026-05-15T00:00:00&endDate=2026-05-16T00:00:00&limit=0", expect: 400)
        _ = try await list(sandbox, "startDate=2026-05-15T00:00:00&endDate=2026-05-16T00:00:00&limit=10001", expect: 400)
        let response = try await sandbox.raw("GET", "/v1/transactions?startDate=2026-05-15T00:00:00&endDate=2026-05-16T00:00:00&startingAfter=nope",
                                             headers: ["Authorization": TossConformanceTests.basic])
        #expect(response.status == 400 && String(decoding: response.body, as: UTF8.self).contains("INVALID_TRANSACTION_KEY"))
        let anonymous = try await sandbox.raw("GET", "/v1/transactions?startDate=2026-05-15T00:00:00&endDate=2026-05-16T00:00:00")
        #expect(anonymous.status == 401)
    }
}
