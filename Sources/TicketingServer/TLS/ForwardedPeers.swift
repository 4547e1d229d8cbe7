import FlyingFox

/// Which client each of the TLS terminator's loopback connections speaks for, so per-address
/// limits and access logs see the real client rather than 127.0.0.1.
///
/// Keyed by the terminator's local port, which FlyingFox reports as the peer port. No header is
/// involved, so nothing a client sends can claim another address: while an entry exists, the
/// connection 127.0.0.1:port → FlyingFox's port is the terminator's own, because a TCP 4-tuple
/// is unique while it is open. The terminator adds the entry before forwarding the first byte
/// and removes it before closing the connection, so a reused port is never misattributed.
actor ForwardedPeers {
    private var clients: [UInt16: String] = [:]

    func register(port: UInt16, client: String) {
        clients[port] = client
    }

    func remove(port: UInt16) {
        clients[port] = nil
    }

    /// The client behind `remote` when it is one of the terminator's connections.
    func client(behind remote: HTTPRequest.Address?) -> String? {
        guard case .ip4("127.0.0.1", let port)? = remote else { return nil }
        return clients[port]
    }
}
