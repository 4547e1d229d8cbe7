import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A detached tmux session on a private socket: start a command in a pane of a given size,
/// type into it, and read the screen back as text.
struct TmuxSession {
    let socket = "qticket-e2e-\(UUID().uuidString.prefix(8))"
    let name = "e2e"

    static var available: Bool { executable("tmux") != nil }

    static func executable(_ name: String) -> URL? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The built `qticket` beside the test bundle, where `swift build --build-tests` puts it.
    static var qticket: URL? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [beside, beside.deletingLastPathComponent()].map { $0.appendingPathComponent("qticket") }
            + [URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/qticket")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        guard let tmux = Self.executable("tmux") else { throw TmuxError(message: "tmux is not installed") }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: log) }
        let status = try Self.spawnAndWait(tmux.path, ["-u", "-L", socket] + arguments, output: log.path)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw TmuxError(message: "tmux \(arguments.joined(separator: " ")) failed (\(status)): \(text)")
        }
        return text
    }

    /// Runs a program with every descriptor above stderr closed in the child. The first tmux
    /// command forks the tmux server, which would otherwise keep whatever this test process has
    /// open: Foundation's exit-watch socket for `Process` (so `waitUntilExit` never returns) and
    /// the listening sockets of test servers (so a stopped server's port stays taken). Glibc's
    /// closefrom spawn action is not visible to Swift, so bash closes them before exec.
    static func spawnAndWait(_ program: String, _ arguments: [String], output: String) throws -> Int32 {
        let closeAll = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#
        let path = "/bin/bash"
        let arguments = ["-c", closeAll, program] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = (["bash"] + arguments).map { strdup($0) } + [nil]
        let env: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + env).forEach { free($0) } }
        // The test runner blocks nearly every signal in its threads and a spawned child keeps
        // that mask: the tmux server then never takes the SIGTERM `kill-server` sends it, and its
        // panes (the client under test) outlive the test. Start it with nothing blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, env)
        guard spawned == 0 else { throw TmuxError(message: "cannot start \(path): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }

    /// Runs `command` in a new session; when it ends the pane shows its exit status and stays.
    func start(_ command: String, width: Int, height: Int) throws {
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "\(command); echo \"exit status $?\"; sleep 60"])
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Polls the screen until `condition` holds; returns the last screen either way.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 15, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(last)")
        return last
    }

    @discardableResult
    func waitFor(_ text: String, seconds: Double = 15) async throws -> String {
        try await waitFor("\"\(text)\"", seconds: seconds) { $0.contains(text) }
    }

    func kill() {
        _ = try? tmux(["kill-server"])
    }
}

struct TmuxError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
