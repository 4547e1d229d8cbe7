import Foundation
import TicketingDomain

/// The package's `Assets` folder, found from this file so tests run from any working directory.
enum Assets {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // TicketingDomainTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Assets")

    static func hallPath(_ fileName: String) -> String {
        root.appendingPathComponent("halls").appendingPathComponent(fileName).path
    }

    static let catalogURL = root.appendingPathComponent("catalog").appendingPathComponent("demo.json")

    static let hallFileNames = ["theatre.hall", "concert-hall.hall", "arena.hall"]
}

/// Runs `body` and returns the problems it threw, or nil when it did not throw.
func problems(_ body: () throws(ValidationError) -> Void) -> [String]? {
    do {
        try body()
        return nil
    } catch {
        return error.problems
    }
}
