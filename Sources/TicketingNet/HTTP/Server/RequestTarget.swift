/// Where a request goes (RFC 9112 §3.2–3.3): the path and query the router sees and the
/// authority. An absolute-form target's authority replaces `Host`; `Host` itself must still be
/// there exactly once in HTTP/1.1 (at most once in 1.0) and be a valid authority.
public struct RequestTarget: Sendable, Equatable {
    public var path: String
    public var query: String
    /// The target's authority in absolute form, otherwise the `Host` value (nil: HTTP/1.0 without one).
    public var authority: String?
    /// True when `authority` came from an absolute-form target rather than from `Host`.
    public var absolute = false

    public static func of(_ head: RequestHead) -> Result<RequestTarget, HeadProblem> {
        let hosts = head.values("Host")
        guard hosts.count <= 1 else { return .failure(.malformed("more than one Host header")) }
        guard !hosts.isEmpty || head.minorVersion == 0 else {
            return .failure(.malformed("an HTTP/1.1 request needs a Host header"))
        }
        if let host = hosts.first, !isAuthority(host.utf8) {
            return .failure(.malformed("the Host header is not a valid host"))
        }
        var originForm = Substring(head.target)
        var authority = hosts.first
        var absolute = false
        // Origin form ("/…", nearly every request) cannot be absolute: no copy of the target for it.
        let bytes = head.target.utf8.first == UInt8(ascii: "/") ? [] : Array(head.target.utf8)
        if !bytes.isEmpty, bytes.withUnsafeBufferPointer({ isAbsolute($0) }) {
            // After "http://" or "https://": the authority runs to the first '/', '?' or '#'.
            let rest = head.target.dropFirst(bytes[4] == UInt8(ascii: ":") ? 7 : 8)
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            let found = rest[..<end]
            // RFC 9110 §4.2.1: an http(s) URI with an empty host is invalid; userinfo is refused
            // (§4.2.4) rather than guessed at.
            guard !found.isEmpty, !found.hasPrefix(":"), !found.contains("@"), isAuthority(found.utf8) else {
                return .failure(.malformed("the absolute request target has no valid authority"))
            }
            authority = String(found)
            absolute = true
            originForm = rest[end...]
            if !originForm.hasPrefix("/") { originForm = "/" + originForm }
        }
        let question = originForm.utf8.firstIndex(of: UInt8(ascii: "?"))
        let path = question.map { originForm[..<$0] } ?? originForm
        let query = question.map { originForm[originForm.index(after: $0)...] } ?? ""
        return .success(RequestTarget(path: String(path), query: String(query), authority: authority, absolute: absolute))
    }

    /// `http://` or `https://`, scheme in any case, with something after it.
    public static func isAbsolute(_ target: UnsafeBufferPointer<UInt8>) -> Bool {
        for scheme in ["http://", "https://"] {
            let prefix = Array(scheme.utf8)
            if target.count > prefix.count,
               zip(target.prefix(prefix.count), prefix).allSatisfy({ RequestHead.lowered($0) == $1 }) {
                return true
            }
        }
        return false
    }

    /// RFC 3986 `host [ ":" port ]` characters: unreserved, percent escapes, sub-delims, ':' and
    /// the brackets of an IP literal. Empty is allowed (RFC 9112 §3.2: a target without authority).
    public static func isAuthority(_ text: some Collection<UInt8>) -> Bool {
        text.allSatisfy { byte in
            switch byte {
            case 48...57, 65...90, 97...122: true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"): true
            case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
                 UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
            default: false
            }
        }
    }
}
