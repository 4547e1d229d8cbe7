import TicketingDomain

enum BenchIDs {
    /// An id shaped like the server's (`usr_` + 20 hex digits), derived from `index`.
    static func user(_ index: Int) -> String {
        var mixer = SplitMix64(state: UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        let high = mixer.next() & 0xFFFF_FFFF_FF
        let low = mixer.next() & 0xFFFF_FFFF_FF
        return "usr_" + hex(high, width: 10) + hex(low, width: 10)
    }

    /// A 15-byte id (`u` + 14 hex digits): short enough to live inside the String value, no heap.
    static func shortUser(_ index: Int) -> String {
        var mixer = SplitMix64(state: UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        return "u" + hex(mixer.next() & 0xFF_FFFF_FFFF_FFFF, width: 14)
    }

    private static func hex(_ value: UInt64, width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// Runs `body` and returns how long it took.
@inline(never)
func timed(_ body: () -> Void) -> Duration {
    let start = ContinuousClock.now
    body()
    return ContinuousClock.now - start
}
