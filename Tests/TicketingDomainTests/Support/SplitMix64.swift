import Foundation

/// A tiny seeded generator (SplitMix64) so every random test replays exactly from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// The seeds a property test runs with: fixed so CI is repeatable. `QT_SEED=<n>` replays one
/// seed (the failing one is printed in every failure message and in the test case's argument).
enum Seeds {
    static func list(_ count: Int, salt: UInt64 = 0) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["QT_SEED"], let seed = UInt64(text) {
            return [seed]
        }
        var generator = SplitMix64(seed: 0x5EED_0000 &+ salt)
        return (0..<count).map { _ in generator.next() % 1_000_000_007 }
    }
}

/// A deterministic stand-in for the server's SHA-256(seed + user id) shuffle key: FNV-1a, hex.
func fnvHexKey(seed: String) -> @Sendable (String) -> String {
    { userId in
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (seed + ":" + userId).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A fixed instant to count test time from (no test reads the clock).
let epoch = Date(timeIntervalSince1970: 1_750_000_000)
