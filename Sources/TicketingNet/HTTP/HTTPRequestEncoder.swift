import Foundation

/// Serialises a `ClientRequest` as HTTP/1.1, refusing anything that could smuggle a second request.
enum HTTPRequestEncoder {
    /// Headers the encoder writes itself; a caller's value would corrupt the framing.
    private static let framingHeaders: Set<String> = ["content-length", "transfer-encoding"]
    private static let bodyMethods: Set<String> = ["POST", "PUT", "PATCH"]

    static func encode(_ request: ClientRequest, host: String, port: UInt16) throws -> Data {
        guard isToken(request.method) else {
            throw HTTPClientError.invalidRequest("method \(request.method.debugDescription)")
        }
        guard request.path.hasPrefix("/"), request.path.unicodeScalars.allSatisfy(isPathCharacter) else {
            throw HTTPClientError.invalidRequest("path \(request.path.debugDescription)")
        }
        var head = "\(request.method) \(request.path) HTTP/1.1\r\n"
        if !request.headers.keys.contains(where: { $0.lowercased() == "host" }) {
            head += "Host: \(authority(host: host, port: port))\r\n"
        }
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            guard isToken(name) else { throw HTTPClientError.invalidRequest("header name \(name.debugDescription)") }
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw HTTPClientError.invalidRequest("value of header \(name)")
            }
            if framingHeaders.contains(name.lowercased()) { continue }
            head += "\(name): \(value)\r\n"
        }
        if let body = request.body {
            head += "Content-Length: \(body.count)\r\n"
        } else if bodyMethods.contains(request.method.uppercased()) {
            head += "Content-Length: 0\r\n"
        }
        head += "\r\n"
        var data = Data(head.utf8)
        if let body = request.body { data.append(body) }
        return data
    }

    static func authority(host: String, port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }

    private static func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && scalar.value > 0x20 && scalar.value < 0x7F
    }
}
