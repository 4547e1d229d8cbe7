import Foundation
import TicketingDomain

/// The two servers (in this process or in a child) and how to load them.
struct Rig: Sendable {
    let baselinePort: UInt16
    let bench: BenchServer
    let child: ChildServer?
    let hall: Hall
    let duration: Duration
    private let stopAll: @Sendable () async -> Void

    static func inProcess(hall: String, seconds: Int) async throws -> Rig {
        let hall = try Hall.load(path: hall)
        let baseline = try await BaselineServer.start()
        let bench = try await BenchServer.start()
        return Rig(baselinePort: baseline.port, bench: bench, child: nil, hall: hall,
                   duration: .seconds(seconds)) {
            await bench.stop()
            await baseline.stop()
        }
    }

    /// `wrapper` runs the child under another command (a profiler), e.g. `valgrind --tool=callgrind`.
    static func child(hall: String, seconds: Int, wrapper: String? = nil) async throws -> Rig {
        // Before the child starts: a missing hall file must not leave a server running.
        let hall = try Hall.load(path: hall)
        let directory = BenchServer.temporaryDirectory("http")
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var command = [me, "serve", "--data", directory.path]
        if let wrapper { command = wrapper.split(separator: " ").map(String.init) + command }
        if !command[0].hasPrefix("/") {
            command[0] = Wrk.find(command[0]) ?? command[0]
        }
        let child = try await ChildServer.start(binary: command[0], arguments: Array(command.dropFirst()), listening: 2)
        let bench: BenchServer
        do {
            bench = try await BenchServer.attach(port: child.ports[0]) { await child.stop() }
        } catch {
            await child.stop()
            throw error
        }
        return Rig(baselinePort: child.ports[1], bench: bench, child: child, hall: hall,
                   duration: .seconds(seconds)) {
            await child.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    func stop() async { await stopAll() }

    /// `headers`: extra headers for the baseline requests (the route ignores them), so FlyingFox's
    /// per-byte header parsing can be matched to a server route's requests.
    func baselineRun(_ users: Int, headers: [String: String] = [:]) async -> LoadResult {
        note("baseline GET, \(users) users\(headers.isEmpty ? "" : ", with extra headers")")
        var get = BenchRequests.get(BaselineServer.path)
        get.headers.merge(headers) { $1 }
        let request = get
        let clients = await LoadDriver.connect(count: users, port: baselinePort, warmup: request)
        let result = await measured {
            await LoadDriver.run(clients: clients, duration: duration) { user, _ in
                _ = await user.send(request, kind: "baseline")
                return true
            }
        }
        await LoadDriver.close(clients)
        return result
    }

    func serverRun(_ name: String, users: Int, interval: Duration? = nil,
                   step: @escaping LoadDriver.Step) async -> LoadResult {
        note("\(name), \(users) users")
        let clients = await LoadDriver.connect(count: users, port: bench.port, warmup: BenchRequests.get("/health"))
        let result = await measured {
            await LoadDriver.run(clients: clients, duration: duration, interval: interval, step: step)
        }
        await LoadDriver.close(clients)
        return result
    }

    /// Adds the child's CPU time over the run, when the servers run in a child.
    private func measured(_ run: () async -> LoadResult) async -> LoadResult {
        let before = child?.cpuTime
        var result = await run()
        if let child, let before { result.serverCPU = child.cpuTime - before }
        return result
    }
}
