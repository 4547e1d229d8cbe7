import Synchronization

/// The `X-Request-Id` every answer carries, from a route or from the transport itself.
enum RequestIds {
    /// Echo a caller's id when it is sane (so traces join across services); otherwise mint one.
    static func id(given: String?) -> String {
        if let given, (1...128).contains(given.count),
           given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) {
            return given
        }
        return prefix + String(counter.wrappingAdd(1, ordering: .relaxed).newValue, radix: 16)
    }

    /// Minted ids: a random per-process prefix and a counter, unique without a RAND_bytes call per
    /// request (that and its hex formatting were ~3% of a request's CPU, BENCHMARKS.md).
    private static let prefix = Crypto.hex(Crypto.randomBytes(8)) + "-"
    private static let counter = Atomic<UInt64>(0)
}
