import Synchronization

/// Where randomness comes from, injected so jittered schedules are reproducible in tests.
public struct RandomSource: Sendable {
    private let draw: @Sendable (ClosedRange<Int64>) -> Int64

    /// `draw` must return a value inside the range it is given.
    public init(_ draw: @escaping @Sendable (ClosedRange<Int64>) -> Int64) {
        self.draw = draw
    }

    public func next(in range: ClosedRange<Int64>) -> Int64 {
        let value = draw(range)
        precondition(range.contains(value), "RandomSource drew \(value) outside \(range)")
        return value
    }

    /// The system's cryptographic generator.
    public static let system = RandomSource { Int64.random(in: $0) }

    /// A deterministic sequence (SplitMix64) for tests and reproducible simulations.
    public static func seeded(_ seed: UInt64) -> RandomSource {
        let state = Mutex(SplitMix64(state: seed))
        return RandomSource { range in
            state.withLock { generator in Int64.random(in: range, using: &generator) }
        }
    }
}

/// Steele, Lea and Flood's SplitMix64: tiny, fast, and good enough for jitter and shuffles.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
