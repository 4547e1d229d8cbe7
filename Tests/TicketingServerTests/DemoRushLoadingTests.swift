import Foundation
import Testing
import TicketingDomain
import TicketingServer
import TicketingStorage

/// `qticketd demo` holds the catalog's rush show back and opens it when someone logs in, so the
/// sale's countdown starts when a person is there to watch.
@Suite struct DemoRushLoadingTests {
    static let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Assets", isDirectory: true)

    @Test func theRushShowWaitsForItsOpeningAndOpensOnACountdown() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rush-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try Storage(directory: directory)
        let loadedAt = Date(timeIntervalSince1970: 1_800_000_000)
        let hasher = PasswordHasher(iterations: 1_000)
        let summary = try await DemoLoader.load(into: storage, assets: Self.assets, now: loadedAt, hasher: hasher,
                                                holdingBackRush: true)
        let rush = try #require(summary.rush)
        #expect(rush.entry.title == "아이유 콘서트 2026")
        #expect(!summary.performances.contains { $0.title == rush.entry.title })
        #expect(try await storage.performances().count == summary.performances.count)

        let login = loadedAt.addingTimeInterval(300)
        let opened = try await DemoLoader.openRush(rush, in: storage, countdown: 20, now: login)
        #expect(opened.saleOpensAt == login.addingTimeInterval(20))
        let record = try #require(try await storage.performance(id: opened.id))
        #expect(record.spec.title == rush.entry.title && record.spec.venueId == rush.venueId)

        // A reused data directory still offers a rush; an ordinary load holds nothing back.
        let again = try await DemoLoader.load(into: storage, assets: Self.assets, now: login, hasher: hasher,
                                              holdingBackRush: true)
        #expect(again.alreadyLoaded && again.rush?.venueId == rush.venueId)
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: plain) }
        let everything = try await DemoLoader.load(into: try Storage(directory: plain), assets: Self.assets,
                                                   now: loadedAt, hasher: hasher)
        #expect(everything.rush == nil && everything.performances.contains { $0.title == rush.entry.title })
    }
}
