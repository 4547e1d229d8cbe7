import Foundation

/// Wall-clock source injected into services; tests replace it to move time.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public static let system = WallClock { Date() }

    public func now() -> Date { read() }
}
