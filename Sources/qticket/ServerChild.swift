import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// `qticketd demo --controlled` as a child of this process: its stdin is a pipe we hold (closing
/// it stops the server, and so does our death, since the kernel closes it then), its stdout
/// gives us lines. It runs in a process group of its own, so the terminal's Ctrl-C reaches only
/// us and we stop it in order.
final class ServerChild: Sendable {
    let pid: pid_t
    private let input: Int32
    private let lines: LineQueue

    /// `qticketd` beside this program (a build or an install puts them together), else on PATH.
    static func locate(explicit: String?, executable: URL,
                       environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit { return explicit }
        let beside = executable.deletingLastPathComponent().appendingPathComponent("qticketd").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let paths = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/qticketd" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(executable: String, arguments: [String]) throws {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else { throw DemoError("cannot create a pipe: errno \(errno)") }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            throw DemoError("cannot create a pipe: errno \(errno)")
        }
        // Only the child's ends cross into it (as 0, 1 and 2); no other program we start may
        // hold our end of its input open, or the server would outlive us.
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        // Until it has a log of its own, a failing start explains itself on the same pipe.
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let env: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, &attributes, argv, env)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw DemoError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        pid = child
        input = toChild[1]
        lines = LineQueue(fd: fromChild[0])
    }

    /// The next line the child prints that starts with `prefix` (other lines are kept for
    /// `transcript`), or nil if it ended or `seconds` passed first.
    func line(startingWith prefix: String, within seconds: Double) async -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let line = lines.take(prefix: prefix) { return String(line.dropFirst(prefix.count)) }
            if lines.ended { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// What the child printed that nobody asked for: its error when it failed to start.
    var transcript: String { lines.leftovers }

    func send(_ line: String) {
        let data = Array((line + "\n").utf8)
        _ = data.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
    }

    /// Closes its input (it stops gracefully and removes its temporary data), then waits; a
    /// child that does not end within `grace` seconds gets SIGTERM, then SIGKILL.
    func stop(grace: Double = 5) async -> Int32 {
        close(input)
        for signalNumber in [0, SIGTERM, SIGKILL] {
            if signalNumber != 0 { kill(pid, signalNumber) }
            let deadline = ContinuousClock.now + .seconds(grace)
            while ContinuousClock.now < deadline {
                var status: Int32 = 0
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid || (reaped == -1 && errno == ECHILD) { return status }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        return -1
    }
}

/// Lines read from a descriptor on a thread of their own, kept until someone takes them.
final class LineQueue: Sendable {
    private struct Buffer {
        var lines: [String] = []
        var ended = false
    }
    private let state = Mutex(Buffer())

    init(fd: Int32) {
        let thread = Thread { [self] in
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4_096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending += chunk[0..<count]
                while let newline = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    self.state.withLock { $0.lines.append(line) }
                }
            }
            close(fd)
            self.state.withLock {
                if !pending.isEmpty { $0.lines.append(String(decoding: pending, as: UTF8.self)) }
                $0.ended = true
            }
        }
        thread.name = "qticket-demo-child"
        thread.start()
    }

    var ended: Bool { state.withLock { $0.ended } }
    var leftovers: String { state.withLock { $0.lines.joined(separator: "\n") } }

    func take(prefix: String) -> String? {
        state.withLock { buffer in
            guard let at = buffer.lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return nil }
            return buffer.lines.remove(at: at)
        }
    }
}

struct DemoError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
