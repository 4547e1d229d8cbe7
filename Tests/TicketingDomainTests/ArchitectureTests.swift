import Foundation
import Testing

/// docs/ARCHITECTURE.md is only useful while its paths are real, and the module graph it draws
/// only while the server stays off the client module.
@Suite("Architecture document and module boundaries")
struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Repository paths the document cites in backticks.
    static func citedPaths(in text: String) throws -> [String] {
        let pattern = try Regex(#"`((?:Sources|Tests|docs|Assets|\.ci)/[^`\s]+)`"#)
        return text.matches(of: pattern).compactMap { match in match.output[1].substring.map(String.init) }
    }

    /// The quoted names inside a target's `dependencies: [...]`, brackets matched.
    static func dependencies(of target: String, in manifest: String) -> [String]? {
        guard let start = manifest.range(of: "(name: \"\(target)\", dependencies: [") else { return nil }
        var depth = 1
        var index = start.upperBound
        while depth > 0, index < manifest.endIndex {
            if manifest[index] == "[" { depth += 1 }
            if manifest[index] == "]" { depth -= 1 }
            index = manifest.index(after: index)
        }
        return manifest[start.upperBound..<index].split(separator: "\"", omittingEmptySubsequences: false)
            .enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test func everyPathInTheArchitectureDocumentExists() throws {
        let text = try String(contentsOf: Self.root.appending(path: "docs/ARCHITECTURE.md"), encoding: .utf8)
        let paths = try Self.citedPaths(in: text)
        // The rule table alone cites more than this; fewer means the pattern stopped matching.
        #expect(paths.count >= 20)
        let missing = paths.filter { !FileManager.default.fileExists(atPath: Self.root.appending(path: $0).path) }
        #expect(missing.isEmpty, "docs/ARCHITECTURE.md cites missing paths: \(missing)")
    }

    @Test func citedPathsAreFoundAndMissingOnesReported() throws {
        let sample = "see `Sources/Nowhere/Gone.swift` and `docs/ARCHITECTURE.md`, not `qticket` or Sources/bare"
        #expect(try Self.citedPaths(in: sample) == ["Sources/Nowhere/Gone.swift", "docs/ARCHITECTURE.md"])
        #expect(!FileManager.default.fileExists(atPath: Self.root.appending(path: "Sources/Nowhere/Gone.swift").path))
    }

    @Test func theServerDoesNotDependOnTheClientModule() throws {
        let manifest = try String(contentsOf: Self.root.appending(path: "Package.swift"), encoding: .utf8)
        let server = try #require(Self.dependencies(of: "TicketingServer", in: manifest))
        #expect(server.contains("TicketingNet"))
        #expect(!server.contains("TicketingClient"))
        let sources = Self.root.appending(path: "Sources/TicketingServer")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 10)
        let importing = try files.filter { file in
            try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                .contains { $0.hasPrefix("import TicketingClient") || $0.hasPrefix("@testable import TicketingClient") }
        }
        #expect(importing.isEmpty, "server files import TicketingClient: \(importing.map(\.lastPathComponent))")
    }

    @Test func dependencyListsAreReadWithNestedBrackets() {
        let manifest = """
            .target(name: "A", dependencies: ["B", .product(name: "C", package: "D"), "TicketingClient"]),
            .target(name: "E", dependencies: []),
            """
        #expect(Self.dependencies(of: "A", in: manifest) == ["B", "C", "D", "TicketingClient"])
        #expect(Self.dependencies(of: "E", in: manifest) == [])
        #expect(Self.dependencies(of: "F", in: manifest) == nil)
    }
}
