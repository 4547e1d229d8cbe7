import FlyingFox

/// Method + path-pattern routing with `:name` parameters. Hand-rolled rather than FlyingFox's
/// router so unknown paths and wrong methods get docs/API.md JSON errors (404 vs 405) and metrics
/// are labelled by pattern, not by raw path.
struct Router: Sendable {
    typealias Handler = @Sendable (RequestContext) async throws -> HTTPResponse

    /// A class: matching walks the routes on every request, and copying a struct of two arrays,
    /// a string and a closure out of the list cost a retain and a release each (BENCHMARKS.md).
    final class Route: Sendable {
        let method: HTTPMethod
        let pattern: String
        let segments: [Substring]
        /// Per segment: literal (true) or `:parameter` (false); decides which pattern is more specific.
        let literals: [Bool]
        /// Per segment: a literal's bytes, nil for a parameter.
        let literalBytes: [[UInt8]?]
        let handler: Handler

        init(method: HTTPMethod, pattern: String, segments: [Substring], literals: [Bool], handler: @escaping Handler) {
            self.method = method
            self.pattern = pattern
            self.segments = segments
            self.literals = literals
            literalBytes = zip(segments, literals).map { segment, literal in literal ? Array(segment.utf8) : nil }
            self.handler = handler
        }
    }

    enum Match {
        case found(Route, [String: String])
        case methodNotAllowed([HTTPMethod])
        case notFound
    }

    private(set) var routes: [Route] = []
    /// The routes by number of segments, in the order added: a path can only take those.
    private var bySegmentCount: [Int: [Route]] = [:]

    mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let segments = pattern.split(separator: "/")
        let route = Route(method: method, pattern: pattern, segments: segments,
                          literals: segments.map { !$0.hasPrefix(":") }, handler: handler)
        routes.append(route)
        bySegmentCount[segments.count, default: []].append(route)
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

    /// Candidates are told apart by their literal segments alone (bytes, no allocation); only
    /// the route that answers binds its parameters.
    private func matchExactly(method: HTTPMethod, path: String) -> Match {
        let parts = path.utf8.split(separator: UInt8(ascii: "/"))
        var best: [Bool]?
        var allowed: [HTTPMethod] = []
        var found: Route?
        for route in bySegmentCount[parts.count] ?? [] {
            guard Self.literalsMatch(route.literalBytes, parts) else { continue }
            let literals = route.literals
            if let current = best {
                if Self.isMoreSpecific(current, than: literals) { continue }
                if current != literals {
                    allowed = []
                    found = nil
                }
            }
            best = literals
            if route.method == method, found == nil { found = route }
            allowed.append(route.method)
        }
        if let found { return .found(found, Self.bind(found.segments, to: parts)) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }

    private static func isMoreSpecific(_ lhs: [Bool], than rhs: [Bool]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left != right { return left }
        return false
    }

    private static func literalsMatch(_ pattern: [[UInt8]?], _ parts: [Substring.UTF8View]) -> Bool {
        for (literal, part) in zip(pattern, parts) {
            if let literal, !part.elementsEqual(literal) { return false }
        }
        return true
    }

    private static func bind(_ pattern: [Substring], to parts: [Substring.UTF8View]) -> [String: String] {
        var params: [String: String] = [:]
        for (segment, part) in zip(pattern, parts) where segment.first == ":" {
            // Ids never carry escapes; skip Foundation's decoder (and its string search) unless needed.
            let text = String(Substring(part))
            params[String(segment.dropFirst())] = part.contains(UInt8(ascii: "%"))
                ? (text.removingPercentEncoding ?? text) : text
        }
        return params
    }
}
