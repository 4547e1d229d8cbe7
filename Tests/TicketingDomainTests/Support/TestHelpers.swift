import Foundation
import TestSupport

/// This suite's fixed seeds (see TestSupport's `Seeds`).
enum DomainSeeds {
    static func list(_ count: Int, salt: UInt64 = 0) -> [UInt64] { Seeds.list(count, base: 0x5EED_0000, salt: salt) }
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
