/// Checks what a crowd of buyers was told against the first-come-first-served contract. Race
/// tests and the load generator run it after a rush; it reports every broken rule rather than
/// stopping at the first, so one run shows the whole damage.
public enum CouponClaimAudit {
    public enum Outcome: Sendable, Hashable {
        case won(userCouponId: String)
        case alreadyClaimed
        case soldOut
        /// Anything else (an unexpected status, a transport failure): always a violation.
        case unexpected(String)
    }

    public struct Attempt: Sendable, Hashable {
        public var buyer: String
        public var outcome: Outcome

        public init(buyer: String, outcome: Outcome) {
            self.buyer = buyer
            self.outcome = outcome
        }
    }

    /// - Parameters:
    ///   - stock: the coupon's total quantity; the rush must start with all of it left.
    ///   - holdings: buyer → userCouponId as the system reports afterwards (the issuance log, or
    ///     each buyer's coupon list); nil to check the answers alone.
    public static func violations(of attempts: [Attempt], stock: Int, holdings: [String: String]? = nil) -> [String] {
        var problems: [String] = []
        var wins: [String: [String]] = [:]
        for attempt in attempts {
            if case .won(let id) = attempt.outcome { wins[attempt.buyer, default: []].append(id) }
        }
        for (buyer, ids) in wins.sorted(by: { $0.key < $1.key }) where ids.count > 1 {
            problems.append("buyer \(buyer) won \(ids.count) times")
        }
        let ids = wins.values.flatMap { $0 }
        if Set(ids).count != ids.count { problems.append("a userCouponId was handed out twice") }
        let buyers = Set(attempts.map(\.buyer))
        let expected = min(stock, buyers.count)
        if ids.count != expected {
            problems.append("\(ids.count) claims won; with \(buyers.count) buyers and a stock of \(stock) exactly \(expected) must")
        }
        for attempt in attempts {
            switch attempt.outcome {
            case .alreadyClaimed where wins[attempt.buyer] == nil:
                problems.append("buyer \(attempt.buyer) was told already_claimed but never won")
            case .soldOut where ids.count < stock:
                problems.append("buyer \(attempt.buyer) was told sold_out with only \(ids.count) of \(stock) won")
            case .unexpected(let what):
                problems.append("buyer \(attempt.buyer) got an unexpected answer: \(what)")
            default:
                break
            }
        }
        if let holdings {
            let won = wins.compactMapValues(\.first)
            if holdings != won {
                let extra = holdings.filter { won[$0.key] != $0.value }.count
                let missing = won.filter { holdings[$0.key] != $0.value }.count
                problems.append("holdings disagree with the answers: \(extra) held but not won, \(missing) won but not held")
            }
        }
        return problems
    }
}
