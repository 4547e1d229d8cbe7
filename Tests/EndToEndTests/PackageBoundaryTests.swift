import Foundation
import Testing

/// The terminal client links no server: `qticket` reaches `qticketd` over the wire only (its demo
/// runs `qticketd demo` as a child). Read from the manifest SwiftPM itself evaluates, so any path
/// by which Package.swift gives qticket a server or storage module, directly or through another
/// target, fails here.
@Suite("Package boundaries", .enabled(if: SwiftTool.path != nil))
struct PackageBoundaryTests {
    static let forbiddenTargets: Set<String> = ["TicketingServer", "TicketingStorage", "PaymentSandbox"]
    static let forbiddenProducts: Set<String> = ["GRDB", "Prometheus", "FlyingFox"]

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every target and product `target` builds on, following target dependencies transitively
    /// (`dump-package` names them `byName`, `target` or `product`).
    static func closure(of target: String, in manifest: [String: Any]) throws -> (targets: Set<String>, products: Set<String>) {
        let targets = try #require(manifest["targets"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: targets.compactMap { entry in
            (entry["name"] as? String).map { ($0, entry) }
        })
        var seen: Set<String> = []
        var products: Set<String> = []
        var queue = [target]
        while let name = queue.popLast() {
            guard seen.insert(name).inserted, let entry = byName[name] else { continue }
            for dependency in entry["dependencies"] as? [[String: Any]] ?? [] {
                for (kind, value) in dependency {
                    guard let name = (value as? [Any])?.first as? String else { continue }
                    if kind == "product" || (kind == "byName" && byName[name] == nil) {
                        products.insert(name)
                    } else {
                        queue.append(name)
                    }
                }
            }
        }
        return (seen, products)
    }

    /// The manifest as SwiftPM evaluates it. Run on a copy of Package.swift in a folder of its
    /// own: `swift test` holds the lock of this package's `.build`, which any `swift package`
    /// command run here would wait for.
    static func manifest() async throws -> [String: Any] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Package.swift"),
                                         to: folder.appendingPathComponent("Package.swift"))
        let output = folder.appendingPathComponent("manifest.json")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(SwiftTool.path))
        process.arguments = ["package", "dump-package"]
        process.currentDirectoryURL = folder
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume() }
        }
        try handle.close()
        #expect(process.terminationStatus == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output))
        return try #require(json as? [String: Any])
    }

    @Test(.timeLimit(.minutes(1)))
    func theTerminalClientLinksNoServerOrStorage() async throws {
        let description = try await Self.manifest()
        let client = try Self.closure(of: "qticket", in: description)
        #expect(client.targets.contains("TerminalApp") && client.targets.contains("TicketingClient"))
        #expect(client.targets.isDisjoint(with: Self.forbiddenTargets), "qticket builds on \(client.targets.sorted())")
        #expect(client.products.isDisjoint(with: Self.forbiddenProducts), "qticket builds on \(client.products.sorted())")
        // The control: the same walk finds the server and its store under qticketd.
        let daemon = try Self.closure(of: "qticketd", in: description)
        #expect(daemon.targets.isSuperset(of: ["TicketingServer", "TicketingStorage"]))
        #expect(daemon.products.contains("GRDB"))
    }
}

/// The `swift` driver on PATH (the tests run under it, so it is there unless PATH was emptied).
enum SwiftTool {
    static var path: String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
