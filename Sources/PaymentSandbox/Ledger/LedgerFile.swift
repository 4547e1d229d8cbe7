import Foundation

/// The sandbox ledger on disk: an append-only JSON-lines file. Each line is the latest state of
/// one payment or one finished idempotent reply; loading replays the lines, so the last line
/// for a payment wins. Appends go straight to the file descriptor (no user-space buffer), so a
/// restarted process sees every line a previous one wrote.
struct LedgerFile {
    struct Line: Codable {
        var payment: SandboxPayment?
        var reply: StoredReply?
    }

    struct Contents {
        var payments: [String: SandboxPayment] = [:]
        var replies: [String: StoredReply] = [:]
    }

    static let fileName = "payment-sandbox.jsonl"

    let url: URL
    private let handle: FileHandle

    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent(Self.fileName)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        handle = try FileHandle(forUpdating: url)
        try handle.seekToEnd()
    }

    /// Reads every line; a final line cut short by a crash is ignored, anything else unreadable
    /// is an error (a silently shortened ledger could charge an order twice).
    func load() throws -> Contents {
        let data = try Data(contentsOf: url)
        var contents = Contents()
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() {
            do {
                let entry = try decoder.decode(Line.self, from: Data(line))
                if let payment = entry.payment { contents.payments[payment.paymentKey] = payment }
                if let reply = entry.reply { contents.replies[reply.scope] = reply }
            } catch {
                let isTornTail = index == lines.count - 1 && data.last != UInt8(ascii: "\n")
                if !isTornTail { throw error }
            }
        }
        return contents
    }

    func append(_ line: Line) throws {
        var data = try JSONEncoder().encode(line)
        data.append(UInt8(ascii: "\n"))
        try handle.write(contentsOf: data)
    }

    func close() {
        try? handle.close()
    }
}
