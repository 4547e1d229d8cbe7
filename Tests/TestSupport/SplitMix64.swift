import Foundation

@_exported import struct TicketingDomain.SplitMix64

/// Test spelling of the domain's generator: every random test replays exactly from its seed.
extension SplitMix64 {
    public init(seed: UInt64) { self.init(state: seed) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// The seeds a property test runs with: fixed so CI is repeatable. `QT_SEED=<n>` replays one
/// seed (the failing one is printed in every failure message and in the test case's argument).
public enum Seeds {
    /// `base` keeps each suite on the seed sequence its recorded failures refer to.
    public static func list(_ count: Int, base: UInt64, salt: UInt64 = 0) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["QT_SEED"], let seed = UInt64(text) {
            return [seed]
        }
        var generator = SplitMix64(seed: base &+ salt)
        return (0..<count).map { _ in generator.next() % 1_000_000_007 }
    }
}
