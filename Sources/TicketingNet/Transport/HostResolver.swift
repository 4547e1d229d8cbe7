import FlyingSocks
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A resolved TCP endpoint. IPv4 is preferred because the servers we talk to bind 127.0.0.1.
enum ResolvedAddress: Sendable {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    var domain: Int32 {
        switch self {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    func connect(_ socket: Socket) throws {
        switch self {
        case .v4(let address): try socket.connect(to: address)
        case .v6(let address): try socket.connect(to: address)
        }
    }
}

enum HostResolver {
    static func resolve(host: String, port: UInt16) throws -> ResolvedAddress {
        if let literal = try? sockaddr_in.inet(ip4: host, port: port) { return .v4(literal) }
        if let literal = try? sockaddr_in6.inet6(ip6: host, port: port) { return .v6(literal) }
        if let found = lookup(host: host, port: port, family: AF_INET) { return found }
        if let found = lookup(host: host, port: port, family: AF_INET6) { return found }
        throw TransportFailure.connectFailed("cannot resolve host \(host)")
    }

    private static func lookup(host: String, port: UInt16, family: Int32) -> ResolvedAddress? {
        var hints = addrinfo()
        hints.ai_family = family
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &results) == 0, let first = results else { return nil }
        defer { freeaddrinfo(results) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry?.pointee {
            if let address = info.ai_addr {
                if info.ai_family == AF_INET {
                    return .v4(UnsafeRawPointer(address).load(as: sockaddr_in.self))
                }
                if info.ai_family == AF_INET6 {
                    return .v6(UnsafeRawPointer(address).load(as: sockaddr_in6.self))
                }
            }
            entry = info.ai_next
        }
        return nil
    }
}
