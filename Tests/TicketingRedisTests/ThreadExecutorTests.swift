import ConnectionPooling
import Foundation
import Synchronization
import Testing

/// An actor that blocks the way hiredis and libpq do, on its own thread.
private actor Blocker {
    private let executor = ThreadExecutor(name: "blocker")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    func block(on gate: DispatchSemaphore, arrived: Counter) -> Bool {
        arrived.increment()
        gate.wait()
        return executor.isCurrentThread
    }

    func onOwnThread() -> Bool { executor.isCurrentThread }

    static let probe = ThreadExecutor(name: "probe")
}

@Suite("Blocking calls run on their connection's thread")
struct ThreadExecutorTests {
    /// Eight actors block at once, more than the cooperative pool has threads. If their blocking
    /// ran there, nothing could run the task that releases them and this test would hang.
    @Test func blockedConnectionsLeaveTheCooperativePoolFree() async throws {
        let gate = DispatchSemaphore(value: 0)
        let arrived = Counter()
        let blockers = (0..<8).map { _ in Blocker() }
        let onOwnThreads = try await withThrowingTaskGroup(of: Bool.self) { group in
            for blocker in blockers { group.addTask { await blocker.block(on: gate, arrived: arrived) } }
            while arrived.value < blockers.count { await Task.yield() }
            for _ in blockers { gate.signal() }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(onOwnThreads == Array(repeating: true, count: 8))
    }

    @Test func everyCallOfOneActorRunsOnTheSameThread() async {
        let blocker = Blocker()
        for _ in 0..<20 { #expect(await blocker.onOwnThread()) }
        #expect(Blocker.probe.isCurrentThread == false, "not on the test's thread")
    }
}
