/// A platform fee rate in basis points (1,000 bps = 10%).
public struct FeeRate: Hashable, Sendable, Codable {
    public static let maxBasisPoints = 10_000
    public static let `default` = FeeRate(unchecked: 1_000)

    public let basisPoints: Int

    /// nil outside 0…10,000 bps: a fee above 100% would make the seller pay to sell.
    public init?(basisPoints: Int) {
        guard (0...Self.maxBasisPoints).contains(basisPoints) else { return nil }
        self.basisPoints = basisPoints
    }

    private init(unchecked basisPoints: Int) { self.basisPoints = basisPoints }

    /// The fee on one order's fee base, rounded half up to whole KRW. Charged per order (not per
    /// period) so a refund can reverse exactly the won that order was charged, and a statement
    /// of any period is the plain sum of its orders.
    public func fee(on base: Int) -> Int {
        precondition(base >= 0, "a fee base is never negative")
        return (base * basisPoints + Self.maxBasisPoints / 2) / Self.maxBasisPoints
    }

    /// "10%" or "12.5%" for ledger descriptions.
    public var percentText: String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        guard fraction != 0 else { return "\(whole)%" }
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(whole).\(digits)%"
    }
}
