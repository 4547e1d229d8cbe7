import Foundation

/// A seeded generator so a failing property run replays from the seed in its message.
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

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// Fixed seeds so CI repeats itself; `QT_SEED=<n>` replays one.
enum Seeds {
    static func list(_ count: Int, salt: UInt64 = 0) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["QT_SEED"], let seed = UInt64(text) { return [seed] }
        var generator = SplitMix64(seed: 0x5E77_1E00 &+ salt)
        return (0..<count).map { _ in generator.next() % 1_000_000_007 }
    }
}
