import FlyingFox

/// Method + path-pattern routing with `:name` parameters. Hand-rolled rather than FlyingFox's
/// router so unknown paths and wrong methods get docs/API.md JSON errors (404 vs 405) and metrics
/// are labelled by pattern, not by raw path.
struct Router: Sendable {
    typealias Handler = @Sendable (RequestContext) async throws -> HTTPResponse

    struct Route: Sendable {
        var method: HTTPMethod
        var pattern: String
        var segments: [Substring]
        /// Per segment: literal (true) or `:parameter` (false); decides which pattern is more specific.
        var literals: [Bool]
        var handler: Handler
    }

    enum Match {
        case found(Route, [String: String])
        case methodNotAllowed([HTTPMethod])
        case notFound
    }

    private(set) var routes: [Route] = []

    mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let segments = pattern.split(separator: "/")
        routes.append(Route(method: method, pattern: pattern, segments: segments,
                            literals: segments.map { !$0.hasPrefix(":") }, handler: handler))
    }

    /// A literal segment beats a parameter at the same place, left to right, so
    /// `GET /v1/orders/quote` is the quote route answering 405, not an order lookup for id
    /// "quote". Only the routes sharing the most specific pattern decide between found and 405.
    /// `HEAD` is answered by the `GET` route (the transport drops the body, RFC 9110 §9.3.2).
    func match(method: HTTPMethod, path: String) -> Match {
        let found = matchExactly(method: method, path: path)
        guard case .methodNotAllowed(var allowed) = found else { return found }
        if method == .HEAD, allowed.contains(.GET) { return matchExactly(method: .GET, path: path) }
        if allowed.contains(.GET), !allowed.contains(.HEAD) { allowed.append(.HEAD) }
        return .methodNotAllowed(allowed)
    }

    private func matchExactly(method: HTTPMethod, path: String) -> Match {
        let parts = path.split(separator: "/")
        var best: [Bool]?
        var allowed: [HTTPMethod] = []
        var found: (Route, [String: String])?
        for route in routes {
            guard let params = Self.bind(route.segments, to: parts) else { continue }
            let literals = route.literals
            if let current = best {
                if Self.isMoreSpecific(current, than: literals) { continue }
                if current != literals {
                    allowed = []
                    found = nil
                }
            }
            best = literals
            if route.method == method, found == nil { found = (route, params) }
            allowed.append(route.method)
        }
        if let found { return .found(found.0, found.1) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }

    private static func isMoreSpecific(_ lhs: [Bool], than rhs: [Bool]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left != right { return left }
        return false
    }

    /// Literals are compared first, so the routes a path does not take cost no allocation.
    private static func bind(_ pattern: [Substring], to parts: [Substring]) -> [String: String]? {
        guard pattern.count == parts.count else { return nil }
        for (segment, part) in zip(pattern, parts) where segment.first != ":" && segment != part { return nil }
        var params: [String: String] = [:]
        for (segment, part) in zip(pattern, parts) where segment.first == ":" {
            // Ids never carry escapes; skip Foundation's decoder (and its string search) unless needed.
            let text = String(part)
            params[String(segment.dropFirst())] = part.utf8.contains(UInt8(ascii: "%"))
                ? (text.removingPercentEncoding ?? text) : text
        }
        return params
    }
}
