import Foundation
import FlyingFox

/// The sandbox's endpoints, relative to wherever it is mounted.
public enum SandboxRoute: String, CaseIterable, Sendable {
    case checkout = "POST /v1/sandbox/checkout"
    case confirm = "POST /v1/payments/confirm"
    case paymentByOrder = "GET /v1/payments/orders/:orderId"
    case payment = "GET /v1/payments/:paymentKey"
    case cancel = "POST /v1/payments/:paymentKey/cancel"
    case transactions = "GET /v1/transactions"
    case charges = "GET /v1/sandbox/charges"
    case faults = "GET /v1/sandbox/faults"
    case setFaults = "POST /v1/sandbox/faults"
    case clearFaults = "DELETE /v1/sandbox/faults"

    public var method: HTTPMethod { HTTPMethod(String(rawValue.prefix { $0 != " " })) }

    /// Segments with `:name` parameters, the syntax QueueTicket's router uses too.
    public var pattern: String { String(rawValue.drop { $0 != " " }.dropFirst()) }

    /// The testing tools stay reachable while the fault plan has the gateway "down".
    var isTool: Bool { self == .charges || self == .faults || self == .setFaults || self == .clearFaults }

    /// The route and its parameters for a method and a path relative to the mount point.
    static func match(method: HTTPMethod, path: String) -> (SandboxRoute, [String: String])? {
        let parts = path.split(separator: "/")
        for route in allCases where route.method == method {
            let segments = route.pattern.split(separator: "/")
            guard segments.count == parts.count else { continue }
            var params: [String: String] = [:]
            var matched = true
            for (segment, part) in zip(segments, parts) {
                if segment.hasPrefix(":") {
                    params[String(segment.dropFirst())] = part.removingPercentEncoding ?? String(part)
                } else if segment != part {
                    matched = false
                    break
                }
            }
            if matched { return (route, params) }
        }
        return nil
    }
}
