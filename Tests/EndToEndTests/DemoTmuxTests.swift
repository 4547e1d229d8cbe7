import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TicketingClient
import TicketingProtocol
import TicketingServer

/// `qticket demo` as a newcomer runs it: from a folder that is not the source tree, log in, find
/// the rush in the list, stand in a real line with a rank, quit — and leave nothing behind.
@Suite("qticket demo in tmux", .enabled(if: TmuxSession.available && TmuxSession.qticket != nil))
struct DemoTmuxTests {
    @Test(.timeLimit(.minutes(3)))
    func fromAnotherFolderLoginWaitInLineAndQuitCleanly() async throws {
        let binary = try #require(TmuxSession.qticket)
        let workdir = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-demo-e2e-\(UUID().uuidString.prefix(8))")
        let scratch = workdir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workdir) }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        // A small crowd that arrives at once and a one-second countdown: by the time this buyer
        // joins, the sale is open and hundreds stand ahead.
        try tmux.start("cd \(workdir.path) && TMPDIR=\(scratch.path) \(binary.path) demo --bots 600 --countdown 1 --arrival 2",
                       width: 100, height: 30)
        let login = try await tmux.waitFor("Welcome to QueueTicket", seconds: 90)
        let port = try #require(login.firstMatch(of: /Server http:\/\/127\.0\.0\.1:(\d+)/).flatMap { UInt16($0.1) })
        let log = try #require(login.firstMatch(of: /Server log: (\S+)/).map { String($0.1) })
        let dataDirectory = URL(fileURLWithPath: log).deletingLastPathComponent().path
        #expect(dataDirectory.hasPrefix(scratch.path), "\(dataDirectory)")
        #expect(FileManager.default.fileExists(atPath: dataDirectory))
        #expect(Self.serverChildren(in: workdir).count == 1)

        try tmux.typeLogin(DemoLoader.buyerEmail)
        // The rush opens at login and is in the first list.
        try await tmux.waitFor("아이유 콘서트 2026")

        let api = APIClient(host: "127.0.0.1", port: port, timeout: 10)
        let rush = try #require(try await api.performances().performances.first { $0.title == "아이유 콘서트 2026" })
        let deadline = Date().addingTimeInterval(60)
        var stats = try await api.get("/v1/performances/\(rush.id)/queue", as: QueueStatsDTO.self)
        while !(stats.opened && stats.waiting >= 200), Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            stats = try await api.get("/v1/performances/\(rush.id)/queue", as: QueueStatsDTO.self)
        }
        #expect(stats.opened && stats.waiting >= 200, "\(stats)")

        // Soonest first: Jazz Night, Hamlet, Mahler, then the arena concert 30 days out.
        try tmux.send("j", "j", "j", "Enter")
        // The arena opens on its section overview; Enter zooms into the picked section's seats.
        try await tmux.waitFor("Enter zoom")
        try tmux.send("Enter")
        try await tmux.waitFor("Enter join")
        try tmux.send("Enter")
        let line = try await tmux.waitFor("a rank in the waiting room", seconds: 30) {
            // The crowd's figures come from their own request, a moment after the rank.
            $0.contains("Waiting room") && $0.firstMatch(of: /You are number [0-9,]+ in line/) != nil
                && $0.contains("seats left")
        }
        #expect(line.contains("people ahead of you"), "\(line)")

        try tmux.send("C-c")
        let end = try await tmux.waitFor("exit status", seconds: 30)
        #expect(end.contains("exit status 0"))
        #expect(!FileManager.default.fileExists(atPath: dataDirectory), "the demo's temporary data directory is left")
        #expect(Self.serverChildren(in: workdir).isEmpty, "a qticketd outlived the demo")
    }

    /// A client that dies without a word (SIGKILL, as a crash would) still takes its server along:
    /// the server's input was a pipe from the client, and the kernel closes it.
    @Test(.timeLimit(.minutes(2)))
    func aKilledClientLeavesNoServerBehind() async throws {
        let binary = try #require(TmuxSession.qticket)
        let workdir = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-demo-e2e-\(UUID().uuidString.prefix(8))")
        let scratch = workdir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workdir) }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        try tmux.start("cd \(workdir.path) && TMPDIR=\(scratch.path) \(binary.path) demo --bots 0", width: 100, height: 30)
        let login = try await tmux.waitFor("Welcome to QueueTicket", seconds: 90)
        let log = try #require(login.firstMatch(of: /Server log: (\S+)/).map { String($0.1) })
        let dataDirectory = URL(fileURLWithPath: log).deletingLastPathComponent().path
        let server = try #require(Self.serverChildren(in: workdir).first)
        let status = try String(contentsOfFile: "/proc/\(server)/status", encoding: .utf8)
        let parent = try #require(status.firstMatch(of: /PPid:\s+(\d+)/).flatMap { Int32($0.1) })
        #expect(kill(parent, SIGKILL) == 0)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !Self.serverChildren(in: workdir).isEmpty || FileManager.default.fileExists(atPath: dataDirectory) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(Self.serverChildren(in: workdir).isEmpty, "a qticketd outlived its killed client")
        #expect(!FileManager.default.fileExists(atPath: dataDirectory), "the demo's temporary data directory is left")
    }

    /// Processes running `qticketd` whose working directory is `folder` (the demo's child inherits it).
    static func serverChildren(in folder: URL) -> [String] {
        let target = folder.resolvingSymlinksInPath().path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
                  cwd == target,
                  let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.first.map { $0.hasSuffix("/qticketd") } ?? false
        }
    }
}
