import TestSupport

/// This suite's fixed seeds (see TestSupport's `Seeds`).
enum SettlementSeeds {
    static func list(_ count: Int, salt: UInt64 = 0) -> [UInt64] { Seeds.list(count, base: 0x5E77_1E00, salt: salt) }
}
